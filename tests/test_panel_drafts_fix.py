"""Sending one note of a panel never rewrites the others, and the notes of one panel stay
apart over the whole panel, sent or not (the "I sent it myself" report): each person keeps
their own opening and closing, no two notes share a sentence of more than six words, and
afterview's check compares a draft with the notes already sent to the panel too."""

from __future__ import annotations

import itertools
import os
import re
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from afterview.checks import Checker, parse_text
from afterview.checks.rules.panel import THRESHOLD
from afterview.drafting import MessageDraft, draft_messages
from afterview.record import Sent, Situation

from test_drafting_panels import CORPUS, NAMES, TOPICS, errors_of, panel

PER_PERSON = ("thank_you", "linkedin_note", "handwritten_note")
LONGEST_SHARED = 6  # words: a longer sentence in two notes of one panel reads as a copy


def _words(sentence: str) -> list[str]:
    return re.findall(r"[\w'’-]+", sentence.casefold())


def sentences(record: Situation, draft: MessageDraft) -> list[tuple[str, ...]]:
    """The words of each sentence between the greeting and the signature, folded, with every
    name of the panel taken out (as the checker's panel comparison reads a note)."""
    from afterview.checks.context import fold

    body = draft.body.strip()
    if "\n" in body:  # a letter: without its greeting line and its signature block
        body = body.split("\n", 1)[1].rsplit("\n\n", 1)[0]
    else:  # a one-line note: without "Hello Tom, " and " – Alex Rivera"
        body = body.split(", ", 1)[-1].rsplit(" – ", 1)[0]
    names = {w for iv in record.interviewers for w in _words(fold(iv.name))}
    out = []
    for sentence in re.split(r"(?<=[.;!?])\s+", fold(body)):
        words = tuple(w for w in _words(sentence) if w not in names)
        if words:
            out.append(words)
    return out


def opening(draft: MessageDraft) -> str:
    """The body's first sentence after the greeting."""
    paragraphs = draft.body.strip().split("\n\n")
    first = paragraphs[1] if len(paragraphs) > 2 else draft.body.split(", ", 1)[-1]
    return re.split(r"(?<=[.;])\s", first, maxsplit=1)[0]


def closing(draft: MessageDraft) -> str:
    """The last paragraph before the signature (a one-line note: its last sentence)."""
    paragraphs = draft.body.strip().split("\n\n")
    if len(paragraphs) > 2:
        return paragraphs[-2]
    return re.split(r"(?<=[.;])\s", draft.body.strip())[-1].rsplit(" – ", 1)[0]


def apart(record: Situation, drafts: list[MessageDraft]) -> list[str]:
    """Why two notes of one kind to different people of the panel read as copies (empty: they
    do not): the same opening or closing, a shared sentence of more than six words, or the
    checker's panel comparison."""
    out = []
    for kind in PER_PERSON:
        same = [d for d in drafts if d.kind == kind]
        for a, b in itertools.combinations(same, 2):
            if a.kind != "linkedin_note" and opening(a) == opening(b):
                out.append(f"{kind}: {a.to} and {b.to} open alike: {opening(a)!r}")
            if kind == "thank_you" and closing(a) == closing(b):
                out.append(f"{kind}: {a.to} and {b.to} close alike: {closing(a)!r}")
            shared = set(sentences(record, a)) & set(sentences(record, b))
            long = [" ".join(s) for s in shared if len(s) > LONGEST_SHARED]
            if long:
                out.append(f"{kind}: {a.to} and {b.to} share {long}")
    return out


# --- the property ---------------------------------------------------------------------------

material = st.sampled_from(["none", "notes", "topics", "both"])


@st.composite
def panels(draw: st.DrawFn) -> Situation:
    """A panel of two to six people, each with notes, topics, both or nothing, and maybe
    notes or topics for the whole interview."""
    size = draw(st.integers(2, 6))
    names = draw(st.lists(st.sampled_from(NAMES), min_size=size, max_size=size, unique=True))
    notes, topics = [], []
    for _ in names:
        has = draw(material)
        notes.append(
            draw(st.lists(st.sampled_from(CORPUS), min_size=1, max_size=2))
            if has in ("notes", "both")
            else []
        )
        topics.append([draw(st.sampled_from(TOPICS))] if has in ("topics", "both") else [])
    patch: dict[str, Any] = {
        "interview.notes": draw(st.lists(st.sampled_from(CORPUS), max_size=1)),
        "interview.topics": draw(st.lists(st.sampled_from(TOPICS), max_size=1)),
        "interview.kind": draw(st.sampled_from(["panel", "onsite", "final_round", "video"])),
        "application.region": draw(st.sampled_from(["US", "CA", "AU", "GB"])),
    }
    if draw(st.booleans()):
        patch["interview.to_add"] = [
            {"kind": "work_sample", "text": "A short case study on the claims dashboard"}
        ]
    return panel(names, notes, topics, patch)


def sent_now(record: Situation, draft: MessageDraft) -> Situation:
    """The record once ``draft`` went out (at the start of its window)."""
    return replace(
        record, sent=(*record.sent, Sent(kind=draft.kind, to=draft.to, at=draft.send_after))
    )  # type: ignore[arg-type]


@settings(
    max_examples=int(os.environ.get("DRAFT_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(panels(), st.integers(0, 5))
def test_no_two_notes_of_a_panel_read_alike_before_or_after_one_is_sent(
    record: Situation, which: int
) -> None:
    drafts = draft_messages(record)
    assert apart(record, drafts) == []
    assert errors_of(record, drafts) == []
    notes = [d for d in drafts if d.kind in PER_PERSON]
    if not notes:
        return
    gone = notes[which % len(notes)]
    after = draft_messages(sent_now(record, gone), now=record.now)
    # the others' notes are word for word what they were: each keeps its own
    kept = {(d.kind, d.to): d.body for d in after if d.kind == gone.kind}
    before = {(d.kind, d.to): d.body for d in notes if d.kind == gone.kind and d.to != gone.to}
    assert {k: v for k, v in kept.items() if k in before} == {
        k: before[k] for k in kept if k in before
    }
    assert not any(f"thanks to {gone.to}" in body for body in kept.values())
    assert apart(record, [gone, *after]) == []
    assert errors_of(record, after) == []
