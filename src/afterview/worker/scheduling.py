"""Scheduling a send: the student (CLI, web) picks a time inside the advice's window; a worker
sends it then (afterview.worker.sending)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from afterview.outbox import Refused
from afterview.worker.settings import WorkerSettings


class NotScheduled(Refused):
    """Scheduling refused, with ``why`` for a caller that words it its own way: "state" (not
    a draft), "window" (outside its window, or none), "queued" (scheduled already, or by
    someone else at the same moment), "blocked" (the advice or the checker forbids it),
    "warnings" (the checker warns, and it was not forced)."""

    def __init__(self, why: str, line: str) -> None:
        self.why = why
        super().__init__(line)


@dataclass(frozen=True)
class Scheduled:
    """A send waiting in the queue: its job, when, and the window it must fall in."""

    message_id: int
    job_id: int
    at: datetime
    opens: datetime
    closes: datetime


def unavailable(store: Any) -> str | None:
    """Why sends cannot be scheduled on ``store``'s database, or None when they can: the jobs
    live in PostgreSQL (Procrastinate's schema, installed by ``afterview admin migrate``) and go
    through the deployment's SMTP server (``AFTERVIEW_SMTP_HOST``). A worker must also be
    running (docs/workers.md); that no page can see."""
    from afterview.errors import AfterviewError
    from afterview.outbox import SmtpSettings

    if store.engine.dialect.name != "postgresql":
        return "scheduled sends need a PostgreSQL store"
    if not _installed(store.engine):
        return "the job queue is not installed: run afterview admin migrate"
    try:
        SmtpSettings.from_environment()
    except AfterviewError:
        return "no SMTP server is set (AFTERVIEW_SMTP_HOST)"
    return None


_installed_in: set[str] = set()


def _installed(engine: Any) -> bool:
    """Whether the queue's schema is in ``engine``'s database (once found, for good: a page
    asks on every keystroke)."""
    key = engine.url.render_as_string(hide_password=True)
    if key not in _installed_in:
        from afterview.store import queue

        if queue.queue_installed(engine):
            _installed_in.add(key)
    return key in _installed_in


def _when(moment: datetime) -> str:
    return f"{moment.astimezone(UTC):%Y-%m-%d %H:%M} UTC"


def schedule_send(
    store: Any,
    message_id: int,
    at: datetime,
    *,
    now: datetime | None = None,
    force: bool = False,
    settings: WorkerSettings | None = None,
) -> Scheduled:
    """Queue ``message_id`` to be sent at ``at`` (aware). Refused (one line) when it is not a
    draft, when ``at`` falls outside the advice's window (or within the last ``margin``
    seconds of it), when the advice or the checker forbids it as of ``at`` (warnings only with
    ``force``), or when it is queued already. A time inside the window but already past
    sends as soon as a worker is free. The queue must be open (afterview.worker.open_queue)."""
    from afterview.outbox import problems
    from afterview.store import queue
    from afterview.worker.jobs import send_message

    if at.tzinfo is None:
        raise Refused("expected a time with its UTC offset (2026-12-01T09:30:00-05:00)")
    settings = settings or WorkerSettings.from_environment()
    now = now or datetime.now(UTC)
    message = store.message(message_id)
    if message.state != "draft":
        raise NotScheduled(
            "state", f"message {message_id} is {message.state}; only drafts are scheduled"
        )
    window = queue.window_of(store.engine, message, store.owner_id)
    if window is None:
        raise NotScheduled("window", f"message {message_id}: the advice plans no such message now")
    opens, closes = window
    latest = closes - timedelta(seconds=settings.margin)
    if not opens <= at <= latest or latest < now:
        raise NotScheduled(
            "window",
            f"{_when(at)} is outside message {message_id}'s window "
            f"({_when(opens)} to {_when(closes)}); choose a time inside it",
        )
    waiting = queue.scheduled(store.engine, [message_id]).get(message_id)
    if waiting is not None:
        raise NotScheduled(
            "queued",
            f"message {message_id} is already scheduled for {_when(waiting[1])}; "
            f"cancel that first (afterview schedule {message_id} --cancel, or DELETE "
            f"/api/messages/{message_id}/schedule)",
        )
    # As the message will be read when it goes (as the editor checks a draft written early):
    # a thank-you scheduled for tomorrow morning is not "too soon" today. The worker checks
    # again at that moment, as of then.
    blocking, warnings = problems(store, message, max(at, now))
    if blocking:
        raise NotScheduled("blocked", "refused: " + "; ".join(blocking))
    if warnings and not force:
        raise NotScheduled("warnings", "refused (--force schedules anyway): " + "; ".join(warnings))
    from procrastinate import exceptions

    queue.clear_note(store.engine, message_id, store.owner_id)  # an earlier refusal is history now
    try:
        job = send_message.configure(
            schedule_at=max(at, now), queueing_lock=f"send:{message_id}"
        ).defer(message_id=message_id, force=force)
    except exceptions.AlreadyEnqueued:
        raise NotScheduled(
            "queued",
            f"message {message_id} was scheduled by someone else at the same moment; "
            "see afterview outbox",
        ) from None
    return Scheduled(message_id, job, at, opens, closes)


def unschedule(store: Any, message_id: int) -> int:
    """Take ``message_id``'s waiting send out of the queue; returns how many were (0 or 1). A
    send already running is not stopped: its claim decides."""
    from afterview.store import queue
    from afterview.worker.jobs import app

    store.message(message_id)  # NotFound for an unknown id
    waiting = queue.scheduled(store.engine, [message_id]).get(message_id)
    if waiting is None:
        return 0
    return 1 if app.job_manager.cancel_job_by_id(waiting[0]) else 0


def scheduled_sends(store: Any, message_ids: list[int] | None = None) -> dict[int, datetime]:
    """When each waiting send will go: message id -> time."""
    from afterview.store import queue

    return {m: at for m, (_, at) in queue.scheduled(store.engine, message_ids).items()}
