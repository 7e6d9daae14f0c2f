"""The SQL of the workers (afterview.worker): Procrastinate's schema, the send claim, the
per-recipient rate cap, the window reminders' unique key, and what the queue holds.

PostgreSQL only: the workers keep their jobs in Procrastinate's tables, in the same database.

- :func:`apply_queue_schema` installs Procrastinate's schema (and the table of window
  reminders) under the same care as the store's migrations (afterview.store.upgrade): one
  transaction under an advisory lock, so it is safe to interrupt and to run twice, from two
  processes at once.
- :func:`claim_send` is the scheduled send's claim: ``SELECT … FOR UPDATE SKIP LOCKED`` on the
  message, the rate cap counted under a per-address lock, then "draft" -> "sending" with this
  process's lease, committed before anyone talks to SMTP.
- :func:`claim_reminder` inserts the reminder's unique key (interview, planned action, window)
  before the reminder is sent: a second claim finds the key and stops.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import Engine, Table, create_engine, func, select, text, update
from sqlalchemy.engine import make_url

from afterview.store import schema
from afterview.store.failures import PG_LOCK_WAIT, StoreError, install, name_of
from afterview.store.owners import as_owner

# pg_advisory_xact_lock keys: the schema install ("afterview-queue" read loosely as hex), and the
# class of the per-address locks of the rate cap (a 32-bit key; the address's hash is the other).
QUEUE_SCHEMA_KEY = 0x6166717565756531
ADDRESS_LOCK_CLASS = 0x61667261  # "afra"
SEND_TASK = "send_message"
REMINDERS = "window_reminders"
# Functions this Procrastinate's code calls; a schema installed by an older Procrastinate lacks
# some of them and needs Procrastinate's migrations.
REQUIRED_FUNCTIONS = ("procrastinate_fetch_job_v2", "procrastinate_retry_job_v2")

MESSAGES = cast(Table, schema.Message.__table__)
ACTIONS = cast(Table, schema.Action.__table__)
INTERVIEWS = cast(Table, schema.Interview.__table__)
APPLICATIONS = cast(Table, schema.Application.__table__)

_REMINDERS_DDL = f"""
CREATE TABLE IF NOT EXISTS {REMINDERS} (
    id BIGSERIAL PRIMARY KEY,
    interview_id INTEGER NOT NULL REFERENCES interviews(id) ON DELETE CASCADE,
    plan_key VARCHAR(360) NOT NULL,
    not_before TIMESTAMP WITH TIME ZONE NOT NULL,
    not_after TIMESTAMP WITH TIME ZONE NOT NULL,
    address VARCHAR(320) NOT NULL,
    claimed_at TIMESTAMP WITH TIME ZONE NOT NULL,
    sent_at TIMESTAMP WITH TIME ZONE,
    error TEXT,
    CONSTRAINT {REMINDERS}_once UNIQUE (interview_id, plan_key, not_before, not_after)
)
"""


def engine_for(url: str) -> Engine:
    """An engine on the PostgreSQL database at ``url`` whose failures are one line (StoreError);
    any other database is refused: the workers need PostgreSQL."""
    from afterview.errors import InputError

    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        raise InputError(
            "DATABASE_URL",
            None,
            "the workers need PostgreSQL (postgresql+psycopg://USER:PASSWORD@HOST/DB); "
            f"got {name_of(parsed)}",
        )
    engine = create_engine(parsed, connect_args={"connect_timeout": 10}, pool_pre_ping=True)
    install(engine, parsed)
    return engine


def conninfo(url: str) -> str:
    """The libpq connection string of a SQLAlchemy URL (``postgresql+psycopg://`` -> the
    ``postgresql://`` psycopg itself takes), password kept."""
    parsed = make_url(url).set(drivername="postgresql")
    return parsed.render_as_string(hide_password=False)


# ------------------------------------------------------------------------------- the schema


def apply_queue_schema(url: str) -> str:
    """Install Procrastinate's schema, and the table of window reminders, into the database at
    ``url``; returns what was done ("installed" or "current"). Afterview's own tables are
    migrated first (afterview.store.repo.migrate: a no-op when current), so the order of the
    two calls never matters. Idempotent: one transaction under an advisory lock, so a second
    process waits for the first and then finds the schema there; a kill at any moment leaves
    the database as it was. A schema left by an older Procrastinate is reported, not patched:
    its migrations are Procrastinate's to apply."""
    from procrastinate.schema import SchemaManager

    from afterview.store.repo import migrate

    engine = engine_for(url)
    try:
        migrate(engine)
        with engine.connect() as connection, connection.begin():
            connection.execute(text(f"SET LOCAL lock_timeout = '{PG_LOCK_WAIT}'"))
            connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": QUEUE_SCHEMA_KEY})
            present = connection.scalar(text("SELECT to_regclass('procrastinate_jobs')"))
            done = "current"
            if present is None:
                raw = connection.connection.driver_connection
                assert raw is not None
                # The schema is one script of many statements, run as it is (psycopg reads no
                # placeholders without parameters), inside this transaction.
                raw.execute(SchemaManager.get_schema())
                done = "installed"
            else:
                missing = [
                    name
                    for name in REQUIRED_FUNCTIONS
                    if not connection.scalar(
                        text("SELECT count(*) FROM pg_proc WHERE proname = :n"), {"n": name}
                    )
                ]
                if missing:
                    raise StoreError(
                        name_of(engine.url),
                        "its Procrastinate schema is older than this Procrastinate (no "
                        f"{missing[0]}); apply Procrastinate's migrations "
                        f"({SchemaManager.get_migrations_path()}) with your migration tool",
                    )
            connection.execute(text(_REMINDERS_DDL))
            return done
    finally:
        engine.dispose()


def queue_installed(engine: Engine) -> bool:
    """Whether Procrastinate's tables are there."""
    with engine.connect() as connection:
        return connection.scalar(text("SELECT to_regclass('procrastinate_jobs')")) is not None


# ------------------------------------------------------------------------------- scheduled sends


def window_of(
    engine: Engine, message: Any, owner: int | None = None
) -> tuple[datetime, datetime] | None:
    """The advice's window for ``message`` as the agenda holds it now (the planned action of the
    same kind and recipient), or None when the advice no longer plans it. ``owner``: read as
    that student (a web process's role sees only its student's rows)."""
    table = ACTIONS
    with engine.begin() as connection:
        if owner is not None:
            as_owner(connection, owner)
        rows = connection.execute(
            select(table.c.recipient, table.c.not_before, table.c.not_after).where(
                table.c.interview_id == message.interview_id, table.c.kind == message.kind
            )
        ).all()
    key = schema.plan_key(message.kind, message.to)
    for recipient, not_before, not_after in rows:
        if schema.plan_key(message.kind, recipient) == key:
            return _aware(not_before), _aware(not_after)
    return None


@dataclass(frozen=True)
class Claim:
    """What the claim found: ``won`` (this process now holds the message, "sending"), or why
    not: ``busy`` (another transaction holds the row), ``state`` (not a draft: its state, or
    "edited": changed since it was checked),
    ``capped`` (the rate cap: how many sends to the address in the period)."""

    won: bool
    busy: bool = False
    state: str | None = None
    capped: int | None = None


def claim_send(
    engine: Engine,
    message_id: int,
    now: datetime,
    cap: int,
    since: datetime,
    expect: tuple[str | None, str | None, str | None] | None = None,
) -> Claim:
    """Claim a draft for sending in one committed transaction: lock its row with ``SELECT …
    FOR UPDATE SKIP LOCKED`` (a row another transaction holds is skipped: ``busy``), require
    "draft", take the address's lock and count what went to the address since ``since``
    (at most ``cap``: over it, the refusal is written on the message in the same transaction),
    then move it to "sending" with this process's lease. Only the winner may talk to SMTP.
    ``expect``: the (subject, body, address) the caller checked; a draft edited since is not
    claimed (``state`` "edited"), so what goes is what was checked."""
    table = MESSAGES
    with engine.connect() as connection, connection.begin():
        row = connection.execute(
            select(table.c.id, table.c.state, table.c.address, table.c.subject, table.c.body)
            .where(table.c.id == message_id)
            .with_for_update(skip_locked=True)
        ).first()
        if row is None:
            exists = connection.scalar(select(func.count()).where(table.c.id == message_id))
            return Claim(won=False, busy=bool(exists), state=None if exists else "gone")
        if row.state != "draft":
            return Claim(won=False, state=row.state)
        if expect is not None and expect != (row.subject, row.body, row.address):
            return Claim(won=False, state="edited")
        address = (row.address or "").strip().lower()
        # One claim per address at a time: the count and the claim cannot interleave with another
        # worker's, so the cap holds across the whole deployment (released at commit).
        connection.execute(
            text("SELECT pg_advisory_xact_lock(:c, hashtext(:a))"),
            {"c": ADDRESS_LOCK_CLASS, "a": address},
        )
        sent = _sends_to(connection, address, since)
        if sent >= cap:
            connection.execute(
                update(table)
                .where(table.c.id == message_id, table.c.state == "draft")
                .values(
                    last_error=f"refused: {sent} messages already went to {address} in the "
                    f"last 24 hours (the cap is {cap}: AFTERVIEW_SEND_CAP)"
                )
            )
            return Claim(won=False, capped=sent)
        connection.execute(
            update(table)
            .where(table.c.id == message_id)
            .values(
                state="sending",
                lease_pid=os.getpid(),
                lease_host=socket.gethostname(),
                lease_started=now,
                lease_heartbeat=now,
                last_error=None,
            )
        )
        return Claim(won=True)


def sends_to(engine: Engine, address: str, since: datetime) -> int:
    """How many messages went (or are going) to ``address`` through SMTP since ``since``."""
    with engine.connect() as connection:
        return _sends_to(connection, address.strip().lower(), since)


def _sends_to(connection: Any, address: str, since: datetime) -> int:
    table = MESSAGES
    return int(
        connection.scalar(
            select(func.count()).where(
                func.lower(func.trim(table.c.address)) == address,
                ((table.c.state == "sent") & (table.c.via == "smtp") & (table.c.sent_at > since))
                | ((table.c.state == "sending") & (table.c.lease_started > since)),
            )
        )
        or 0
    )


def note_refusal(engine: Engine, message_id: int, reason: str) -> bool:
    """Write why a scheduled send did not happen on a message that is still a draft (never on
    one another process has claimed since); False when it is no longer a draft."""
    table = MESSAGES
    with engine.begin() as connection:
        done = connection.execute(
            update(table)
            .where(table.c.id == message_id, table.c.state == "draft")
            .values(last_error=reason)
        ).rowcount
    return bool(done == 1)


def clear_note(engine: Engine, message_id: int, owner: int | None = None) -> None:
    """Forget what an earlier send said of a draft (a new schedule starts afresh); ``owner`` as
    in :func:`window_of`."""
    table = MESSAGES
    with engine.begin() as connection:
        if owner is not None:
            as_owner(connection, owner)
        connection.execute(
            update(table)
            .where(table.c.id == message_id, table.c.state == "draft")
            .values(last_error=None)
        )


def scheduled(
    engine: Engine, message_ids: list[int] | None = None
) -> dict[int, tuple[int, datetime]]:
    """Sends waiting in the queue: message id -> (job id, when), for ``message_ids`` (all when
    None)."""
    query = (
        "SELECT id, (args->>'message_id')::int AS message, scheduled_at FROM procrastinate_jobs "
        "WHERE task_name = :task AND status = 'todo'"
    )
    params: dict[str, Any] = {"task": SEND_TASK}
    if message_ids is not None:
        query += " AND (args->>'message_id')::int = ANY(:ids)"
        params["ids"] = list(message_ids)
    with engine.connect() as connection:
        rows = connection.execute(text(query), params).all()
    now = datetime.now(UTC)
    return {
        int(r.message): (int(r.id), _aware(r.scheduled_at) if r.scheduled_at else now) for r in rows
    }


def depth(engine: Engine) -> dict[str, int]:
    """Jobs waiting to run, by queue (the ``afterview_job_queue_depth`` gauge): one cheap
    query; an empty dict before the queue is installed."""
    if not queue_installed(engine):
        return {}
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT queue_name, count(*) AS n FROM procrastinate_jobs WHERE status = 'todo' "
                "GROUP BY queue_name"
            )
        ).all()
    return {str(r.queue_name): int(r.n) for r in rows}


