"""``wrong-company``: another organisation's name, or a misspelling of this one."""

from __future__ import annotations

import re
from collections.abc import Iterator

from afterview.checks.context import CheckContext, fold
from afterview.checks.draft import Draft
from afterview.checks.registry import CheckRule, Hit

SUFFIXES = (
    r"Inc\.?|LLC|L\.L\.C\.|Ltd\.?|Limited|Corp\.?|Corporation|Co\.|GmbH|AG|plc|PLC|S\.A\.|SA|LLP|"
    r"Group|Holdings|Technologies|Labs|Systems|Solutions|Partners|Bank|Health|Analytics|Software|"
    r"Consulting|Industries|Enterprises|Foundation|University|College|Institute|Hospital"
)
CAP = r"(?:[A-Z][\w&'’-]*|&)"
# "Contoso Ltd", "Tailspin Toys Inc."
ORG_WITH_SUFFIX = re.compile(rf"\b((?:{CAP}\s+){{0,3}}[A-Z][\w&'’-]*\s+(?:{SUFFIXES}))(?![\w])")
# "the team at Contoso", "joining Fabrikam", "Contoso's mission"
ORG_IN_CONTEXT = re.compile(
    rf"(?:\b(?:team|role|position|job|opportunity|future|career|interview|interviewing|work|"
    rf"working|offer|culture|mission|everyone|people|colleagues|time)\s+(?:at|with)\s+|"
    rf"\bjoin(?:ing)?\s+(?:the\s+team\s+at\s+)?)((?:{CAP})(?:\s+{CAP}){{0,3}})"
    rf"|\b({CAP}(?:\s+{CAP}){{0,2}})['’]s\s+(?:team|mission|culture|customers|platform|products?|"
    rf"roadmap|values|work)\b"
)
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
    for pattern in (ORG_WITH_SUFFIX, ORG_IN_CONTEXT):
        for m in pattern.finditer(
            draft.text, draft.subject_span[0] if draft.subject_span else draft.body_start
        ):
            group = 1 if m.group(1) else 2
            phrase, lo = m.group(group), m.start(group)
            phrase = phrase.rstrip(".")
            if lo in seen or _is_this_company(phrase, ctx) or _is_person_or_record(phrase, ctx):
                continue
            if any(fold(w) in ctx.extra.get("places", ()) for w in phrase.split()):
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
    from rapidfuzz.distance import OSA

    ours = [w for w in re.findall(r"[\w&]+", ctx.company) if fold(w) not in GENERIC and len(w) >= 4]
    joined = "".join(ours)
    tokens = draft.tokens
    for i, token in enumerate(tokens):
        word = token.text
        if token.start in seen or not word[:1].isupper():
            continue
        key = fold(word)
        for target in ours:
            t = fold(target)
            if key == t or key in ctx.record_words:
                continue
            limit = 1 if len(t) <= 5 else 2
            if OSA.distance(key, t) <= limit and key[0] == t[0] and not ctx.spell.known(key):
                seen.add(token.start)
                yield Hit(
                    token.start,
                    token.end,
                    f"Writes '{word}' but the company is {ctx.company}",
                    suggestion=target,
                )
                break
        # "North Wind" for "Northwind": two words that join into the company's name
        if i + 1 < len(tokens) and len(ours) >= 1:
            nxt = tokens[i + 1]
            pair = word + nxt.text
            if (
                draft.text[token.end : nxt.start] == " "
                and fold(pair) in {fold(o) for o in ours}
                and fold(pair) != key
            ):
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
