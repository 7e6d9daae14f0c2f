"""``name-mismatch``: a greeting or mention that does not match the person (DESIGN.md, Contract 4).

Finds a misspelt name ("Dear Pryia"), a name spelt without its accents ("José" as "Jose"), the
wrong person (greeting Marcus in the note to Priya), someone nobody met, a wrong honorific
("Mr." for Dr. Nair) and a gendered honorific the record does not support.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from afterview.checks.context import (
    GENDERED,
    HONORIFICS,
    PARTICLES,
    CheckContext,
    PersonName,
    fold,
    honorific_key,
)
from afterview.checks.draft import WORD, Draft
from afterview.checks.edits import osa
from afterview.checks.finding import Severity
from afterview.checks.registry import CheckRule, Hit
from afterview.wording import join

_POSSESSIVE = re.compile(r"['’]s$")
GENERIC_GREETINGS = {
    "all",
    "team",
    "everyone",
    "there",
    "hiring",
    "manager",
    "committee",
    "panel",
    "sir",
    "madam",
    "folks",
}


def close(a: str, b: str) -> bool:
    """Two name words that are probably the same name misspelt (folded comparison)."""
    a, b = fold(a), fold(b)
    if a == b or min(len(a), len(b)) < 3 or abs(len(a) - len(b)) > 2:
        return False
    distance = osa(a, b)
    return (distance <= (1 if min(len(a), len(b)) <= 4 else 2) and a[0] == b[0]) or (
        distance == 1 and len(a) >= 5
    )


def _exact_part(word: str, person: PersonName) -> str | None:
    """The recorded spelling of ``word`` if it is one of the person's name words."""
    return person.spellings.get(fold(word))


def _close_part(word: str, person: PersonName) -> str | None:
    for part in person.parts:
        if close(word, part):
            return part
    return None


def recipient(draft: Draft, ctx: CheckContext) -> PersonName | None:
    """Who the draft is to: by its To: address, else by the name it greets (fuzzily)."""
    key = ("recipient", id(ctx))
    if key not in draft.cache:
        draft.cache[key] = _recipient(draft, ctx)
    return draft.cache[key]  # type: ignore[return-value]


def _recipient(draft: Draft, ctx: CheckContext) -> PersonName | None:
    if draft.to:
        for address in re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", draft.to):
            person = ctx.person_by_address(address)
            if person:
                return person
    greeting = draft.greeting
    if not greeting or not ctx.people:
        return ctx.people[0] if len(ctx.people) == 1 else None
    words = [w for w in WORD.findall(greeting[0]) if not honorific_key(w)]
    best, best_score = None, 0
    for person in ctx.people:
        score = sum(
            2 if _exact_part(w, person) else 1 if _close_part(w, person) else 0 for w in words
        )
        if score > best_score:
            best, best_score = person, score
    if best is None and len(ctx.people) == 1:
        return ctx.people[0]
    return best


def salutation(person: PersonName) -> str:
    """The name to greet ``person`` by: title and surname for doctors and professors."""
    if person.honorific in ("dr", "prof") or (
        person.honorific and person.honorific not in GENDERED
    ):
        return person.formal
    return person.first or person.formal


def check(draft: Draft, ctx: CheckContext) -> Iterator[Hit]:
    """Check the greeting against the recipient, and every name-like word against who was met."""
    to = recipient(draft, ctx)
    greeted: set[int] = set()
    greeting = draft.greeting
    if greeting and ctx.people:
        yield from _check_greeting(greeting, to, ctx, greeted)
    yield from _check_mentions(draft, ctx, to, greeted)


def _check_greeting(
    greeting: tuple[str, int, int], to: PersonName | None, ctx: CheckContext, greeted: set[int]
) -> Iterator[Hit]:
    text, start, _ = greeting
    words = [(m.group(), start + m.start(), start + m.end()) for m in WORD.finditer(text)]
    if any(fold(w) in GENERIC_GREETINGS for w, _, _ in words):
        return
    honorific = None
    for word, lo, hi in words:
        greeted.add(lo)
        key = honorific_key(word)
        if key:
            if text[hi - start : hi - start + 1] == ".":
                word, hi = word + ".", hi + 1
            honorific = (key, word, lo, hi)
            continue
        if fold(word) in PARTICLES or not word[:1].isupper():
            continue
        yield from _check_greeted_word(word, lo, hi, to, ctx, formal=honorific is not None)
    if honorific and to is not None:
        yield from _check_honorific(honorific, words, to)


