"""Human wording of dates, times and lists, shared by the advice summary and the CLI."""

from __future__ import annotations

from datetime import date, datetime

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day(d: date, today: date | None = None) -> str:
    """``Fri 4 Dec`` (with the year when it differs from ``today``'s)."""
    text = f"{_WEEKDAYS[d.weekday()]} {d.day} {_MONTHS[d.month - 1]}"
    if today is not None and d.year != today.year:
        text += f" {d.year}"
    return text


def relative_day(d: date, today: date) -> str:
    """``today``, ``tomorrow``, ``on Monday`` within a week, else ``on Fri 4 Dec``."""
    delta = (d - today).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    if delta == -1:
        return "yesterday"
    if 1 < delta < 7:
        return f"on {d:%A}"
    return f"on {day(d, today)}"


def moment(t: datetime, now: datetime) -> str:
    """``13:00 today``, ``09:00 on Monday``: a time in its own zone, relative to ``now``."""
    return f"{t:%H:%M} {relative_day(t.date(), now.astimezone(t.tzinfo).date())}"


def moment_yours(t: datetime, now: datetime, own: datetime) -> str:
    """:func:`moment` for a time in the recipient's zone, with the reader's own clock beside it
    when the two differ: ``12:00 today their time (19:00 yours)``, ``18:00 tomorrow their time
    (01:00 on Thursday yours)``. ``own`` is the same moment in the reader's zone."""
    text = moment(t, now)
    if own.utcoffset() != t.utcoffset():
        yours = f"{own:%H:%M}" if own.date() == t.date() else moment(own, now)
        text += f" their time ({yours} yours)"
    return text


def stamp(t: datetime) -> str:
    """``Fri 4 Dec 13:00 -05:00``: an absolute time with its offset, for tables."""
    offset = t.strftime("%z")
    return f"{day(t.date())} {t:%H:%M} {offset[:3]}:{offset[3:]}"


def join(items: list[str]) -> str:
    """``A``, ``A and B``, ``A, B and C``."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def plural(count: int, noun: str) -> str:
    """``1 interviewer``, ``3 interviewers``."""
    return f"{count} {noun}{'' if count == 1 else 's'}"
