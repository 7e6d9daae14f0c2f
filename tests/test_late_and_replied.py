"""Late, stale and replied interviews (issue 11, GUIDANCE.md §1 and §3): at most one message a
week to a person, one message instead of a very late note to each, nothing once the time for
follow-ups has long gone, and replies that change the advice as DESIGN.md's contract says."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from afterview.advice import advise

from helpers import PRIYA_EMAIL, reply, sent, situation

PANEL = {
    "interview.kind": "panel",
    "interviewers": [
        {"name": "Dr. Priya Nair", "email": PRIYA_EMAIL, "notes": ["Stakeholder conflicts"]},
        {"name": "Marcus Chen", "email": "marcus.chen@northwind.example", "notes": ["dbt tests"]},
        {"name": "Sofia Okafor", "email": "sofia.okafor@northwind.example"},
        {"name": "Tom Gagnon", "email": "tom.gagnon@northwind.example"},
    ],
}
INTERVIEW_END = datetime.fromisoformat("2026-12-01T11:00:00-05:00")


def _at(days: float) -> str:
    return (INTERVIEW_END + timedelta(days=days)).isoformat()


def test_ten_days_on_one_message_does_both_jobs() -> None:
    advice = advise(situation({**PANEL, "now": _at(10)}))
    assert [(a.kind, a.to) for a in advice.actions] == [("status_check", "Dr. Priya Nair")]
    assert "thank" in advice.actions[0].why.lower()
    assert advice.fired("one-message-a-week")


def test_a_very_late_note_goes_to_one_person_only() -> None:
    # Nine days on, with the decision weeks away: one thank-you (with continued interest) to
    # the main contact, not a late note to each of the four.
    advice = advise(
        situation({**PANEL, "now": _at(9), "interview.decision_expected_by": "2027-01-15"})
    )
    thanks = [a for a in advice.actions if a.kind == "thank_you"]
    assert [a.to for a in thanks] == ["Dr. Priya Nair"]
    assert advice.fired("very-late-thank-you")


def test_weeks_after_the_windows_closed_nothing_is_proposed() -> None:
    advice = advise(situation({**PANEL, "now": _at(88)}))
    assert advice.verdict == "dont_send" and advice.actions == ()
    assert advice.fired("follow-up-window-passed")
    assert "hours" not in advice.summary
    assert "88 days" in " ".join(r.text for r in advice.reasons)


@settings(max_examples=60, deadline=None)
@given(hours=st.floats(min_value=1.5, max_value=24 * 120))
def test_never_a_thank_you_and_a_status_check_to_one_person_in_the_same_week(
    hours: float,
) -> None:
    now = (INTERVIEW_END + timedelta(hours=hours)).isoformat()
    advice = advise(situation({**PANEL, "now": now}))
    by_person: dict[str, list] = {}
    for action in advice.actions:
        by_person.setdefault(action.to, []).append(action)
    for actions in by_person.values():
        kinds = {a.kind: a for a in actions}
        if {"thank_you", "status_check"} <= set(kinds):
            gap = kinds["status_check"].not_before - kinds["thank_you"].not_before
            assert gap >= timedelta(days=5), (now, gap)
            assert (
                kinds["status_check"].not_before.isocalendar()[:2]
                != (kinds["thank_you"].not_before.isocalendar()[:2])
            )


@pytest.mark.parametrize("outcome", ["rejected", "offer"])
def test_a_rejection_or_an_offer_ends_the_follow_up(outcome: str) -> None:
    advice = advise(situation({**PANEL, "now": _at(0.2), "replies": [reply(outcome, _at(0.1))]}))
    assert advice.verdict == "dont_send" and advice.actions == ()
    assert "offer" in advice.summary if outcome == "offer" else "decided" in advice.summary


@pytest.mark.parametrize("outcome", ["next_round", "other"])
def test_a_next_round_or_another_answer_cancels_the_status_check_only(outcome: str) -> None:
    advice = advise(situation({**PANEL, "now": _at(0.2), "replies": [reply(outcome, _at(0.1))]}))
    kinds = [a.kind for a in advice.actions]
    assert "status_check" not in kinds
    assert kinds.count("thank_you") == 4  # thank-yous still inside their window stay


def test_a_new_date_moves_the_status_check_after_it() -> None:
    patch = {
        **PANEL,
        "now": _at(3),
        "interview.decision_expected_by": "2026-12-04",
        "sent": [sent("thank_you", PRIYA_EMAIL, _at(0.2))],
        "replies": [reply("decision_update", _at(2), "2026-12-18")],
    }
    advice = advise(situation(patch))
    (check,) = [a for a in advice.actions if a.kind == "status_check"]
    assert check.not_before.date() > date(2026, 12, 18)
    assert advice.fired("employer-gave-new-date")


def test_no_reply_starts_a_second_chase() -> None:
    patch = {
        **PANEL,
        "now": _at(30),
        "sent": [
            sent("thank_you", PRIYA_EMAIL, _at(0.2)),
            sent("status_check", PRIYA_EMAIL, _at(9)),
        ],
        "replies": [reply("decision_update", _at(12), "2026-12-22")],
    }
    advice = advise(situation(patch))
    assert not [a for a in advice.actions if a.kind == "status_check"]


def test_the_latest_reply_decides() -> None:
    replies = [reply("next_round", _at(0.1)), reply("rejected", _at(0.15))]
    assert advise(situation({**PANEL, "now": _at(0.2), "replies": replies})).verdict == "dont_send"
    # a reply after the moment advised for does not count yet
    early = advise(situation({**PANEL, "now": _at(0.12), "replies": replies}))
    assert early.verdict == "send" and "status_check" not in [a.kind for a in early.actions]


def test_a_reply_from_the_file_is_validated() -> None:
    from afterview.errors import InputError

    with pytest.raises(InputError, match="outcome"):
        situation({"replies": [{"at": _at(1), "outcome": "ghosted"}]})
    with pytest.raises(InputError, match="from"):
        situation({"replies": [{"at": _at(1), "outcome": "other", "from": "a\nb"}]})
    ok = situation({"replies": [{"at": _at(1), "outcome": "other", "from": "Priya Nair"}]})
    assert ok.replies[0].from_ == "Priya Nair"
