"""The canonical text the rules read, and the map back to the user's characters."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from afterview.checks import Checker, parse_text
from afterview.checks.normalize import canonical, normalise

from corpus_loader import clean_cases, situation

# Text with the characters that mail clients, word processors and PDFs put in drafts.
ODD = "’‘“”\u00a0\u202f\u200b\u00ad\r\n\u2010ﬁé\u0301\u0303ễ\u1100\u1161\u11a8…\t"
texts = st.text(alphabet=st.sampled_from(list(ODD) + list("abc Dé,.'-")), max_size=60)


@given(texts)
def test_canonical_text_has_no_odd_characters(text: str) -> None:
    out = canonical(text)
    assert unicodedata.is_normalized("NFC", out)
    assert not set(out) & set("’‘“”\u00a0\u202f\u200b\u00ad\r\u2010ﬁ…\t")


@given(texts)
def test_canonical_is_idempotent(text: str) -> None:
    assert canonical(canonical(text)) == canonical(text)


@given(st.text(alphabet=st.characters(codec="ascii", exclude_characters="\r\t\f\v`")))
def test_plain_ascii_text_is_left_alone(text: str) -> None:
    result = normalise(text)
    assert result.text == text and result.segments is None


@given(texts, st.data())
def test_every_span_maps_to_original_characters_that_say_the_same(text: str, data) -> None:
    result = normalise(text)
    n = len(result.text)
    start = data.draw(st.integers(0, n))
    end = data.draw(st.integers(start, n))
    a, b = result.original_span(start, end)
    assert 0 <= a <= b <= len(text)
    assert result.text[start:end] in canonical(text[a:b])


def test_examples() -> None:
    assert canonical("O’Brien") == "O'Brien"
    assert canonical("Jose\u0301 Mari\u0301a") == "José María"
    assert canonical("Nguye\u0302\u0303n") == "Nguyễn"
    assert canonical("Dear\u00a0Siobhán,\r\n\r\nThank you") == "Dear Siobhán,\n\nThank you"
    assert canonical("pro\u00adduct road\u200bmap") == "product roadmap"
    assert canonical("“great”") == '"great"'


def test_findings_point_at_the_users_characters() -> None:
    record = situation("northwind")
    text = "Dear Pryia,\r\n\r\nThank you for the chat about the dbt\u00a0migration.\r\n"
    finding = next(f for f in Checker(record).check(parse_text(text)) if f.rule == "name-mismatch")
    assert text[finding.start : finding.end] == "Pryia"
    assert (finding.line, finding.column) == (1, 6)


def _typographic(text: str) -> str:
    return (
        text.replace("'", "’")
        .replace("\n", "\r\n")
        .replace(" the ", " the\u00a0")
        .replace(" ", " \u200b", 3)
    )


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def test_typographic_and_decomposed_drafts_get_the_same_findings() -> None:
    """Every clean and faulty draft of the corpus, re-typed as Word or macOS would: the same
    rules fire, on the same words."""
    for case in clean_cases():
        checker = case.checker()
        plain = [(f.rule, case.text[f.start : f.end]) for f in checker.check(case.draft())]
        for change in (_typographic, _nfd):
            text = change(case.text)
            found = [(f.rule, text[f.start : f.end]) for f in checker.check(parse_text(text))]
            assert [r for r, _ in found] == [r for r, _ in plain], (case.name, change.__name__)
            for (_, words), (_, before) in zip(found, plain, strict=True):
                assert canonical(words) == canonical(before), (case.name, change.__name__)