def unclaimed_failures(engine: Engine, since: datetime) -> list[tuple[int, bool]]:
    """Sends that failed before their claim: a send job ended "failed" (scheduled since
    ``since``) while its message is still a draft with nothing written on it, and no other send
    of it waits or runs. Such a job stopped before step 3 of afterview.worker.sending (the
    database could not be reached, most often): nothing was sent, and the send may be queued
    again. (message id, force) each."""
    query = text(
        "SELECT DISTINCT m.id AS message, "
        "coalesce((j.args->>'force')::boolean, false) AS force "
        "FROM procrastinate_jobs j JOIN messages m ON m.id = (j.args->>'message_id')::int "
        "WHERE j.task_name = :task AND j.status = 'failed' AND m.state = 'draft' "
        "AND m.last_error IS NULL AND (j.scheduled_at IS NULL OR j.scheduled_at > :since) "
        "AND NOT EXISTS (SELECT 1 FROM procrastinate_jobs o WHERE o.task_name = :task "
        "AND o.status IN ('todo', 'doing') AND (o.args->>'message_id')::int = m.id)"
    )
    with engine.connect() as connection:
        rows = connection.execute(query, {"task": SEND_TASK, "since": since}).all()
    return [(int(r.message), bool(r.force)) for r in rows]


def jobs_by_status(engine: Engine) -> dict[tuple[str, str], int]:
    """How many jobs each task has in each status: (task, status) -> count (the queue's depth
    is the ``todo`` ones)."""
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT task_name, status::text AS status, count(*) AS n FROM procrastinate_jobs "
                "GROUP BY task_name, status"
            )
        ).all()
    return {(r.task_name, r.status): int(r.n) for r in rows}


