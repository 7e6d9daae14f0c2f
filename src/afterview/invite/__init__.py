"""Read a calendar invite (.ics) into a situation: the event's time and zone, the organizer and
attendees as the people met, the company and role from the summary or description.

What the invite does not say is never guessed: it must be given (on the command line ``--me``,
``--company``, ``--role``, ``--kind``; on the web page, the invite form's fields), and what is
missing is one :class:`MissingDetail` naming the field. The error names the record's field, not
how to give it: each caller (the CLI, the web page) says that in its own words.
Invites come from Google Calendar, Outlook/Exchange, Zoom, Apple Calendar and others, each with
its own habits (afterview.invite.zones, .people and .summary deal with them).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from email.utils import parseaddr
from typing import Any

from afterview.errors import InputError
from afterview.invite.people import Party, name_from_address, party
from afterview.invite.summary import kind_of, looks_like_role, parse_summary
from afterview.invite.zones import event_time, iana_zone, zone_key

__all__ = ["MissingDetail", "event_uid", "is_invite", "merge_invite", "situation_from_invite"]


class MissingDetail(InputError):
    """Something the invite does not say and that must be given.

    ``missing`` names every such detail, first the one the message is about: ``me`` (your
    address is not on the invite), ``name`` (your name: the invite gives only your address),
    ``company``, ``role``, ``kind``. ``address`` is the address you gave."""

    def __init__(
        self, source: str, field: str, expected: str, missing: tuple[str, ...], address: str = ""
    ) -> None:
        super().__init__(source, field, expected)
        self.missing = missing
        self.address = address


# Labelled lines in a description: "Role: Product Analyst", "Company: Lumen Health".
_LABELS = {
    "role": re.compile(
        r"(?im)^\s*(?:role|position|job(?:\s+title)?|title|opening)\s*[:\-–]\s*(.+)$"
    ),
    "company": re.compile(r"(?im)^\s*(?:company|employer|organi[sz]ation|team)\s*[:\-–]\s*(.+)$"),
    "topic": re.compile(r"(?im)^\s*(?:topic|subject|event(?:\s+name)?)\s*[:\-–]\s*(.+)$"),
}


def situation_from_invite(
    raw: bytes,
    source: str,
    *,
    me: str,
    company: str | None = None,
    role: str | None = None,
    kind: str | None = None,
    timezone: str | None = None,
) -> tuple[dict[str, Any], str]:
    """(situation data, the event's UID) from an invite.

    ``timezone``: your own zone (this machine's, or the browser user's), recorded as yours when
    the invite's times name no zone (UTC, as many calendars export them); an invite in a
    named zone records that one.

    ``me`` is your own address, or your name and address ("Alex Rivera <alex@example.com>");
    your name is taken from there or from the invite's CN for you, never from an address.
    """
    from icalendar import Calendar

    try:
        calendar = Calendar.from_ical(raw)
    except ValueError as exc:
        raise InputError(source, None, f"expected an iCalendar file ({exc})") from None
    events = [e for e in calendar.walk("VEVENT") if e.get("RECURRENCE-ID") is None] or list(
        calendar.walk("VEVENT")
    )
    if not events:
        raise InputError(source, None, "expected an invite with an event (VEVENT)")
    event = events[0]
    calendar_zone = iana_zone(str(calendar.get("X-WR-TIMEZONE", "")))
    start = event_time(event, "DTSTART", calendar_zone)
    if not isinstance(start, datetime):
        what = "an all-day event" if start is not None else "no DTSTART"
        raise InputError(source, "DTSTART", f"expected a start time with a time zone; got {what}")
    if start.tzinfo is None:
        raise InputError(source, "DTSTART", _no_zone(event, calendar))
    end = event_time(event, "DTEND", calendar_zone)
    if not isinstance(end, datetime) and event.get("DURATION"):
        end = start + event.decoded("DURATION")

    my_name, my_address = _me(me)
    organizer = event.get("ORGANIZER")
    attendees = event.get("ATTENDEE") or []
    if not isinstance(attendees, list):
        attendees = [attendees]
    parties = ([party(organizer, organizer=True)] if organizer else []) + [
        party(a) for a in attendees
    ]
    mine = [p for p in parties if p.address.casefold() == my_address.casefold()]
    guests = [p for p in parties if not p.organizer and p.is_person]
    if not mine and guests:
        found = ", ".join(p.address for p in guests if p.address) or "none with an address"
        raise MissingDetail(
            source,
            "--me",
            f"expected your address among the invite's attendees ({found}); {my_address} is not",
            ("me",),
            my_address,
        )
    candidate_name = my_name or next((p.name for p in mine if p.name), None)
    if not candidate_name:
        raise MissingDetail(
            source,
            "--me",
            "expected your name: the invite gives only your address",
            ("name",),
            my_address,
        )
    people = _interviewers(parties, my_address)

    summary = str(event.get("SUMMARY", "")).strip()
    description = str(event.get("DESCRIPTION", "")).strip()
    names = [candidate_name] + [p.name for p in parties if p.name]
    parsed = _company_and_role(summary, description, names, company, role)
    company, role = company or parsed[0], role or parsed[1]
    where = " ".join(
        str(event.get(k, "")) for k in ("LOCATION", "URL", "X-GOOGLE-CONFERENCE", "CONFERENCE")
    )
    kind = kind or parsed[2] or kind_of(f"{description}\n{where}")
    missing = [
        (detail, field, expected)
        for detail, field, expected, found in (
            ("company", "application.company", "not found in the invite's summary", company),
            ("role", "application.role", "not found in the invite's summary", role),
            ("kind", "interview.kind", "not stated in the invite", kind),
        )
        if not found
    ]
    if missing:
        _, field, expected = missing[0]
        raise MissingDetail(source, field, expected, tuple(m[0] for m in missing), my_address)

    interview: dict[str, Any] = {"kind": kind, "started_at": start.isoformat()}
    if (
        isinstance(end, datetime)
        and end.tzinfo
        and end > start
        and end - start <= timedelta(hours=16)
    ):
        interview["ended_at"] = end.isoformat()
    candidate: dict[str, Any] = {"name": candidate_name, "email": my_address}
    key = zone_key(start) or timezone
    if key:
        candidate["timezone"] = key
    data: dict[str, Any] = {
        "format": 1,
        "candidate": candidate,
        "application": {"company": company, "role": role},
        "interview": interview,
        "interviewers": people,
    }
    uid = str(event.get("UID", "")).strip() or f"{start.isoformat()}|{summary}"
    return data, uid


def _no_zone(event: Any, calendar: Any) -> str:
    """What to say of a start time left without a zone."""
    tzid = str(getattr(event.get("DTSTART"), "params", {}).get("TZID", "")).strip()
    named = tzid or str(calendar.get("X-WR-TIMEZONE", "")).strip()
    if named:
        return (
            f"expected a time zone afterview knows (an IANA name such as America/New_York, or "
            f"a Windows name such as Eastern Standard Time); got {named!r}"
        )
    return (
        "expected a start time with a time zone; this one is floating and the calendar names "
        "no zone"
    )


def event_uid(raw: bytes) -> str | None:
    """The UID of the invite's event; None if it has none or is not an invite."""
    from icalendar import Calendar

    try:
        events = list(Calendar.from_ical(raw).walk("VEVENT"))
    except ValueError:
        return None
    uid = str(events[0].get("UID", "")).strip() if events else ""
    return uid or None


def _me(me: str) -> tuple[str | None, str]:
    """(your name or None, your address) from ``--me``."""
    name, address = parseaddr(me.strip())
    if "@" not in address:
        raise InputError(
            "--me",
            None,
            f'expected your address, or your name and address ("Alex Rivera <alex@example.com>"); '
            f"got {me!r}",
        )
    name = name.strip()
    return (name or None), address


def _interviewers(parties: list[Party], my_address: str) -> list[dict[str, Any]]:
    """The people met: every person on the invite but you, rooms and those who declined left
    out; the organizer is one of them (a Zoom invite lists nobody else)."""
    people: list[dict[str, Any]] = []
    seen: set[str] = set()
    for p in parties:
        if not p.is_person or p.declined or p.address.casefold() == my_address.casefold():
            continue
        name = p.name or (name_from_address(p.address) if p.address else None) or p.address
        if not name:
            continue
        key = (p.address or name).casefold()
        if key in seen:
            continue
        seen.add(key)
        people.append({"name": name, **({"email": p.address} if p.address else {})})
    return people


def _company_and_role(
    summary: str, description: str, names: list[str], company: str | None, role: str | None
) -> tuple[str | None, str | None, str | None]:
    """(company, role, kind) from the summary, then labelled lines of the description
    ("Role: …", "Company: …", Zoom's "Topic: …"), then its first line."""
    parsed = parse_summary(summary, names, company, role)
    found_company, found_role, kind = parsed.company, parsed.role, parsed.kind
    labelled = {k: p.search(description) for k, p in _LABELS.items()}
    if not found_company and labelled["company"]:
        found_company = labelled["company"].group(1).strip()
    if not found_role and labelled["role"]:
        found_role = labelled["role"].group(1).strip()
    lines = [labelled["topic"].group(1)] if labelled["topic"] else []
    lines += description.splitlines()[:1]
    for line in lines:
        if found_company and found_role:
            break
        more = parse_summary(line, names, company or found_company, role or found_role)
        found_company = found_company or more.company
        # a sentence's leftover words are not a job title unless they read as one
        found_role = found_role or (more.role if looks_like_role(more.role) else None)
        kind = kind or more.kind
    return found_company, found_role, kind


def merge_invite(stored: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """A stored situation updated by a re-imported invite: the invite's times, company, role,
    kind and people win; what only the stored one has (notes, topics, timeline, replies, the
    details of each person met, people you added) is kept."""
    out = {**stored}
    out["application"] = {**stored.get("application", {}), **new["application"]}
    interview = {**stored.get("interview", {}), **new["interview"]}
    if "ended_at" not in new["interview"]:
        interview.pop("ended_at", None)
    out["interview"] = interview
    out["candidate"] = {**new["candidate"], **stored.get("candidate", {})}
    kept = list(stored.get("interviewers", []))

    def same(a: dict[str, Any], b: dict[str, Any]) -> bool:
        if a.get("email") and b.get("email"):
            return str(a["email"]).casefold() == str(b["email"]).casefold()
        return str(a.get("name", "")).casefold() == str(b.get("name", "")).casefold()

    for person in new["interviewers"]:
        match = next((i for i, k in enumerate(kept) if same(k, person)), None)
        if match is None:
            kept.append(person)
        else:
            kept[match] = {**person, **kept[match]}
    out["interviewers"] = kept
    return out


def is_invite(path: Any) -> bool:
    """True for an .ics file."""
    return str(path).lower().endswith(".ics")
