"""A student shows one interview to an advisor: the advisor reads it (and its drafts), comments
and suggests edits, never sends; the student sees who looks and revokes at any time. Every look
by someone other than the owner is written to the append-only ``audit`` table.

What an advisor gets is a :class:`SharedView`: reading methods only, so there is nothing to send
with. On PostgreSQL the view's sessions tell the database the advisor is looking, so row-level
security (migration 0009) lets them read the shared interview's rows and write none of them,
even if a query here were wrong.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select

from afterview.errors import InputError, NotFound
from afterview.store import schema
from afterview.store.owners import ACTOR, sessions_for


@dataclass(frozen=True)
class ShareRow:
    """An interview shown to an advisor."""

    id: int
    interview_id: int
    owner_id: int
    owner_name: str
    advisor_id: int
    advisor_name: str
    company: str
    role: str
    since: datetime


@dataclass(frozen=True)
class CommentRow:
    """An advisor's comment, with the edit they suggest (if any)."""

    id: int
    interview_id: int
    message_id: int | None
    author: str
    body: str
    suggested_subject: str | None
    suggested_body: str | None
    at: datetime


@dataclass(frozen=True)
class AuditRow:
    """One look at a student's data by someone else."""

    at: datetime
    actor: str
    action: str
    target: str


def _actor_sessions(engine: Any, actor_id: int) -> Any:
    """Sessions that see no owner's rows by default: for the advisor's own lists, whose queries
    say exactly what they read (and PostgreSQL knows who is reading)."""
    from sqlalchemy.orm import sessionmaker

    return sessionmaker(engine, expire_on_commit=False, info={ACTOR: actor_id})


@dataclass(frozen=True)
class Advisor:
    """An advisor a student can share with."""

    id: int
    name: str
    email: str


def advisors(engine: Any) -> list[Advisor]:
    """The centre's advisors (not disabled), by name."""
    with _actor_sessions(engine, 0)() as session:
        rows = session.execute(
            select(schema.User.id, schema.User.name, schema.User.email)
            .where(schema.User.role == "advisor", schema.User.disabled_at.is_(None))
            .order_by(schema.User.name, schema.User.id)
        )
        return [Advisor(*r) for r in rows]


def _user(session: Any, user_id: int) -> schema.User | None:
    user = session.get(schema.User, user_id)
    return user if user is not None and user.disabled_at is None else None


def _active(session: Any, advisor_id: int, interview_id: int) -> schema.Share | None:
    return session.scalar(
        select(schema.Share).where(
            schema.Share.advisor_id == advisor_id,
            schema.Share.interview_id == interview_id,
            schema.Share.revoked_at.is_(None),
        )
    )


def audit(
    session: Any, actor_id: int, owner_id: int, action: str, target: str, now: datetime
) -> None:
    """Record a look at ``owner_id``'s data by ``actor_id`` (never by the owner)."""
    if actor_id != owner_id:  # no RETURNING: the actor may append to the audit, not read it
        session.execute(
            insert(schema.Audit).values(
                at=now, actor_id=actor_id, owner_id=owner_id, action=action, target=target
            )
        )


def share(engine: Any, owner_id: int, interview_id: int, advisor_id: int, now: datetime) -> int:
    """Show the owner's interview to an advisor (again: the same share). Returns its id."""
    with sessions_for(engine, owner_id).begin() as session:
        if session.get(schema.Interview, interview_id) is None:
            raise NotFound("interview", interview_id, "your interviews")
        advisor = _user(session, advisor_id)
        if advisor is None or advisor.role != "advisor":
            raise InputError("advisor", None, "expected an advisor of this career centre")
        found = _active(session, advisor_id, interview_id)
        if found is not None:
            return found.id
        row = schema.Share(
            owner_id=owner_id, interview_id=interview_id, advisor_id=advisor_id, created_at=now
        )
        session.add(row)
        session.flush()
        return row.id


def revoke(engine: Any, owner_id: int, interview_id: int, advisor_id: int, now: datetime) -> bool:
    """Stop showing the interview to the advisor; False if it was not shown."""
    with sessions_for(engine, owner_id).begin() as session:
        found = session.scalar(
            select(schema.Share).where(
                schema.Share.owner_id == owner_id,
                schema.Share.interview_id == interview_id,
                schema.Share.advisor_id == advisor_id,
                schema.Share.revoked_at.is_(None),
            )
        )
        if found is None:
            return False
        found.revoked_at = now
        return True


ADVISOR = schema.User.__table__.alias("advisor")


def _rows(session: Any, query: Any) -> list[ShareRow]:
    rows = session.execute(
        query.join(schema.Interview, schema.Share.interview_id == schema.Interview.id)
        .join(schema.Application, schema.Interview.application_id == schema.Application.id)
        .join(schema.User, schema.User.id == schema.Share.owner_id)
        .join(ADVISOR, ADVISOR.c.id == schema.Share.advisor_id)
        .order_by(schema.Share.created_at.desc(), schema.Share.id.desc())
    )
    return [ShareRow(*r) for r in rows]


