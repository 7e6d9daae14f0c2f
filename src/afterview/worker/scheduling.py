"""Scheduling a send: the student (CLI, web) picks a time inside the advice's window; a worker
sends it then (afterview.worker.sending)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from afterview.outbox import Refused
from afterview.worker.settings import WorkerSettings


@dataclass(frozen=True)
class Scheduled:
    """A send waiting in the queue: its job, when, and the window it must fall in."""

    message_id: int
    job_id: int
    at: datetime
    opens: datetime
    closes: datetime


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
    seconds of it), when the advice or the checker forbids it as of now (warnings only with
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
        raise Refused(f"message {message_id} is {message.state}; only drafts are scheduled")
    window = queue.window_of(store.engine, message)
    if window is None:
        raise Refused(f"message {message_id}: the advice plans no such message now")
    opens, closes = window
    latest = closes - timedelta(seconds=settings.margin)
    if not opens <= at <= latest or latest < now:
        raise Refused(
            f"{_when(at)} is outside message {message_id}'s window "
            f"({_when(opens)} to {_when(closes)}); choose a time inside it"
        )
    waiting = queue.scheduled(store.engine, [message_id]).get(message_id)
    if waiting is not None:
        raise Refused(
            f"message {message_id} is already scheduled for {_when(waiting[1])}; "
            f"afterview schedule {message_id} --cancel first"
        )
    blocking, warnings = problems(store, message, now)
    if blocking:
        raise Refused("refused: " + "; ".join(blocking))
    if warnings and not force:
        raise Refused("refused (--force schedules anyway): " + "; ".join(warnings))
    from procrastinate import exceptions

    queue.clear_note(store.engine, message_id)  # an earlier refusal is history now
    try:
        job = send_message.configure(
            schedule_at=max(at, now), queueing_lock=f"send:{message_id}"
        ).defer(message_id=message_id, force=force)
    except exceptions.AlreadyEnqueued:
        raise Refused(
            f"message {message_id} was scheduled by someone else at the same moment; "
            "see afterview outbox"
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
