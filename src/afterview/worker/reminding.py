"""The reminder that a window has opened: an email to the student, from the deployment's SMTP
account, at most once per (interview, planned action, window)."""

from __future__ import annotations

import smtplib
from datetime import UTC, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import Any

from afterview.errors import AfterviewError
from afterview.worker.settings import WorkerSettings


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
    """Send the reminder of one window unless it was sent (or claimed) already; returns what
    was done. The unique key is claimed and committed before the email goes: a crash after
    that leaves the reminder unsent, never sent twice."""
    from afterview.errors import NotFound
    from afterview.outbox import SmtpSettings, _connect
    from afterview.store import queue
    from afterview.store.schema import plan_key

    moment = now or datetime.now(UTC)
    if moment >= not_after:
        return "the window has closed: no reminder"
    owner = queue.owner_of(store.engine, interview_id=interview_id)
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
    key = plan_key(kind, recipient)
    claimed = queue.claim_reminder(
        store.engine, interview_id, key, not_before, not_after, student.email, moment
    )
    if claimed is None:
        return "reminded already"
    email = _email(situation, kind, recipient, not_before, not_after, sender, settings, moment)
    try:
        with _connect(server) as client:
            client.send_message(email)
    except (OSError, smtplib.SMTPException) as exc:
        queue.finish_reminder(store.engine, claimed, None, f"{server.host}: {exc}")
        return f"reminder not sent: {server.host}: {type(exc).__name__}"
    queue.finish_reminder(store.engine, claimed, datetime.now(UTC))
    return f"reminded the student of interview {interview_id}"


def _email(
    situation: Any,
    kind: str,
    recipient: str,
    not_before: datetime,
    not_after: datetime,
    sender: str,
    settings: WorkerSettings,
    now: datetime,
) -> EmailMessage:
    from afterview.timing import zone

    student = situation.candidate
    try:
        here = zone(student.timezone) if student.timezone else UTC
    except ValueError:
        here = UTC
    what = kind.replace("_", "-")
    company = situation.application.company
    opens = not_before.astimezone(here)
    closes = not_after.astimezone(here)
    email = EmailMessage()
    email["From"] = Address("afterview", addr_spec=sender)
    email["To"] = Address(student.name, addr_spec=student.email)
    email["Subject"] = f"Time to send your {what} to {recipient} ({company})"
    email["Date"] = format_datetime(now)
    email["Message-ID"] = make_msgid(domain=sender.rsplit("@", 1)[1])
    link = f"\n\nOpen afterview: {settings.base_url}\n" if settings.base_url else "\n"
    email.set_content(
        f"Hello {student.name},\n\n"
        f"The window for your {what} to {recipient} ({company}) is open: from "
        f"{opens:%a %d %b %H:%M} until {closes:%a %d %b %H:%M} ({opens.tzname()}).\n"
        "Your draft is in afterview, checked against your interview notes; send it, or "
        "schedule it for a time in the window." + link,
        charset="utf-8",
    )
    return email
