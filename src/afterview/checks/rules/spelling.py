"""``spelling``: a word that is neither in the dictionary nor in the interview record."""

from __future__ import annotations

import re
from collections.abc import Iterator

from afterview.checks.context import CheckContext, fold
from afterview.checks.draft import Draft, Token
from afterview.checks.registry import CheckRule, Hit

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


def check(draft: Draft, ctx: CheckContext) -> Iterator[Hit]:
    """Flag unknown words, suggesting the likeliest correction."""
    spell = ctx.spell
    lowered = draft.lowered
    # Set differences run in C: for most drafts nothing is left and no token is visited.
    unknown = set(lowered).difference(spell.words, spell.extra)
    if not unknown:
        return
    greeting = draft.greeting
    tokens = draft.tokens
    for i, lower in enumerate(lowered):
        if lower not in unknown:
            continue
        token = tokens[i]
        word = token.text
        if greeting and greeting[1] <= token.start < greeting[2]:
            continue  # the salutation's names belong to the name-mismatch rule
        if _skippable(word):
            continue
        if word[0].isupper() and not _sentence_start(draft, token):
            continue  # a proper noun; the name and company rules check those
        if _known(word, spell):
            continue
        lower = word.casefold()
        suggestions = spell.suggest(lower, limit=3)
        suggestion = suggestions[0] if suggestions else None
        if suggestion and word[0].isupper():
            suggestion = suggestion[0].upper() + suggestion[1:]
        message = f"Unknown word '{word}'"
        if suggestion:
            message += f"; did you mean '{suggestion}'?"
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
    return len(parts) > 1 and all(known(p) or len(p) < 2 for p in parts)


RULE = CheckRule(
    "spelling",
    "warning",
    "a word that is neither in the dictionary nor in the record (names, company, role, notes)",
    check,
)
