"""The new-interview wizard: its form fields, turned into a situation (Contract 1 as data).

The form walks through the seed's decision checklist: (1) did they say whether contact is
welcome, (2) what specific things were discussed, (3) when it was and who the recipients are
(names, titles, addresses). The data is validated by the same model as a situation file; every
problem found is mapped back to its form input (:func:`form_field`) and said in plain words
(:func:`plain`), all at once (:class:`FormProblems`), for the page to show below each field."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from afterview.errors import InputError
from afterview.record import InterviewKind

PEOPLE = 3  # interviewer rows on a fresh form; a blank row is skipped
MAX_PEOPLE = 12  # rows "Add another person" goes up to (a stored interview shows all of its)
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


class FormProblems(InputError):
    """Everything wrong with a filled-in form at once: ``problems`` maps each form input's
    name to what to do about it, in plain words, in the order of the form."""

    def __init__(self, problems: dict[str, str]) -> None:
        self.problems = problems
        field, message = next(iter(problems.items()))
        super().__init__(SOURCE, field, message)


# What to say when an answer is missing (a person's rows use "p_" for "p0_", "p1_", ...).
EMPTY = {
    "company": "Enter the company's name.",
    "role": "Enter the job title, as the posting writes it.",
    "kind": "Choose the kind of interview.",
    "started_at": "Enter the date and time the interview started.",
    "timezone": "Enter the time zone the interviewers are in, such as America/New_York.",
    "me_timezone": "Enter the time zone you are in, such as Europe/London.",
    "me_name": "Enter your name.",
    "me_email": "Enter your email address, like name@example.com.",
    "p_name": "Enter this person's name, or clear their row.",
    "to_add": "Describe what you want to add, or clear its link.",
}
# What to say when an answer is there but cannot be used.
INVALID = {
    "kind": "Choose one of the kinds in the list.",
    "started_at": "Enter the date and time the interview started, like 24/11/2026 10:00.",
    "minutes": "Enter the interview's length in minutes, from 5 to 960.",
    "timezone": "Enter a time zone from the list, such as America/New_York or Europe/London.",
    "me_timezone": "Enter a time zone from the list, such as Europe/London or Asia/Kolkata.",
    "decision_by": "Enter a date on or after the day of the interview.",
    "region": "Enter a country code such as US or GB, or a region such as GB-ENG or US-CA.",
    "sector": "Choose one of the employers in the list.",
    "contact": "Choose one of the answers.",
    "me_email": "Enter your email address, like name@example.com.",
    "p_email": "Enter an email address like name@example.com.",
    "p_linkedin": "Enter the address of their profile, like https://www.linkedin.com/in/name.",
    "to_add_url": "Enter a web address starting with https://.",
}
ONE_LINE = "Write this on one line."


def plain(field: str, what: str) -> str:
    """What to tell the person about ``field``: ``what`` is "empty", "one_line" or
    "invalid"."""
    generic = re.sub(r"^p\d+_", "p_", field)
    if what == "one_line":
        return ONE_LINE
    if what == "empty" and generic in EMPTY:
        return EMPTY[generic]
    return INVALID.get(generic) or EMPTY.get(generic) or "Check this answer."


def summary_lines(problems: dict[str, str]) -> list[tuple[str, str]]:
    """The summary's lines: (input name, what to do), an interviewer's row named, since two
    rows can have the same problem ("Interviewer 2: Enter an email address ...")."""
    out = []
    for name, message in problems.items():
        row = re.match(r"p(\d+)_", name)
        out.append((name, f"Interviewer {int(row.group(1)) + 1}: {message}" if row else message))
    return out


def _zone(form: Mapping[str, Any], name: str, problems: dict[str, str]) -> ZoneInfo | None:
    """The IANA zone the input ``name`` names, or None with its problem noted."""
    zone_name = _text(form, name)
    try:
        return ZoneInfo(zone_name)
    except (ZoneInfoNotFoundError, ValueError):
        problems[name] = plain(name, "empty" if not zone_name else "invalid")
        return None


def _started_at(form: Mapping[str, Any], problems: dict[str, str]) -> tuple[datetime | None, str]:
    zone_name = _text(form, "timezone")
    zone = _zone(form, "timezone", problems)
    try:
        local = datetime.fromisoformat(_text(form, "started_at"))
    except ValueError:
        problems["started_at"] = plain(
            "started_at", "invalid" if _text(form, "started_at") else "empty"
        )
        return None, zone_name
    return (local.replace(tzinfo=zone) if zone else None), zone_name


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
    """The situation the wizard's ``form`` describes, validated, laid over ``base`` (the
    stored situation, when editing) so that what the form does not show (LinkedIn addresses
    of people not on the form, messages already sent, replies) is kept.

    Raises :class:`FormProblems` naming every form input that is wrong, in plain words: those
    only the form can get wrong (time, zone, length) and all that the situation's validation
    finds."""
    import copy

    problems: dict[str, str] = {}
    data = copy.deepcopy(base) if base else {}
    started, zone_name = _started_at(form, problems)
    minutes = _text(form, "minutes") or "45"
    if not minutes.isdigit() or not 5 <= int(minutes) <= 16 * 60:
        problems["minutes"] = plain("minutes", "invalid")
        minutes = "45"
    contact = _text(form, "contact") or "unknown"
    data["format"] = 1
    data.pop("now", None)
    interview = data.setdefault("interview", {})
    interview.update(
        kind=_text(form, "kind"),
        want_role=_text(form, "want_role") != "no",
        no_contact_requested=contact == "no_contact",
    )
    if started is not None:
        interview["started_at"] = started.isoformat()
        interview["ended_at"] = (started + timedelta(minutes=int(minutes))).isoformat()
    _set(interview, "notes", lines(form.get("notes")))
    if "topics" in form:  # an input the form did not send is kept as stored
        _set(interview, "topics", lines(form.get("topics")))
    _set(interview, "decision_expected_by", _text(form, "decision_by"))
    extra = list(interview.get("to_add", []))[1:]
    if _text(form, "to_add") or _text(form, "to_add_url"):
        first = {"kind": _text(form, "to_add_kind") or "work_sample", "text": _text(form, "to_add")}
        _set(first, "url", _text(form, "to_add_url"))
        extra.insert(0, first)
    _set(interview, "to_add", extra)
    candidate = data.setdefault("candidate", {})
    candidate.update(name=_text(form, "me_name"), email=_text(form, "me_email"))
    # Your own zone ("me_timezone"); a form without that input (older pages, scripts) means
    # you are where the interviewers are, as before.
    if "me_timezone" in form:
        _zone(form, "me_timezone", problems)
        candidate["timezone"] = _text(form, "me_timezone")
    elif "timezone" not in problems:
        candidate["timezone"] = zone_name
    else:  # already said beside the interviewers' zone
        candidate.pop("timezone", None)
    _set(candidate, "phone", _text(form, "me_phone"))
    application = data.setdefault("application", {})
    application.update(
        company=_text(form, "company"),
        role=_text(form, "role"),
        contact_policy=contact,
        sector=_text(form, "sector") or "private",
    )
    _set(application, "region", _text(form, "region").upper())
    posting = form.get("posting_text")
    if isinstance(posting, str):
        _set(application, "posting_text", posting.strip())
    before = list(data.get("interviewers", []))
    people, rows_used = [], []
    for n in range(max(rows(form), PEOPLE)):
        fields = {k: _text(form, f"p{n}_{k}") for k in ("name", "title", "email", "linkedin")}
        topics = lines(form.get(f"p{n}_topics"))
        notes = lines(form.get(f"p{n}_notes"))
        if not any(fields.values()) and not topics and not notes:
            continue
        entry = dict(before[n]) if n < len(before) else {}
        entry["name"] = fields["name"]
        if "timezone" not in problems:  # the form's one zone for the people you met
            entry["timezone"] = zone_name
        for key in ("title", "email", "linkedin"):
            if key != "linkedin" or f"p{n}_linkedin" in form:
                _set(entry, key, fields[key])
        _set(entry, "notes", notes)
        if f"p{n}_topics" in form:
            _set(entry, "topics", topics)
        people.append(entry)
        rows_used.append(n)
    data["interviewers"] = people
    problems.update(
        (k, v) for k, v in _validation_problems(data, rows_used).items() if k not in problems
    )
    if problems:
        raise FormProblems(_in_form_order(problems))
    return data


# The inputs in the order the form shows them (for the summary of problems).
ORDER = [
    "contact", "posting_text", "company", "role", "kind", "started_at", "minutes", "timezone",
    "decision_by", "region", "sector", "p_name", "p_title", "p_email", "p_linkedin",
    "p_topics", "p_notes", "topics", "notes", "to_add", "to_add_url", "me_name", "me_email",
    "me_phone", "me_timezone",
]  # fmt: skip


def _in_form_order(problems: dict[str, str]) -> dict[str, str]:
    """``problems`` in the order of the form: a person's row as one block, top to bottom."""

    def place(name: str) -> tuple[int, int, int]:
        generic = re.sub(r"^p\d+_", "p_", name)
        index = ORDER.index(generic) if generic in ORDER else len(ORDER)
        row = re.match(r"p(\d+)_", name)
        if row:
            return ORDER.index("p_name"), int(row.group(1)), index
        return index, 0, 0

    return {name: problems[name] for name in sorted(problems, key=place)}


