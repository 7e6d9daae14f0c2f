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
    """A time for the reader: :func:`moment` on their own clock ("today" and "tomorrow" from
    where they are), with the recipient's clock beside it when the two differ:
    ``20:30 today (15:00 their time)``, ``01:00 on Thursday (Wed 18:00 their time)``. ``t`` is
    the moment in the recipient's zone, ``own`` the same moment in the reader's."""
    if own.utcoffset() == t.utcoffset():
        return moment(t, now)
    theirs = f"{t:%H:%M}" if t.date() == own.date() else f"{t:%a} {t:%H:%M}"
    return f"{moment(own, now)} ({theirs} their time)"


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
