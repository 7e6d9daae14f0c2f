"""Which mailboxes the workers sync, and with what settings.

In a shared deployment each student connects their own (afterview.store.mailboxes: the
password encrypted at rest). On one machine (local mode) the one mailbox of ``afterview sync``
(``AFTERVIEW_IMAP_*``) is user 1's, the local store's one user."""

from __future__ import annotations

import os
from typing import Any


def mailbox_users(store: Any) -> list[int]:
    """The users who connected a mailbox."""
    from afterview.mode import shared
    from afterview.store.mailboxes import connected

    if shared():
        return connected(store.engine)
    return [1] if os.environ.get("AFTERVIEW_IMAP_HOST") else []


def mailbox_for(store: Any, user_id: int) -> Any:
    """The ImapSettings of a user's mailbox, or None when they connected none."""
    from afterview.mode import shared

    if shared():
        from afterview.store.mailboxes import imap_settings

        return imap_settings(store.of(user_id))
    if user_id != 1 or not os.environ.get("AFTERVIEW_IMAP_HOST"):
        return None
    from afterview.sync import ImapSettings

    return ImapSettings.from_environment()
