"""A scheduled send, as the worker runs it: re-check, claim, deliver, settle — at most once.

The steps, and what a SIGKILL at each leaves (docs/workers.md has the whole argument):

1. Read the message; it must still be a draft (sent by hand, cancelled, or being sent by
   someone else: nothing to do). Killed here: nothing changed.
2. Re-check, as of now: inside the advice's window (the agenda's, as the advice holds it now,
   ending ``margin`` seconds early); the advice still allows it and the checker finds no error
   (afterview.outbox.problems, the send guard of "Send now"). A refusal is written on the draft
   ("refused: …") and nothing is sent. Killed here: the draft is unchanged.
3. Claim (afterview.store.queue.claim_send): ``SELECT … FOR UPDATE SKIP LOCKED``, the text
   and address still those checked (a draft edited meanwhile is checked again), the
   per-recipient rate cap under a per-address lock, "draft" -> "sending" with this process's
   lease, COMMITTED. Killed before the commit: PostgreSQL rolls the claim back; the draft is
   unchanged and nothing was sent.
4. Talk to SMTP, checking the clock once more before the message is handed over. Killed here:
   the message stays "sending" with a dead lease: it may or may not have gone, and only
   ``afterview sync`` (the Sent folder) or a person (``afterview resolve``) settles it. No
   retry can send it again: every path to SMTP goes through step 3, which needs a draft.
5. Settle: "sent"; or back to "draft" with the server's words when it refused before
   accepting the data ("failed: …"); or left "sending" when the connection broke while
   sending. Killed after the server accepted and before this commit: "sending", as in 4.
"""

from __future__ import annotations

import smtplib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from afterview.errors import AfterviewError, NotFound
from afterview.worker.settings import WorkerSettings

DAY = timedelta(hours=24)


@dataclass(frozen=True)
class Outcome:
    """How a scheduled send ended: ``sent``; ``refused`` (a guard said no; the draft says
    why); ``failed`` (the server refused it or could not be reached: a draft again, saying
    why); ``unknown`` (left "sending" for reconciliation); ``skipped`` (not a draft any more,
    or claimed by another process); ``early`` (its window has not opened: run again at
    ``at``); ``edited`` (changed between the checks and the claim: checked again)."""

    status: str
    detail: str
    at: datetime | None = None


def _clock() -> datetime:
    return datetime.now(UTC)


def deliver(
    store: Any,
    message_id: int,
    settings: WorkerSettings,
    *,
    force: bool = False,
    smtp: Any = None,
    clock: Callable[[], datetime] = _clock,
) -> Outcome:
    """Send one scheduled message at most once (see the module for the steps). ``smtp``: the
    SmtpSettings to send through (default: the environment's, AFTERVIEW_SMTP_*); ``force``:
    the student accepted the checker's warnings when scheduling."""
    from afterview.store.queue import owner_of

    owner = owner_of(store.engine, message_id)
    if owner is None:
        return Outcome("skipped", f"message {message_id} no longer exists")
    if owner != store.owner_id:
        store = store.of(owner)  # the job acts as the message's student, and sees only theirs
    for _ in range(3):  # a draft edited while it was being checked is checked again
        outcome = _attempt(store, message_id, settings, force, smtp, clock)
        if outcome.status != "edited":
            return outcome
    return Outcome("skipped", f"message {message_id} kept changing while it was checked")


