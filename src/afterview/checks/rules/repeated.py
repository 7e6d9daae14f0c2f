"""``repeated-word``: the same word twice in a row ("the the")."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from afterview.checks.context import CheckContext
from afterview.checks.draft import Draft
from afterview.checks.registry import CheckRule, Hit

# Doubles that are grammatical: "had had", "that that".
ALLOWED = {"had", "that", "is", "bye", "very", "so", "really", "no"}


def check(draft: Draft, ctx: CheckContext) -> Iterator[Hit]:
    """Flag a word repeated with only white space between (not across a blank line)."""
    tokens = draft.tokens  # words outside addresses and links
    lows = draft.lowered
    for i in [i for i, (a, b) in enumerate(itertools.pairwise(lows)) if a == b]:
        first, second = tokens[i], tokens[i + 1]
        gap = draft.text[first.end : second.start]
        if lows[i] in ALLOWED or gap.strip() or gap.count("\n") > 1:
            continue
        yield Hit(first.start, second.end, f"'{first.text}' is repeated", suggestion=first.text)


RULE = CheckRule("repeated-word", "warning", 'the same word twice in a row ("the the")', check)
