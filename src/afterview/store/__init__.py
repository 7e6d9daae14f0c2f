"""The store: every interview and message, in SQLite by default or PostgreSQL (DATABASE_URL).

All SQL lives in this package. ``open_store()`` applies the Alembic migrations up to the latest
schema before handing the store over. ``open_reader()`` is for commands that only list (list,
agenda, outbox): on an SQLite file already at the latest schema it reads with the standard
library's sqlite3, without loading SQLAlchemy (afterview.store.quick); anywhere else it is the
store itself. Names are loaded on first use, so importing this package costs nothing.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from afterview.store.location import default_url
    from afterview.store.quick import Reader, open_reader
    from afterview.store.repo import Store, open_store, schema_status
    from afterview.store.rows import AgendaItem, InterviewRow, OutboxMessage

_WHERE = {
    "AgendaItem": "rows",
    "InterviewRow": "rows",
    "OutboxMessage": "rows",
    "Reader": "quick",
    "open_reader": "quick",
    "Store": "repo",
    "default_url": "location",
    "open_store": "repo",
    "schema_status": "repo",
}

__all__ = [
    "AgendaItem",
    "InterviewRow",
    "OutboxMessage",
    "Reader",
    "Store",
    "default_url",
    "open_reader",
    "open_store",
    "schema_status",
]


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'afterview.store' has no attribute {name!r}")
    return getattr(import_module(f"afterview.store.{_WHERE[name]}"), name)
