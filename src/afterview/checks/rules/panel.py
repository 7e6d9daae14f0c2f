"""``panel-duplicate``: drafts to different panel members that are nearly the same text."""

from __future__ import annotations

import heapq
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from afterview.checks.context import CheckContext, PersonName, fold
from afterview.checks.draft import Draft
from afterview.checks.registry import Hit, SetRule
from afterview.checks.rules.names import recipient

THRESHOLD = 85.0  # rapidfuzz ratio (0-100) of the bodies without names and greeting


def _comparable(draft: Draft, ctx: CheckContext) -> str:
    """The body after its greeting, with every name of the people met removed."""
    greeting = draft.greeting
    # After the greeted name, not after its line: a greeting may be inline ("Hi Marcus, thank
    # you for ..."), and a one-line note is then all of the text.
    body = draft.text[greeting[2] :] if greeting else draft.body
    names = ctx.extra.get("panel-names")
    if names is None:
        parts = sorted(
            {p for person in ctx.people for p in person.folded_parts}, key=len, reverse=True
        )
        names = re.compile(r"\b(?:" + "|".join(map(re.escape, parts)) + r")\b") if parts else None
        ctx.extra["panel-names"] = names
    text = fold(body)
    if names is not None:
        text = names.sub("", text)
    return " ".join(text.split())


SKETCH = 8  # shingles kept per draft: near-copies share most of them
EXHAUSTIVE = 40  # below this many drafts, compare every pair
CROWDED = 64  # a shingle shared by more drafts than this is a stock phrase


def _pairs(texts: list[str]) -> Iterator[tuple[int, int]]:
    """Index pairs worth comparing, later index first. Few drafts: all pairs. Many: pairs that
    share one of their smallest four-word-shingle hashes (a bottom-k sketch), so that a folder
    of a thousand drafts is not a million comparisons."""
    if len(texts) < EXHAUSTIVE:
        for i in range(len(texts)):
            for j in range(i):
                yield i, j
        return
    buckets: dict[int, list[int]] = defaultdict(list)
    for i, text in enumerate(texts):
        words = text.split()
        grams = zip(words, words[1:], words[2:], words[3:], strict=False)
        shingles = set(map(hash, grams)) or {hash(text)}
        for h in heapq.nsmallest(SKETCH, shingles):
            buckets[h].append(i)
    seen: set[tuple[int, int]] = set()
    for members in buckets.values():
        if len(members) > CROWDED:
            continue  # a stock phrase many drafts share is no evidence of copying
        for a in range(len(members)):
            for b in range(a):
                pair = (members[a], members[b])
                if pair not in seen:
                    seen.add(pair)
                    yield pair


def prepare(draft: Draft, ctx: CheckContext) -> tuple[str | None, str]:
    """(recipient's name, comparable text) of a draft; kept in the draft's cache, so that
    worker processes can compute it beside the other rules and hand it back."""
    key = ("panel", id(ctx))
    cached = draft.cache.get(key)
    if cached is None:
        person = recipient(draft, ctx)
        cached = (person.full if person else None, _comparable(draft, ctx) if person else "")
        draft.cache[key] = cached
    return cached  # type: ignore[return-value]


def check(drafts: list[tuple[Draft, CheckContext]]) -> Iterator[tuple[Draft, Hit]]:
    """Flag each draft that nearly copies an earlier draft to someone else, or a note already
    sent to someone else of the panel (the context's ``panel-sent``), once per draft."""
    from rapidfuzz import fuzz, process

    prepared = []
    for draft, ctx in drafts:
        name, text = prepare(draft, ctx)
        person = next((p for p in ctx.people if p.full == name), None)
        if person is not None:
            prepared.append((draft, person, text))
    texts = [text for _, _, text in prepared]
    others: dict[int, list[int]] = defaultdict(list)  # i -> earlier drafts to someone else
    for i, j in _pairs(texts):
        if prepared[i][1] is not prepared[j][1] and texts[i] and texts[j]:
            others[i].append(j)
    best: dict[int, tuple[float, str, str]] = {}  # i -> (score, the other's name, where)
    for i, candidates in others.items():  # one call into rapidfuzz per draft, not per pair
        found = process.extractOne(
            texts[i], [texts[j] for j in candidates], scorer=fuzz.ratio, score_cutoff=THRESHOLD
        )
        if found is not None:
            earlier, earlier_person, _ = prepared[candidates[found[2]]]
            best[i] = (found[1], f"the one to {earlier_person.full}", earlier.path)
    sent = _sent(drafts)
    for i, (_, person, text) in enumerate(prepared):
        for sent_person, sent_text, sent_path in sent:
            if sent_person is person or not text or not sent_text:
                continue
            score = fuzz.ratio(text, sent_text)
            if score >= THRESHOLD and score > best.get(i, (0.0, "", ""))[0]:
                best[i] = (score, f"the one already sent to {sent_person.full}", sent_path)
    for i in sorted(best):
        score, other, path = best[i]
        draft, person, _ = prepared[i]
        start = draft.body_start + len(draft.body) - len(draft.body.lstrip())
        yield (
            draft,
            Hit(
                start,
                draft.body_start + len(draft.body.rstrip()),
                f"This note to {person.full} is {score:.0f}% the same as {other} ({path}); "
                "interviewers compare notes, so make each one about what you discussed with "
                "that person",
            ),
        )


def _sent(drafts: list[tuple[Draft, CheckContext]]) -> list[tuple[PersonName, str, str]]:
    """(person, comparable text, path) of each note already sent to someone of the panel."""
    if not drafts:
        return []
    ctx = drafts[0][1]
    out = []
    for note in ctx.extra.get("panel-sent", ()):
        name, text = prepare(note, ctx)
        person = next((p for p in ctx.people if p.full == name), None)
        if person is not None and text:
            out.append((person, text, note.path))
    return out


def sent_notes(messages: Iterable[Any], kind: str, but: int | None = None) -> list[Draft]:
    """The outbox messages of ``kind`` already sent or handed off (with their text), except
    message ``but``, as drafts for :class:`afterview.checks.Checker`'s ``sent``."""
    from afterview.checks.draft import parse_text

    return [
        parse_text(m.as_text(), f"message {m.id}, sent")
        for m in messages
        if m.kind == kind and m.state in ("sent", "handed_off") and m.body and m.id != but
    ]


RULE = SetRule(
    "panel-duplicate",
    "error",
    "two drafts to different panel members that are nearly the same text",
    check,
)
