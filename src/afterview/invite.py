"""Read a calendar invite (.ics) into a situation: the event's time and zone, the organizer and
attendees as the people met, the company and role from the summary or description.

What the invite does not say is never guessed: it must come from the command line (``--me``,
``--company``, ``--role``, ``--kind``), and a missing piece is one clear error naming it.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

from afterview.errors import InputError

# "Interview: Senior Data Analyst at Northwind Health", "Northwind Health – Senior Data Analyst
# interview", "Senior Data Analyst interview with Northwind Health"
_PATTERNS = (
    re.compile(
        r"(?i)^(?:(?:[\w-]+\s+)*interview\s*[:\-–—]\s*)?(?P<role>.+?)\s+(?:at|with|@)\s+"
        r"(?P<company>.+?)(?:\s+interview)?$"
    ),
    re.compile(r"(?i)^(?P<company>.+?)\s*[:\-–—|]\s*(?P<role>.+?)\s+interview$"),
    re.compile(r"(?i)^(?P<role>.+?)\s+interview\s*[:\-–—|]\s*(?P<company>.+)$"),
)
_KINDS = (
    (
        re.compile(r"(?i)\bphone\s+screen|\bscreening\s+call|\bintro(?:ductory)?\s+call"),
        "phone_screen",
    ),
    (re.compile(r"(?i)\brecruiter\b"), "recruiter_call"),
    (re.compile(r"(?i)\bfinal\b"), "final_round"),
    (re.compile(r"(?i)\bpanel\b"), "panel"),
    (re.compile(r"(?i)\bon-?site\b"), "onsite"),
    (re.compile(r"(?i)\bcoffee\b|\binformal\b"), "informal"),
    (re.compile(r"(?i)zoom\.us|meet\.google|teams\.microsoft|\bvideo\b"), "video"),
)


def _address(value: Any) -> str:
    return re.sub(r"(?i)^mailto:", "", str(value)).strip()


def situation_from_invite(
    raw: bytes,
    source: str,
    *,
    me: str,
    company: str | None = None,
    role: str | None = None,
    kind: str | None = None,
) -> tuple[dict[str, Any], str]:
    """(situation data, the event's UID) from an invite; ``me`` is your own address."""
    from icalendar import Calendar

    try:
        calendar = Calendar.from_ical(raw)
    except ValueError as exc:
        raise InputError(source, None, f"expected an iCalendar file ({exc})") from None
    events = list(calendar.walk("VEVENT"))
    if not events:
        raise InputError(source, None, "expected an invite with an event (VEVENT)")
    event = events[0]
    start = event.decoded("DTSTART") if event.get("DTSTART") else None
    if not isinstance(start, datetime) or start.tzinfo is None:
        raise InputError(source, "DTSTART", "expected a start time with a time zone")
    end = event.decoded("DTEND") if event.get("DTEND") else None
    if not isinstance(end, datetime) and event.get("DURATION"):
        end = start + event.decoded("DURATION")
    summary = str(event.get("SUMMARY", "")).strip()
    description = str(event.get("DESCRIPTION", "")).strip()
    found_role, found_company = (
        _role_and_company(summary) or _role_and_company(description) or (None, None)
    )
    company, role = company or found_company, role or found_role
    if not company:
        raise InputError(
            source, "application.company", "not found in the invite's summary; give --company"
        )
    if not role:
        raise InputError(
            source, "application.role", "not found in the invite's summary; give --role"
        )
    kind = kind or _kind(f"{summary}\n{description}\n{event.get('LOCATION', '')}")
    if not kind:
        raise InputError(source, "interview.kind", "not stated in the invite; give --kind")

    people: list[dict[str, Any]] = []
    me_name = None
    attendees = event.get("ATTENDEE") or []
    if not isinstance(attendees, list):
        attendees = [attendees]
    organizer = event.get("ORGANIZER")
    for person in ([organizer] if organizer else []) + attendees:
        address = _address(person)
        params = getattr(person, "params", {})
        if params.get("CUTYPE", "INDIVIDUAL").upper() in ("ROOM", "RESOURCE"):
            continue
        name = str(params.get("CN", "")).strip() or address.split("@")[0]
        if address.lower() == me.lower():
            me_name = name
            continue
        if any(p.get("email", "").lower() == address.lower() for p in people):
            continue
        people.append({"name": name, **({"email": address} if "@" in address else {})})
    if me_name is None:
        raise InputError(
            source, "--me", f"expected your address among the invite's attendees; {me} is not"
        )
    interview: dict[str, Any] = {"kind": kind, "started_at": start.isoformat()}
    if isinstance(end, datetime) and end > start and end - start <= timedelta(hours=16):
        interview["ended_at"] = end.isoformat()
    candidate: dict[str, Any] = {"name": me_name, "email": me}
    zone_key = getattr(start.tzinfo, "key", None)
    if zone_key:
        candidate["timezone"] = zone_key
    data: dict[str, Any] = {
        "format": 1,
        "candidate": candidate,
        "application": {"company": company, "role": role},
        "interview": interview,
        "interviewers": people,
    }
    uid = str(event.get("UID", "")).strip() or f"{start.isoformat()}|{summary}"
    return data, uid


def _role_and_company(text: str) -> tuple[str, str] | None:
    line = text.strip().splitlines()[0] if text.strip() else ""
    for pattern in _PATTERNS:
        m = pattern.match(line)
        if m and m["role"].strip() and m["company"].strip():
            return _clean(m["role"]), _clean(m["company"])
    return None


def _clean(text: str) -> str:
    return re.sub(r"(?i)\s+interview$", "", text.strip(" -–—:|")).strip()


def _kind(text: str) -> str | None:
    for pattern, kind in _KINDS:
        if pattern.search(text):
            return kind
    return None


def is_invite(path: Any) -> bool:
    """True for an .ics file."""
    return str(path).lower().endswith(".ics")
