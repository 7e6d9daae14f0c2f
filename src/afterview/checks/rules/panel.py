"""``panel-duplicate``: drafts to different panel members that are nearly the same text."""

from __future__ import annotations

import re
from collections.abc import Iterator

from afterview.checks.context import CheckContext, fold
from afterview.checks.draft import Draft
from afterview.checks.registry import Hit, SetRule
from afterview.checks.rules.names import recipient

THRESHOLD = 85.0  # rapidfuzz ratio (0-100) of the bodies without names and greeting


def _comparable(draft: Draft, ctx: CheckContext) -> str:
    """The body without its greeting line and with every name of the people met removed."""
    body = draft.body.strip()
    if draft.greeting:
        body = body.split("\n", 1)[1] if "\n" in body else ""
    text = fold(body)
    for person in ctx.people:
        for part in person.folded_parts:
            text = re.sub(rf"\b{re.escape(part)}\b", "", text)
    return " ".join(text.split())


def check(drafts: list[tuple[Draft, CheckContext]]) -> Iterator[tuple[Draft, Hit]]:
    """Compare every pair of drafts addressed to different people."""
    from rapidfuzz import fuzz

    prepared = []
    for draft, ctx in drafts:
        person = recipient(draft, ctx)
        if person is not None:
            prepared.append((draft, person, _comparable(draft, ctx)))
    for i, (draft, person, text) in enumerate(prepared):
        for other, other_person, other_text in prepared[:i]:
            if person is other_person or not text or not other_text:
                continue
            score = fuzz.ratio(text, other_text)
            if score >= THRESHOLD:
                start = draft.body_start + len(draft.body) - len(draft.body.lstrip())
                yield (
                    draft,
                    Hit(
                        start,
                        draft.body_start + len(draft.body.rstrip()),
                        f"This note to {person.full} is {score:.0f}% the same as the one to "
                        f"{other_person.full} ({other.path}); interviewers compare notes, so make "
                        "each one about what you discussed with that person",
                    ),
                )


RULE = SetRule(
    "panel-duplicate",
    "error",
    "two drafts to different panel members that are nearly the same text",
    check,
)