def _validation_problems(data: dict[str, Any], rows_used: list[int]) -> dict[str, str]:
    """Every problem the situation's validation finds, by form input (all of them: pydantic
    reports every field of the model at once)."""
    from pydantic import ValidationError

    from afterview.model import Situation as SituationModel

    # Without a usable start (already reported) the rest is still checked, against a stand-in
    # start; what depends on the start (the length, the decision date) waits for a real one.
    if "started_at" not in data.get("interview", {}):
        data = {**data, "interview": {**data["interview"], "started_at": "2000-01-01T00:00:00Z"}}
        data["interview"].pop("ended_at", None)
        data["interview"].pop("decision_expected_by", None)
    try:
        SituationModel.model_validate(data)
    except ValidationError as exc:
        found: dict[str, str] = {}
        for err in exc.errors(include_url=False):
            loc = list(err["loc"])
            message = str(err.get("ctx", {}).get("error", err["msg"]))
            if err["type"] == "value_error":
                key, sep, rest = message.partition(": ")
                if sep and re.fullmatch(r"[a-z_]+", key):
                    loc.append(key)
                    message = rest
            name = form_field(_path(loc), rows_used)
            if name is None or name in found:
                continue
            given = err.get("input")
            if err["type"] == "missing" or "non-empty" in message or given in ("", None):
                what = "empty"
            elif "one line" in message:
                what = "one_line"
            else:
                what = "invalid"
            found[name] = plain(name, what)
        return found
    return {}


