"""The agenda's send windows as an iCalendar file, to import or subscribe to from any calendar.

Each window is one event in the recipient's time zone (with its VTIMEZONE, so every client
shows it at the right hour), free rather than busy (TRANSP:TRANSPARENT: a week-long window must
not block the week), with an alarm when it opens. Times are whole minutes (a window opens at the
next minute, closes at the last whole one) and each event's UID stays the same from one run to
the next, so a calendar that imports the file again updates its events instead of doubling them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Any

MINUTE = timedelta(minutes=1)


def whole_minute(moment: datetime, up: bool = False) -> datetime:
    """``moment`` without seconds: rounded down, or up to the next minute if ``up``."""
    down = moment.replace(second=0, microsecond=0)
    return down + MINUTE if up and down != moment else down


def uid(interview_id: int, kind: str, to: str) -> str:
    """A window's UID: the same for the same interview, kind and recipient, run after run."""
    from afterview.checks.context import fold

    digest = hashlib.sha256(" ".join(fold(to).split()).encode()).hexdigest()[:16]
    return f"afterview-{interview_id}-{kind}-{digest}@afterview.invalid"


def calendar(items: Iterable[Any], now: datetime) -> bytes:
    """An iCalendar file of the windows (agenda items) that have not closed by ``now``."""
    from icalendar import Alarm, Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//afterview//reminders//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", "afterview")
    stamp = whole_minute(now.astimezone(UTC))
    days: list[date] = []
    for item in items:
        if item.not_after <= now:
            continue  # closed: history, not a reminder
        start = whole_minute(item.not_before, up=True)
        end = max(whole_minute(item.not_after), start + MINUTE)
        kind = item.kind.replace("_", "-")
        summary = f"Send {kind} to {item.to} ({item.company})"
        event = Event()
        event.add("uid", uid(item.interview_id, item.kind, item.to))
        event.add("dtstamp", stamp)
        event.add("dtstart", start)
        event.add("dtend", end)
        event.add("summary", summary)
        event.add(
            "description",
            f"{item.why}\n\nInterview {item.interview_id}: {item.company}, {item.role}. "
            f"afterview draft {item.interview_id}",
        )
        event.add("transp", "TRANSPARENT")
        event.add("categories", ["afterview"])
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", summary)
        alarm.add("trigger", timedelta(0), parameters={"RELATED": "START"})
        event.add_component(alarm)
        cal.add_component(event)
        days += [start.date(), end.date()]
    if days:
        cal.add_missing_timezones(
            first_date=min(days) - timedelta(days=366), last_date=max(days) + timedelta(days=366)
        )
    return bytes(cal.to_ical())
