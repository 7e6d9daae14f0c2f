"""The editor's "Send it later" box: a draft scheduled to go at a chosen time inside its window,
sent by a worker even with the page closed (afterview.worker.scheduling; docs/workers.md).

Offered only where a worker can send it: a PostgreSQL store with the job queue installed and an
SMTP server set. The time is typed in the viewer's zone (named beside the field) and must fall
inside the advice's window, ending the workers' safety margin early; what goes wrong is said
beside the field. A scheduled draft shows when it will go, and can be taken off the queue.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from fastapi import Request

from afterview.errors import InputError
from afterview.web.deps import now
from afterview.web.pages import viewer_zone, zone_name

FIELD = "%Y-%m-%dT%H:%M"  # what <input type="datetime-local"> sends and shows


def _open_queue(db: Any) -> None:
    """This process's queue on ``db``'s database, open; Refused, in one line, where sends
    cannot be scheduled (no PostgreSQL, no queue, no SMTP server)."""
    from afterview.outbox import Refused
    from afterview.worker.jobs import opened
    from afterview.worker.scheduling import unavailable

    why = unavailable(db)
    if why is not None:
        raise Refused(f"sends cannot be scheduled here: {why}")
    opened(str(db.engine.url.render_as_string(hide_password=False)))


def box(request: Request, db: Any, message: Any) -> dict[str, Any] | None:
    """What the box shows for a draft, or None when sends cannot be scheduled here, or the
    agenda holds no window for it that is still open. The window is the one the scheduling
    and the worker hold it to: the agenda's (afterview.store.queue.window_of)."""
    if db.engine.dialect.name != "postgresql":
        return None
    from afterview.store.queue import window_of
    from afterview.worker.scheduling import scheduled_sends, unavailable
    from afterview.worker.settings import WorkerSettings

    if unavailable(db) is not None:
        return None
    window = window_of(db.engine, message, db.owner_id)
    at = scheduled_sends(db, [message.id]).get(message.id)
    if window is None and at is None:
        return None
    moment = now(request)
    zone = viewer_zone(request)
    opens, closes = window or (moment, moment)
    latest = closes - timedelta(seconds=WorkerSettings.from_environment().margin)
    if at is None and latest <= moment:
        return None
    start = max(opens, moment + timedelta(minutes=5))  # a moment to fill in, rounded up
    start = (start + timedelta(minutes=4, seconds=59)).replace(second=0, microsecond=0)
    start -= timedelta(minutes=start.minute % 5)
    local = moment.astimezone(zone)
    return {
        "at": at,
        "opens": opens,
        "start": max(opens, moment),
        "latest": latest,
        "value": min(start, latest).astimezone(zone).strftime(FIELD),
        "min": max(opens, moment).astimezone(zone).strftime(FIELD),
        "max": latest.astimezone(zone).strftime(FIELD),
        "zone": zone_name(local),
    }


def parse(request: Request, value: str) -> datetime:
    """The time typed in the box (the viewer's zone) as an aware datetime; InputError naming
    the field otherwise."""
    try:
        typed = datetime.fromisoformat(value.strip())
    except ValueError:
        raise InputError(
            "Send at", value or None, "expected a date and a time, like 2026-12-02 09:30"
        ) from None
    if typed.tzinfo is None:
        typed = typed.replace(tzinfo=viewer_zone(request))
    return typed


def schedule(request: Request, db: Any, message: Any, value: str, force: bool) -> datetime:
    """Queue the draft's send at the typed time; returns it. Refused (afterview.outbox.Refused,
    one line for beside the field) when it is outside the window or a guard says no."""
    from afterview.outbox import Refused
    from afterview.web.pages import when_text
    from afterview.worker.scheduling import NotScheduled

    at = parse(request, value)
    shown = box(request, db, message)
    if shown is not None and shown["at"] is None and not shown["opens"] <= at <= shown["latest"]:
        zone = viewer_zone(request)
        raise Refused(
            f"Choose a time between {when_text(shown['start'], zone)} and "
            f"{when_text(shown['latest'], zone)}: that is when it is due."
        )
    try:
        return queue_send(db, message, at, now(request), force).at
    except NotScheduled as exc:
        raise Refused(WORDS.get(exc.why) or str(exc)) from None


def queue_send(db: Any, message: Any, at: datetime, moment: datetime, force: bool) -> Any:
    """Queue the draft's send at ``at`` (afterview.worker.scheduling.schedule_send), on this
    process's queue; Refused, in one line, where sends cannot be scheduled. The form above and
    ``POST /api/messages/ID/schedule`` both come here."""
    from afterview.worker.scheduling import schedule_send

    _open_queue(db)
    return schedule_send(db, message.id, at, now=moment, force=force)


WORDS = {  # the library's refusals as the page says them (the rest as they are)
    "queued": "It is already scheduled: see below.",
    # (a time outside an open window is said beside the field before this is reached)
    "window": "This can no longer be scheduled: its time to send has passed, or the advice "
    "no longer plans it.",
    "warnings": 'It has warnings (above): fix them, or tick "Send anyway" and schedule it again.',
}


def unschedule(db: Any, message: Any) -> int:
    """Take the draft's send off the queue; how many were (0 or 1)."""
    from afterview.worker.scheduling import unschedule as take_off

    _open_queue(db)
    return take_off(db, message.id)


def scheduled_for(db: Any, message_ids: list[int | None]) -> dict[int, datetime]:
    """When each of these messages is scheduled to go (the dashboard and the interview page
    show it beside the draft); empty where sends cannot be scheduled."""
    ids = [m for m in message_ids if m is not None]
    if not ids or db.engine.dialect.name != "postgresql":
        return {}
    from afterview.worker.scheduling import scheduled_sends, unavailable

    if unavailable(db) is not None:
        return {}
    return scheduled_sends(db, ids)