def owner_of(
    engine: Engine, message_id: int | None = None, interview_id: int | None = None
) -> int | None:
    """Whose message (or interview) it is: a worker acts for every student, one job at a time,
    as that job's student (afterview.store.owners); None when it no longer exists."""
    table = MESSAGES if message_id is not None else INTERVIEWS
    key = message_id if message_id is not None else interview_id
    with engine.connect() as connection:
        found = connection.execute(select(table.c.owner_id).where(table.c.id == key)).scalar()
    return int(found) if found is not None else None


def owner_disabled(engine: Engine, message_id: int) -> bool:
    """Whether the account the message belongs to is disabled (nothing is sent for it)."""
    users = cast(Table, schema.User.__table__)
    with engine.connect() as connection:
        found = connection.execute(
            select(users.c.disabled_at)
            .join(MESSAGES, MESSAGES.c.owner_id == users.c.id)
            .where(MESSAGES.c.id == message_id)
        ).first()
    return found is not None and found[0] is not None


def message_states(engine: Engine, message_ids: list[int]) -> dict[int, tuple[str, str | None]]:
    """Each message's (state, last_error)."""
    table = MESSAGES
    with engine.connect() as connection:
        rows = connection.execute(
            select(table.c.id, table.c.state, table.c.last_error).where(table.c.id.in_(message_ids))
        ).all()
    return {int(r.id): (r.state, r.last_error) for r in rows}


