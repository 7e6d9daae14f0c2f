"""Drafts as a newcomer's trial read them (issue 15's second trial)."""

from __future__ import annotations

from datetime import datetime

import pytest

from afterview.drafting import draft_messages

from helpers import sent, situation


@pytest.mark.parametrize("company", ["Redwood Ledger Inc.", "Acme Co.", "Smith & Sons Ltd."])
@pytest.mark.parametrize("when", ["2026-12-01T15:00:00-05:00", "2026-12-15T10:00:00-05:00"])
def test_a_company_ending_in_a_period_ends_a_sentence_with_one(company: str, when: str) -> None:
    """'…the position at Redwood Ledger Inc.. I remain…' — one period, never two, whatever
    the message (the thank-you on the day, the status check later)."""
    recorded = situation(
        {
            "application.company": company,
            "interview.decision_expected_by": "2026-12-08",
            "sent": [sent("thank_you", "priya.nair@northwind.example", "2026-12-01T15:00:00-05:00")]
            if when.startswith("2026-12-15")
            else [],
        }
    )
    drafts = draft_messages(recorded, now=datetime.fromisoformat(when))
    assert drafts
    for d in drafts:
        text = d.as_text()
        assert ".." not in text.replace("...", ""), text
