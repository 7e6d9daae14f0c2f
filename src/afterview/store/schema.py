"""The database tables (SQLAlchemy 2). Schema changes go through Alembic (store/migrations)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    text,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes stored as UTC (SQLite keeps no offsets), read back as aware UTC."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        return value.replace(tzinfo=UTC) if value is not None else None


def text_hash(subject: str | None, body: str | None) -> str:
    """The fingerprint of a message's text (subject and body)."""
    import hashlib

    return hashlib.sha256(f"{subject or ''}\x00{body or ''}".encode()).hexdigest()


def plan_key(kind: str, recipient: str) -> str:
    """The key of a planned action within its interview: its kind and recipient."""
    return f"{kind}:{' '.join(recipient.casefold().split())}"


class Base(DeclarativeBase):
    """Base of every table."""


LOCAL_USER = 1  # the one user of a local store; made by migration 0009


class User(Base):
    """Someone who uses afterview: a student (owns interviews), an advisor (sees what a student
    shares), an admin. A local store has one, id 1."""

    __tablename__ = "users"
    __table_args__ = (
        Index("ux_users_oidc", "oidc_issuer", "oidc_subject", unique=True),
        Index("ux_users_email", "email", unique=True),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(320))
    name: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(20))  # student | advisor | admin
    password_hash: Mapped[str | None] = mapped_column(String(200), nullable=True)
    oidc_issuer: Mapped[str | None] = mapped_column(String(500), nullable=True)
    oidc_subject: Mapped[str | None] = mapped_column(String(255), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    disabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    timezone: Mapped[str | None] = mapped_column(String(64), nullable=True)  # IANA; None: server's


class Owned:
    """A row that belongs to one student: every query of a store sees only its owner's rows
    (afterview.store.owners), and PostgreSQL's row-level security enforces the same."""

    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)