def _columns() -> Any:
    return select(
        schema.Share.id,
        schema.Share.interview_id,
        schema.Share.owner_id,
        schema.User.name,
        schema.Share.advisor_id,
        ADVISOR.c.name,
        schema.Application.company,
        schema.Application.role,
        schema.Share.created_at,
    )


def shares_of(engine: Any, owner_id: int) -> list[ShareRow]:
    """What the student shows, and to whom (active shares)."""
    with _actor_sessions(engine, owner_id)() as session:
        query = _columns().where(
            schema.Share.owner_id == owner_id, schema.Share.revoked_at.is_(None)
        )
        return _rows(session, query)


def shared_with(engine: Any, advisor_id: int) -> list[ShareRow]:
    """What students show the advisor (active shares)."""
    with _actor_sessions(engine, advisor_id)() as session:
        query = _columns().where(
            schema.Share.advisor_id == advisor_id, schema.Share.revoked_at.is_(None)
        )
        return _rows(session, query)


class SharedView:
    """One shared interview as its advisor sees it: reading only (there is nothing to send with).
    Opened by :func:`open_shared`, which checks the share and audits the look."""

    def __init__(self, engine: Any, owner_id: int, advisor_id: int, interview_id: int) -> None:
        from afterview.store.repo import Store

        self._store = Store(engine, owner_id, actor_id=advisor_id)
        self.interview_id = interview_id
        self.owner_id = owner_id
        self.advisor_id = advisor_id

    def interview(self) -> Any:
        """The interview as listed."""
        return self._store.interview(self.interview_id)

    def situation(self) -> Any:
        """The interview's record (for the advice and the checker)."""
        return self._store.situation(self.interview_id)

    def messages(self) -> list[Any]:
        """Its drafts and messages."""
        return self._store.messages_of(self.interview_id)


def open_shared(engine: Any, advisor_id: int, interview_id: int, now: datetime) -> SharedView:
    """The interview, if it is shown to this advisor now; NotFound otherwise (the same answer
    for an interview that does not exist, so nothing is learnt by trying ids). Audited."""
    with _actor_sessions(engine, advisor_id).begin() as session:
        found = _active(session, advisor_id, interview_id)
        if found is None or _user(session, advisor_id) is None:
            raise NotFound("interview", interview_id, "the interviews shared with you")
        audit(session, advisor_id, found.owner_id, "read-share", f"interview:{interview_id}", now)
        owner_id = found.owner_id
    return SharedView(engine, owner_id, advisor_id, interview_id)


def comment(
    engine: Any,
    advisor_id: int,
    interview_id: int,
    body: str,
    now: datetime,
    message_id: int | None = None,
    suggested_subject: str | None = None,
    suggested_body: str | None = None,
) -> int:
    """An advisor's comment on a shared interview (or one of its drafts), with an optional
    suggested edit the student may take or leave. Returns its id. Audited."""
    if not body.strip():
        raise InputError("comment", None, "expected some words")
    with _actor_sessions(engine, advisor_id).begin() as session:
        found = _active(session, advisor_id, interview_id)
        if found is None:
            raise NotFound("interview", interview_id, "the interviews shared with you")
        if message_id is not None:
            message = session.scalar(
                select(schema.Message.interview_id).where(schema.Message.id == message_id)
            )
            if message != interview_id:
                raise NotFound("message", message_id, "this interview's drafts")
        row = schema.Comment(
            owner_id=found.owner_id,
            interview_id=interview_id,
            message_id=message_id,
            author_id=advisor_id,
            body=body.strip(),
            suggested_subject=suggested_subject,
            suggested_body=suggested_body,
            created_at=now,
        )
        session.add(row)
        session.flush()
        audit(session, advisor_id, found.owner_id, "comment", f"interview:{interview_id}", now)
        return row.id


def comments_on(engine: Any, owner_id: int, interview_id: int) -> list[CommentRow]:
    """The comments on the owner's interview, oldest first."""
    with _actor_sessions(engine, owner_id)() as session:
        rows = session.execute(
            select(
                schema.Comment.id,
                schema.Comment.interview_id,
                schema.Comment.message_id,
                schema.User.name,
                schema.Comment.body,
                schema.Comment.suggested_subject,
                schema.Comment.suggested_body,
                schema.Comment.created_at,
            )
            .join(schema.User, schema.User.id == schema.Comment.author_id)
            .where(schema.Comment.owner_id == owner_id, schema.Comment.interview_id == interview_id)
            .order_by(schema.Comment.created_at, schema.Comment.id)
        )
        return [CommentRow(*r) for r in rows]


def audit_of(engine: Any, owner_id: int) -> list[AuditRow]:
    """Every look at the student's data by someone else, newest first."""
    with _actor_sessions(engine, owner_id)() as session:
        rows = session.execute(
            select(schema.Audit.at, schema.User.name, schema.Audit.action, schema.Audit.target)
            .join(schema.User, schema.User.id == schema.Audit.actor_id, isouter=True)
            .where(schema.Audit.owner_id == owner_id)
            .order_by(schema.Audit.at.desc(), schema.Audit.id.desc())
        )
        return [AuditRow(r[0], r[1] or "a deleted account", r[2], r[3]) for r in rows]
