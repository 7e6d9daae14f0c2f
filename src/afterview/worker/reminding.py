"""The reminder that a window has opened: an email to the student, from the deployment's SMTP
account, at most once per (interview, planned action, window)."""

from __future__ import annotations

import smtplib
from dataclasses import dataclass
from datetime import UTC, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import Any

from afterview.errors import AfterviewError
from afterview.worker.settings import WorkerSettings


@dataclass(frozen=True)
class Window:
    """One planned action's window that has opened: what to send, to whom, from and until."""

    kind: str
    recipient: str
    not_before: datetime
    not_after: datetime


def remind(
    store: Any,
    interview_id: int,
    kind: str,
    recipient: str,
    not_before: datetime,
    not_after: datetime,
    settings: WorkerSettings,
    *,
    smtp: Any = None,
    now: datetime | None = None,
) -> str:
    """:func:`remind_all` for one window."""
    window = Window(kind, recipient, not_before, not_after)
    return remind_all(store, interview_id, [window], settings, smtp=smtp, now=now)


def remind_all(
    store: Any,
    interview_id: int,
    windows: list[Window],
    settings: WorkerSettings,
    *,
    smtp: Any = None,
    now: datetime | None = None,
) -> str:
    """One email to the student for the windows of an interview that have opened (a panel's
    five thank-yous are one reminder, not five), leaving out any window reminded already or
    closed; returns what was done. Each window's unique key is claimed and committed before
    the email goes: a crash after that leaves those reminders unsent, never sent twice."""
    from afterview.errors import NotFound
    from afterview.outbox import SmtpSettings, _connect
    from afterview.store import queue
    from afterview.store.schema import plan_key

    moment = now or datetime.now(UTC)
    windows = [w for w in windows if moment < w.not_after]
    if not windows:
        return "the window has closed: no reminder"
    owner = queue.owner_of(store.engine, interview_id=interview_id)
    if owner is not None and _disabled(store.engine, owner):
        return f"interview {interview_id}: the account is disabled; no reminder"
    if owner is not None and owner != store.owner_id:
        store = store.of(owner)  # as the interview's student
    try:
        situation = store.situation(interview_id)
    except NotFound:
        return f"interview {interview_id} no longer exists"
    student = situation.candidate
    if not student.email or "@" not in student.email:
        return f"interview {interview_id}: the student has no address"
    try:
        server = smtp or SmtpSettings.from_environment()
    except AfterviewError as exc:
        return f"no reminder: {exc}"
    sender = settings.sender or server.user
    if not sender or "@" not in sender:
        return "no reminder: set AFTERVIEW_MAIL_FROM (the reminders' From address)"
    claimed: list[tuple[Any, Window]] = []
    for w in windows:
        key = plan_key(w.kind, w.recipient)
        claim = queue.claim_reminder(
            store.engine, interview_id, key, w.not_before, w.not_after, student.email, moment
        )
        if claim is not None:
            claimed.append((claim, w))
    if not claimed:
        return "reminded already"
    zone = _zone_of(store.engine, owner)
    email = _email(situation, [w for _, w in claimed], sender, settings, moment, interview_id, zone)
    try:
        with _connect(server) as client:
            client.send_message(email)
    except (OSError, smtplib.SMTPException) as exc:
        for claim, _ in claimed:
            queue.finish_reminder(store.engine, claim, None, f"{server.host}: {exc}")
        return f"reminder not sent: {server.host}: {type(exc).__name__}"
    sent = datetime.now(UTC)
    for claim, _ in claimed:
        queue.finish_reminder(store.engine, claim, sent)
    many = f" ({len(claimed)} windows)" if len(claimed) > 1 else ""
    return f"reminded the student of interview {interview_id}{many}"


def _email(
    situation: Any,
    windows: list[Window],
    sender: str,
    settings: WorkerSettings,
    now: datetime,
    interview_id: int,
    account_zone: str | None = None,
) -> EmailMessage:
    from afterview.progress import kind_word
    from afterview.timing import zone

    student = situation.candidate
    try:  # the zone their pages use (their account's), else the one the interview records
        wanted = account_zone or student.timezone
        here = zone(wanted) if wanted else UTC
    except ValueError:
        here = UTC
    company = situation.application.company

    def span(w: Window) -> str:
        opens, closes = w.not_before.astimezone(here), w.not_after.astimezone(here)
        return f"from {opens:%a %d %b %H:%M} until {closes:%a %d %b %H:%M} ({opens.tzname()})"

    email = EmailMessage()
    email["From"] = Address("afterview", addr_spec=sender)
    email["To"] = Address(student.name, addr_spec=student.email)
    email["Date"] = format_datetime(now)
    email["Message-ID"] = make_msgid(domain=sender.rsplit("@", 1)[1])
    page = f"{settings.base_url.rstrip('/')}/interviews/{interview_id}" if settings.base_url else ""
    link = f"\n\nYour drafts: {page}\n" if page else "\n"
    if len(windows) == 1:
        (w,) = windows
        what = kind_word(w.kind)
        email["Subject"] = f"Time to send your {what} to {w.recipient} ({company})"
        said = f"The window for your {what} to {w.recipient} ({company}) is open: {span(w)}.\n"
        ending = (
            "Your draft is in afterview, checked against your interview notes; send it, or "
            "schedule it for a time in the window."
        )
    else:
        kinds = {w.kind for w in windows}
        what = kind_word(next(iter(kinds)), len(windows)) if len(kinds) == 1 else "messages"
        email["Subject"] = f"Time to send your {len(windows)} {what} ({company})"
        lines = "".join(f"- {kind_word(w.kind)} to {w.recipient}: {span(w)}\n" for w in windows)
        said = f"The windows for your {what} about {company} are open:\n\n{lines}\n"
        ending = (
            "Your drafts are in afterview, checked against your interview notes; send them, "
            "or schedule each for a time in its window."
        )
    email.set_content(f"Hello {student.name},\n\n{said}{ending}{link}", charset="utf-8")
    return email


def _disabled(engine: Any, user_id: int) -> bool:
    from afterview.store.accounts import Accounts

    row = Accounts(engine).by_id(user_id)
    return row is not None and row.disabled_at is not None


def _zone_of(engine: Any, user_id: int | None) -> str | None:
    """The zone the student chose for their pages (a shared deployment's account), if any."""
    if user_id is None:
        return None
    from afterview.store.accounts import Accounts

    row = Accounts(engine).by_id(user_id)
    return row.timezone if row is not None else None
