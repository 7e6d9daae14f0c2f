"""An invite's times in a real (IANA) time zone, whatever the calendar called the zone.

Outlook names zones the Windows way ("GMT Standard Time"), some servers prefix IANA names
("/mozilla.org/20050126_1/America/New_York"), and Google often writes UTC times with the
calendar's zone in ``X-WR-TIMEZONE``. Windows names are mapped with the CLDR table that tzlocal
and icalendar keep (never a hand-written one).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_IANA_TAIL = re.compile(r"([A-Za-z][A-Za-z0-9_+\-]*(?:/[A-Za-z0-9_+\-]+)+)$")
_UTC_KEYS = frozenset({"utc", "etc/utc", "gmt", "etc/gmt", "z", "zulu", "universal", "etc/uct"})


@cache
def _windows_names() -> dict[str, str]:
    """Windows zone name (folded) -> IANA key, from the kept CLDR tables."""
    table: dict[str, str] = {}
    try:
        from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

        table.update({k.casefold(): v for k, v in WINDOWS_TO_OLSON.items()})
    except ImportError:  # pragma: no cover - older icalendar
        pass
    from tzlocal.windows_tz import win_tz

    table.update({k.casefold(): v for k, v in win_tz.items()})
    return table


def _zone(key: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(key)
    except (ZoneInfoNotFoundError, ValueError):
        return None


@cache
def iana_zone(tzid: str) -> ZoneInfo | None:
    """The IANA zone an invite's TZID (or X-WR-TIMEZONE) means; None if it is not known.

    Tried in turn: an IANA key, a Windows zone name, an IANA key at the end of a prefixed
    TZID.
    """
    name = tzid.strip().strip('"').strip()
    if not name:
        return None
    if "/" in name or name.upper() in ("UTC", "GMT"):
        found = _zone(name)
        if found is not None:
            return found
    windows = _windows_names().get(name.casefold())
    if windows:
        return _zone(windows)
    tail = _IANA_TAIL.search(name)
    if tail:
        parts = tail.group(1).split("/")
        for i in range(len(parts) - 1):  # "/mozilla.org/20050126_1/America/New_York"
            found = _zone("/".join(parts[i:]))
            if found is not None:
                return found
    return None


def is_utc(moment: datetime) -> bool:
    """True when ``moment`` is in UTC itself (not merely at offset zero in a real zone)."""
    key = getattr(moment.tzinfo, "key", None)
    if key is not None:
        return str(key).casefold() in _UTC_KEYS
    return moment.tzinfo is UTC or str(moment.tzinfo).casefold() in _UTC_KEYS


def zone_key(moment: datetime) -> str | None:
    """The IANA key of ``moment``'s zone, unless it is UTC (nobody's own zone) or unnamed."""
    key = getattr(moment.tzinfo, "key", None)
    if not key or is_utc(moment):
        return None
    return str(key)


def event_time(event: Any, name: str, calendar_zone: ZoneInfo | None) -> datetime | date | None:
    """The event's ``name`` (DTSTART, DTEND) as an aware datetime in an IANA zone when one can
    be found: the TZID's zone, else (for a floating or UTC time) the calendar's
    X-WR-TIMEZONE; a date for an all-day event; None if absent."""
    prop = event.get(name)
    if prop is None:
        return None
    value = event.decoded(name)
    if not isinstance(value, datetime):
        return value
    tzid = str(prop.params.get("TZID", "")) if hasattr(prop, "params") else ""
    zone = iana_zone(tzid) if tzid else None
    if zone is not None:
        return value.replace(tzinfo=zone)  # the wall-clock time, in the zone the TZID names
    if value.tzinfo is None:
        return value.replace(tzinfo=calendar_zone) if calendar_zone is not None else value
    if calendar_zone is not None and is_utc(value):
        return value.astimezone(calendar_zone)
    return value
