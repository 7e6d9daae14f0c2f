"""What kind of message a draft is, read from its text (used when ``--kind`` is not given)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from afterview.record import MessageKind

if TYPE_CHECKING:
    from afterview.checks.draft import Draft

_STATUS = re.compile(
    r"(?i)\b(?:just\s+)?checking\s+in\b|\bfollow(?:ing)?\s+up\s+on\s+(?:my|the)\s+application\b"
    r"|\bany\s+updates?\b|\bstatus\s+of\s+(?:my|the)\b"
)


def infer_kind(draft: Draft) -> MessageKind:
    """The kind the draft reads as: a status check, a LinkedIn note, else a thank-you."""
    if _STATUS.search(draft.text):
        return MessageKind.status_check
    if draft.greeting is None and len(draft.body.strip()) <= 300 and not draft.subject:
        return MessageKind.linkedin_note
    return MessageKind.thank_you
