"""`apologetic`: self-criticism and hedging about one's own interview or candidacy, by shape."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tone_cases import APOLOGETIC, NOT_APOLOGETIC, SIGN_OFFS, draft, rules, summary


def test_the_base_draft_is_clean() -> None:
    assert rules(draft("I enjoyed the conversation.")) == set()


@pytest.mark.parametrize("sentence", APOLOGETIC)
def test_fires(sentence: str) -> None:
    assert "apologetic" in rules(draft(sentence)), f"missed {sentence!r}"


@pytest.mark.parametrize("sentence", NOT_APOLOGETIC)
def test_does_not_fire(sentence: str) -> None:
    assert "apologetic" not in rules(draft(sentence)), f"false alarm on {sentence!r}"


@pytest.mark.parametrize("kind", ["value_add", "linkedin_note", "handwritten_note", "status_check"])
def test_fires_in_every_kind(kind: str) -> None:
    assert "apologetic" in rules(draft("I was so nervous in the interview."), kind)


SENTENCES = st.sampled_from(APOLOGETIC + NOT_APOLOGETIC)


@settings(max_examples=60, deadline=None)
@given(SENTENCES, st.sampled_from(SIGN_OFFS))
def test_sign_off_does_not_change_findings(sentence: str, sign_off: str) -> None:
    assert summary(draft(sentence)) == summary(draft(sentence, sign_off))


@settings(max_examples=60, deadline=None)
@given(SENTENCES)
def test_curly_apostrophes_find_the_same(sentence: str) -> None:
    curly = draft(sentence).replace("'", "\u2019")
    got = [(*f[:3], f[3].replace("\u2019", "'")) for f in summary(curly) if f[0] == "apologetic"]
    assert got == [f for f in summary(draft(sentence)) if f[0] == "apologetic"]


@settings(max_examples=60, deadline=None)
@given(SENTENCES, st.integers(0, 3))
def test_crlf_and_trailing_blank_lines_do_not_change_findings(sentence: str, blank: int) -> None:
    text = draft(sentence)
    edited = (text + "\n" * blank).replace("\n", "\r\n")
    assert summary(edited) == summary(text)
