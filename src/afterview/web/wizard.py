"""The new-interview wizard: its form fields, turned into a situation (Contract 1 as data).

The form walks through the seed's decision checklist: (1) did they say whether contact is
welcome, (2) what specific things were discussed, (3) when it was and who the recipients are
(names, titles, addresses). The data is validated by the same model as a situation file, so an
error names the same field a file would; :data:`FIELD_OF` maps it back to the form input."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from afterview.errors import InputError
from afterview.record import InterviewKind

PEOPLE = 3  # interviewer rows on the form; a blank row is skipped
KINDS = [k.value for k in InterviewKind]
SOURCE = "form"


@lru_cache(maxsize=1)
def zones() -> list[str]:
    """Every IANA time zone name this Python knows, for the form's suggestion list."""
    from zoneinfo import available_timezones

    return sorted(z for z in available_timezones() if "/" in z and not z.startswith("Etc/"))


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


def _set(table: dict[str, Any], key: str, value: Any) -> None:
    """Set ``key``, or remove it when the form left it blank."""
    if value in ("", None, []):
        table.pop(key, None)
    else:
        table[key] = value


def rows(form: Mapping[str, Any]) -> int:
    """How many interviewer rows the form has."""
    n = 0
    while any(f"p{n}_{k}" in form for k in ("name", "title", "email", "notes")):
        n += 1
    return n


def situation_data(form: Mapping[str, Any], base: dict[str, Any] | None = None) -> dict[str, Any]:
    """The situation the wizard's ``form`` describes (not yet validated: the store validates
    it), laid over ``base`` (the stored situation, when editing) so that what the form does
    not show (a posting text, LinkedIn addresses, messages already sent) is kept. Raises
    InputError for what only the form can get wrong (time and zone)."""
    import copy

    data = copy.deepcopy(base) if base else {}
    started, zone_name = _started_at(form)
    minutes = _text(form, "minutes") or "45"
    if not minutes.isdigit() or not 5 <= int(minutes) <= 16 * 60:
        raise InputError(SOURCE, "minutes", "expected the interview's length in minutes, 5-960")
    contact = _text(form, "contact") or "unknown"
    data["format"] = 1
    data.pop("now", None)
    interview = data.setdefault("interview", {})
    interview.update(
        kind=_text(form, "kind"),
        started_at=started.isoformat(),
        ended_at=(started + timedelta(minutes=int(minutes))).isoformat(),
        want_role=_text(form, "want_role") != "no",
        no_contact_requested=contact == "no_contact",
    )
    _set(interview, "notes", lines(form.get("notes")))
    _set(interview, "decision_expected_by", _text(form, "decision_by"))
    extra = list(interview.get("to_add", []))[1:]
    if _text(form, "to_add"):
        first = {"kind": _text(form, "to_add_kind") or "work_sample", "text": _text(form, "to_add")}
        _set(first, "url", _text(form, "to_add_url"))
        extra.insert(0, first)
    _set(interview, "to_add", extra)
    candidate = data.setdefault("candidate", {})
    candidate.update(name=_text(form, "me_name"), email=_text(form, "me_email"))
    candidate["timezone"] = zone_name
    _set(candidate, "phone", _text(form, "me_phone"))
    application = data.setdefault("application", {})
    application.update(
        company=_text(form, "company"),
        role=_text(form, "role"),
        contact_policy=contact,
        sector=_text(form, "sector") or "private",
    )
    _set(application, "region", _text(form, "region").upper())
    before = list(data.get("interviewers", []))
    people = []
    for n in range(max(rows(form), PEOPLE)):
        fields = {k: _text(form, f"p{n}_{k}") for k in ("name", "title", "email")}
        if not any(fields.values()):
            continue
        entry = dict(before[n]) if n < len(before) else {}
        entry["name"] = fields["name"]
        _set(entry, "title", fields["title"])
        _set(entry, "email", fields["email"])
        _set(entry, "notes", lines(form.get(f"p{n}_notes")))
        people.append(entry)
    data["interviewers"] = people
    return data


def form_values(data: dict[str, Any], default_zone: str) -> dict[str, str]:
    """The wizard's fields for a stored situation (to edit it)."""
    from datetime import datetime

    candidate = data.get("candidate", {})
    application = data.get("application", {})
    interview = data.get("interview", {})
    people = data.get("interviewers", [])
    zone_name = candidate.get("timezone") or next(
        (p["timezone"] for p in people if p.get("timezone")), default_zone
    )
    try:
        zone = ZoneInfo(zone_name)
    except (ZoneInfoNotFoundError, ValueError):
        zone, zone_name = ZoneInfo("UTC"), "UTC"
    started = datetime.fromisoformat(interview["started_at"]).astimezone(zone)
    ended = interview.get("ended_at")
    minutes = (datetime.fromisoformat(ended) - started).seconds // 60 if ended else 45
    contact = application.get("contact_policy", "unknown")
    if interview.get("no_contact_requested"):
        contact = "no_contact"
    add = (interview.get("to_add") or [{}])[0]
    values = {
        "contact": contact,
        "want_role": "" if interview.get("want_role", True) else "no",
        "company": application.get("company", ""),
        "role": application.get("role", ""),
        "kind": interview.get("kind", ""),
        "started_at": started.strftime("%Y-%m-%dT%H:%M"),
        "minutes": str(minutes),
        "timezone": zone_name,
        "decision_by": str(interview.get("decision_expected_by") or ""),
        "region": application.get("region", ""),
        "sector": application.get("sector", "private"),
        "notes": "\n".join(interview.get("notes", [])),
        "to_add": add.get("text", ""),
        "to_add_url": add.get("url", ""),
        "to_add_kind": add.get("kind", "work_sample"),
        "me_name": candidate.get("name", ""),
        "me_email": candidate.get("email", ""),
        "me_phone": candidate.get("phone", ""),
    }
    for n, person in enumerate(people):
        for key in ("name", "title", "email"):
            values[f"p{n}_{key}"] = person.get(key) or ""
        values[f"p{n}_notes"] = "\n".join(person.get("notes", []))
    return values


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
