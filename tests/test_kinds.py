"""`infer_kind`: the kind a draft reads as, on a labelled set written for it (tests/data/kinds)."""

from __future__ import annotations

import tomllib
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from afterview.checks.draft import parse_text
from afterview.checks.kinds import infer_kind
from afterview.record import MessageKind

from corpus_loader import clean_cases

LABELLED = tomllib.loads((Path(__file__).parent / "data" / "kinds" / "drafts.toml").read_text())[
    "draft"
]
SIGN_OFFS = [
    "Best regards,",
    "Thanks,",
    "Thanks again,",
    "Thank you,",
    "Sincerely,",
    "Cheers,",
    "Kind regards,",
    "With gratitude,",
    "All the best,",
]


def _kind(text: str) -> MessageKind:
    return infer_kind(parse_text(text))


def test_the_set_is_big_enough_and_covers_every_kind() -> None:
    counts = Counter(d["kind"] for d in LABELLED)
    assert len(LABELLED) >= 60
    assert set(counts) == {"thank_you", "status_check", "value_add", "linkedin_note"}
    assert min(counts.values()) >= 12


@pytest.mark.parametrize("item", LABELLED, ids=lambda d: f"{d['kind']}:{d['text'][:30]}")
def test_labelled_draft(item: dict) -> None:
    assert _kind(item["text"]) == item["kind"]


@pytest.mark.parametrize("case", clean_cases(), ids=lambda c: c.name)
def test_corpus_drafts_read_as_their_kind(case) -> None:  # type: ignore[no-untyped-def]
    expected = "thank_you" if case.kind == "handwritten_note" else case.kind
    assert _kind(case.text) == expected


def _split(text: str) -> tuple[str, str, str]:
    """(Subject line or "", body before the sign-off, the name lines after it)."""
    subject = ""
    if text.startswith("Subject:"):
        subject, text = text.split("\n\n", 1)
    lines = text.rstrip("\n").split("\n")
    for i in range(len(lines) - 1, 0, -1):
        if lines[i].rstrip(",").strip() and lines[i].endswith(",") and i >= len(lines) - 3:
            return subject, "\n".join(lines[:i]).rstrip("\n"), "\n".join(lines[i + 1 :])
    return subject, text.rstrip("\n"), ""


WITH_SIGN_OFF = [d for d in LABELLED if _split(d["text"])[2]]


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(WITH_SIGN_OFF), st.sampled_from(SIGN_OFFS), st.booleans())
def test_sign_off_does_not_change_the_kind(item: dict, sign_off: str, drop: bool) -> None:
    subject, body, name = _split(item["text"])
    head = f"{subject}\n\n" if subject else ""
    edited = f"{head}{body}\n\n{name}" if drop else f"{head}{body}\n\n{sign_off}\n{name}"
    assert _kind(edited) == item["kind"]


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(LABELLED),
    st.sampled_from(["Thank you", "Following up", "Checking in", "Re: interview", "A note"]),
)
def test_subject_line_does_not_change_the_kind(item: dict, subject: str) -> None:
    text = item["text"]
    without = text.split("\n\n", 1)[1] if text.startswith("Subject:") else text
    assert _kind(without) == item["kind"]
    assert _kind(f"Subject: {subject}\n\n{without}") == item["kind"]


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(LABELLED), st.integers(0, 3), st.booleans())
def test_crlf_blank_lines_and_curly_apostrophes_do_not_change_the_kind(
    item: dict, blank: int, curly: bool
) -> None:
    text = item["text"] + "\n" * blank
    if curly:
        text = text.replace("'", "\u2019")
    assert _kind(text.replace("\n", "\r\n")) == item["kind"]


def test_a_short_note_with_a_greeting_line_is_not_a_linkedin_note() -> None:
    assert _kind("Dear Ben,\n\nThanks for today's chat about the Leeds move.\n\nPriyanka") == (
        MessageKind.thank_you
    )


def test_a_short_note_to_an_email_address_is_not_a_linkedin_note() -> None:
    text = "To: ben@example.com\n\nThanks for today's chat about the Leeds move. Priyanka"
    assert _kind(text) == MessageKind.thank_you


def test_a_long_note_without_a_greeting_is_not_a_linkedin_note() -> None:
    text = "Thank you for today's chat about the Leeds move. " * 8
    assert _kind(text) == MessageKind.thank_you


def test_a_first_thank_you_with_a_link_stays_a_thank_you() -> None:
    text = (
        "Dear Ben,\n\nThank you for meeting with me today. I wanted to share the layout I "
        "described: https://example.com/layout\n\nBest,\nPriyanka"
    )
    assert _kind(text) == MessageKind.thank_you
    assert _kind(text.replace("Thank you for", "Thank you again for")) == MessageKind.value_add


def test_empty_and_greeting_only_drafts_do_not_crash() -> None:
    assert _kind("") == MessageKind.thank_you
    assert _kind("Dear Ben,\n") == MessageKind.thank_you
