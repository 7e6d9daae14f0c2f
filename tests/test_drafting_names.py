"""Salutations that are never wrong, time words that are true, and hints that say what to add
(issue 11, items 1 and 5)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from afterview.advice import Action
from afterview.checks import Checker, parse_text
from afterview.drafting import draft_messages, draft_set
from afterview.drafting.compose import long_date, when_words
from afterview.drafting.salutation import address, given_name, greeting
from afterview.record import Interviewer, Situation
from afterview.situation import situation_from_dict

from helpers import data, situation


def one(name: str, **extra: Any) -> Situation:
    person = {"name": name, "email": "someone@northwind.example", **extra}
    return situation({"interviewers": [person]})


@pytest.mark.parametrize(
    ("name", "given"),
    [
        ("Marcus Chen", "Marcus"),
        ("Priya Nair", "Priya"),
        ("Dr. Priya Nair", "Priya"),
        ("John Q. Public", "John"),
        ("Ludwig van der Berg", "Ludwig"),
        ("Siobhán O'Connor", "Siobhán"),
        ("Anne-Marie Dubois", "Anne-Marie"),
        ("Wei Chen", None),  # Wei is also a family name: the order is not clear
        ("Min-jun Kim", "Min-jun"),
        ("Péter Nagy", "Péter"),
        # not clear: family name first, several given or family names, capitals, one word
        ("Nguyễn Thị Minh Khai", "Khai"),  # Vietnamese: greeted by the given name
        ("Nguyen Van An", "An"),
        ("Wang Wei", None),
        ("WANG Wei", None),
        ("Kim Min-jun", None),
        ("Tanaka Yuki", None),
        ("Nagy Péter", "Péter"),  # Hungarian, family name first: the given name is clear
        ("José María García", None),
        ("María José Pérez López", None),
        ("Mary Ann Smith", None),
        ("Cher", None),
        ('Jennifer "Jen" Smith', "Jen"),
        ("Robert (Bob) Jones", "Bob"),
        ("Robert Smith Jr.", "Robert"),
        ("García, José", None),
    ],
)
def test_the_given_name_is_used_only_when_it_is_clear(name: str, given: str | None) -> None:
    assert given_name(name) == given


@pytest.mark.parametrize(
    ("name", "extra", "patch", "expected"),
    [
        ("Nguyễn Thị Minh Khai", {}, {}, "Dear Khai,"),
        ("Kim Min-jun", {}, {}, "Dear Kim Min-jun,"),
        ("José María García", {}, {}, "Dear José María García,"),
        ("Marcus Chen", {}, {}, "Dear Marcus,"),
        ("Marcus Chen", {}, {"application.sector": "academic"}, "Dear Marcus Chen,"),
        ("Marcus Chen", {}, {"application.region": "GB"}, "Dear Marcus Chen,"),
        ("Dr. Priya Nair", {}, {}, "Dear Dr. Nair,"),
        ("Dr. Priya Nair", {}, {"application.region": "GB"}, "Dear Dr Nair,"),
        ("Prof. Wang Wei", {}, {}, "Dear Professor Wang Wei,"),
        ("Dr. José María García López", {}, {}, "Dear Dr. José María García López,"),
        ("Ms. Sarah Dawson", {}, {}, "Dear Sarah,"),
        ("Ms. Sarah Dawson", {}, {"application.sector": "government"}, "Dear Ms. Dawson,"),
        ("Nguyễn Thị Minh Khai", {"salutation": "Ms Khai"}, {}, "Dear Ms Khai,"),
        ("Dr. Priya Nair", {"salutation": "Priya"}, {}, "Dear Priya,"),
        ("Dr. Priya Nair", {"salutation": "Dear Dr Nair,"}, {}, "Dear Dr Nair,"),
        ('Jennifer "Jen" Smith', {}, {"application.sector": "academic"}, "Dear Jennifer Smith,"),
    ],
)
def test_salutations(
    name: str, extra: dict[str, Any], patch: dict[str, Any], expected: str
) -> None:
    person = {"name": name, "email": "someone@northwind.example", **extra}
    record = situation({"interviewers": [person], **patch})
    assert greeting(record, record.interviewers[0]) == expected
    (draft,) = [d for d in draft_messages(record) if d.kind == "thank_you"]
    assert draft.body.splitlines()[0] == expected
    findings = Checker(record, "thank_you", draft.send_after).check(
        parse_text(draft.as_text(), "t")
    )
    names = [f for f in findings if f.rule == "name-mismatch"]
    if "salutation" in extra:  # the checker's rule for recorded salutations is another's work
        names = [f for f in names if f.severity == "error"]
    assert names == []


def test_a_recorded_salutation_wins_in_a_formal_panel() -> None:
    record = situation(
        {
            "interviewers": [
                {"name": "Dr. Fiona MacDonald-Ross", "email": "f@northwind.example"},
                {
                    "name": "Catherine Dubois",
                    "email": "c@northwind.example",
                    "salutation": "Catherine",
                },
            ]
        }
    )
    lines = [d.body.splitlines()[0] for d in draft_messages(record) if d.kind == "thank_you"]
    assert lines == ["Dear Dr. MacDonald-Ross,", "Dear Catherine,"]


NAMES = st.sampled_from(
    [
        "Marcus Chen",
        "Nguyễn Thị Minh Khai",
        "José María García",
        "Dr. Priya Nair",
        "Wang Wei",
        "Kim Min-jun",
        "Siobhán O'Connor",
        "Ludwig van der Berg",
        "Prof. Amara Okafor",
        "Ms. Sarah Dawson",
        "Mr. David Price",
        "Tanaka Yuki",
        "Olumide Adeyemi",
        "Ana Lúcia Silva",
    ]
)


@settings(max_examples=80, deadline=None)
@given(
    st.lists(NAMES, min_size=1, max_size=6, unique=True),
    st.sampled_from(["private", "academic", "government"]),
    st.sampled_from(["US", "GB", "IN", "AU"]),
)
def test_one_panel_is_equally_formal_and_the_checker_accepts_every_greeting(
    names: list[str], sector: str, region: str
) -> None:
    people = [{"name": n, "email": f"p{i}@northwind.example"} for i, n in enumerate(names)]
    raw = data({"interviewers": people, "application.sector": sector, "application.region": region})
    record = situation_from_dict(raw, source="test")
    forms = {address(record, iv).formal for iv in record.interviewers}
    assert len(forms) == 1
    for iv in record.interviewers:
        line = greeting(record, iv)
        draft = parse_text(f"To: {iv.email}\n\n{line}\n\nThank you.\n", "t")
        findings = Checker(record, "thank_you").check(draft)
        assert [f for f in findings if f.rule == "name-mismatch"] == [], line
        assert line.startswith("Dear ") and line.endswith(",")


def test_the_checker_accepts_the_given_name_and_rejects_the_family_name_used_as_one() -> None:
    """Must-fire beside must-not-fire: the issue's 'Dear Nguyễn,' is not what we write."""
    record = one("Nguyễn Thị Minh Khai")
    assert greeting(record, record.interviewers[0]) != "Dear Nguyễn,"