def _attempt(
    store: Any,
    message_id: int,
    settings: WorkerSettings,
    force: bool,
    smtp: Any,
    clock: Callable[[], datetime],
) -> Outcome:
    """Steps 1 to 5 once; ``edited`` when the draft changed between the checks and the claim."""
    from afterview.outbox import Refused, _crash_point, build, problems, thread_of
    from afterview.store import queue

    engine = store.engine
    now = clock()
    try:
        message = store.message(message_id)
    except NotFound:
        return Outcome("skipped", f"message {message_id} no longer exists")
    if message.state != "draft":
        return Outcome("skipped", f"message {message_id} is {message.state}")

    def refuse(reason: str) -> Outcome:
        queue.note_refusal(engine, message_id, f"refused: {reason}")
        return Outcome("refused", reason)

    if queue.owner_disabled(engine, message_id):  # the centre disabled the student's account
        return refuse("the account is disabled; nothing was sent")
    window = queue.window_of(engine, message)
    if window is None:
        return refuse("the advice no longer plans this message; nothing was sent")
    opens, closes = window
    deadline = closes - timedelta(seconds=settings.margin)
    if now < opens:
        return Outcome("early", f"its window opens at {opens:%Y-%m-%d %H:%M:%S} UTC", opens)
    if now > deadline:
        return refuse(f"its window closed at {closes:%Y-%m-%d %H:%M} UTC; nothing was sent")
    blocking, warnings = problems(store, message, now)
    if blocking:
        return refuse("; ".join(blocking))
    if warnings and not force:
        return refuse("the checker warns: " + "; ".join(warnings))
    try:
        if smtp is None:
            from afterview.outbox import SmtpSettings

            smtp = SmtpSettings.from_environment()
        email = build(
            message,
            store.situation(message.interview_id),
            now,
            replying_to=thread_of(store, message),
        )
    except Refused as exc:
        return refuse(str(exc))
    except AfterviewError as exc:
        queue.note_refusal(engine, message_id, f"failed: {exc}")
        return Outcome("failed", str(exc))
    _crash_point("worker-before-claim")
    moment = clock()
    if moment > deadline:  # the checks took us past the deadline
        return refuse(f"its window closed at {closes:%Y-%m-%d %H:%M} UTC; nothing was sent")
    claim = queue.claim_send(
        engine,
        message_id,
        moment,
        settings.cap,
        moment - DAY,
        expect=(message.subject, message.body, message.address),
    )
    if claim.capped is not None:
        return Outcome("refused", f"rate cap: {claim.capped} messages to {message.address} today")
    if claim.state == "edited":
        return Outcome("edited", f"message {message_id} was edited while it was checked")
    if not claim.won:
        why = "claimed by another process" if claim.busy else f"{claim.state}"
        return Outcome("skipped", f"message {message_id}: {why}")
    _crash_point("worker-after-claim")
    return _smtp(store, message, email, smtp, deadline, clock)


def _smtp(
    store: Any,
    message: Any,
    email: Any,
    settings: Any,
    deadline: datetime,
    clock: Callable[[], datetime],
) -> Outcome:
    """Hand the claimed message to the server and settle it."""
    from afterview.outbox import _REFUSED, _connect, _crash_point, _server_words, _unreachable

    message_id = message.id
    try:
        client = _connect(settings)
    except _REFUSED as exc:
        said = _server_words(exc)
        store.finish(message_id, "draft", clock(), error=f"failed: {settings.host} refused: {said}")
        return Outcome("failed", f"{settings.host} refused: {said}")
    except (OSError, smtplib.SMTPException) as exc:
        said = _unreachable(settings, exc)
        store.finish(message_id, "draft", clock(), error=f"failed: {said}")
        return Outcome("failed", said)
    try:
        if clock() > deadline:  # connecting took the time left: nothing was handed over
            store.finish(
                message_id,
                "draft",
                clock(),
                error="refused: its window closed while connecting to the server; nothing was sent",
            )
            return Outcome("refused", "its window closed while connecting")
        try:
            client.send_message(email)
        except _REFUSED as exc:
            said = _server_words(exc)
            store.finish(
                message_id, "draft", clock(), error=f"failed: {settings.host} refused it: {said}"
            )
            return Outcome("failed", f"{settings.host} refused it: {said}")
        except (OSError, smtplib.SMTPException) as exc:
            said = f"the connection to {settings.host} failed while sending ({exc})"
            store.finish(message_id, "sending", clock(), error=said)
            return Outcome("unknown", said)
        _crash_point("worker-after-delivery")
        store.finish(message_id, "sent", clock(), "smtp")
    finally:
        _close(client)
    return Outcome("sent", f"sent to {message.address} through {settings.host}")


def _close(client: smtplib.SMTP) -> None:
    """Say goodbye to the server; a connection that breaks now changes nothing."""
    try:
        client.quit()
    except (OSError, smtplib.SMTPException):
        client.close()
