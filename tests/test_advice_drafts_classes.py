"""Classes a newcomer's trial of the advice and the drafts found (issue 11), each held by a
test in situations of its own."""

from __future__ import annotations

import pytest

from afterview.advice import advise
from afterview.checks import Checker, parse_text
from afterview.drafting import draft_messages
from afterview.drafting.compose import with_article
from afterview.errors import InputError

from helpers import PRIYA_EMAIL, reply, sent, situation

TWO = {
    "interview.kind": "panel",
    "interview.notes": [],
    "interviewers": [
        {"name": "Dr. Priya Nair", "email": PRIYA_EMAIL, "topics": ["the claims backlog"]},
        {"name": "Marcus Chen", "email": "marcus.chen@northwind.example"},
    ],
}


def test_topics_are_something_specific() -> None:
    advice = advise(situation(TWO))
    assert not advice.fired("generic-needs-specifics")
    personal = next(c for c in advice.checklist if c.id == "personal")
    assert personal.answer == "yes" and "Dr. Priya Nair" in personal.detail


def test_the_one_late_message_thanks_them_before_it_asks() -> None:
    record = situation({**TWO, "now": "2026-12-11T10:00:00-05:00"})
    (draft,) = draft_messages(record)
    assert draft.kind == "status_check"
    first = draft.body.split("\n\n")[1]
    assert "grateful" in first.lower() or "thank" in first.lower()
    assert "claims backlog" in draft.body
    found = Checker(record, "status_check", draft.send_after).check(parse_text(draft.as_text()))
    assert [f for f in found if f.severity == "error"] == []


def test_a_status_check_cites_the_date_the_employer_last_gave() -> None:
    record = situation(
        {
            **TWO,
            "now": "2026-12-04T10:00:00-05:00",
            "interview.decision_expected_by": "2026-12-04",
            "sent": [
                sent("thank_you", PRIYA_EMAIL, "2026-12-01T13:00:00-05:00"),
                sent("thank_you", "Marcus Chen", "2026-12-01T13:00:00-05:00"),
            ],
            "replies": [reply("decision_update", "2026-12-03T10:00:00-05:00", "2026-12-18")],
        }
    )
    (draft,) = draft_messages(record)
    assert "December 18" in draft.body and "December 4" not in draft.body


def test_a_new_date_before_the_reply_is_bad_input() -> None:
    with pytest.raises(InputError, match=r"replies\[0\]\.decision_expected_by"):
        situation(
            {"replies": [reply("decision_update", "2026-12-03T10:00:00-05:00", "2026-11-20")]}
        )


@pytest.mark.parametrize(
    ("company", "written"),
    [
        ("University of Galway", "the University of Galway"),
        ("Scottish Public Pensions Agency", "the Scottish Public Pensions Agency"),
        ("Department for Education", "the Department for Education"),
        ("Ontario Power Generation", "Ontario Power Generation"),
        ("Northwind Health", "Northwind Health"),
        ("The Met Office", "The Met Office"),
    ],
)
def test_an_organisation_named_by_what_it_is_takes_the(company: str, written: str) -> None:
    assert with_article(company) == written


def test_a_government_draft_says_at_the_agency_and_passes_its_check() -> None:
    record = situation(
        {
            **TWO,
            "application.company": "Scottish Public Pensions Agency",
            "application.sector": "government",
            "application.region": "GB-SCT",
        }
    )
    for draft in draft_messages(record):
        assert "at Scottish Public Pensions Agency" not in draft.body
        found = Checker(record, draft.kind, draft.send_after).check(parse_text(draft.as_text()))
        assert [f.message for f in found if f.severity == "error"] == []


def test_nothing_specific_writes_nothing_untrue() -> None:
    record = situation({**TWO, "interviewers": [{"name": "Marcus Chen", "email": "m@x.example"}]})
    (draft,) = [d for d in draft_messages(record) if d.kind == "thank_you"]
    for claim in ("priorities", "candour", "organised", "challenges", "day to day"):
        assert claim not in draft.body
    assert draft.hints  # and it says what would make it personal