# --- time words -------------------------------------------------------------------------------

INTERVIEW_END = datetime.fromisoformat("2026-12-01T11:00:00-05:00")  # a Tuesday
START = datetime.fromisoformat("2026-12-01T13:00:00-05:00")


def _window(start: str, hours: float) -> Action:
    begin = datetime.fromisoformat(start)
    return Action(
        "thank_you",
        "email",
        "Dr. Priya Nair",
        "p@x.example",
        begin,
        begin + timedelta(hours=hours),
        "",
        "",
    )


@pytest.mark.parametrize(
    ("start", "hours", "words"),
    [
        ("2026-12-01T13:00:00-05:00", 4, " today"),
        ("2026-12-02T09:00:00-05:00", 6, " yesterday"),
        ("2026-12-04T09:00:00-05:00", 6, " on Tuesday"),
        # the window spans two days: no word is true throughout, so none is used
        ("2026-12-01T13:00:00-05:00", 22, ""),
        ("2026-12-02T09:00:00-05:00", 30, ""),
        ("2026-12-14T09:00:00-05:00", 6, ""),
    ],
)
def test_time_words_are_true_for_the_whole_window(start: str, hours: float, words: str) -> None:
    assert when_words(situation(), _window(start, hours)) == words


def test_time_words_use_the_recipients_zone() -> None:
    # 20:00 in New York is 01:00 the next day in London: "yesterday" there, not "today".
    london = _window("2026-12-02T09:00:00+00:00", 5)
    assert when_words(situation(), london) == " yesterday"


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 24 * 12), st.integers(1, 72))
def test_no_draft_says_today_on_another_day(offset: int, hours: int) -> None:
    action = _window("2026-12-01T11:00:00-05:00", hours)
    start = INTERVIEW_END + timedelta(hours=offset)
    action = Action(
        action.kind,
        action.channel,
        action.to,
        action.address,
        start,
        start + timedelta(hours=hours),
        "",
        "",
    )
    words = when_words(situation(), action)
    days = {(t.date() - INTERVIEW_END.date()).days for t in (action.not_before, action.not_after)}
    if words == " today":
        assert days == {0}
    elif words == " yesterday":
        assert days == {1}
    elif words:
        assert len(days) == 1 and words == f" on {INTERVIEW_END:%A}"


