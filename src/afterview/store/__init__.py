"""The store: every interview and message, in SQLite by default or PostgreSQL (DATABASE_URL).

All SQL lives in this package. ``open_store()`` applies the Alembic migrations up to the latest
schema before handing the store over.
"""

from __future__ import annotations

from afterview.store.repo import (
    AgendaItem,
    InterviewRow,
    OutboxMessage,
    Store,
    default_url,
    open_store,
    schema_status,
)

__all__ = [
    "AgendaItem",
    "InterviewRow",
    "OutboxMessage",
    "Store",
    "default_url",
    "open_store",
    "schema_status",
]
