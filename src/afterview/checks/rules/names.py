"""``name-mismatch``: a greeting or mention that does not match the person (DESIGN.md, Contract 4).

Finds a misspelt name ("Dear Pryia"), a name spelt without its accents ("José" as "Jose"), the
wrong person (greeting Marcus in the note to Priya), someone nobody met, a wrong honorific
("Mr." for Dr. Nair) and a gendered honorific the record does not support.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from afterview.checks.context import (
    GENDERED,
    HONORIFICS,
    PARTICLES,
    CheckContext,
    PersonName,
    canon,
    compact,
    fold,
    honorific_key,
)
from afterview.checks.draft import WORD, Draft
from afterview.checks.edits import osa
from afterview.checks.finding import Severity
from afterview.checks.registry import CheckRule, Hit
from afterview.wording import join

_POSSESSIVE = re.compile(r"['’]s$")


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


def people(ctx: CheckContext) -> list[PersonName]:
    """The people met, each with the salutation recorded for them."""
    return ctx.people


def recipient(draft: Draft, ctx: CheckContext) -> PersonName | None:
    """Who the draft is to: by its To: address, else by the name it greets (fuzzily)."""
    key = ("recipient", id(ctx))
    if key not in draft.cache:
        people(ctx)
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
    words = [
        w
        for segment in _segments(greeting[0], greeting[1])
        if not _is_group(segment, ctx)
        for w, _, _ in segment
        if not honorific_key(w)
    ]
    best = _best_person(words, ctx)
    if best is None and len(ctx.people) == 1:
        return ctx.people[0]
    return best


def _best_person(words: list[str], ctx: CheckContext) -> PersonName | None:
    best, best_score = None, 0
    for person in ctx.people:
        score = sum(
            2 if _exact_part(w, person) else 1 if _close_part(w, person) or _short(w, person) else 0
            for w in words
        )
        if score > best_score:
            best, best_score = person, score
    return best


def salutation(person: PersonName) -> str:
    """The name to greet ``person`` by: the recorded salutation, else title and surname for
    doctors and professors, else the given name."""
    return person.greeting_form


Word = tuple[str, int, int]  # a word of the draft and its span


def check(draft: Draft, ctx: CheckContext) -> Iterator[Hit]:
    """Check the greeting against the recipient, and every name-like word against who was met."""
    people(ctx)
    to = recipient(draft, ctx)
    greeted: set[int] = set()
    greeting = draft.greeting
    if greeting and greeting[0] and ctx.people:
        # The same greeting to the same person gets the same verdict: remember it per context
        # (relative to the greeting's start), as a folder of drafts repeats a few greetings.
        text, start, _ = greeting
        key = f"names-greeting {id(to)} {text}"
        found = ctx.extra.get(key)
        if found is None:
            offsets: set[int] = set()
            found = (list(_check_greeting((text, 0, len(text)), to, ctx, offsets)), offsets)
            ctx.extra[key] = found
        hits, offsets = found
        greeted.update(start + lo for lo in offsets)
        for hit in hits:
            yield replace(hit, start=hit.start + start, end=hit.end + start)
    yield from _check_mentions(draft, ctx, to, greeted)


_SPLIT = re.compile(r"\s*(?:,|&|\+|/|\band\b|\bor\b)\s*")
_DOTTED = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*\.?")


def _segments(text: str, start: int) -> list[list[Word]]:
    """The greeted names one by one: "Priya and Marcus" -> [[Priya], [Marcus]]; an
    honorific keeps its dot ("Dr.")."""
    out: list[list[Word]] = []
    pos = 0
    for sep in [*_SPLIT.finditer(text), None]:
        stop = sep.start() if sep else len(text)
        words = []
        for m in _DOTTED.finditer(text, pos, stop):
            word = m.group()
            if word.endswith(".") and not honorific_key(word):
                word = word[:-1]
            words.append((word, start + m.start(), start + m.start() + len(word)))
        if words:
            out.append(words)
        pos = sep.end() if sep else len(text)
    return out


LEGAL = {"inc", "ltd", "llc", "llp", "plc", "gmbh", "ag", "sa", "bv", "corp", "co", "the"}


def _is_group(words: list[Word], ctx: CheckContext) -> bool:
    """A greeting to a team, an office or a role, not to a person: a group word that is no one's
    name ("Dear Hiring Team", "Hello all"), or the company's own name ("Dear Larkin Media
    Associates")."""
    from afterview.checks.name_order import data

    folded = [fold(w) for w, _, _ in words]
    named = set().union(*(p.spellings for p in ctx.people)) if ctx.people else set()
    if any(w in data()["group_words"] and w not in named for w in folded):
        return True
    if any(honorific_key(w) for w, _, _ in words):
        return False
    company = {fold(w) for w in WORD.findall(ctx.company)} - LEGAL
    return bool(company) and company <= set(folded) and not all(w in named for w in folded)


