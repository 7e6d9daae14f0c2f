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
    """Flag a word repeated with only white space between."""
    tokens = draft.tokens
    for prev, tok in itertools.pairwise(tokens):
        if (
            tok.text.casefold() == prev.text.casefold()
            and tok.text.casefold() not in ALLOWED
            and draft.text[prev.end : tok.start].strip() == ""
            and "\n\n" not in draft.text[prev.end : tok.start]
        ):
            yield Hit(prev.start, tok.end, f"'{prev.text}' is repeated", suggestion=prev.text)


RULE = CheckRule("repeated-word", "warning", 'the same word twice in a row ("the the")', check)
