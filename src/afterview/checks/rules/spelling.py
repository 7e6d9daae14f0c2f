"""``spelling``: a word that is neither in the dictionary nor in the interview record; a wrong
ordinal suffix ("21th"); US and British spellings mixed in one draft ("color" and "centre")."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from afterview.checks.context import CheckContext, fold
from afterview.checks.draft import Draft, Token
from afterview.checks.registry import CheckRule, Hit
from afterview.checks.spelling_engine import SYSTEM_NAMES, spelling_style, variants

_ASCII = re.compile(r"^[A-Za-z'’\-]+$")
# Contractions and their stems: "don't" is checked as "do".
_CONTRACTION = re.compile(r"(?i)^(.+?)(n['’]t|['’](?:s|re|ve|ll|d|m))$")


_ABBREVIATION = re.compile(r"(?i)\b(?:dr|mr|mrs|ms|mx|prof|st|jr|sr|vs|e\.g|i\.e|etc|no)\.$")


def _sentence_start(draft: Draft, token: Token) -> bool:
    before = draft.text[max(0, token.start - 12) : token.start].rstrip(" \t\"'“‘(")
    if not before or token.start == draft.body_start:
        return True
    if before[-1] == "." and _ABBREVIATION.search(before):
        return False
    return before[-1] in ".!?:\n"


def _skippable(word: str) -> bool:
    return (
        len(word) < 2
        or not _ASCII.match(word)  # other scripts and accented words: not English prose
        or word.isupper()  # acronyms: SQL, KPI
        or any(c.isupper() for c in word[1:])  # CamelCase: GitHub, PostgreSQL
    )


_ORDINAL_SUFFIXES = frozenset({"st", "nd", "rd", "th"})


def _ordinal(number: str) -> str:
    """The right suffix for a number written as an ordinal: 1st, 2nd, 3rd, 11th, 21st, 103rd."""
    n = int(number[-2:])
    if 11 <= n % 100 <= 13:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def _digits_before(text: str, start: int) -> int:
    """Where the run of digits that ends at ``start`` begins (``start`` itself if none)."""
    i = start
    while i > 0 and text[i - 1].isdigit():
        i -= 1
    return i


def check(draft: Draft, ctx: CheckContext) -> Iterator[Hit]:
    """Flag unknown words (suggesting the likeliest correction), wrong ordinals, and US and
    British spellings mixed in one draft."""
    spell = ctx.spell
    lowered = draft.lowered
    words = set(lowered)
    table = variants()
    regional = words & table.words  # a set meeting a set: the smaller is walked
    if len(regional) > 1:
        # The record's own words are names ("Harbor Health", Ms Gray), not a spelling choice;
        # the shipped jargon ("containerized") still is one.
        regional -= ctx.record_words
        if len(regional) > 1:
            yield from _mixed(draft, ctx, regional)
    if not words.isdisjoint(_ORDINAL_SUFFIXES):
        yield from _ordinals(draft)
    # Set differences run in C: for most drafts nothing is left and no token is visited.
    unknown = words.difference(spell.words, spell.extra)
    if not unknown:
        return
    greeting = draft.greeting
    tokens = draft.tokens
    text = draft.text
    style = spelling_style(ctx.situation.application.region)
    for i, lower in enumerate(lowered):
        if lower not in unknown:
            continue
        token = tokens[i]
        word = token.text
        if token.start and text[token.start - 1].isdigit():
            continue  # part of a number: an ordinal (3rd, 21st) or a unit (20ms, 5k, 1990s)
        if token.end < len(text) and text[token.end].isdigit():
            continue  # a code or version: covid19, ipv6, h264
        if greeting and greeting[1] <= token.start < greeting[2]:
            continue  # the salutation's names belong to the name-mismatch rule
        if _skippable(word):
            continue
        if word[0].isupper() and not _sentence_start(draft, token):
            continue  # a proper noun; the name and company rules check those
        if _known(word, spell):
            continue
        lower = word.casefold()
        suggestions = spell.suggest(lower, limit=3, style=style)
        suggestion = suggestions[0] if suggestions else None
        if suggestion and word[0].isupper():
            suggestion = suggestion[0].upper() + suggestion[1:]
        message = f"Unknown word '{word}'"
        if suggestion:
            message += f"; did you mean '{suggestion}'?"
        yield Hit(token.start, token.end, message, suggestion=suggestion)


def _ordinals(draft: Draft) -> Iterator[Hit]:
    """Numbers with the wrong ordinal suffix: '21th' for 21st, '3th' for 3rd, '12nd' for 12th."""
    text = draft.text
    for token, lower in zip(draft.tokens, draft.lowered, strict=True):
        if lower not in _ORDINAL_SUFFIXES or not token.start:
            continue
        begin = _digits_before(text, token.start)
        if begin == token.start:
            continue
        number = text[begin : token.start]
        right = _ordinal(number)
        if lower != right:
            if token.text.isupper():
                right = right.upper()
            yield Hit(
                begin,
                token.end,
                f"Ordinal '{number}{token.text}' should be '{number}{right}'",
                suggestion=number + right,
            )


def _label(systems: str) -> str:
    """How to name a spelling: 'US' for 'color', 'British' for 'colour'."""
    if "U" in systems and "B" not in systems:
        return "US"
    if "B" in systems and "U" not in systems:
        return "British"
    return SYSTEM_NAMES[systems[0]] if systems else "regional"


def _mixed(draft: Draft, ctx: CheckContext, regional: set[str]) -> Iterator[Hit]:
    """US and Commonwealth spellings that no one spelling system uses together ("color" with
    "centre"; but "organize" with "colour" is Canadian and Oxford spelling, so it passes).
    The words that do not fit the application's region's system are flagged (or, if none of the
    draft's variants fits it, those outside the system most of them fit), each with its form
    in that system."""
    table = variants()
    systems = table.systems
    # Only words used as ordinary words count: "Labor Day", "Kennedy Center" and "Ministry of
    # Defence" are names, whatever the draft's spelling.
    prose = [
        (token, lower)
        for token, lower in zip(draft.tokens, draft.lowered, strict=True)
        if lower in regional and (token.text[0].islower() or _sentence_start(draft, token))
    ]
    regional = {lower for _, lower in prose}
    if len(regional) < 2:
        return
    common = set(SYSTEM_NAMES)
    for word in regional:
        common &= set(systems[word])
    if common:
        return
    preferred = spelling_style(ctx.situation.application.region)
    fit = {s: sum(s in systems[w] for w in regional) for s in SYSTEM_NAMES}
    style = preferred if fit[preferred] else max(SYSTEM_NAMES, key=lambda s: fit[s])
    fitting = sorted(w for w in regional if style in systems[w])
    seen: set[str] = set()
    for token, lower in prose:
        if style in systems[lower] or lower in seen:
            continue
        seen.add(lower)
        other = next((w for w in fitting if not set(systems[w]) & set(systems[lower])), None)
        other = other or (fitting[0] if fitting else None)
        message = f"Mixes spellings: '{token.text}' is {_label(systems[lower])} spelling"
        if other:
            message += f", '{other}' is {_label(systems[other])}"
        suggestion = table.form_in(lower, style)
        if suggestion:
            if token.text[0].isupper():
                suggestion = suggestion[0].upper() + suggestion[1:]
            message += f"; {SYSTEM_NAMES[style]} spelling is '{suggestion}'"
        yield Hit(token.start, token.end, message, suggestion=suggestion)


def _known(word: str, spell: object) -> bool:
    lower = fold(word)
    known = spell.known  # type: ignore[attr-defined]
    if known(lower):
        return True
    m = _CONTRACTION.match(lower)
    if m and known(m.group(1)):
        return True
    parts = re.split(r"[-’']", lower)
    if len(parts) > 1 and all(known(p) or len(p) < 2 for p in parts):
        return True
    return _ize_of_known(lower, known)


_IZE = re.compile(r"^(?P<stem>\w{4,}?)i[sz](?:e|ed|es|er|ers|ing|ation|ations)$")


def _ize_of_known(word: str, known: Any) -> bool:
    """A verb made with -ize/-ise from a known word, in either spelling: "anonymised"
    (anonymous), "pseudonymize" (pseudonym), "operationalised" (operational)."""
    m = _IZE.match(word)
    if not m:
        return False
    stem = m.group("stem")
    return any(known(stem + end) for end in ("", "e", "ous", "y", "ic", "ity"))


RULE = CheckRule(
    "spelling",
    "warning",
    "a word that is neither in the dictionary nor in the record (names, company, role, notes)",
    check,
)
