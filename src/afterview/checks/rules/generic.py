"""``generic``: nothing specific from the interview notes is referenced."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from afterview.checks.context import CheckContext, fold
from afterview.checks.draft import Draft
from afterview.checks.registry import CheckRule, Hit
from afterview.checks.rules.names import recipient
from afterview.checks.vocabulary import stopwords
from afterview.record import MessageKind

CHECKED = {
    MessageKind.thank_you,
    MessageKind.value_add,
    MessageKind.linkedin_note,
    MessageKind.handwritten_note,
}


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A crude stem: enough that 'dashboards' meets 'dashboard' and 'migrating' 'migration'."""
    word = re.sub(r"['’]s$", "", fold(word))
    for suffix in ("ations", "ation", "ings", "ing", "ies", "ed", "es", "s", "ly"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    return word[:6]


def keywords(texts: list[str], ctx: CheckContext) -> set[str]:
    """Stems of the distinctive words of ``texts`` (no stop words, names or company)."""
    common = stopwords()
    names = {fold(p) for person in (*ctx.people, ctx.candidate) for p in person.parts}
    company = {fold(w) for w in re.findall(r"\w+", ctx.company)}
    out = set()
    for text in texts:
        for word in re.findall(r"[^\W_]+", text):
            key = fold(word)
            distinctive = (
                len(key) >= 4
                or (len(word) >= 2 and word.isupper())
                or any(c.isdigit() for c in word)
                or (len(key) == 3 and not ctx.spell.common(key, top=5_000))
            )
            if distinctive and key not in common and key not in names and key not in company:
                out.add(stem(word))
    return out


def _same(a: str, b: str) -> bool:
    """Stems that share a root: equal, or one a prefix (4+ letters) of the other."""
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    return len(short) >= 4 and long.startswith(short)


def check(draft: Draft, ctx: CheckContext) -> Iterator[Hit]:
    """Warn when the draft uses none of the distinctive words of the notes."""
    if ctx.kind not in CHECKED:
        return
    person = recipient(draft, ctx)
    texts = list(ctx.situation.interview.notes)
    if person is not None:
        texts += person.notes
    else:
        texts += [n for p in ctx.people for n in p.notes]
    if ctx.kind == MessageKind.value_add:
        texts += [item.text for item in ctx.situation.interview.to_add]
    cache = ctx.extra.setdefault("generic-keywords", {})
    key = person.full if person is not None else None
    if key not in cache:
        cache[key] = keywords(texts, ctx)
    wanted = cache[key]
    if not wanted:
        return  # nothing recorded to compare with
    used = {stem(t.text) for t in draft.body_tokens}
    if wanted & used:
        return
    roots = {u[:4] for u in used if len(u) >= 4}
    if any(_same(w, u) for w in wanted if w[:4] in roots for u in used if u[:4] == w[:4]):
        return
    body = draft.body
    first = len(body) - len(body.lstrip())
    end = body.find("\n", first)
    hint = texts[0] if texts else ""
    yield Hit(
        draft.body_start + first,
        draft.body_start + (end if end != -1 else len(body)),
        "Mentions nothing specific from the interview; refer to something you discussed"
        + (f", e.g. “{hint}”" if hint else ""),
    )


RULE = CheckRule(
    "generic", "warning", "nothing specific from the interview notes is referenced", check
)