@dataclass(frozen=True)
class LeftSending:
    """A message left "sending" (its send did not finish), for an operator to reconcile."""

    message_id: int
    student: str  # the owner's email
    started: datetime | None
    host: str | None
    pid: int | None
    header: str | None = None  # its Message-ID, to look for in the SMTP server's log
    address: str | None = None  # where it was going


def left_sending(engine: Engine) -> list[LeftSending]:
    """Every student's messages left "sending", oldest first (``afterview admin sending``;
    the owner's database role: the web's sees one student at a time)."""
    users = cast(Table, schema.User.__table__)
    query = (
        select(
            MESSAGES.c.id, users.c.email, MESSAGES.c.lease_started, MESSAGES.c.lease_host,
            MESSAGES.c.lease_pid, MESSAGES.c.message_id, MESSAGES.c.address,
        )
        .join(users, users.c.id == MESSAGES.c.owner_id)
        .where(MESSAGES.c.state == "sending")
        .order_by(MESSAGES.c.lease_started, MESSAGES.c.id)
    )  # fmt: skip
    with engine.connect() as connection:
        rows = connection.execute(query).all()
    return [
        LeftSending(int(r[0]), str(r[1]), _aware(r[2]) if r[2] else None, r[3], r[4], r[5], r[6])
        for r in rows
    ]


# ------------------------------------------------------------------------------- reminders


@dataclass(frozen=True)
class OpenWindow:
    """An action whose window is open, with where its reminder goes."""

    interview_id: int
    kind: str
    recipient: str
    plan_key: str
    not_before: datetime
    not_after: datetime
    company: str
    source_text: str
    source_format: str


