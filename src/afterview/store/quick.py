"""Reading a local store without loading SQLAlchemy, for the commands that only list.

``afterview list``, ``agenda`` and ``outbox`` run often, from prompts and scripts, and loading
SQLAlchemy costs more than the rest of such a command together (issue 14: about a quarter of a
second on a small machine). On an SQLite file already at the latest schema these three reads
are three plain queries, so they run here with the standard library's ``sqlite3`` and build the
same rows (afterview.store.rows). Anything else — PostgreSQL, a file that does not exist yet,
one to migrate, one that cannot be opened or read — goes to :func:`afterview.store.open_store`,
which creates, migrates and reports failures in one place. ``tests/test_store_quick.py`` holds
these queries to the store's own for every stored state hypothesis makes.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Protocol
from urllib.parse import quote

from afterview.store.location import HEAD, sqlite_file, url_for
from afterview.store.rows import OVERDUE_FOR, AgendaItem, InterviewRow, OutboxMessage, in_zone

INTERVIEWS = """
SELECT i.id, a.company, a.role, i.kind, i.started_at, i.verdict, i.summary
FROM interviews AS i JOIN applications AS a ON i.application_id = a.id
ORDER BY i.started_at DESC, i.id DESC
"""
OUTBOX = "SELECT * FROM messages ORDER BY id DESC"
AGENDA = """
SELECT a.interview_id, p.company, p.role, a.kind, a.channel, a.recipient, a.address,
       a.not_before, a.not_after, a.why, a.zone
FROM actions AS a
JOIN interviews AS i ON a.interview_id = i.id
JOIN applications AS p ON i.application_id = p.id
WHERE a.not_before <= ? AND a.not_after >= ?
  AND NOT EXISTS (
    SELECT m.id FROM messages AS m
    WHERE m.interview_id = a.interview_id AND m.kind = a.kind
      AND m.recipient = a.recipient AND m.state = 'sending')
ORDER BY a.not_before, a.id
"""
MESSAGE_TIMES = ("sent_at", "lease_started", "lease_heartbeat", "created_at")


class Reader(Protocol):
    """What the listing commands read: the store itself, or a quick read of its file."""

    def interviews(self) -> list[InterviewRow]: ...

    def outbox(self) -> list[OutboxMessage]: ...

    def agenda(
        self, now: datetime, horizon: timedelta = ..., overdue_for: timedelta = ...
    ) -> list[AgendaItem]: ...


def open_reader(db: str | None = None) -> Reader:
    """A reader of the store at ``db`` (as :func:`afterview.store.open_store` takes it)."""
    try:
        path = sqlite_file(url_for(db))
    except OSError:  # the default folder cannot be made: open_store says so in one line
        path = None
    quick = QuickReader.open(path) if path is not None else None
    if quick is not None:
        return quick
    from afterview.store.repo import open_store

    return open_store(db)


def stored(moment: datetime) -> str:
    """A time as SQLAlchemy keeps it in SQLite: UTC, without offset, to the microsecond."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


class QuickReader:
    """Three queries on an SQLite file at the latest schema (see the module)."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    @classmethod
    def open(cls, path: Path) -> QuickReader | None:
        """A reader of the file at ``path``, or None when the store must open it (it does not
        exist, cannot be read, is not afterview's, or needs migrating)."""
        if not path.is_file():
            return None
        try:
            connection = sqlite3.connect(
                f"file:{quote(str(path.resolve()))}?mode=ro", uri=True, timeout=5
            )
        except sqlite3.Error:
            return None
        try:
            revision = connection.execute("SELECT version_num FROM alembic_version").fetchall()
        except sqlite3.Error:
            revision = []
        if revision != [(HEAD,)]:
            connection.close()
            return None
        return cls(connection)

    def interviews(self) -> list[InterviewRow]:
        """Every interview, most recent first (as ``Store.interviews``)."""
        rows = self.connection.execute(INTERVIEWS).fetchall()
        return [InterviewRow(r[0], r[1], r[2], r[3], _utc(r[4]), r[5], r[6]) for r in rows]

    def outbox(self) -> list[OutboxMessage]:
        """Every message, newest first (as ``Store.outbox``)."""
        cursor = self.connection.execute(OUTBOX)
        names = [c[0] for c in cursor.description]
        found = []
        for values in cursor.fetchall():
            row: dict[str, Any] = dict(zip(names, values, strict=True))
            for name in MESSAGE_TIMES:
                row[name] = _utc(row[name]) if row[name] is not None else None
            found.append(OutboxMessage.of(SimpleNamespace(**row)))
        return found

    def agenda(
        self,
        now: datetime,
        horizon: timedelta = timedelta(days=1),
        overdue_for: timedelta = OVERDUE_FOR,
    ) -> list[AgendaItem]:
        """What is due (as ``Store.agenda``)."""
        rows = self.connection.execute(AGENDA, (stored(now + horizon), stored(now - overdue_for)))
        return [
            AgendaItem(
                r[0],
                r[1],
                r[2],
                r[3],
                r[4],
                r[5],
                r[6],
                in_zone(_utc(r[7]), r[10]),
                in_zone(_utc(r[8]), r[10]),
                r[9],
            )
            for r in rows.fetchall()
        ]