class Application(Owned, Base):
    """A job applied for."""

    __tablename__ = "applications"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(300))
    # private | government | academic, for the centre's statistics (None: stored before 0009)
    sector: Mapped[str | None] = mapped_column(String(20), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    interviews: Mapped[list[Interview]] = relationship(back_populates="application")


class Interview(Owned, Base):
    """One interview, with the situation file it was recorded from."""

    __tablename__ = "interviews"
    # A situation's key is its owner's: two students may record the same interview.
    __table_args__ = (Index("ux_interviews_owner_source", "owner_id", "source_key", unique=True),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"))
    source_key: Mapped[str] = mapped_column(String(200))
    source_text: Mapped[str] = mapped_column(Text)
    source_format: Mapped[str] = mapped_column(String(10))
    kind: Mapped[str] = mapped_column(String(30))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    decision_by: Mapped[date | None] = mapped_column(Date, nullable=True)
    verdict: Mapped[str] = mapped_column(String(20), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)

    application: Mapped[Application] = relationship(back_populates="interviews")
    people: Mapped[list[Person]] = relationship(cascade="all, delete-orphan")
    messages: Mapped[list[Message]] = relationship(cascade="all, delete-orphan")
    actions: Mapped[list[Action]] = relationship(cascade="all, delete-orphan")
    replies: Mapped[list[Reply]] = relationship(cascade="all, delete-orphan", order_by="Reply.at")


class Person(Owned, Base):
    """Someone met at an interview, with their contact details."""

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    interview_id: Mapped[int] = mapped_column(ForeignKey("interviews.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(300))
    title: Mapped[str | None] = mapped_column(String(300), nullable=True)
    email: Mapped[str | None] = mapped_column(String(320), nullable=True)
    linkedin: Mapped[str | None] = mapped_column(String(500), nullable=True)


class Message(Owned, Base):
    """A message: drafted, sending, handed off, sent or cancelled.

    A planned action (interview, kind, recipient: ``plan_key``) has at most one live (not
    cancelled) message: a unique index enforces it, whoever saves the drafts."""

    __tablename__ = "messages"
    __table_args__ = (
        Index(
            "ux_messages_one_live_per_action",
            "interview_id",
            "plan_key",
            unique=True,
            sqlite_where=text("state != 'cancelled'"),
            postgresql_where=text("state != 'cancelled'"),
        ),
        # the per-recipient rate cap counts a recipient's recent sends before each send
        Index("ix_messages_recipient_address", text("lower(trim(address))")),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    interview_id: Mapped[int] = mapped_column(ForeignKey("interviews.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(30))
    recipient: Mapped[str] = mapped_column(String(320))
    plan_key: Mapped[str] = mapped_column(String(360))  # plan_key(kind, recipient)
    subject: Mapped[str | None] = mapped_column(String(500), nullable=True)
    body: Mapped[str | None] = mapped_column(Text, nullable=True)
    state: Mapped[str] = mapped_column(String(20))  # draft|sending|handed_off|sent|cancelled
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    address: Mapped[str | None] = mapped_column(String(320), nullable=True)
    message_id: Mapped[str | None] = mapped_column(String(300), nullable=True, index=True)
    via: Mapped[str | None] = mapped_column(String(20), nullable=True)
    findings: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # A send in progress: who holds it and since when (afterview.outbox), and the last failure.
    lease_pid: Mapped[int | None] = mapped_column(Integer, nullable=True)
    lease_host: Mapped[str | None] = mapped_column(String(255), nullable=True)
    lease_started: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    lease_heartbeat: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    # sha256 of the subject and body afterview wrote: equal to the message's own while you have
    # not edited it, so the draft can follow the record (afterview.store.repo._refresh)
    written_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)


class Action(Owned, Base):
    """An action the advice calls for, kept so that the agenda is one indexed query."""

    __tablename__ = "actions"
    __table_args__ = (Index("ix_actions_not_before", "not_before"),)  # the agenda's query

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    interview_id: Mapped[int] = mapped_column(ForeignKey("interviews.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(30))
    channel: Mapped[str] = mapped_column(String(20))
    recipient: Mapped[str] = mapped_column(String(300))
    address: Mapped[str | None] = mapped_column(String(500), nullable=True)
    not_before: Mapped[datetime] = mapped_column(UTCDateTime)
    not_after: Mapped[datetime] = mapped_column(UTCDateTime)
    zone: Mapped[str] = mapped_column(String(64))
    rule: Mapped[str] = mapped_column(String(80))
    why: Mapped[str] = mapped_column(Text)


class Reply(Owned, Base):
    """What the employer said after an interview: when, from whom, and the outcome."""

    __tablename__ = "replies"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    interview_id: Mapped[int] = mapped_column(
        ForeignKey("interviews.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    sender: Mapped[str | None] = mapped_column(String(320), nullable=True)
    outcome: Mapped[str] = mapped_column(String(20))  # rejected | next_round | offer | ...
    decision_by: Mapped[date | None] = mapped_column(Date, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Found by ``afterview sync``: the mail's Message-ID, subject and at most 200 characters of
    # its text (never the whole body); ``classified`` is False until you say what it meant.
    message_id: Mapped[str | None] = mapped_column(String(300), nullable=True, index=True)
    subject: Mapped[str | None] = mapped_column(String(500), nullable=True)
    snippet: Mapped[str | None] = mapped_column(String(200), nullable=True)
    classified: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())


class SyncState(Owned, Base):
    """How far ``afterview sync`` has read one folder of one account: the folder's
    UIDVALIDITY and the last UID read (a new UIDVALIDITY means reading the folder again)."""

    __tablename__ = "sync_state"

    owner_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    account: Mapped[str] = mapped_column(String(400), primary_key=True)
    folder: Mapped[str] = mapped_column(String(300), primary_key=True)
    uidvalidity: Mapped[int] = mapped_column(BigInteger)
    last_uid: Mapped[int] = mapped_column(BigInteger)
    synced_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Share(Base):
    """A student showing one interview (and its drafts) to an advisor, until revoked."""

    __tablename__ = "shares"
    __table_args__ = (Index("ix_shares_advisor", "advisor_id", "interview_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    interview_id: Mapped[int] = mapped_column(ForeignKey("interviews.id", ondelete="CASCADE"))
    advisor_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class Comment(Base):
    """An advisor's comment on a shared interview or draft, with an optional suggested text."""

    __tablename__ = "comments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    interview_id: Mapped[int] = mapped_column(ForeignKey("interviews.id", ondelete="CASCADE"))
    message_id: Mapped[int | None] = mapped_column(
        ForeignKey("messages.id", ondelete="CASCADE"), nullable=True
    )
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    body: Mapped[str] = mapped_column(Text)
    suggested_subject: Mapped[str | None] = mapped_column(String(500), nullable=True)
    suggested_body: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Audit(Base):
    """Every access to a student's data by someone else (an advisor reading a share, an admin
    exporting): append-only (the web's database role may only insert and read it)."""

    __tablename__ = "audit"
    # No RETURNING on insert: whoever appends may not read the row back (row-level security).
    __table_args__ = ({"implicit_returning": False},)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True, index=True
    )
    action: Mapped[str] = mapped_column(String(40))  # read-share | comment | export | ...
    target: Mapped[str] = mapped_column(String(100))  # "interview:12", "message:40"


class Mailbox(Owned, Base):
    """A student's IMAP mailbox, for the deployment's sync; the password is a secretbox token
    (encrypted with the deployment's key, bound to this row), never the password itself."""

    __tablename__ = "mailboxes"

    owner_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    host: Mapped[str] = mapped_column(String(255))
    port: Mapped[int] = mapped_column(Integer)
    security: Mapped[str] = mapped_column(String(10))
    user: Mapped[str] = mapped_column(String(320))
    password: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