def _check_greeting(
    greeting: tuple[str, int, int], to: PersonName | None, ctx: CheckContext, greeted: set[int]
) -> Iterator[Hit]:
    text, start, _ = greeting
    # The company's own name, "&" and all ("Dear Osprey & Finch team"), greets a group: blank
    # it out before splitting the greeting into names.
    company = re.search(
        r"\s*".join(
            r"(?:&|and|\+)" if w in ("&", "and", "+") else re.escape(w) for w in ctx.company.split()
        ),
        text,
        re.IGNORECASE,
    )
    if company is not None:
        text = text[: company.start()] + " " * len(company.group()) + text[company.end() :]
    segments = _segments(text, start)
    for segment in segments:
        greeted.update(lo for _, lo, _ in segment)
    persons = [s for s in segments if not _is_group(s, ctx)]
    persons = [s for s in persons if any(not honorific_key(w) for w, _, _ in s)]
    several = len(persons) > 1
    for segment in persons:
        names = [w for w, _, _ in segment if not honorific_key(w)]
        target = _best_person(names, ctx) if several else to
        yield from _check_segment(segment, target, ctx, several)


def _check_segment(
    words: list[Word], to: PersonName | None, ctx: CheckContext, several: bool
) -> Iterator[Hit]:
    """One greeted name against the person it should name."""
    honorific = next(((w, lo, hi) for w, lo, hi in words if honorific_key(w)), None)
    names = [(w, lo, hi) for w, lo, hi in words if not honorific_key(w)]
    if to is not None:
        verdict = _whole(words, names, honorific, to)
        if verdict is not None:
            if verdict is not _RIGHT:
                yield verdict
            if honorific is not None:
                yield from _check_honorific(honorific, to)
            return
    initials = {fold(w)[:1] for w in (to.first + " " + to.middle).split()} if to else set()
    for word, w_lo, w_hi in names:
        if fold(word) in PARTICLES or not word[:1].isupper():
            continue
        if len(word) == 1 and fold(word) in initials:
            continue  # "Dr. P. Nair"
        yield from _check_greeted_word(
            word, w_lo, w_hi, to, ctx, formal=honorific is not None, several=several
        )
    if honorific is not None and to is not None:
        yield from _check_honorific(honorific, to)


_RIGHT = Hit(0, 0, "")  # _whole's answer for a right greeting


def _whole(
    words: list[Word], names: list[Word], honorific: Word | None, to: PersonName
) -> Hit | None:
    """The greeted name as a whole: _RIGHT, a finding, or None to judge it word by word."""
    initials = {fold(w)[:1] for w in (to.first + " " + to.middle).split()}
    names = [n for n in names if not (len(n[0]) == 1 and fold(n[0]) in initials)] or names
    key = compact(" ".join(w for w, _, _ in names))
    lo, hi = words[0][1], words[-1][2]
    if to.salutation and _same_letters(" ".join(w for w, _, _ in words), to.salutation):
        return _RIGHT
    if not all(_spelt_right(w, to) for w, _, _ in names):
        return None  # word by word: "Writes 'Zoe' but the name is spelt 'Zoë'"
    own = all(fold(w) in to.spellings for w, _, _ in names)
    if to.order == "unknown" and own:
        return _RIGHT  # either end could be the family name: any of its own words is right
    core = compact(to.family_core) if to.family_core and to.order != "unknown" else None
    particles = to.particles
    if honorific is not None:
        if key in to.family_keys or key in to.full_keys:
            return _RIGHT
        halves = [compact(h) for h in to.last.split("-")] if "-" in to.last else []
        if key in halves and key != core:
            return Hit(
                lo,
                hi,
                f"'{honorific[0]} {names[-1][0]}' uses only part of {to.full}'s family name "
                f"'{to.last}'; use it whole unless they go by the shorter one (then record "
                "it as their salutation)",
                suggestion=f"{honorific[0]} {to.last}",
                severity="warning",
            )
        if key == core:
            fixed = f"{honorific[0]} {to.last}"
            return Hit(
                lo,
                hi,
                f"'{honorific[0]} {names[-1][0]}' drops '{particles}' from {to.full}'s family name",
                suggestion=fixed,
            )
        if key in to.given_keys:
            if (
                to.culture == "vi"  # Vietnamese: title and given name ("Ms Khai")
                or honorific_key(honorific[0]) in ("sir", "dame")  # Sir Ian, Dame Judi
                or key in {compact(w) for w in to.salutation_words}
            ):
                return _RIGHT
            return Hit(
                honorific[1],
                hi,
                f"'{honorific[0]} {names[-1][0]}' pairs a title with a first name",
                suggestion=to.formal,
                severity="warning",
            )
        return None
    if key in to.given_keys or key in to.full_keys:
        return _RIGHT
    if key in to.partial_keys:
        said = " ".join(w for w, _, _ in names)
        what = (
            f"only part of {to.full}'s given name '{to.first}'"
            if to.partial_keys[key] == "part"
            else f"a middle name of {to.full}, who is called '{to.first}'"
        )
        return Hit(
            lo,
            hi,
            f"'{said}' is {what}; use it only if they go by it (then record it as their "
            "salutation)",
            suggestion=to.greeting_form,
            severity="warning",
        )
    if key in to.family_keys and to.first:
        return Hit(
            lo,
            hi,
            f"'{' '.join(w for w, _, _ in names)}' is {to.full}'s family name, used as if it "
            f"were the given name",
            suggestion=to.greeting_form,
            severity="warning",
        )
    if key == core:
        return Hit(
            lo,
            hi,
            f"'{names[-1][0]}' drops '{particles}' from {to.full}'s family name",
            suggestion=to.greeting_form,
        )
    return None


