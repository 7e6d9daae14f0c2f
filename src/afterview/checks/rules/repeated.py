"""``repeated-word``: the same word twice in a row ("the the")."""

from __future__ import annotations

import re
from collections.abc import Iterator

from afterview.checks.context import CheckContext
from afterview.checks.draft import Draft
from afterview.checks.registry import CheckRule, Hit

# Doubles that are grammatical: "had had", "that that".
ALLOWED = {"had", "that", "is", "bye", "very", "so", "really", "no"}
# A word, white space that is not a blank line, the same word again.
DOUBLED = re.compile(r"(?i)\b([^\W\d_]+)(?:[ \t]+|[ \t]*\n[ \t]*)\1\b")


def check(draft: Draft, ctx: CheckContext) -> Iterator[Hit]:
    """Flag a word repeated with only white space between."""
    start = draft.subject_span[0] if draft.subject_span else draft.body_start
    skip = draft.not_prose
    for m in DOUBLED.finditer(draft.text, start):
        word = m.group(1)
        if word.casefold() in ALLOWED or any(a < m.end() and m.start() < b for a, b in skip):
            continue
        yield Hit(m.start(), m.end(), f"'{word}' is repeated", suggestion=word)


RULE = CheckRule("repeated-word", "warning", 'the same word twice in a row ("the the")', check)