def _check_greeted_word(
    word: str, lo: int, hi: int, to: PersonName | None, ctx: CheckContext, formal: bool = False
) -> Iterator[Hit]:
    # The suggestion replaces the greeted word: after "Mr"/"Dr." that is the surname.
    fix = (to.last or salutation(to)) if formal and to else (salutation(to) if to else None)
    if to is not None:
        exact = _exact_part(word, to)
        if exact == word or (exact and exact.casefold() == word.casefold()):
            return
        if exact:
            yield Hit(lo, hi, f"Writes '{word}' but the name is spelt '{exact}'", suggestion=exact)
            return
    others = [p for p in ctx.people if p is not to]
    for other in others:
        if _exact_part(word, other):
            target = f" but this note is to {to.full}" if to else ""
            yield Hit(
                lo,
                hi,
                f"Greets {other.full}{target}",
                suggestion=fix,
            )
            return
    if to is not None:
        yield Hit(
            lo,
            hi,
            f"Greets '{word}' but the interviewer is {to.full}",
            suggestion=fix,
        )
        return
    yield Hit(
        lo,
        hi,
        f"Greets '{word}', who is not among the people you met "
        f"({join([p.full for p in ctx.people])})",
    )


def _check_honorific(
    honorific: tuple[str, str, int, int], words: list[tuple[str, int, int]], to: PersonName
) -> Iterator[Hit]:
    key, word, lo, hi = honorific
    recorded = to.honorific
    if recorded in ("dr", "prof") and key in GENDERED:
        yield Hit(lo, hi, f"Addresses {to.full} as '{word}'", suggestion=to.formal)
    elif recorded in GENDERED and key in GENDERED and recorded != key:
        severity: Severity = "error" if "mr" in (key, recorded) else "warning"
        yield Hit(
            lo,
            hi,
            f"Uses '{word}' but {to.full} is addressed as '{HONORIFICS[recorded]}'",
            suggestion=HONORIFICS[recorded],
            severity=severity,
        )
    elif recorded is None and key in GENDERED:
        yield Hit(
            lo,
            hi,
            f"Uses '{word}', but the record does not say how {to.full} is addressed; "
            "use their full name instead",
            suggestion=" ".join(p for p in (to.first, to.last) if p),
            severity="warning",
        )
    names = [w for w, _, _ in words if not honorific_key(w)]
    if (
        key in ("dr", "prof", "mr", "mrs", "ms", "mx", "miss")
        and names
        and to.last
        and fold(names[-1]) == fold(to.first)
        and fold(to.first) != fold(to.last)
    ):
        yield Hit(
            lo,
            words[-1][2],
            f"'{word} {names[-1]}' pairs a title with a first name",
            suggestion=to.formal,
            severity="warning",
        )


def _check_mentions(
    draft: Draft, ctx: CheckContext, to: PersonName | None, greeted: set[int]
) -> Iterator[Hit]:
    """Name-like words elsewhere: misspelt or accent-stripped names of people met."""
    people = [*ctx.people, ctx.candidate]
    spell = ctx.spell
    tokens, body_start = draft.tokens, draft.body_start
    for i in draft.capitalised:
        token = tokens[i]
        word = token.text
        if token.start < body_start or token.start in greeted or len(word) < 3:
            continue
        word = _POSSESSIVE.sub("", word)
        key = fold(word)
        owner = next((p for p in people if key in p.spellings), None)
        if owner is not None:
            exact = owner.spellings[key]
            if exact != word and exact.casefold() != word.casefold():
                yield Hit(
                    token.start,
                    token.start + len(word),
                    f"Writes '{word}' but {owner.full}'s name is spelt '{exact}'",
                    suggestion=exact,
                )
            continue
        if key in ctx.record_words or spell.common(word.casefold(), top=5_000):
            continue
        for person in people:
            part = _close_part(word, person)
            if part:
                yield Hit(
                    token.start,
                    token.start + len(word),
                    f"Writes '{word}' — did you mean {part} ({person.full})?",
                    suggestion=part,
                )
                break


RULE = CheckRule(
    "name-mismatch",
    "error",
    "a name or greeting that does not match the recipient "
    "(misspelt, another person, wrong honorific)",
    check,
)