def _same_letters(a: str, b: str) -> bool:
    """The same words, accents included ("Mr Kovács", "Mr. Kovács"; not "Mr Kovàcs")."""
    return re.sub(r"[\s\-.]", "", canon(a).casefold()) == re.sub(
        r"[\s\-.]", "", canon(b).casefold()
    )


def _short(word: str, person: PersonName) -> bool:
    """Whether ``word`` is the start of the person's given name ('Chris' of Christopher)."""
    return (
        len(word) >= 2
        and fold(person.first).startswith(fold(word))
        and fold(person.first) != fold(word)
    )


def _spelt_right(word: str, person: PersonName) -> bool:
    """False when ``word`` is one of the person's name words spelt otherwise (accents)."""
    exact = _exact_part(word, person)
    return exact is None or canon(exact) == word or exact.casefold() == word.casefold()


def _check_greeted_word(
    word: str,
    lo: int,
    hi: int,
    to: PersonName | None,
    ctx: CheckContext,
    formal: bool = False,
    several: bool = False,
) -> Iterator[Hit]:
    # The suggestion replaces the greeted word: after "Mr"/"Dr." that is the surname.
    fix = (to.last or salutation(to)) if formal and to else (salutation(to) if to else None)
    if to is not None:
        exact = _exact_part(word, to)
        if exact is not None and (canon(exact) == word or exact.casefold() == word.casefold()):
            return
        if exact:
            yield Hit(lo, hi, f"Writes '{word}' but the name is spelt '{exact}'", suggestion=exact)
            return
        if not formal and _short(word, to):
            yield Hit(
                lo,
                hi,
                f"'{word}' is a short form of {to.first}: use it only if {to.full} goes by it "
                "(then record it as their salutation)",
                suggestion=fix,
            )
            return
    others = [p for p in ctx.people if p is not to]
    for other in others:
        if _exact_part(word, other):
            if several:
                return
            target = f" but this note is to {to.full}" if to else ""
            yield Hit(lo, hi, f"Greets {other.full}{target}", suggestion=fix)
            return
    if to is not None:
        yield Hit(lo, hi, f"Greets '{word}' but the interviewer is {to.full}", suggestion=fix)
        return
    yield Hit(
        lo,
        hi,
        f"Greets '{word}', who is not among the people you met "
        f"({join([p.full for p in ctx.people])})",
    )


def _check_honorific(honorific: Word, to: PersonName) -> Iterator[Hit]:
    word, lo, hi = honorific
    key = honorific_key(word)
    recorded = to.address_honorific
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
    # A gendered honorific the record neither states nor contradicts ("Dear Mr. van der Meer")
    # is the ordinary formal address (GUIDANCE.md §9): no finding.


def _drops_particle(person: PersonName, key: str, before: str) -> bool:
    """Whether a mention of ``key`` right after the word ``before`` is the family name without
    its particles after an honorific ("Mr. Meer" for van der Meer)."""
    return (
        person.family_core is not None
        and person.order != "unknown"
        and key == fold(person.family_core)
        and honorific_key(before) is not None
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
            if canon(exact) != word and exact.casefold() != word.casefold():
                yield Hit(
                    token.start,
                    token.start + len(word),
                    f"Writes '{word}' but {owner.full}'s name is spelt '{exact}'",
                    suggestion=exact,
                )
            elif i and _drops_particle(owner, key, tokens[i - 1].text):
                title = tokens[i - 1]
                yield Hit(
                    title.start,
                    token.start + len(word),
                    f"'{draft.text[title.start : token.start]}{word}' drops '{owner.particles}' "
                    f"from {owner.full}'s "
                    "family name",
                    suggestion=draft.text[title.start : token.start] + owner.last,
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