def _path(loc: list[Any]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else ("." if out else "") + str(part)
    return out


def form_values(data: dict[str, Any], default_zone: str) -> dict[str, str]:
    """The wizard's fields for a stored situation (to edit it)."""
    from datetime import datetime

    candidate = data.get("candidate", {})
    application = data.get("application", {})
    interview = data.get("interview", {})
    people = data.get("interviewers", [])
    zone_name = next(
        (p["timezone"] for p in people if p.get("timezone")),
        candidate.get("timezone") or default_zone,
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
        "topics": "\n".join(interview.get("topics", [])),
        "posting_text": application.get("posting_text") or "",
        "to_add": add.get("text", ""),
        "to_add_url": add.get("url", ""),
        "to_add_kind": add.get("kind", "work_sample"),
        "me_name": candidate.get("name", ""),
        "me_email": candidate.get("email", ""),
        "me_phone": candidate.get("phone", ""),
        "me_timezone": candidate.get("timezone") or default_zone,
    }
    for n, person in enumerate(people):
        for key in ("name", "title", "email", "linkedin"):
            values[f"p{n}_{key}"] = person.get(key) or ""
        values[f"p{n}_notes"] = "\n".join(person.get("notes", []))
        values[f"p{n}_topics"] = "\n".join(person.get("topics", []))
    return values


FIELD_OF = {
    "candidate.name": "me_name",
    "candidate.email": "me_email",
    "candidate.phone": "me_phone",
    "candidate.timezone": "me_timezone",
    "application.company": "company",
    "application.role": "role",
    "application.region": "region",
    "application.sector": "sector",
    "application.contact_policy": "contact",
    "application.posting_text": "posting_text",
    "interview.kind": "kind",
    "interview.started_at": "started_at",
    "interview.ended_at": "minutes",
    "interview.decision_expected_by": "decision_by",
    "interview.notes": "notes",
    "interview.topics": "topics",
    "interview.to_add[0].url": "to_add_url",
    "interview.to_add[0]": "to_add",
}
# A person's keys the form shows (p0_name, p0_email, ...); their other keys have no input.
PERSON_FIELDS = ("name", "title", "email", "linkedin", "notes", "topics")


def form_field(path: str | None, rows_used: list[int] | None = None) -> str | None:
    """The form input a validation error's key path points at (``interviewers[1].email`` ->
    ``p1_email``), or None when the form has no input for it. ``rows_used[i]`` is the form row
    the situation's ``interviewers[i]`` came from (blank rows are skipped), by default row i."""
    if not path:
        return None
    person = re.fullmatch(r"interviewers\[(\d+)\]\.([a-z_]+)(?:[.\[].*)?", path)
    if person:
        index, key = int(person.group(1)), person.group(2)
        if key == "timezone":
            return "timezone"  # the form's one zone for everyone you met
        if rows_used is not None:
            if index >= len(rows_used):
                return None
            index = rows_used[index]
        return f"p{index}_{key}" if key in PERSON_FIELDS else None
    for key, name in FIELD_OF.items():
        if path == key or path.startswith(key + "[") or path.startswith(key + "."):
            return name
    return None
