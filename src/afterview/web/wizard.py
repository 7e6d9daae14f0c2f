"""The new-interview wizard: its form fields, turned into a situation (Contract 1 as data).

The form walks through the seed's decision checklist: (1) did they say whether contact is
welcome, (2) what specific things were discussed, (3) when it was and who the recipients are
(names, titles, addresses). The data is validated by the same model as a situation file, so an
error names the same field a file would; :data:`FIELD_OF` maps it back to the form input."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from afterview.errors import InputError
from afterview.record import InterviewKind

PEOPLE = 3  # interviewer rows on the form; a blank row is skipped
KINDS = [k.value for k in InterviewKind]
SOURCE = "form"


def lines(text: str | None) -> list[str]:
    """A textarea's non-blank lines, stripped."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _text(form: Mapping[str, Any], name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def _started_at(form: Mapping[str, Any]) -> tuple[datetime, str]:
    zone_name = _text(form, "timezone")
    try:
        zone = ZoneInfo(zone_name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError(
            SOURCE, "timezone", "expected an IANA time zone such as Europe/London"
        ) from None
    try:
        local = datetime.fromisoformat(_text(form, "started_at"))
    except ValueError:
        raise InputError(
            SOURCE, "started_at", "expected the date and time the interview started"
        ) from None
    return local.replace(tzinfo=zone), zone_name


def situation_data(form: Mapping[str, Any]) -> dict[str, Any]:
    """The situation the wizard's ``form`` describes (not yet validated: the store validates
    it). Raises InputError for what only the form can get wrong (time and zone)."""
    started, zone_name = _started_at(form)
    minutes = _text(form, "minutes") or "45"
    if not minutes.isdigit() or not 5 <= int(minutes) <= 16 * 60:
        raise InputError(SOURCE, "minutes", "expected the interview's length in minutes, 5-960")
    contact = _text(form, "contact") or "unknown"
    interview: dict[str, Any] = {
        "kind": _text(form, "kind"),
        "started_at": started.isoformat(),
        "ended_at": (started + timedelta(minutes=int(minutes))).isoformat(),
        "want_role": _text(form, "want_role") != "no",
        "no_contact_requested": contact == "no_contact",
        "notes": lines(form.get("notes")),
    }
    if _text(form, "decision_by"):
        interview["decision_expected_by"] = _text(form, "decision_by")
    if _text(form, "to_add"):
        add = {"kind": _text(form, "to_add_kind") or "work_sample", "text": _text(form, "to_add")}
        if _text(form, "to_add_url"):
            add["url"] = _text(form, "to_add_url")
        interview["to_add"] = [add]
    candidate = {"name": _text(form, "me_name"), "email": _text(form, "me_email")}
    candidate["timezone"] = zone_name
    if _text(form, "me_phone"):
        candidate["phone"] = _text(form, "me_phone")
    application = {
        "company": _text(form, "company"),
        "role": _text(form, "role"),
        "contact_policy": contact,
        "sector": _text(form, "sector") or "private",
    }
    if _text(form, "region"):
        application["region"] = _text(form, "region").upper()
    people = []
    for n in range(PEOPLE):
        person = {k: _text(form, f"p{n}_{k}") for k in ("name", "title", "email")}
        if not any(person.values()):
            continue
        entry: dict[str, Any] = {k: v for k, v in person.items() if v}
        entry["name"] = person["name"]
        if lines(form.get(f"p{n}_notes")):
            entry["notes"] = lines(form.get(f"p{n}_notes"))
        people.append(entry)
    return {
        "format": 1,
        "candidate": candidate,
        "application": application,
        "interview": interview,
        "interviewers": people,
    }


FIELD_OF = {
    "candidate.name": "me_name",
    "candidate.email": "me_email",
    "candidate.phone": "me_phone",
    "candidate.timezone": "timezone",
    "application.company": "company",
    "application.role": "role",
    "application.region": "region",
    "application.sector": "sector",
    "interview.kind": "kind",
    "interview.started_at": "started_at",
    "interview.ended_at": "minutes",
    "interview.decision_expected_by": "decision_by",
    "interview.notes": "notes",
    "interview.to_add": "to_add",
}


def form_field(path: str | None) -> str | None:
    """The form input a validation error's key path points at (``interviewers[1].email`` ->
    ``p1_email``)."""
    if not path:
        return None
    if path.startswith("interviewers["):
        index, _, rest = path[len("interviewers[") :].partition("].")
        return f"p{index}_{rest.split('.')[0].split('[')[0]}" if index.isdigit() else None
    for key, name in FIELD_OF.items():
        if path == key or path.startswith(key + "[") or path.startswith(key + "."):
            return name
    return path if "." not in path else None
