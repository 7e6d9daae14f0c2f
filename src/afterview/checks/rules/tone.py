"""``too-casual``, ``pushy`` and ``apologetic``: tone rules driven by data/tone.toml."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterator
from functools import lru_cache
from importlib import resources
from typing import Any

from afterview.checks.context import CheckContext
from afterview.checks.draft import Draft
from afterview.checks.registry import CheckRule, Hit
from afterview.model import MessageKind


@lru_cache(maxsize=1)
def _entries() -> dict[str, list[dict[str, Any]]]:
    text = resources.files("afterview.checks").joinpath("data/tone.toml").read_text("utf-8")
    return tomllib.loads(text)


RULE_NAMES = ("too-casual", "pushy", "apologetic")


@lru_cache(maxsize=1)
def _compiled() -> list[tuple[str, dict[str, Any], re.Pattern[str], re.Pattern[str]]]:
    """(rule, entry, pattern for lower-cased text, case-insensitive fallback) per entry."""
    out = []
    for name in RULE_NAMES:
        for entry in _entries()[name]:
            flags = re.MULTILINE
            fallback = re.compile(entry["pattern"], flags | (0 if entry.get("case") else re.I))
            out.append((name, entry, re.compile(entry["pattern"], flags), fallback))
    return out


def _matches(draft: Draft, ctx: CheckContext) -> list[tuple[str, dict[str, Any], re.Match[str]]]:
    """Every tone match in the subject and body: (rule, entry, match), computed once per draft.

    Patterns run on the lower-cased text (much faster than case-insensitive matching) when
    lower-casing keeps every offset; entries marked ``case`` see the text as written.
    """
    passed = not before_timeline(ctx)
    key = ("tone", passed)
    cached = draft.cache.get(key)
    if cached is None:
        start = draft.subject_span[0] if draft.subject_span else draft.body_start
        lower = draft.text.lower()
        same_offsets = len(lower) == len(draft.text)
        found = []
        for name, entry, pattern, fallback in _compiled():
            if passed and entry.get("when") == "before_timeline":
                continue
            needles = entry.get("needles")
            if needles and not any(n in lower for n in needles):
                continue
            if entry.get("case"):
                matches = pattern.finditer(draft.text, start)
            elif same_offsets:
                matches = pattern.finditer(lower, start)
            else:
                matches = fallback.finditer(draft.text, start)
            for m in matches:
                if m.start() < draft.body_start and not draft.subject_span:
                    continue
                found.append((name, entry, m))
        draft.cache[key] = cached = found
    return cached  # type: ignore[return-value]


def before_timeline(ctx: CheckContext) -> bool:
    """Decision questions are only fair in a status check sent after the timeline."""
    if ctx.kind != MessageKind.status_check:
        return True
    from afterview.checks.rules.timing import status_check_opens

    opens = status_check_opens(ctx)
    return opens is not None and ctx.at < opens


def _phrase_rule(name: str) -> Callable[[Draft, CheckContext], Iterator[Hit]]:
    def check(draft: Draft, ctx: CheckContext) -> Iterator[Hit]:
        for rule, entry, m in _matches(draft, ctx):
            if rule == name:
                yield Hit(
                    m.start(),
                    m.end(),
                    f"{entry['message']}: '{m.group()}'",
                    entry.get("suggestion"),
                )

    check.__doc__ = f"Flag the phrases listed under [[{name}]] in data/tone.toml."
    return check


_SINGLE_BANG = re.compile(r"(?<!!)!(?!!)")


def _exclamations(draft: Draft, ctx: CheckContext) -> Iterator[Hit]:
    """More than one exclamation mark in the message (GUIDANCE §11: block >= 2 '!')."""
    marks = [m.start() for m in _SINGLE_BANG.finditer(draft.text, draft.body_start)]
    for offset in marks[1:]:
        yield Hit(offset, offset + 1, "More than one exclamation mark in the message", ".")


def _too_casual(draft: Draft, ctx: CheckContext) -> Iterator[Hit]:
    yield from _phrase_rule("too-casual")(draft, ctx)
    yield from _exclamations(draft, ctx)


TOO_CASUAL = CheckRule(
    "too-casual",
    "warning",
    'slang, emoji, "hey", "thx", runs of exclamation marks, a lowercase "i"',
    _too_casual,
)
PUSHY = CheckRule(
    "pushy",
    "warning",
    'asks about the decision, an offer or salary, or "just checking in" before the timeline',
    _phrase_rule("pushy"),
)
APOLOGETIC = CheckRule(
    "apologetic", "warning", "apologies or self-criticism", _phrase_rule("apologetic")
)
