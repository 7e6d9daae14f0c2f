"""Spelling: every standard US, British, Canadian and Australian spelling is a known word; a
suggestion never turns one into another; mixed US and British spelling in one draft is named."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from afterview.checks import Checker, parse_text
from afterview.checks.finding import Finding
from afterview.checks.spelling_engine import SpellEngine, spelling_style, variants
from afterview.checks.vocabulary import jargon

from corpus_loader import Case, clean_cases
from helpers import situation

PAIRS = sorted(variants().us_to_uk.items())
# Pairs that no single spelling system writes together (color/colour, center/centre).
EXCLUSIVE = [
    (us, uk) for us, uk in PAIRS if not set(variants().systems[us]) & set(variants().systems[uk])
]


@cache
def checker(region: str | None) -> Checker:
    patch = {"application.region": region}
    return Checker(situation(patch))


def spelling(text: str, region: str | None = "US") -> list[Finding]:
    draft = parse_text(f"Dear Dr. Nair,\n\n{text}\n\nAlex Rivera\n")
    return [f for f in checker(region).check(draft) if f.rule == "spelling"]


# --- must not fire ------------------------------------------------------------------------


ISSUE_WORDS = (
    "honored analyzed practicing counseling centers catalog neighborhood rigor labor "
    "organization favorite traveled modeling judgment aging fulfill enrollment defense gray"
)


@pytest.mark.parametrize("region", ["US", "GB", "CA", "AU", "IN", None])
def test_us_spellings_are_words_in_every_region(region: str | None) -> None:
    text = (
        "I was honored to meet the team. We analyzed the catalog of counseling centers, "
        "practicing the rigor the labor data needs, and I traveled to the neighborhood office."
    )
    assert spelling(text, region) == []


@pytest.mark.parametrize("region", ["US", "GB", "CA", "AU", "IN", None])
def test_british_spellings_are_words_in_every_region(region: str | None) -> None:
    text = (
        "I was honoured to meet the team. We analysed the catalogue of counselling centres, "
        "practising the rigour the labour data needs, and I travelled to the neighbourhood office."
    )
    assert spelling(text, region) == []


def test_oxford_and_canadian_spelling_is_not_a_mix() -> None:
    # -ize with -our is Oxford (British) and Canadian usage: no system is broken.
    assert spelling("I will organize the colour palette and analyze the favourite options.") == []


def test_every_variant_pair_is_known_and_neither_suggests_the_other() -> None:
    engine = SpellEngine(jargon())
    unknown = [w for pair in PAIRS for w in pair if not engine.known(w)]
    assert unknown == []
    assert len(PAIRS) > 2000  # derived from SCOWL, not a hand-made list


@settings(max_examples=60, deadline=None)
@given(pair=st.sampled_from(PAIRS), region=st.sampled_from(["US", "GB", "CA", "AU", None]))
def test_a_single_variant_is_never_flagged(pair: tuple[str, str], region: str | None) -> None:
    for word in pair:
        assert spelling(f"The {word} question was the best part of the day.", region) == []


@settings(max_examples=40, deadline=None)
@given(pair=st.sampled_from(PAIRS), region=st.sampled_from(["US", "GB", "AU", None]))
def test_suggestions_never_swap_one_standard_spelling_for_another(
    pair: tuple[str, str], region: str | None
) -> None:
    # A misspelling of one variant may be corrected to the variant that fits the region, but a
    # correct variant is never an "unknown word" with the other as its fix.
    us, uk = pair
    for finding in spelling(f"Their {us} work and our {uk} plan.", region):
        assert finding.message.startswith("Mixes spellings")


# --- mixed spelling -----------------------------------------------------------------------


def test_mixed_spelling_is_named_and_fixed_to_the_region_us() -> None:
    (f,) = spelling("The color of the dashboard and the centre of the report were clear.")
    assert "'centre'" in f.message and "'color'" in f.message
    assert f.suggestion == "center"


def test_mixed_spelling_is_fixed_to_the_region_gb() -> None:
    (f,) = spelling("The color of the dashboard and the centre of the report were clear.", "GB")
    assert "'color'" in f.message and f.suggestion == "colour"


def test_mixed_spelling_keeps_the_capital() -> None:
    (f,) = spelling("Color matters. The centre of the report was clear.", "GB")
    assert f.suggestion == "Colour"


@settings(max_examples=40, deadline=None)
@given(pair=st.sampled_from(EXCLUSIVE), region=st.sampled_from(["US", "GB", None]))
def test_every_exclusive_pair_in_one_draft_is_one_warning(
    pair: tuple[str, str], region: str | None
) -> None:
    us, uk = pair
    findings = spelling(f"The {us} idea and the {uk} idea were both mine.", region)
    assert len(findings) == 1
    (f,) = findings
    assert f.message.startswith("Mixes spellings") and f.severity == "warning"
    if f.suggestion:
        words = [f.suggestion if w == f.message.split("'")[1] else w for w in (us, uk)]
        assert (
            spelling(f"The {words[0]} idea and the {words[1]} idea were both mine.", region) == []
        )


@pytest.mark.parametrize(
    "text",
    [
        "We met on Labor Day near the Kennedy Center; the colour scheme was lovely.",
        "My friend at the Ministry of Defence liked the color palette.",
        "Your colleague Ms. Gray suggested the colour review.",
    ],
)
def test_names_are_not_a_spelling_choice(text: str) -> None:
    assert spelling(text) == []


def test_the_records_words_are_not_a_spelling_choice() -> None:
    checker_ = Checker(situation({"application.company": "Harbor Analytics"}))
    draft = parse_text("Dear Dr. Nair,\n\nThe harbor analytics colour work was great.\n")
    assert [f for f in checker_.check(draft) if f.rule == "spelling"] == []
    # The same words, with no record behind them, are a mix.
    assert spelling("The harbor analytics colour work was great.") != []


def test_a_consistent_draft_in_the_other_region_is_not_a_mix() -> None:
    # Consistent British spelling for a US application is not a mistake: no finding.
    text = "The colour of the dashboard and the centre of the report were clear; I organised it."
    assert spelling(text, "US") == []
    us = (
        text.replace("colour", "color")
        .replace("centre", "center")
        .replace("organised", "organized")
    )
    assert spelling(us, "GB") == []


# --- region ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("region", "style"),
    [
        ("US", "U"),
        (None, "U"),
        ("", "U"),
        ("CA", "C"),
        ("AU", "A"),
        ("GB", "B"),
        ("IE", "B"),
        ("NZ", "B"),
        ("IN", "B"),
        ("ZA", "B"),
        ("gb", "B"),
    ],
)
def test_spelling_style_by_region(region: str | None, style: str) -> None:
    assert spelling_style(region) == style


@pytest.mark.parametrize(
    ("typo", "us", "gb"),
    [
        ("honered", "honored", "honoured"),
        ("colr", "color", "colour"),
        ("favrite", "favorite", "favourite"),
        ("neighborhod", "neighborhood", "neighbourhood"),
        ("centr", "center", "centre"),
    ],
)
def test_a_misspelt_variant_is_corrected_to_the_regions_form(typo: str, us: str, gb: str) -> None:
    engine = SpellEngine()
    assert engine.suggest(typo, style="U")[0] == us
    assert engine.suggest(typo, style="B")[0] == gb
    assert SpellEngine(region="GB").suggest(typo)[0] == gb
    (f,) = spelling(f"I am {typo} to be considered.", "US")
    assert f.suggestion == us
    (f,) = spelling(f"I am {typo} to be considered.", "GB")
    assert f.suggestion == gb


# --- metamorphic: respelling a draft's words in the other standard ------------------------------

US_DRAFTS = [
    "Dear Dr. Nair,\n\nI was honored to meet you. The color-coded catalog of counseling centers "
    "showed the rigor your team brings, and I analyzed the labor figures on the flight home.\n\n"
    "Alex Rivera\n",
    "Hi Marcus,\n\nThanks for the walkthrough. I traveled a lot in my last role, modeling demand "
    "for the neighborhood clinics and organizing the favorite dashboards by center.\n\n"
    "Best,\nAlex\n",
]
CLEAN = [
    *clean_cases(),
    *(
        Case(f"us-{i}", text, "northwind", "thank_you", None, frozenset())
        for i, text in enumerate(US_DRAFTS)
    ),
]
_WORD = re.compile(r"[A-Za-z]+")


def _respell(text: str, swap: Callable[[str], str | None]) -> str:
    def one(m: re.Match[str]) -> str:
        word = m.group(0)
        other = swap(word.lower())
        if other is None:
            return word
        return other[0].upper() + other[1:] if word[0].isupper() else other

    return _WORD.sub(one, text)


@settings(max_examples=30, deadline=None)
@given(case=st.sampled_from(CLEAN), direction=st.sampled_from(["to_uk", "to_us"]))
def test_respelling_a_clean_draft_wholesale_adds_no_unknown_word(
    case: Case, direction: str
) -> None:
    # Every word with a partner in the other standard respelt: the draft is still clean of
    # unknown words (a mix with an unpaired word may be named, never an "unknown word").
    table = variants()
    uk_to_us = {uk: us for us, uk in PAIRS}
    swap = table.us_to_uk.get if direction == "to_uk" else uk_to_us.get
    checker_ = case.checker()
    before = {f.message for f in checker_.check(case.draft()) if f.rule == "spelling"}
    after = checker_.check(parse_text(_respell(case.text, swap), case.name))
    added = [f for f in after if f.rule == "spelling" and f.message.startswith("Unknown word")]
    assert [f.message for f in added if f.message not in before] == []
