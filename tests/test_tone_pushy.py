"""`pushy`: decision-chasing in any kind before the employer's timeline, in many phrasings; a
polite closing is not chasing; a status check checked as a thank-you never passes silently."""

from __future__ import annotations

import pytest

from tone_cases import NOT_PUSHY, PUSHY, draft, findings, rules

BEFORE = "2026-11-26T10:00:00-05:00"  # two days after the interview; timeline: 4 Dec
AFTER = "2026-12-09T10:00:00-05:00"  # a status check is due from 8 Dec
KINDS = ["thank_you", "value_add", "linkedin_note", "handwritten_note"]


@pytest.mark.parametrize("sentence", PUSHY)
@pytest.mark.parametrize("kind", KINDS)
def test_fires_in_every_kind(sentence: str, kind: str) -> None:
    assert "pushy" in rules(draft(sentence), kind, BEFORE), f"missed {sentence!r} ({kind})"


@pytest.mark.parametrize("sentence", PUSHY)
def test_fires_in_a_status_check_before_the_timeline(sentence: str) -> None:
    assert "pushy" in rules(draft(sentence), "status_check", BEFORE)


@pytest.mark.parametrize("sentence", PUSHY)
def test_fair_in_a_status_check_after_the_timeline(sentence: str) -> None:
    assert "pushy" not in rules(draft(sentence), "status_check", AFTER)


@pytest.mark.parametrize("sentence", NOT_PUSHY)
@pytest.mark.parametrize("kind", KINDS)
def test_polite_closings_and_near_misses_pass(sentence: str, kind: str) -> None:
    assert "pushy" not in rules(draft(sentence), kind, BEFORE), f"false alarm on {sentence!r}"


CHECKING_IN = (
    "Dear Dr. Nair,\n\n"
    "I hope your week is going well. I'm just checking in on the Senior Data Analyst role and "
    "wanted to see whether there is any update on the timeline.\n\n"
    "Best regards,\nAlex Rivera\n"
)


def test_a_status_check_checked_as_a_thank_you_gets_one_warning() -> None:
    got = [f for f in findings(CHECKING_IN, "thank_you", BEFORE) if f.rule == "pushy"]
    assert len(got) == 1
    assert got[0].severity == "warning"
    assert got[0].message.startswith("Reads as a status check, not a thank-you")
    assert "timeline has not passed" in got[0].message
    assert CHECKING_IN[got[0].start : got[0].end] == "just checking in"


def test_after_the_timeline_it_says_to_check_it_as_a_status_check() -> None:
    got = [f for f in findings(CHECKING_IN, "thank_you", AFTER) if f.rule == "pushy"]
    assert [f.message for f in got] == [
        "Reads as a status check, not a thank-you; check it as a status check"
    ]


def test_checked_as_a_status_check_after_the_timeline_it_is_fine() -> None:
    assert "pushy" not in rules(CHECKING_IN, "status_check", AFTER)


def test_a_thank_you_that_mentions_the_timeline_is_not_a_status_check() -> None:
    text = draft("You mentioned a decision by 4 December; I look forward to hearing from you.")
    assert "pushy" not in rules(text, "thank_you", BEFORE)


def test_pay_and_pressure_still_fire_beside_the_kind_warning() -> None:
    text = CHECKING_IN.replace("timeline.", "timeline. What is the salary range?")
    messages = [f.message for f in findings(text, "thank_you", BEFORE) if f.rule == "pushy"]
    assert len(messages) == 2 and "salary" in messages[1]
