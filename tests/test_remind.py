"""`afterview remind` writes an .ics that calendars understand: read back with icalendar."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar
from typer.testing import CliRunner

from afterview.cli import app
from afterview.reminders import calendar, uid, whole_minute
from afterview.store import AgendaItem

ROOT = Path(__file__).parent.parent
NY, LONDON, KOLKATA = (ZoneInfo(k) for k in ("America/New_York", "Europe/London", "Asia/Kolkata"))
NOW = datetime(2026, 11, 24, 19, 7, 31, tzinfo=UTC)
runner = CliRunner()


def item(
    start: datetime, days: float, to: str = "Dr. Priya Nair", kind: str = "thank_you"
) -> AgendaItem:
    return AgendaItem(
        1,
        "Northwind Health",
        "Senior Data Analyst",
        kind,
        "email",
        to,
        None,
        start,
        start + timedelta(days=days),
        "Because the panel met you today.",
    )


ITEMS = [
    item(datetime(2026, 11, 24, 14, 7, 31, tzinfo=NY), 1),  # opened already, seconds from "now"
    item(datetime(2026, 12, 8, 9, 0, tzinfo=LONDON), 7, "Marcus Chen", "status_check"),
    item(datetime(2026, 11, 25, 10, 30, 59, tzinfo=KOLKATA), 2, "Sofia Okafor"),
    item(datetime(2026, 11, 1, 9, 0, tzinfo=NY), 2, "Closed Window"),  # closed: left out
]


def events(raw: bytes) -> tuple[Calendar, list]:
    cal = Calendar.from_ical(raw)
    return cal, list(cal.walk("VEVENT"))


def test_every_property_a_calendar_needs() -> None:
    cal, found = events(calendar(ITEMS, NOW))
    assert [str(e["SUMMARY"]) for e in found] == [
        "Send thank-you to Dr. Priya Nair (Northwind Health)",
        "Send status-check to Marcus Chen (Northwind Health)",
        "Send thank-you to Sofia Okafor (Northwind Health)",
    ]
    zones = {str(z["TZID"]) for z in cal.walk("VTIMEZONE")}
    assert zones == {"America/New_York", "Europe/London", "Asia/Kolkata"}
    for event, source in zip(found, ITEMS, strict=False):
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert event["DTSTART"].params["TZID"] == source.not_before.tzinfo.key  # type: ignore[union-attr]
        assert (start.second, start.microsecond, end.second) == (0, 0, 0)
        assert source.not_before <= start < end <= source.not_after
        assert start - source.not_before < timedelta(minutes=1)
        assert str(event["TRANSP"]) == "TRANSPARENT"
        (alarm,) = event.walk("VALARM")
        assert str(alarm["ACTION"]) == "DISPLAY" and str(alarm["DESCRIPTION"]) == str(
            event["SUMMARY"]
        )
        assert alarm.decoded("TRIGGER") == timedelta(0)
        assert alarm["TRIGGER"].params.get("RELATED", "START") == "START"
        assert event.decoded("DTSTAMP").second == 0
    assert len({str(e["UID"]) for e in found}) == 3


def test_uids_are_stable_and_distinct() -> None:
    _, first = events(calendar(ITEMS, NOW))
    _, later = events(calendar(list(reversed(ITEMS)), NOW + timedelta(hours=3, seconds=17)))
    assert sorted(str(e["UID"]) for e in first) == sorted(str(e["UID"]) for e in later)
    assert uid(1, "thank_you", "Dr. Priya Nair") == uid(1, "thank_you", "dr.  priya nair")
    assert uid(1, "thank_you", "Dr. Priya Nair") != uid(2, "thank_you", "Dr. Priya Nair")
    assert uid(1, "thank_you", "Dr. Priya Nair") != uid(1, "status_check", "Dr. Priya Nair")


def test_nothing_open_is_an_empty_calendar() -> None:
    cal, found = events(calendar(ITEMS[3:], NOW))
    assert found == [] and list(cal.walk("VTIMEZONE")) == []


@given(st.datetimes(timezones=st.just(UTC)), st.booleans())
def test_whole_minutes(moment: datetime, up: bool) -> None:
    rounded = whole_minute(moment, up)
    assert (rounded.second, rounded.microsecond) == (0, 0)
    assert timedelta(0) <= (rounded - moment if up else moment - rounded) < timedelta(minutes=1)


def test_cli_ics_and_plain_list(tmp_path: Path) -> None:
    start = (datetime.now(UTC) - timedelta(hours=3)).replace(microsecond=0)
    situation = tmp_path / "today.toml"
    situation.write_text(
        f"""format = 1
[candidate]
name = "Alex Rivera"
email = "alex.rivera@example.com"
timezone = "America/New_York"
[application]
company = "Northwind Health"
role = "Senior Data Analyst"
[interview]
kind = "video"
started_at = {start.isoformat()}
decision_expected_by = {(start + timedelta(days=10)).date().isoformat()}
notes = ["Discussed moving the claims dashboard to dbt"]
[[interviewers]]
name = "Angela Brooks"
email = "angela.brooks@northwind.example"
timezone = "America/Chicago"
""",
        "utf-8",
    )
    db = str(tmp_path / "cli.db")
    imported = runner.invoke(app, ["import", str(situation), "--db", db])
    assert imported.exit_code == 0, imported.output
    result = runner.invoke(app, ["remind", "--days", "60", "--db", db])
    assert result.exit_code == 0, result.output
    cal, found = events(result.stdout_bytes)
    assert found and all(str(e["TRANSP"]) == "TRANSPARENT" for e in found)
    assert (
        {str(z["TZID"]) for z in cal.walk("VTIMEZONE")}
        == {e["DTSTART"].params["TZID"] for e in found}
        == {"America/Chicago"}
    )
    assert runner.invoke(app, ["remind", "--ics", "--days", "60", "--db", db]).stdout_bytes
    plain = runner.invoke(app, ["remind", "--no-ics", "--days", "60", "--db", db])
    assert plain.exit_code == 0 and "BEGIN:VCALENDAR" not in plain.stdout
    assert "to Angela Brooks" in plain.stdout
