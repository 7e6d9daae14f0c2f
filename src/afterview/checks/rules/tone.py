"""``too-casual``, ``pushy`` and ``apologetic``: tone rules driven by data/tone.toml."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from typing import Any

from afterview.checks.context import CheckContext
from afterview.checks.draft import Draft
from afterview.checks.registry import CheckRule, Hit
from afterview.record import MessageKind


@lru_cache(maxsize=1)
def _entries() -> dict[str, list[dict[str, Any]]]:
    """data/tone.toml, parsed; kept in the on-disk cache under its hash (parsing it costs more
    than checking a draft)."""
    import hashlib

    from afterview import cache

    text = resources.files("afterview.checks").joinpath("data/tone.toml").read_text("utf-8")
    key = f"tone-{cache.FORMAT}-{hashlib.sha256(text.encode()).hexdigest()[:32]}.pickle"
    parsed = cache.read(key)
    if not isinstance(parsed, dict):
        parsed = tomllib.loads(text)
        cache.write(key, parsed)
    return parsed


RULE_NAMES = ("too-casual", "pushy", "apologetic")


@dataclass(frozen=True)
class _Entry:
    rule: str
    data: dict[str, Any]
    words: frozenset[str]  # needles that are whole words
    substrings: tuple[str, ...]  # other needles, and "word*" prefixes

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        """For the lower-cased text (or as written, for `case` entries); compiled on first use,
        since most entries' needles are absent from most drafts."""
        return re.compile(self.data["pattern"], re.MULTILINE)

    @cached_property
    def fallback(self) -> re.Pattern[str]:
        """Case-insensitive, for text whose lower case moves offsets."""
        flags = re.MULTILINE | (0 if self.data.get("case") else re.IGNORECASE)
        return re.compile(self.data["pattern"], flags)

    def may_match(self, tokens: set[str], text: str) -> bool:
        """False when no needle is present, so the pattern cannot match."""
        if not (self.words or self.substrings):
            return True
        return not tokens.isdisjoint(self.words) or any(s in text for s in self.substrings)


_WHOLE_WORD = re.compile(r"^[\w'’]+$")


@lru_cache(maxsize=1)
def _compiled() -> list[_Entry]:
    out = []
    for name in RULE_NAMES:
        for entry in _entries()[name]:
            needles = entry.get("needles", [])
            out.append(
                _Entry(
                    name,
                    entry,
                    frozenset(n for n in needles if _WHOLE_WORD.match(n)),
                    # "word*" prefixes are looked for as substrings: a superset, fine for a filter
                    tuple(n.rstrip("*") for n in needles if not _WHOLE_WORD.match(n)),
                )
            )
    return out


def _matches(draft: Draft, ctx: CheckContext) -> list[tuple[str, dict[str, Any], re.Match[str]]]:
    """Every tone match in the subject and body: (rule, entry, match), computed once per draft.

    Patterns run on the lower-cased text (much faster than case-insensitive matching) when
    lower-casing keeps every offset; entries marked ``case`` see the text as written. An entry
    none of whose needles is present is skipped.
    """
    passed = not before_timeline(ctx, draft)
    key = ("tone", passed)
    cached = draft.cache.get(key)
    if cached is None:
        start = draft.subject_span[0] if draft.subject_span else draft.body_start
        text = draft.text
        lower = text.lower()
        same_offsets = len(lower) == len(text)
        as_written = {t.text for t in draft.tokens}
        lowered = set(draft.lowered)
        ascii_only = text.isascii()
        found = []
        for entry in _compiled():
            data = entry.data
            if passed and data.get("when") == "before_timeline":
                continue
            if data.get("unicode") and ascii_only:
                continue
            case = bool(data.get("case"))
            if not entry.may_match(as_written if case else lowered, text if case else lower):
                continue
            if case:
                matches = entry.pattern.finditer(text, start)
            elif same_offsets:
                matches = entry.pattern.finditer(lower, start)
            else:
                matches = entry.fallback.finditer(text, start)
            for m in matches:
                if m.start() < draft.body_start and not draft.subject_span:
                    continue
                found.append((entry.rule, data, m))
        draft.cache[key] = cached = found
    return cached  # type: ignore[return-value]


def before_timeline(ctx: CheckContext, draft: Draft | None = None) -> bool:
    """Decision questions are only fair in a status check sent after the timeline."""
    if ctx.kind != MessageKind.status_check:
        return True
    from afterview.checks.rules.timing import status_check_opens

    opens = status_check_opens(ctx, draft)
    return opens is not None and ctx.at < opens


def _hits(
    matches: list[tuple[str, dict[str, Any], re.Match[str]]], name: str, skip_when: str = ""
) -> Iterator[Hit]:
    """One hit per stretch of text: where entries overlap ("I wanted to ask whether there is
    any news"), the first (then the longest) match speaks for them."""
    chosen = sorted(
        (m.start(), -m.end(), i, entry, m)
        for i, (rule, entry, m) in enumerate(matches)
        if rule == name and not (skip_when and entry.get("when") == skip_when)
    )
    reach = -1
    for start, _, _, entry, m in chosen:
        if start < reach:
            continue
        reach = m.end()
        yield Hit(start, m.end(), f"{entry['message']}: '{m.group()}'", entry.get("suggestion"))


def _phrase_rule(name: str) -> Callable[[Draft, CheckContext], Iterator[Hit]]:
    def check(draft: Draft, ctx: CheckContext) -> Iterator[Hit]:
        yield from _hits(_matches(draft, ctx), name)

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


_KIND_LABELS = {
    MessageKind.thank_you: "thank-you",
    MessageKind.value_add: "value-add",
    MessageKind.linkedin_note: "LinkedIn note",
    MessageKind.handwritten_note: "handwritten note",
}


def _reads_as_status_check(draft: Draft, ctx: CheckContext) -> Hit | None:
    """A draft checked as another kind whose wording is a status check's ("just checking in",
    "any update on the role"): it must not pass as a thank-you, whose rules (length, window,
    specifics) are not the ones that matter for it."""
    if ctx.kind == MessageKind.status_check:
        return None
    from afterview.checks.kinds import status_wording

    span = status_wording(draft)
    if span is None:
        return None
    from afterview.checks.rules.timing import at_time, status_check_opens

    message = f"Reads as a status check, not a {_KIND_LABELS.get(ctx.kind, ctx.kind.value)}"
    opens = status_check_opens(ctx, draft)
    if opens is not None and ctx.at < opens:
        message += (
            "; the employer's timeline has not passed, so wait: a status check fits from "
            f"{at_time(opens, ctx)}"
        )
    else:
        message += "; check it as a status check"
    return Hit(span[0], span[1], message)


def _pushy(draft: Draft, ctx: CheckContext) -> Iterator[Hit]:
    """The phrases under [[pushy]]; and when the draft reads as a status check although it is
    checked as another kind, one warning saying so in place of the decision-chasing phrases
    (which a status check is judged on by its timing, not its words)."""
    kind_hit = _reads_as_status_check(draft, ctx)
    if kind_hit is not None:
        yield kind_hit
    yield from _hits(_matches(draft, ctx), "pushy", "before_timeline" if kind_hit else "")


PUSHY = CheckRule(
    "pushy",
    "warning",
    'asks about the decision, an offer or salary, or "just checking in" before the timeline',
    _pushy,
)
APOLOGETIC = CheckRule(
    "apologetic", "warning", "apologies or self-criticism", _phrase_rule("apologetic")
)
