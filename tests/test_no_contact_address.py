"""No address (issue 11, item 7): no email action, so no email draft, without a recipient.

The advice asks for the address, or proposes the coordinator or LinkedIn, for the person it lacks;
everyone else on the panel keeps their own actions.
"""

from __future__ import annotations

import pytest

from afterview.advice import advise
from afterview.drafting import draft_messages

from advice_examples import EXAMPLES
from helpers import POSTAL, SECOND, situation

NAIR = {"name": "Dr. Priya Nair", "title": "Director of Analytics"}
PANEL_ONE_MISSING = {
    "interview.kind": "panel",
    "interviewers": [
        {**NAIR, "email": "priya.nair@northwind.example", "notes": ["Stakeholder conflicts"]},
        {**SECOND, "notes": ["dbt testing"]},
        {"name": "Sofia Alvarez", "notes": ["On-call rota"]},
    ],
}


def _every_example() -> list[dict]:
    return [patch for fire, quiet in EXAMPLES.values() for patch in fire + quiet]


@pytest.mark.parametrize("patch", _every_example())
def test_every_email_action_has_an_address(patch: dict) -> None:
    advice = advise(situation(patch))
    for action in advice.actions:
        if action.channel == "email":
            assert action.address and "@" in action.address, action


@pytest.mark.parametrize(
    "patch",
    [
        {"interviewers": [NAIR]},
        {"interviewers": []},
        {"interviewers": [NAIR], "interview.kind": "phone_screen"},
        {"interviewers": [NAIR], "interview.kind": "final_round"},
    ],
)
def test_no_address_asks_for_one_and_proposes_no_email(patch: dict) -> None:
    advice = advise(situation(patch))
    assert advice.actions == ()
    assert advice.fired("no-address-for-interviewer")
    assert advice.summary.startswith("Nothing to send yet: you have no email address for ")
    for words in ("Find the address", "coordinator", "LinkedIn"):
        assert words in advice.summary
    assert advice.checklist[2].answer == "no"
    assert draft_messages(situation(patch)) == []


def test_on_a_panel_only_the_person_without_an_address_is_left_out() -> None:
    advice = advise(situation(PANEL_ONE_MISSING))
    thanks = [a for a in advice.actions if a.kind == "thank_you"]
    assert [a.to for a in thanks] == ["Dr. Priya Nair", "Marcus Chen"]
    assert all(a.address for a in thanks)
    note = next(r for r in advice.reasons if r.rule == "no-address-for-interviewer")
    assert note.text.startswith("You have no email address for Sofia Alvarez,")
    assert advice.verdict == "send"
    assert "no email address for Sofia Alvarez" in advice.checklist[2].detail
    drafts = draft_messages(situation(PANEL_ONE_MISSING))
    assert drafts and all(d.address for d in drafts)
    assert "Sofia Alvarez" not in [d.to for d in drafts]


def test_linkedin_only_gets_a_linkedin_note_and_no_request_for_an_address() -> None:
    patch = {"interviewers": [{**NAIR, "linkedin": "https://www.linkedin.com/in/priya-nair"}]}
    advice = advise(situation(patch))
    assert [(a.kind, a.channel) for a in advice.actions] == [("linkedin_note", "linkedin")]
    assert not advice.fired("no-address-for-interviewer")


def test_a_postal_address_alone_gets_the_card_and_a_request_for_the_email() -> None:
    patch = {
        "interviewers": [{**NAIR, "postal_address": POSTAL}],
        "interview.decision_expected_by": "2026-12-18",
    }
    advice = advise(situation(patch))
    assert [a.channel for a in advice.actions] == ["post"]
    assert advice.fired("no-address-for-interviewer")


@pytest.mark.parametrize(
    "patch",
    [
        {},
        {"interviewers": [NAIR], "interview.kind": "informal"},
        {
            "interviewers": [NAIR],
            "sent": [
                {"kind": "thank_you", "to": "Dr. Priya Nair", "at": "2026-12-01T12:30:00-05:00"}
            ],
        },
    ],
)
def test_no_request_for_an_address_when_none_is_needed(patch: dict) -> None:
    assert not advise(situation(patch)).fired("no-address-for-interviewer")
