"""What the store hands out: interviews as listed, outbox messages, agenda items (plain data,
free of SQLAlchemy, so that the read-only commands can build them from a quick SQLite read,
afterview.store.quick)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

OVERDUE_FOR = timedelta(days=14)  # how long a missed window stays on the agenda


@dataclass(frozen=True)
class InterviewRow:
    """An interview as listed."""

    id: int
    company: str
    role: str
    kind: str
    started_at: datetime
    verdict: str
    summary: str

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {**dataclasses.asdict(self), "started_at": self.started_at.isoformat()}


LEASE_STALE = 600  # seconds without a heartbeat after which another host's send is taken as dead


@dataclass(frozen=True)
class Lease:
    """Who is sending a message: a process on a host, since when, last seen when."""

    pid: int
    host: str
    started: datetime
    heartbeat: datetime | None

    def alive(self, now: datetime) -> bool:
        """Whether the send may still be under way: on this host, its process still runs;
        on another, it was seen within LEASE_STALE seconds."""
        import os
        import socket

        if self.host == socket.gethostname():
            try:
                os.kill(self.pid, 0)
            except ProcessLookupError:
                return False
            except PermissionError:
                return True
            return True
        seen = self.heartbeat or self.started
        return (now - seen).total_seconds() < LEASE_STALE

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "pid": self.pid,
            "host": self.host,
            "started": self.started.isoformat(),
            "heartbeat": self.heartbeat.isoformat() if self.heartbeat else None,
        }


@dataclass(frozen=True)
class OutboxMessage:
    """A message in the outbox."""

    id: int
    interview_id: int
    kind: str
    to: str
    address: str | None
    subject: str | None
    body: str | None
    state: str
    message_id: str | None
    sent_at: datetime | None  # sent, or handed to your mail client (handed_off)
    via: str | None
    last_error: str | None = None  # what the last failed send said
    lease: Lease | None = None  # while a send is in progress (state "sending")

    @classmethod
    def of(cls, row: Any) -> OutboxMessage:
        """From a table row."""
        lease = (
            Lease(row.lease_pid, row.lease_host or "", row.lease_started, row.lease_heartbeat)
            if row.lease_pid is not None and row.lease_started is not None
            else None
        )
        return cls(
            row.id,
            row.interview_id,
            row.kind,
            row.recipient,
            row.address,
            row.subject,
            row.body,
            row.state,
            row.message_id,
            row.sent_at,
            row.via,
            row.last_error,
            lease,
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        data = dataclasses.asdict(self)
        data["sent_at"] = self.sent_at.isoformat() if self.sent_at else None
        data["lease"] = self.lease.to_dict() if self.lease else None
        return data

    def as_text(self) -> str:
        """The message as a plain-text draft that afterview check reads."""
        head = f"To: {self.address}\n" if self.address else ""
        head += f"Subject: {self.subject}\n" if self.subject else ""
        return (head + "\n" if head else "") + (self.body or "")


@dataclass(frozen=True)
class AgendaItem:
    """An action that is due, with the interview it belongs to."""

    interview_id: int
    company: str
    role: str
    kind: str
    channel: str
    to: str
    address: str | None
    not_before: datetime
    not_after: datetime
    why: str

    def overdue(self, now: datetime) -> bool:
        """True when the window has closed."""
        return now > self.not_after

    def to_dict(self, now: datetime) -> dict[str, Any]:
        """JSON form, with the window's bounds as RFC 3339 and an ``overdue`` flag."""
        return {
            **dataclasses.asdict(self),
            "not_before": self.not_before.isoformat(),
            "not_after": self.not_after.isoformat(),
            "overdue": self.overdue(now),
        }


def in_zone(moment: datetime, key: str) -> datetime:
    """A stored UTC time (aware, or naive from a raw query) in the recipient's zone."""
    from afterview.timing import zone

    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(zone(key))
    except ValueError:
        return moment