def open_windows(engine: Engine, now: datetime, opened_since: datetime) -> list[OpenWindow]:
    """Actions whose window opened between ``opened_since`` and ``now`` and is still open, with
    no reminder claimed for that window yet, and whose message (if any) is still a draft not
    waiting in the queue: what a reminder is still useful for."""
    actions = ACTIONS
    interviews = INTERVIEWS
    applications = APPLICATIONS
    messages = MESSAGES
    with engine.connect() as connection:
        rows = connection.execute(
            select(
                actions.c.interview_id,
                actions.c.kind,
                actions.c.recipient,
                actions.c.not_before,
                actions.c.not_after,
                applications.c.company,
                interviews.c.source_text,
                interviews.c.source_format,
            )
            .join(interviews, interviews.c.id == actions.c.interview_id)
            .join(applications, applications.c.id == interviews.c.application_id)
            .where(
                actions.c.not_before <= now,
                actions.c.not_before >= opened_since,
                actions.c.not_after > now,
            )
            .order_by(actions.c.not_before)
        ).all()
        ids = sorted({r.interview_id for r in rows})
        if not ids:
            return []
        claimed = {
            (r.interview_id, r.plan_key, _aware(r.not_before), _aware(r.not_after))
            for r in connection.execute(
                text(
                    f"SELECT interview_id, plan_key, not_before, not_after FROM {REMINDERS} "
                    "WHERE interview_id = ANY(:ids)"
                ),
                {"ids": ids},
            )
        }
        busy = {
            (r.interview_id, r.plan_key)
            for r in connection.execute(
                select(messages.c.interview_id, messages.c.plan_key).where(
                    messages.c.interview_id.in_(ids),
                    messages.c.state.in_(("sending", "sent", "handed_off")),
                )
            )
        }
        queued = {
            (r.interview_id, r.plan_key)
            for r in connection.execute(
                text(
                    "SELECT m.interview_id, m.plan_key FROM procrastinate_jobs j "
                    "JOIN messages m ON m.id = (j.args->>'message_id')::int "
                    "WHERE j.task_name = :task AND j.status IN ('todo', 'doing') "
                    "AND m.interview_id = ANY(:ids)"
                ),
                {"task": SEND_TASK, "ids": ids},
            )
        }
    found = []
    for r in rows:
        key = schema.plan_key(r.kind, r.recipient)
        window = (r.interview_id, key, _aware(r.not_before), _aware(r.not_after))
        if window in claimed or (r.interview_id, key) in busy | queued:
            continue
        found.append(
            OpenWindow(
                r.interview_id,
                r.kind,
                r.recipient,
                key,
                window[2],
                window[3],
                r.company,
                r.source_text,
                r.source_format,
            )
        )
    return found


def claim_reminder(
    engine: Engine,
    interview_id: int,
    plan_key: str,
    not_before: datetime,
    not_after: datetime,
    address: str,
    now: datetime,
) -> int | None:
    """Claim the reminder of one window (committed before it is sent): its id, or None when
    it was claimed already (the unique key (interview, planned action, window) says so)."""
    with engine.begin() as connection:
        return connection.scalar(
            text(
                f"INSERT INTO {REMINDERS} (interview_id, plan_key, not_before, not_after, "
                "address, claimed_at) VALUES (:i, :k, :b, :a, :to, :now) "
                "ON CONFLICT ON CONSTRAINT window_reminders_once DO NOTHING RETURNING id"
            ),
            {
                "i": interview_id,
                "k": plan_key,
                "b": not_before,
                "a": not_after,
                "to": address,
                "now": now,
            },
        )


def finish_reminder(
    engine: Engine, reminder_id: int, sent_at: datetime | None, error: str | None = None
) -> None:
    """Record how a claimed reminder ended: sent (when), or the error."""
    with engine.begin() as connection:
        connection.execute(
            text(f"UPDATE {REMINDERS} SET sent_at = :s, error = :e WHERE id = :i"),
            {"s": sent_at, "e": error, "i": reminder_id},
        )


def reminders(engine: Engine) -> list[dict[str, Any]]:
    """Every reminder claimed: interview, plan key, window, address, claimed, sent, error."""
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                f"SELECT interview_id, plan_key, not_before, not_after, address, claimed_at, "
                f"sent_at, error FROM {REMINDERS} ORDER BY id"
            )
        ).mappings()
        return [dict(r) for r in rows]


def _aware(moment: datetime) -> datetime:
    """A time from the database as aware UTC (the store's columns are naive UTC)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
