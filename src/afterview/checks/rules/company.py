"""``wrong-company``: another organisation's name, or a misspelling of this one."""

from __future__ import annotations

import re
from collections.abc import Iterator

from afterview.checks.context import CheckContext, fold
from afterview.checks.draft import Draft
from afterview.checks.edits import osa
from afterview.checks.registry import CheckRule, Hit

SUFFIXES = (
    r"Inc\.?|LLC|L\.L\.C\.|Ltd\.?|Limited|Corp\.?|Corporation|Co\.|GmbH|AG|plc|PLC|S\.A\.|SA|LLP|"
    r"Group|Holdings|Technologies|Labs|Systems|Solutions|Partners|Bank|Health|Analytics|Software|"
    r"Consulting|Industries|Enterprises|Foundation|University|College|Institute|Hospital"
)
CAP = r"(?:[A-Z][\w&'’-]*|&)"
# Organisation names are found around anchors (a corporate suffix, "team at", "joining", "'s
# mission"), so the text is scanned for the anchors and the name pattern runs only beside them.
SUFFIX = re.compile(rf"\b(?:{SUFFIXES})(?![\w])")
NAME_BEFORE = re.compile(rf"((?:{CAP}\s+){{0,3}}[A-Z][\w&'’-]*)\s+$")  # "Contoso" in "Contoso Ltd"
CONTEXT = re.compile(
    r"\b(?:team|role|position|job|opportunity|future|career|interview|interviewing|work|"
    r"working|offer|culture|mission|everyone|people|colleagues|time)\s+(?:at|with)\s+"
    r"|\bjoin(?:ing)?\s+(?:the\s+team\s+at\s+)?"
)
NAME_AFTER = re.compile(rf"{CAP}(?:\s+{CAP}){{0,3}}")  # "Contoso" in "the team at Contoso"
POSSESSIVE = re.compile(
    r"['’]s\s+(?:team|mission|culture|customers|platform|products?|roadmap|values|work)\b"
)
NAME_OWNING = re.compile(rf"({CAP}(?:\s+{CAP}){{0,2}})$")  # "Contoso" in "Contoso's mission"


def organisations(draft: Draft) -> Iterator[tuple[int, str]]:
    """(offset, name) of every phrase that reads as an organisation's name."""
    text = draft.text
    start = draft.subject_span[0] if draft.subject_span else draft.body_start
    for m in SUFFIX.finditer(text, start):
        before = NAME_BEFORE.search(text, max(start, m.start() - 60), m.start())
        if before:
            yield before.start(1), text[before.start(1) : m.end()]
    for m in CONTEXT.finditer(text, start):
        after = NAME_AFTER.match(text, m.end())
        if after:
            yield after.start(), after.group()
    for m in POSSESSIVE.finditer(text, start):
        owner = NAME_OWNING.search(text, max(start, m.start() - 60), m.start())
        if owner:
            yield owner.start(1), owner.group(1)


GENERIC = {
    "inc",
    "llc",
    "ltd",
    "limited",
    "corp",
    "corporation",
    "co",
    "gmbh",
    "ag",
    "plc",
    "sa",
    "llp",
    "group",
    "holdings",
    "the",
    "and",
    "&",
    "of",
    "company",
}


def _words(text: str) -> list[str]:
    return list(re.findall(r"[\w&]+", fold(text)))


def _is_this_company(phrase: str, ctx: CheckContext) -> bool:
    """A phrase that names this company: all its words are the company's (shortening allowed)."""
    ours = set(_words(ctx.company))
    words = [w for w in _words(re.sub(r"['’]s\b", "", phrase)) if w not in GENERIC]
    return bool(words) and all(w in ours for w in words)


def _is_person_or_record(phrase: str, ctx: CheckContext) -> bool:
    words = _words(phrase)
    return all(w in ctx.record_words for w in words)


def check(draft: Draft, ctx: CheckContext) -> Iterator[Hit]:
    """Flag other organisations' names and misspellings of this one."""
    seen: set[int] = set()
    for lo, phrase in organisations(draft):
        phrase = phrase.rstrip(".")
        if lo in seen or _is_this_company(phrase, ctx) or _is_person_or_record(phrase, ctx):
            continue
        seen.add(lo)
        yield Hit(
            lo,
            lo + len(phrase),
            f"Mentions '{phrase}' but you interviewed at {ctx.company}",
            suggestion=ctx.company,
        )
    yield from _misspellings(draft, ctx, seen)
    for other in ctx.extra.get("other_companies", ()):
        for m in re.finditer(rf"\b{re.escape(other)}\b", draft.text):
            if m.start() not in seen and not _is_this_company(other, ctx):
                seen.add(m.start())
                yield Hit(
                    m.start(),
                    m.end(),
                    f"Mentions {other}, another company you applied to; "
                    f"this note is for {ctx.company}",
                    suggestion=ctx.company,
                )


def _misspellings(draft: Draft, ctx: CheckContext, seen: set[int]) -> Iterator[Hit]:
    ours = [w for w in re.findall(r"[\w&]+", ctx.company) if fold(w) not in GENERIC and len(w) >= 4]
    if not ours:
        return
    targets = [(fold(w), w) for w in ours]
    folded_ours = {t for t, _ in targets}
    initials = {t[0] for t, _ in targets}
    joined = "".join(ours)
    tokens = draft.tokens
    for i in draft.capitalised:
        token = tokens[i]
        word = token.text
        # Cheap tests first: only a capitalised word starting like the company's name can be
        # a misspelling of it.
        if word[0].lower() not in initials or token.start in seen:
            continue
        key = fold(word)
        if key in ctx.record_words:
            continue
        for t, target in targets:
            limit = 1 if len(t) <= 5 else 2
            if key == t or abs(len(key) - len(t)) > limit or key[0] != t[0]:
                continue
            if osa(key, t) <= limit and not ctx.spell.known(key):
                seen.add(token.start)
                yield Hit(
                    token.start,
                    token.end,
                    f"Writes '{word}' but the company is {ctx.company}",
                    suggestion=target,
                )
                break
        # "North Wind" for "Northwind": two words that join into the company's name
        if i + 1 < len(tokens):
            nxt = tokens[i + 1]
            pair = fold(word + nxt.text)
            if pair in folded_ours and pair != key and draft.text[token.end : nxt.start] == " ":
                seen.add(token.start)
                yield Hit(
                    token.start,
                    nxt.end,
                    f"Writes '{word} {nxt.text}' but the company is {ctx.company}",
                    suggestion=joined if len(ours) == 1 else ours[0],
                )


RULE = CheckRule(
    "wrong-company",
    "error",
    "another company's name, or a misspelling of this one",
    check,
)
