"""`apologetic`: self-criticism and hedging about one's own interview or candidacy, by shape."""

from __future__ import annotations

import pytest

from tone_cases import APOLOGETIC, NOT_APOLOGETIC, draft, rules


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