def test_no_letter_spells_a_date_with_abbreviations() -> None:
    assert long_date(datetime(2026, 12, 4).date(), "US") == "December 4"
    assert long_date(datetime(2026, 12, 4).date(), "GB") == "4 December"
    assert long_date(datetime(2027, 1, 8).date(), "GB", datetime(2026, 12, 4).date()) == (
        "8 January 2027"
    )


# --- hints ------------------------------------------------------------------------------------


def test_a_person_with_no_usable_note_gets_a_hint_and_generic_warns() -> None:
    record = situation(
        {"interview.notes": [], "interviewers.0.notes": ["Was impressed by my SQL answer"]}
    )
    (draft,) = [d for d in draft_messages(record) if d.kind == "thank_you"]
    assert draft.needs_topic
    assert "interviewers[0].topics" in draft.hints[0] and "Dr. Priya Nair" in draft.hints[0]
    assert any("Was impressed by my SQL answer" in h for h in draft.hints)
    assert "impressed" not in draft.body
    findings = Checker(record, "thank_you", draft.send_after).check(
        parse_text(draft.as_text(), "t")
    )
    assert [f.rule for f in findings] == ["generic"]


def test_a_topic_makes_the_note_personal_and_is_used_verbatim() -> None:
    record = situation(
        {"interview.notes": [], "interviewers.0.topics": ["your plan to retire the old ETL jobs"]}
    )
    (draft,) = [d for d in draft_messages(record) if d.kind == "thank_you"]
    assert not draft.needs_topic and draft.hints == ()
    assert "your plan to retire the old ETL jobs" in draft.body
    assert draft.to_dict()["needs_topic"] is False


def test_the_skipped_email_says_which_field_to_fill(monkeypatch: pytest.MonkeyPatch) -> None:
    import dataclasses

    import afterview.advice

    real = afterview.advice.advise
    record = situation_from_dict(data({"interviewers": [{"name": "Marcus Chen"}]}), source="t")

    def no_address(situation: Situation, **kw: Any) -> Any:
        advice = real(situation, **kw)
        email = Action("thank_you", "email", "Marcus Chen", None, START, START, "", "")
        return dataclasses.replace(advice, actions=(email,))

    monkeypatch.setattr(afterview.advice, "advise", no_address)
    result = draft_set(record)
    assert result.drafts == []
    assert result.skipped == [
        "No email draft to Marcus Chen: no email address is recorded. Add "
        "interviewers[0].email, or ask the coordinator who set up the interview to pass your "
        "note on."
    ]


def test_interviewer_record_type_is_unchanged() -> None:
    assert Interviewer(name="A B").salutation is None
