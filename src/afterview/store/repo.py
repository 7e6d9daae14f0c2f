"""Open the database, migrate it, and read and write interviews, messages and the agenda."""

from __future__ import annotations

import dataclasses
import os
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, select
from sqlalchemy.orm import Session

from afterview.errors import InputError, NotFound
from afterview.record import Reply, Sent
from afterview.record import Situation as Record
from afterview.store import schema
from afterview.store.location import HEAD, url_for
from afterview.store.rows import OVERDUE_FOR, AgendaItem, InterviewRow, OutboxMessage, in_zone

# Advice rules after which no drafted message may go out.
STOPPING = frozenset(
    {
        "no-contact-requested",
        "rejected-no-follow-up",
        "offer-received",
        "not-interested",
        "status-check-already-sent",
        "follow-up-cap-reached",
    }
)


class _Record:
    """What changed was the record itself (see :meth:`Store._refresh`)."""

    def __repr__(self) -> str:
        return "RECORD"


RECORD = _Record()
# What a refresh follows: the record, or the (casefolded) names whose messages changed state.
Follow = _Record | frozenset[str]


def _sqlite_pragmas(dbapi_connection: Any, _: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


MIGRATIONS = Path(__file__).parent / "migrations"


def check_current(engine: Engine) -> None:
    """A shared deployment's processes never change the schema: StoreError unless it is at the
    latest revision (``afterview admin migrate`` brings it there)."""
    from afterview.store import failures, upgrade

    with engine.connect() as connection:
        found = upgrade.current(connection)
    if found != HEAD:
        raise failures.StoreError(
            failures.name_of(engine.url),
            f"its schema is at {found or 'nothing yet'}, this afterview needs {HEAD}: "
            "run afterview admin migrate (in a shared deployment nothing migrates at start-up)",
        )


def migrate(engine: Engine) -> None:
    """Bring the schema to the latest Alembic revision (a quick look first: loading Alembic
    costs more than a whole agenda query, and the schema is usually current). The upgrade is
    one transaction under a lock, safe to interrupt and to run from two processes at once, and
    repairs a store an older afterview left half-migrated (afterview.store.upgrade)."""
    from afterview.store import upgrade

    with engine.connect() as connection:
        if upgrade.current(connection) == HEAD:
            return
    upgrade.upgrade(engine, HEAD, MIGRATIONS)


def schema_status(db: str | None = None) -> tuple[str, str | None, str]:
    """(the database's name, its schema revision or None, the latest revision): a look only
    (``afterview doctor``): nothing is created, migrated or changed. An SQLite file that does
    not exist yet gives None (it is made on first use). Raises StoreError when the database
    cannot be reached or opened."""
    from sqlalchemy.engine import make_url

    from afterview.store import failures, upgrade

    parsed = make_url(url_for(db))
    path = failures.sqlite_path(parsed)
    if parsed.get_backend_name() == "sqlite" and (path is None or not path.exists()):
        return failures.name_of(parsed), None, HEAD
    try:
        engine = create_engine(parsed, connect_args=_connect_args(parsed))
    except ModuleNotFoundError as exc:
        raise InputError(
            "DATABASE_URL", None, f"the database driver {exc.name} is not installed"
        ) from None
    failures.install(engine, parsed)
    try:
        with engine.connect() as connection:
            return failures.name_of(parsed), upgrade.current(connection), HEAD
    finally:
        engine.dispose()


def open_store(
    db: str | None = None, migrating: bool = False, pool: dict[str, int] | None = None
) -> Store:
    """Open (creating and migrating if needed) the store at ``db`` (path or URL). A store that
    cannot be used (missing folder, read-only, not a database, server unreachable, wrong
    password, another application's database, locked) raises StoreError, an InputError that
    names the database and what to check; so do the Store's methods later
    (afterview.store.failures). In a shared deployment (afterview.mode) the schema is only
    checked, never changed, unless ``migrating`` (``afterview admin migrate``). ``pool``: the
    connection pool's ``pool_size`` and ``max_overflow`` on PostgreSQL (a worker keeps its
    share of the server's connections small: docs/deploy.md)."""
    from sqlalchemy.engine import make_url

    from afterview.store import failures

    try:
        url = url_for(db)
    except OSError as exc:  # the default folder cannot be made (a read-only home)
        raise failures.StoreError(
            str(exc.filename or "the user data folder"),
            f"cannot create the folder for afterview's store ({exc.strerror}); "
            "pass --db PATH or set DATABASE_URL",
        ) from None
    try:
        parsed = make_url(url)
        sized = pool if pool and parsed.get_backend_name() == "postgresql" else {}
        engine = create_engine(parsed, connect_args=_connect_args(parsed), **sized)
    except ModuleNotFoundError as exc:  # a driver not installed (PostgreSQL is an extra)
        from afterview.extras import install_hint

        extra = f" ({install_hint('postgres')})" if "psycopg" in str(exc.name) else ""
        raise InputError(
            "--db" if db else "DATABASE_URL",
            None,
            f"the database driver {exc.name} is not installed{extra}",
        ) from None
    except Exception as exc:  # an unknown dialect or a malformed URL
        raise InputError(
            "--db" if db else "DATABASE_URL", None, f"expected a database URL ({exc})"
        ) from None
    failures.install(engine, parsed)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    from afterview.mode import shared

    if shared() and engine.dialect.name != "postgresql":
        engine.dispose()
        raise InputError(
            "AFTERVIEW_MODE",
            None,
            "a shared deployment keeps its data in PostgreSQL: set DATABASE_URL to "
            "postgresql+psycopg://USER:PASSWORD@HOST/DATABASE",
        )
    try:
        check_current(engine) if shared() and not migrating else migrate(engine)
    except failures.StoreError:
        engine.dispose()
        raise
    except Exception as exc:
        # The connect event's PRAGMAs run outside SQLAlchemy's error handling: translate here.
        error = failures.translate(exc, parsed)
        engine.dispose()
        if error is None:
            raise
        raise error from None
    return Store(engine)


def _connect_args(url: Any) -> dict[str, Any]:
    """How long to wait: for another program's lock on SQLite, for the server on PostgreSQL
    (unless the URL says)."""
    from afterview.store import failures

    if url.get_backend_name() == "sqlite" and "timeout" not in url.query:
        return {"timeout": failures.LOCK_WAIT}
    if url.get_backend_name() == "postgresql" and "connect_timeout" not in url.query:
        return {"connect_timeout": failures.PG_CONNECT_WAIT}
    return {}


class Store:
    """Interviews, their people and messages, and the actions the advice calls for."""

    def __init__(
        self, engine: Engine, owner_id: int = schema.LOCAL_USER, actor_id: int | None = None
    ) -> None:
        from afterview.store.owners import sessions_for

        self.engine = engine
        self.owner_id = owner_id
        self.sessions = sessions_for(engine, owner_id, actor_id)

    def of(self, owner_id: int) -> Store:
        """The same database, as ``owner_id`` sees it (a shared deployment's web request)."""
        return Store(self.engine, owner_id)

    # ------------------------------------------------------------------ writing

    def import_situation(self, path: Path, now: datetime) -> tuple[int, bool]:
        """Store the situation file at ``path`` (validated); re-importing the same file updates
        it. Returns (interview id, created)."""
        from afterview.situation import load_situation

        record = load_situation(path)
        text = path.read_text("utf-8-sig")
        fmt = "json" if path.suffix.lower() == ".json" or text.lstrip().startswith("{") else "toml"
        return self._save(record, text, fmt, f"file:{path.resolve()}", now)

    def import_invite(self, path: Path, now: datetime, **details: str | None) -> tuple[int, bool]:
        """Store a calendar invite (``details``: me, company, role, kind as for
        :func:`afterview.invite.situation_from_invite`); re-importing the same event (its UID)
        updates it. Returns (interview id, created)."""
        from afterview.files import read_input

        return self.import_invite_raw(read_input(path, "an invite"), str(path), now, **details)

    def import_invite_raw(
        self, raw: bytes, source: str, now: datetime, **details: str | None
    ) -> tuple[int, bool]:
        """As :meth:`import_invite`, for an invite's bytes (an upload); ``source`` names it.
        The same interview imported again (its UID, else its company, role and start) is
        updated, keeping what the stored one knows beyond the invite (afterview.invite)."""
        from afterview.invite import event_uid, merge_invite, situation_from_invite

        uid = event_uid(raw)
        with self.sessions() as session:
            row = self._same(session, f"ics:{uid}") if uid else None
            stored = (row.source_key, row.id) if row is not None else None
        try:
            data, uid = situation_from_invite(raw, source, **details)  # type: ignore[arg-type]
        except InputError:
            if stored is None:
                raise
            # What was given the first time (--company, --role, --kind) need not be again.
            known = self.source_data(stored[1])
            details = {
                **details,
                "company": details.get("company") or known["application"]["company"],
                "role": details.get("role") or known["application"]["role"],
                "kind": details.get("kind") or known["interview"]["kind"],
            }
            data, uid = situation_from_invite(raw, source, **details)  # type: ignore[arg-type]
        key = f"ics:{uid}"
        if stored is None:
            from afterview.situation import situation_from_dict

            record = situation_from_dict(data, source=source)
            with self.sessions() as session:
                row = self._same(session, key, record)
                stored = (row.source_key, row.id) if row is not None else None
        if stored is not None:
            data = merge_invite(self.source_data(stored[1]), data)
            key = stored[0]
        return self.import_data(data, key, now, source)

    def import_data(
        self, data: dict[str, Any], key: str, now: datetime, source: str = "situation"
    ) -> tuple[int, bool]:
        """Store a situation given as data (Contract 1, as JSON), validated first; ``key``
        identifies it, so storing the same key again updates it. Returns (id, created)."""
        import json

        from afterview.situation import situation_from_dict

        record = situation_from_dict(data, source=source)
        return self._save(record, json.dumps(data, ensure_ascii=False), "json", key, now)

    def _save(
        self, record: Record, text: str, fmt: str, key: str, now: datetime
    ) -> tuple[int, bool]:
        with self.sessions.begin() as session:
            row = self._same(session, key, record)
            created = row is None
            if row is None:
                application = schema.Application(
                    company=record.application.company,
                    role=record.application.role,
                    sector=record.application.sector,
                    created_at=now,
                )
                row = schema.Interview(source_key=key, application=application, created_at=now)
                session.add(row)
            else:
                row.application.company = record.application.company
                row.application.sector = record.application.sector
                row.application.role = record.application.role
                row.people.clear()
            row.source_text, row.source_format = text, fmt
            row.kind, row.started_at, row.updated_at = (
                str(record.interview.kind),
                record.interview.started_at,
                now,
            )
            row.people.extend(
                schema.Person(name=iv.name, title=iv.title, email=iv.email, linkedin=iv.linkedin)
                for iv in record.interviewers
            )
            session.flush()
            self._refresh(session, row, now)
            return row.id, created

    def replace_data(self, interview_id: int, data: dict[str, Any], now: datetime) -> None:
        """Replace an interview's situation (validated first) by ``data``, keeping its id,
        its messages and where it came from; the advice and agenda follow."""
        import json

        from afterview.situation import situation_from_dict

        with self.sessions() as session:
            key = self._interview(session, interview_id).source_key
        record = situation_from_dict(data, source="form")
        self._save(record, json.dumps(data, ensure_ascii=False), "json", key, now)

    def record_sent(
        self, interview_id: int, kind: str, to: str, at: datetime, now: datetime
    ) -> int:
        """Record a message sent by hand; the advice and agenda are refreshed. Returns its id.

        ``to`` must name someone met (their address, full name, or a name only they have);
        the message is recorded against that person, and a draft or handed-off message of the
        same plan becomes this one (one message per person and kind)."""
        with self.sessions.begin() as session:
            row = self._interview(session, interview_id, lock=True)
            recipient = _person_named(self._record(row), to)
            key = schema.plan_key(kind, recipient)
            live = [m for m in row.messages if m.state != "cancelled" and m.plan_key == key]
            if live and live[0].state == "sent":
                raise InputError(
                    "--to",
                    None,
                    f"a {kind.replace('_', '-')} to {recipient} is already recorded as sent "
                    f"(message {live[0].id})",
                )
            if live:
                message = live[0]
                message.state, message.sent_at, message.via = "sent", at, "by hand"
            else:
                message = schema.Message(
                    kind=kind,
                    recipient=recipient,
                    plan_key=key,
                    state="sent",
                    sent_at=at,
                    via="by hand",
                    created_at=now,
                )
                row.messages.append(message)
            session.flush()
            self._refresh(session, row, now, frozenset({recipient.casefold()}))
            return message.id

    def save_drafts(self, interview_id: int, drafts: list[Any], now: datetime) -> list[Any]:
        """Keep drafted messages in the outbox, all in one transaction, and return the
        outbox's message for each: a planned action (kind, recipient) that already has a live
        message keeps it (a draft you edited, or one sent), so saving again never makes a
        second copy. The unique index over (interview, plan key) holds this even when two
        processes save at once: the loser reads what the winner saved."""
        from sqlalchemy.exc import IntegrityError

        for attempt in range(3):
            try:
                return self._save_drafts(interview_id, drafts, now)
            except IntegrityError:
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def _save_drafts(self, interview_id: int, drafts: list[Any], now: datetime) -> list[Any]:
        from email.utils import make_msgid

        with self.sessions.begin() as session:
            row = self._interview(session, interview_id, lock=True)
            live = {m.plan_key: m for m in row.messages if m.state != "cancelled"}
            kept = []
            for draft in drafts:
                key = schema.plan_key(str(draft.kind), draft.to)
                message = live.get(key)
                if message is None:
                    message = schema.Message(
                        kind=str(draft.kind),
                        recipient=draft.to,
                        plan_key=key,
                        address=draft.address,
                        subject=draft.subject,
                        body=draft.body,
                        state="draft",
                        created_at=now,
                        message_id=make_msgid(domain="afterview.invalid"),
                        written_hash=schema.text_hash(draft.subject, draft.body),
                    )
                    row.messages.append(message)
                    live[key] = message
                kept.append(message)
            session.flush()
            return [OutboxMessage.of(m) for m in kept]

    def edit_draft(self, message_id: int, subject: str | None, body: str) -> OutboxMessage:
        """Change a draft's subject and body (only a draft can change). Returns it."""
        from sqlalchemy import update

        with self.sessions.begin() as session:
            changed = _rows(
                session.execute(
                    update(schema.Message)
                    .where(schema.Message.id == message_id, schema.Message.state == "draft")
                    .values(subject=subject, body=body)
                    .execution_options(synchronize_session=False)
                )
            )
        message = self.message(message_id)
        if not changed:
            raise InputError(
                str(message_id), None, f"expected a draft; this message is {message.state}"
            )
        return message

    def messages_of(self, interview_id: int) -> list[OutboxMessage]:
        """One interview's messages, oldest first."""
        with self.sessions() as session:
            self._interview(session, interview_id)
            rows = session.scalars(
                select(schema.Message)
                .where(schema.Message.interview_id == interview_id)
                .order_by(schema.Message.id)
            ).all()
            return [OutboxMessage.of(r) for r in rows]

    def message(self, message_id: int) -> OutboxMessage:
        """One message of the outbox."""
        with self.sessions() as session:
            row = session.get(schema.Message, message_id) if _storable(message_id) else None
            if row is None:
                raise NotFound("message", message_id, "afterview outbox")
            return OutboxMessage.of(row)

    def outbox(self) -> list[OutboxMessage]:
        """Every message, newest first."""
        with self.sessions() as session:
            rows = session.scalars(select(schema.Message).order_by(schema.Message.id.desc())).all()
            return [OutboxMessage.of(r) for r in rows]

    def claim(self, message_id: int, now: datetime | None = None) -> bool:
        """Move a draft to "sending" in its own committed transaction, with this process's
        lease; False if another send got there first (or it is not a draft). Only the claimer
        may deliver it."""
        import os
        import socket
        from datetime import datetime as clock

        from sqlalchemy import update

        moment = now or clock.now(UTC)
        with self.sessions.begin() as session:
            result = session.execute(
                update(schema.Message)
                .where(schema.Message.id == message_id, schema.Message.state == "draft")
                .execution_options(synchronize_session=False)
                .values(
                    state="sending",
                    lease_pid=os.getpid(),
                    lease_host=socket.gethostname(),
                    lease_started=moment,
                    lease_heartbeat=moment,
                    last_error=None,
                )
            )
            return _rows(result) == 1

    def finish(
        self,
        message_id: int,
        state: str,
        now: datetime,
        via: str | None = None,
        findings: str | None = None,
        error: str | None = None,
        keep_lease: bool = False,
    ) -> None:
        """Settle a message: "sent" or "handed_off" (refreshing the advice), back to "draft"
        (with what went wrong), "cancelled", or left "sending" with the error when nobody can
        know whether it went (``keep_lease`` False: no process is sending it any more)."""
        with self.sessions.begin() as session:
            parent = session.scalar(
                select(schema.Message.interview_id).where(schema.Message.id == message_id)
            )
            if parent is None:
                raise NotFound("message", message_id, "afterview outbox")
            interview = self._interview(session, parent, lock=True)  # the interview first
            row = session.get(schema.Message, message_id, populate_existing=True)
            assert row is not None
            confirmed = state == "sent" and row.state == "handed_off" and row.sent_at
            row.state = state
            if state in ("sent", "handed_off") and not confirmed:
                row.sent_at, row.via, row.findings = now, via or row.via, findings or row.findings
            row.last_error = error
            if not keep_lease:
                row.lease_pid = row.lease_host = None
                row.lease_started = row.lease_heartbeat = None
            session.flush()
            self._refresh(session, interview, now, frozenset({row.recipient.casefold()}))

    def record_reply(
        self,
        interview_id: int,
        at: datetime,
        now: datetime,
        decision_by: date | None = None,
        outcome: str = "other",
        sender: str | None = None,
    ) -> None:
        """The employer answered (DESIGN.md, contract additions): ``rejected`` and ``offer``
        end the follow-up, ``next_round`` and ``other`` cancel the status check, and a
        ``decision_update`` with a date moves it after that date."""
        from afterview.record import Outcome

        if outcome not in Outcome.__members__:
            raise InputError(
                "outcome", None, f"expected one of {', '.join(Outcome)}; got {outcome!r}"
            )
        with self.sessions.begin() as session:
            row = self._interview(session, interview_id, lock=True)
            started = row.started_at.date()
            if decision_by is not None and decision_by < max(started, at.date()):
                raise InputError(
                    "--decision-by",
                    None,
                    f"expected a date on or after the reply ({at.date()}) and the interview "
                    f"({started}); got {decision_by}",
                )
            row.replies.append(
                schema.Reply(
                    at=at, sender=sender, outcome=outcome, decision_by=decision_by, created_at=now
                )
            )
            session.flush()
            self._refresh(session, row, now)

    def refresh(self, interview_id: int, now: datetime) -> None:
        """Recompute the advice's actions for one interview (the record did not change, so
        no draft is written again)."""
        with self.sessions.begin() as session:
            row = self._interview(session, interview_id, lock=True)
            self._refresh(session, row, now, frozenset())

    # ------------------------------------------------------------------ reading

    def interviews(self) -> list[InterviewRow]:
        """Every interview, most recent first."""
        with self.sessions() as session:
            rows = session.scalars(
                select(schema.Interview).order_by(
                    schema.Interview.started_at.desc(), schema.Interview.id.desc()
                )
            ).all()
            return [self._row(r) for r in rows]

    def interview(self, interview_id: int) -> InterviewRow:
        """One interview as listed."""
        with self.sessions() as session:
            return self._row(self._interview(session, interview_id))

    def interview_with_key(self, key: str) -> int | None:
        """The id of the interview stored under ``key`` (as given to :meth:`import_data`), or
        None: the web wizard asks whether its form was already submitted."""
        with self.sessions() as session:
            return session.scalar(
                select(schema.Interview.id).where(schema.Interview.source_key == key)
            )

    def source_data(self, interview_id: int) -> dict[str, Any]:
        """The interview's situation as stored (TOML or JSON), as JSON-ready data."""
        import json
        import tomllib

        with self.sessions() as session:
            row = self._interview(session, interview_id)
            text, fmt = row.source_text, row.source_format
        data = json.loads(text) if fmt == "json" else tomllib.loads(text)
        return dict(json.loads(json.dumps(data, default=lambda v: v.isoformat())))

    def situation(self, interview_id: int) -> Record:
        """The interview's situation, with every message recorded as sent."""
        with self.sessions() as session:
            return self._record(self._interview(session, interview_id))

    def agenda(
        self,
        now: datetime,
        horizon: timedelta = timedelta(days=1),
        overdue_for: timedelta = OVERDUE_FOR,
    ) -> list[AgendaItem]:
        """Actions whose window opens before ``now + horizon``, and those that closed within
        ``overdue_for`` (older ones are history, not agenda), soonest first; not those whose
        message is being sent."""
        a = schema.Action
        m = schema.Message
        sending = select(m.id).where(
            m.interview_id == a.interview_id,
            m.kind == a.kind,
            m.recipient == a.recipient,
            m.state == "sending",
        )
        query = (
            select(
                a.interview_id,
                schema.Application.company,
                schema.Application.role,
                a.kind,
                a.channel,
                a.recipient,
                a.address,
                a.not_before,
                a.not_after,
                a.why,
                a.zone,
            )
            .join(schema.Interview, a.interview_id == schema.Interview.id)
            .join(schema.Application, schema.Interview.application_id == schema.Application.id)
            .where(a.not_before <= now + horizon, a.not_after >= now - overdue_for)
            .where(~sending.exists())  # a message on its way is not due again
            .order_by(a.not_before, a.id)
        )
        with self.sessions() as session:
            return [
                AgendaItem(*row[:7], in_zone(row[7], row[10]), in_zone(row[8], row[10]), row[9])
                for row in session.execute(query)
            ]

    def export(self) -> dict[str, Any]:
        """Everything stored, as a complete, versioned backup (afterview.store.backup)."""
        from afterview.store import backup

        return backup.export(self.engine, self.owner_id)

    def restore(self, data: Any, source: str) -> dict[str, int]:
        """Restore a backup (:meth:`export`) into this store, which must be empty. Returns the
        rows restored per table."""
        from afterview.store import backup

        return backup.restore(self.engine, data, source, self.owner_id)

    def forget(self) -> dict[str, int]:
        """Delete everything this user stored: interviews with their people, messages, actions
        and replies; what sync read and the mailbox it read; the shares and their comments.
        The audit of who looked stays (it is the record of others' access). Returns the rows
        deleted per table."""
        from sqlalchemy import delete, func

        gone: dict[str, int] = {}
        with self.sessions.begin() as session:
            for table in (
                schema.Comment,
                schema.Share,
                schema.Reply,
                schema.Action,
                schema.Message,
                schema.Person,
                schema.Interview,
                schema.Application,
                schema.SyncState,
                schema.Mailbox,
            ):
                owned = table.owner_id == self.owner_id
                count = session.scalar(select(func.count()).select_from(table).where(owned))
                if count:
                    session.execute(
                        delete(table).where(owned).execution_options(synchronize_session=False)
                    )
                    gone[str(table.__tablename__)] = int(count)
        return gone

    # ------------------------------------------------------------------ internals

    @staticmethod
    def _same(session: Session, key: str, record: Record | None = None) -> schema.Interview | None:
        """The stored interview with this key, else (given a record) the one with the same
        company, role and start: the same interview imported from another path or file."""
        row = session.scalar(select(schema.Interview).where(schema.Interview.source_key == key))
        if row is not None or record is None:
            return row
        from afterview.checks.context import fold

        def norm(text: str) -> str:
            return " ".join(fold(text).split())

        wanted = (norm(record.application.company), norm(record.application.role))
        rows = session.scalars(
            select(schema.Interview)
            .where(schema.Interview.started_at == record.interview.started_at)
            .order_by(schema.Interview.id)
        )
        return next(
            (r for r in rows if (norm(r.application.company), norm(r.application.role)) == wanted),
            None,
        )

    def _interview(
        self, session: Session, interview_id: int, lock: bool = False
    ) -> schema.Interview:
        """The interview's row; ``lock`` takes its row lock first (SELECT ... FOR UPDATE on
        PostgreSQL), so that writes to one interview and its messages queue up in one order
        instead of deadlocking (two sends of one panel finishing at once)."""
        row = (
            session.get(schema.Interview, interview_id, with_for_update=lock)
            if _storable(interview_id)
            else None
        )
        if row is None:
            raise NotFound("interview", interview_id, "afterview list")
        return row

    def _record(self, row: schema.Interview) -> Record:
        from afterview.situation import parse_situation

        record = parse_situation(
            row.source_text, source=f"interview {row.id}", fmt=row.source_format
        )
        stored = tuple(
            Sent(kind=m.kind, to=m.recipient, at=m.sent_at)  # type: ignore[arg-type]
            for m in sorted(row.messages, key=lambda m: m.sent_at or m.created_at)
            if m.state in ("sent", "handed_off") and m.sent_at is not None
        )
        interview = record.interview
        if row.decision_by is not None:
            interview = dataclasses.replace(interview, decision_expected_by=row.decision_by)
        replies = record.replies + tuple(
            Reply(at=r.at, outcome=r.outcome, from_=r.sender, decision_expected_by=r.decision_by)
            for r in row.replies
        )
        return dataclasses.replace(
            record,
            sent=record.sent + stored,
            now=None,
            interview=interview,
            replies=tuple(sorted(replies, key=lambda r: r.at)),
        )

    def _refresh(
        self,
        session: Session,
        row: schema.Interview,
        now: datetime,
        follow: Follow = RECORD,
    ) -> None:
        """Recompute the advice, cancel the drafts it no longer wants and keep the agenda.
        ``follow`` says what changed, and so which unedited drafts are written again:
        ``RECORD`` (what you typed: the situation, a reply) rewrites them all; a set of names
        (a message to them changed state) only those to the same people, whose words cite it
        (a status check answers a thank-you since sent); never another person's draft."""
        from afterview.advice import advise

        advice = advise(self._record(row), now=now)
        row.verdict, row.summary = advice.verdict, advice.summary
        # Drafts the advice no longer wants are cancelled, not left sendable: everything after
        # a stop (no contact, a rejection, an offer), a status check once a reply cancels it.
        planned = {(a.kind, a.to) for a in advice.actions}
        stopped = advice.verdict == "dont_send" and any(r.rule in STOPPING for r in advice.reasons)
        for message in row.messages:
            if message.state != "draft":
                continue
            if stopped or (
                message.kind == "status_check"
                and (message.kind, message.recipient) not in planned
                and not any(a.kind == "status_check" for a in advice.actions)
            ):
                message.state = "cancelled"
                message.last_error = f"cancelled: {advice.summary}"
        self._follow_record(row, now, follow)
        row.actions.clear()
        row.actions.extend(
            schema.Action(
                kind=a.kind,
                channel=a.channel,
                recipient=a.to,
                address=a.address,
                not_before=a.not_before,
                not_after=a.not_after,
                zone=getattr(a.not_before.tzinfo, "key", "UTC"),
                rule=a.rule,
                why=a.why,
            )
            for a in advice.actions
        )

    def _follow_record(self, row: schema.Interview, now: datetime, follow: Follow) -> None:
        """Drafts you have not edited are written again from the record as it is now (a new
        date in a reply, new notes), so a saved draft never goes stale; an edited draft is
        yours and stays as you left it. A message that changed state rewrites only drafts to
        its own recipient (see :meth:`_refresh`): sending one note of a panel never rewrites
        the others."""
        unedited = [
            m
            for m in row.messages
            if m.state == "draft"
            and (isinstance(follow, _Record) or m.recipient.casefold() in follow)
            and m.written_hash
            and m.written_hash == schema.text_hash(m.subject, m.body)
        ]
        if not unedited:
            return
        from afterview.drafting import draft_messages

        fresh = {
            schema.plan_key(str(d.kind), d.to): d
            for d in draft_messages(self._record(row), now=now)
        }
        for message in unedited:
            draft = fresh.get(message.plan_key)
            if draft is not None and (draft.subject, draft.body) != (message.subject, message.body):
                message.subject, message.body = draft.subject, draft.body
                message.written_hash = schema.text_hash(draft.subject, draft.body)

    @staticmethod
    def _row(r: schema.Interview) -> InterviewRow:
        return InterviewRow(
            r.id,
            r.application.company,
            r.application.role,
            r.kind,
            r.started_at,
            r.verdict,
            r.summary,
        )

    # ------------------------------------------------------------------ sync (afterview.sync)

    def sync_index(self) -> dict[str, Any]:
        """What ``afterview sync`` matches mail against: ``ours`` (each Message-ID afterview
        gave a message -> (message id, interview id, state)), ``people`` (interview id, its
        start, an interviewer's name and address), ``me`` (the candidates' addresses),
        ``known`` (Message-IDs already recorded, as messages or replies), ``sent_known``
        ((Message-ID, recipient) of each message recorded with one), ``since`` (the
        start of the earliest open interview: one no reply ended with a rejection or an
        offer) and ``state`` ((account, folder) -> (UIDVALIDITY, last UID))."""
        index: dict[str, Any] = {
            "ours": {},
            "people": [],
            "me": set(),
            "known": set(),
            "sent_known": set(),
            "since": None,
            "state": {},
        }
        with self.sessions() as session:
            for row in session.scalars(select(schema.Interview)):
                record = self._record(row)
                index["me"].add(record.candidate.email.casefold())
                for person in record.interviewers:
                    if person.email:
                        index["people"].append(
                            (row.id, row.started_at, person.name, person.email.casefold())
                        )
                ended = any(r.outcome in ("rejected", "offer") for r in record.replies)
                if not ended and (index["since"] is None or row.started_at < index["since"]):
                    index["since"] = row.started_at
                for message in row.messages:
                    if message.message_id:
                        index["known"].add(message.message_id)
                        index["sent_known"].add((message.message_id, message.recipient.casefold()))
                        if message.state != "cancelled":
                            index["ours"][message.message_id] = (message.id, row.id, message.state)
                index["known"].update(r.message_id for r in row.replies if r.message_id)
            for state in session.scalars(select(schema.SyncState)):
                index["state"][(state.account, state.folder)] = (state.uidvalidity, state.last_uid)
        return index

    def record_sync(self, found: dict[str, Any], now: datetime) -> dict[str, list[dict[str, Any]]]:
        """Record what ``afterview sync`` found, in one transaction, and return what was new:
        ``settled`` ((message id, sent at): a handed-off or unfinished send found in the Sent
        folder becomes "sent"; so does a draft there, handed off once and then said not sent),
        ``sent_by_hand`` ((interview id, person, at, Message-ID, subject): recorded as the
        person's thank-you, else their status check; once per person), ``replies``
        ((interview id, at, sender, Message-ID, subject, snippet): outcome "other", not yet
        classified) and ``folders`` ((account, folder, UIDVALIDITY, last UID)). Anything
        already recorded (by Message-ID, or a message no longer unsettled) is skipped, so
        recording the same findings twice records nothing new."""
        done: dict[str, list[dict[str, Any]]] = {"settled": [], "sent_by_hand": [], "replies": []}
        touched: set[int] = set()
        changed: dict[int, set[str]] = {}  # interview -> whose messages changed state
        replied: set[int] = set()
        with self.sessions.begin() as session:
            known = set(
                session.scalars(
                    select(schema.Message.message_id).where(schema.Message.message_id.is_not(None))
                )
            ) | set(
                session.scalars(
                    select(schema.Reply.message_id).where(schema.Reply.message_id.is_not(None))
                )
            )
            for message_id, at in found.get("settled", ()):
                row = session.get(schema.Message, message_id)
                if row is None or row.state not in ("handed_off", "sending", "draft"):
                    continue
                row.state, row.sent_at = "sent", at
                row.via = row.via or "found in Sent"
                row.last_error = None
                row.lease_pid = row.lease_host = None
                row.lease_started = row.lease_heartbeat = None
                touched.add(row.interview_id)
                changed.setdefault(row.interview_id, set()).add(row.recipient.casefold())
                done["settled"].append(
                    {"message": row.id, "interview": row.interview_id, "at": at.isoformat()}
                )
            recorded = {
                (str(row[0]), str(row[1]).casefold())
                for row in session.execute(
                    select(schema.Message.message_id, schema.Message.recipient).where(
                        schema.Message.message_id.is_not(None)
                    )
                )
            }
            for interview_id, person, at, mail_id, subject in found.get("sent_by_hand", ()):
                # One mail to several interviewers is a message to each of them.
                if (mail_id, person.casefold()) in recorded:
                    continue
                interview = self._interview(session, interview_id, lock=True)
                kind = _hand_sent_kind(interview, person)
                if kind is None:
                    continue
                key = schema.plan_key(kind, person)
                live = [
                    m for m in interview.messages if m.state != "cancelled" and m.plan_key == key
                ]
                if live:
                    message = live[0]
                    message.lease_pid = message.lease_host = None
                    message.lease_started = message.lease_heartbeat = None
                else:
                    message = schema.Message(
                        kind=kind, recipient=person, plan_key=key, created_at=now
                    )
                    interview.messages.append(message)
                message.state, message.sent_at, message.via = "sent", at, "by hand"
                message.message_id, message.subject = mail_id, subject or message.subject
                recorded.add((mail_id, person.casefold()))
                known.add(mail_id)
                touched.add(interview_id)
                changed.setdefault(interview_id, set()).add(person.casefold())
                session.flush()
                done["sent_by_hand"].append(
                    {
                        "message": message.id,
                        "interview": interview_id,
                        "kind": kind,
                        "to": person,
                        "at": at.isoformat(),
                        "message_id": mail_id,
                    }
                )
            for interview_id, at, sender, mail_id, subject, snippet in found.get("replies", ()):
                if mail_id in known:
                    continue
                interview = self._interview(session, interview_id, lock=True)
                reply = schema.Reply(
                    at=at,
                    sender=sender,
                    outcome="other",
                    created_at=now,
                    message_id=mail_id,
                    subject=(subject or "")[:500] or None,
                    snippet=(snippet or "")[:200] or None,
                    classified=False,
                )
                interview.replies.append(reply)
                known.add(mail_id)
                touched.add(interview_id)
                replied.add(interview_id)
                session.flush()
                done["replies"].append(
                    {
                        "reply": reply.id,
                        "interview": interview_id,
                        "at": at.isoformat(),
                        "from": sender,
                        "subject": reply.subject,
                        "snippet": reply.snippet,
                        "message_id": mail_id,
                    }
                )
            for account, folder, uidvalidity, last_uid in found.get("folders", ()):
                state = session.scalar(
                    select(schema.SyncState).where(
                        schema.SyncState.account == account, schema.SyncState.folder == folder
                    )
                )
                if state is None:
                    state = schema.SyncState(account=account, folder=folder)
                    session.add(state)
                state.uidvalidity, state.last_uid, state.synced_at = uidvalidity, last_uid, now
            session.flush()
            for interview_id in sorted(touched):
                # A reply is part of the record; a message found sent changes only its own
                # recipient's drafts.
                follow: Follow = (
                    RECORD if interview_id in replied else frozenset(changed[interview_id])
                )
                self._refresh(
                    session, self._interview(session, interview_id, lock=True), now, follow
                )
            session.flush()
            if os.environ.get("AFTERVIEW_CRASH_AT"):  # the crash drills (afterview.outbox)
                from afterview.outbox import _crash_point

                _crash_point("sync-before-commit")
        return done

    def last_synced(self) -> datetime | None:
        """When ``afterview sync`` last finished, or None if it never ran."""
        from sqlalchemy import func

        with self.sessions() as session:
            return session.scalar(select(func.max(schema.SyncState.synced_at)))

    def unclassified_replies(self) -> list[dict[str, Any]]:
        """Replies ``afterview sync`` found that you have not classified yet, oldest first."""
        with self.sessions() as session:
            rows = session.scalars(
                select(schema.Reply)
                .where(schema.Reply.classified.is_(False))
                .order_by(schema.Reply.at, schema.Reply.id)
            ).all()
            return [
                {
                    "reply": r.id,
                    "interview": r.interview_id,
                    "at": r.at.isoformat(),
                    "from": r.sender,
                    "subject": r.subject,
                    "snippet": r.snippet,
                }
                for r in rows
            ]

    def classify_reply(
        self,
        interview_id: int,
        outcome: str,
        now: datetime,
        decision_by: date | None = None,
    ) -> int | None:
        """Give the latest unclassified reply ``afterview sync`` found for this interview its
        outcome (``afterview replied ID --outcome ...``), instead of adding a reply; returns
        its id, or None when there is none to classify."""
        from afterview.record import Outcome

        if outcome not in Outcome.__members__:
            raise InputError(
                "outcome", None, f"expected one of {', '.join(Outcome)}; got {outcome!r}"
            )
        with self.sessions.begin() as session:
            row = self._interview(session, interview_id, lock=True)
            waiting = [r for r in row.replies if not r.classified]
            if not waiting:
                return None
            reply = max(waiting, key=lambda r: (r.at, r.id))
            reply.outcome, reply.decision_by, reply.classified = outcome, decision_by, True
            session.flush()
            self._refresh(session, row, now)
            return reply.id


def _hand_sent_kind(interview: schema.Interview, person: str) -> str | None:
    """What a message you sent by hand to ``person`` was: their thank-you, unless one was
    already sent (or handed off), then their status check; None when both were."""
    for kind in ("thank_you", "status_check"):
        key = schema.plan_key(kind, person)
        if not any(
            m.plan_key == key and m.state in ("sent", "handed_off") for m in interview.messages
        ):
            return kind
    return None


def _person_named(record: Record, to: str) -> str:
    """The recorded interviewer ``to`` names: their address, full name (honorifics aside), or
    a name word only one of them has. An InputError lists the people otherwise."""
    from afterview.advice.facts import name_key

    people = record.interviewers
    if not people:
        return to
    wanted = name_key(to)
    for person in people:
        if (person.email and person.email.casefold() == to.casefold()) or name_key(
            person.name
        ) == wanted:
            return person.name
    words = set(wanted.split())
    matches = [p for p in people if words and words <= set(name_key(p.name).split())]
    if len(matches) == 1:
        return matches[0].name
    names = ", ".join(p.name for p in people)
    raise InputError(
        "--to",
        None,
        f"expected one of the people you met ({names}) or their address; got {to!r}",
    )


def _storable(row_id: int) -> bool:
    """True for an id a row can have (a larger one would overflow the database's integer)."""
    return 0 < row_id < 2**31


def _rows(result: Any) -> int:
    """How many rows an UPDATE changed."""
    return int(result.rowcount)
