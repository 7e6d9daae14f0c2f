"""Which mailboxes the workers sync, and with what settings.

Until accounts keep each student's mailbox (encrypted at rest), the deployment's one mailbox
(AFTERVIEW_IMAP_*, as for ``afterview sync``) belongs to user 1, the local mode's one user.
The accounts code replaces these two functions' bodies; the jobs only call them."""

from __future__ import annotations

import os
from typing import Any


def mailbox_users() -> list[int]:
    """The users who connected a mailbox."""
    return [1] if os.environ.get("AFTERVIEW_IMAP_HOST") else []


def mailbox_for(user_id: int) -> Any:
    """The ImapSettings of a user's mailbox, or None when they connected none."""
    if user_id != 1 or not os.environ.get("AFTERVIEW_IMAP_HOST"):
        return None
    from afterview.sync import ImapSettings

    return ImapSettings.from_environment()
