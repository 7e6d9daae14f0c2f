"""Where a draft greets someone: the salutation's name part and its span."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from afterview.checks.draft import Draft

GREETING = re.compile(
    r"(?i)^\s*(?:dear|hi|hello|hey|hiya|good\s+(?:morning|afternoon|evening)|greetings)"
    r"(?:\s+(?P<name>[^,:;!\n]*?[^\s,:;!\n]))?\s*[,:;!—-]?\s*$"
)


def find_greeting(draft: Draft) -> tuple[str, int, int] | None:
    """The salutation line's name part ("Dr. Nair") and its span, if the body opens with one."""
    for m in re.finditer(r"[^\n]*", draft.text[draft.body_start :]):
        line = m.group()
        if not line.strip():
            continue
        g = GREETING.match(line)
        if not g:
            return None
        start = draft.body_start + m.start() + g.start("name")
        return g.group("name"), start, start + len(g.group("name"))
    return None
