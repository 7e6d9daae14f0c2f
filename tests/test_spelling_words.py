"""Spelling: ordinals and numbers with units are not words to split; inflected and derived forms
are known; real misspellings are still caught; suggestions never offer a vulgar word."""

from __future__ import annotations

from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from afterview.checks import Checker, parse_text
from afterview.checks.finding import Finding
from afterview.checks.spelling_engine import SpellEngine, blocked, more_words, word_set

from helpers import situation


@cache
def checker() -> Checker:
    return Checker(situation())


def spelling(text: str) -> list[Finding]:
    draft = parse_text(f"Dear Dr. Nair,\n\n{text}\n\nAlex Rivera\n")
    return [f for f in checker().check(draft) if f.rule == "spelling"]


def ordinal(n: int) -> str:
    if 11 <= n % 100 <= 13:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


# --- ordinals and units ---------------------------------------------------------------------


def test_ordinals_are_not_split() -> None:
    text = (
        "We met on the 1st, 2nd, 3rd and 4th floors; the 11th, 12th and 13th teams, "
        "the 21st, 22nd and 23rd releases, and the 101st, 103rd and 111th tickets."
    )
    assert spelling(text) == []


@settings(max_examples=80, deadline=None)
@given(n=st.integers(min_value=0, max_value=10**6))
def test_any_right_ordinal_passes(n: int) -> None:
    assert spelling(f"It was the {n}{ordinal(n)} time we spoke.") == []


@settings(max_examples=80, deadline=None)
@given(
    n=st.integers(min_value=0, max_value=10**6), suffix=st.sampled_from(["st", "nd", "rd", "th"])
)
def test_any_wrong_ordinal_is_flagged_with_the_right_one(n: int, suffix: str) -> None:
    if suffix == ordinal(n):
        return
    (f,) = spelling(f"It was the {n}{suffix} time we spoke.")
    assert f.suggestion == f"{n}{ordinal(n)}"
    assert f"'{n}{suffix}'" in f.message


@pytest.mark.parametrize(
    "text",
    [
        "Latency fell from 200ms to 20ms at 5k requests.",
        "The 1990s tools, a 10x speed-up and a 3pm call.",
        "The 2GB cache, 24h on-call and 50mg doses.",
        "Our covid19 dashboards and the ipv6 rollout.",
    ],
)
def test_numbers_with_units_or_codes_are_not_words(text: str) -> None:
    assert spelling(text) == []


# --- inflections and derived forms ------------------------------------------------------------


@pytest.mark.parametrize(
    "word",
    [
        "prioritizing",
        "reorganized",
        "benchmarked",
        "mentored",
        "underestimated",
        "integrations",
        "deployments",
        "stakeholders",
        "re-architected",
        "walkthroughs",
    ],
)
def test_inflections_and_derived_forms_are_known(word: str) -> None:
    assert spelling(f"We talked about {word} for a while.") == []


@pytest.mark.parametrize(
    ("typo", "right"),
    [
        ("recieve", "receive"),
        ("seperate", "separate"),
        ("begining", "beginning"),
        ("definately", "definitely"),
        ("untill", "until"),
        ("oppurtunity", "opportunity"),
        ("anual", "annual"),
    ],
)
def test_real_misspellings_are_still_flagged(typo: str, right: str) -> None:
    (f,) = spelling(f"I {typo} it was worth it.")
    assert f.suggestion == right


# --- no vulgar suggestions ----------------------------------------------------------------------


def test_bursty_is_jargon_and_its_typos_never_suggest_a_vulgar_word() -> None:
    assert spelling("The traffic is bursty at month end.") == []
    engine = SpellEngine()
    for typo in ("bursty", "burstty", "shirtt", "anual", "asses", "buttton", "tittle"):
        assert not set(engine.suggest(typo, 10)) & blocked()


@settings(max_examples=80, deadline=None)
@given(word=st.sampled_from(sorted(blocked())), data=st.data())
def test_a_typo_next_to_a_blocked_word_never_gets_it(word: str, data: st.DataObject) -> None:
    # One edit away from a vulgar word: whatever is suggested, it is not a blocked word.
    i = data.draw(st.integers(min_value=0, max_value=len(word)))
    letter = data.draw(st.sampled_from("aeioustrn"))
    typo = word[:i] + letter + word[i:]
    assert not set(SpellEngine().suggest(typo, 10)) & blocked()


def test_blocked_words_are_not_flagged_as_misspellings() -> None:
    # Known words (a user may mean them), just never offered as a correction.
    engine = SpellEngine()
    assert engine.known("busty") and engine.known("anal")


# --- the data -------------------------------------------------------------------------------------


def test_the_suggestion_list_and_the_known_list_do_not_overlap() -> None:
    assert not word_set() & more_words()
    assert len(word_set()) > 70_000 and len(more_words()) > 10_000


def test_a_wrong_ordinal_in_capitals_keeps_its_case() -> None:
    (f,) = spelling("See you on the 3TH floor.")
    assert f.suggestion == "3RD"
    assert spelling("See you on the 3RD floor.") == []
