"""A student's connected mailbox, for ``sync`` run by a shared deployment's workers.

The password is encrypted at rest with the deployment's key (afterview.secretbox, from
``AFTERVIEW_SECRET_KEY``) and bound to its owner's row: a token copied into another row, or
read with another key, does not decrypt. Nothing here ever returns or logs it except
:func:`imap_settings`, for the connection itself.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from afterview.config import SECURITY
from afterview.errors import InputError
from afterview.store import schema


def _context(owner_id: int) -> str:
    return f"imap-password:user:{owner_id}"


def connect(
    store: Any,
    host: str,
    port: int | None,
    security: str,
    user: str,
    password: str,
    now: datetime,
) -> None:
    """Keep (or replace) the owner's mailbox settings, the password encrypted."""
    from afterview.config import DEFAULT_PORTS
    from afterview.secretbox import SecretBox

    host, user = host.strip(), user.strip()
    if not host or any(c.isspace() for c in host):
        raise InputError("host", None, "expected the IMAP server's host name")
    if security not in SECURITY:
        raise InputError("security", None, "expected none, starttls or tls")
    chosen = port or DEFAULT_PORTS["imap"][security]
    if not 0 < chosen < 65536:
        raise InputError("port", None, "expected a port number from 1 to 65535")
    if not user:
        raise InputError("user", None, "expected your mailbox's user name")
    if not password:
        raise InputError("password", None, "expected your mailbox's password")
    token = SecretBox.from_environment().encrypt(password, _context(store.owner_id))
    with store.sessions.begin() as session:
        row = session.get(schema.Mailbox, store.owner_id)
        if row is None:
            row = schema.Mailbox(owner_id=store.owner_id)
            session.add(row)
        row.host, row.port, row.security, row.user = host, chosen, security, user
        row.password, row.updated_at = token, now


def disconnect(store: Any) -> bool:
    """Forget the owner's mailbox; False if none was connected."""
    with store.sessions.begin() as session:
        row = session.get(schema.Mailbox, store.owner_id)
        if row is None:
            return False
        session.delete(row)
        return True


def connected(engine: Any) -> list[int]:
    """The users who connected a mailbox (for the workers, which act for every student)."""
    from sqlalchemy import select

    with engine.connect() as connection:
        rows = connection.execute(
            select(schema.Mailbox.owner_id).order_by(schema.Mailbox.owner_id)
        ).scalars()
        return [int(r) for r in rows]


def described(store: Any) -> dict[str, Any] | None:
    """The owner's mailbox without its password (for pages), or None."""
    with store.sessions() as session:
        row = session.get(schema.Mailbox, store.owner_id)
        if row is None:
            return None
        return {
            "host": row.host,
            "port": row.port,
            "security": row.security,
            "user": row.user,
            "updated_at": row.updated_at,
        }


def imap_settings(store: Any) -> Any:
    """The owner's mailbox as :class:`afterview.sync.ImapSettings` (the password decrypted),
    or None when none is connected. SecretUnreadable when the key changed without rotation."""
    from afterview.secretbox import SecretBox
    from afterview.sync import ImapSettings

    with store.sessions() as session:
        row = session.get(schema.Mailbox, store.owner_id)
        if row is None:
            return None
        password = SecretBox.from_environment().decrypt(row.password, _context(store.owner_id))
        return ImapSettings(row.host, row.port, row.security, row.user, password)
