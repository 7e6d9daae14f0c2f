"""Calendar invites (.ics) become stored interviews; what they do not say is asked for."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar, Event, vCalAddress
from typer.testing import CliRunner

from afterview.cli import app
from afterview.errors import InputError
from afterview.invite import situation_from_invite
from afterview.store import open_store

NY = ZoneInfo("America/New_York")
ME = "alex.rivera@example.com"
runner = CliRunner()


def invite(
    summary: str = "Panel interview: Senior Data Analyst at Northwind Health",
    uid: str = "evt-1@northwind",
    hour: int = 10,
) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//test//afterview//EN")
    cal.add("version", "2.0")
    event = Event()
    event.add("uid", uid)
    event.add("summary", summary)
    event.add("dtstart", datetime(2026, 11, 24, hour, 0, tzinfo=NY))
    event.add("dtend", datetime(2026, 11, 24, hour + 1, 30, tzinfo=NY))
    organizer = vCalAddress("mailto:priya.nair@northwind.example")
    organizer.params["CN"] = "Dr. Priya Nair"
    event["organizer"] = organizer
    for cn, address, cutype in [
        ("Alex Rivera", ME, "INDIVIDUAL"),
        ("Marcus Chen", "marcus.chen@northwind.example", "INDIVIDUAL"),
        ("Room 4B", "room-4b@northwind.example", "ROOM"),
    ]:
        attendee = vCalAddress(f"mailto:{address}")
        attendee.params["CN"] = cn
        attendee.params["CUTYPE"] = cutype
        event.add("attendee", attendee)
    cal.add_component(event)
    return cal.to_ical()


def test_invite_becomes_a_situation() -> None:
    data, uid = situation_from_invite(invite(), "i.ics", me=ME)
    assert uid == "evt-1@northwind"
    assert data["application"] == {"company": "Northwind Health", "role": "Senior Data Analyst"}
    assert data["interview"]["kind"] == "panel"
    assert data["interview"]["started_at"] == "2026-11-24T10:00:00-05:00"
    assert data["interview"]["ended_at"] == "2026-11-24T11:30:00-05:00"
    assert data["candidate"] == {"name": "Alex Rivera", "email": ME, "timezone": "America/New_York"}
    assert [p["name"] for p in data["interviewers"]] == ["Dr. Priya Nair", "Marcus Chen"]


@pytest.mark.parametrize(
    ("summary", "kwargs", "message"),
    [
        ("Catch-up", {}, "application.company: not found in the invite's summary"),
        (
            "Catch-up",
            {"company": "Northwind Health"},
            "application.role: not found in the invite's summary",
        ),
        (
            "Senior Data Analyst at Northwind Health",
            {},
            "interview.kind: not stated in the invite",
        ),
    ],
)
def test_what_the_invite_does_not_say_is_asked_for(
    summary: str, kwargs: dict, message: str
) -> None:
    with pytest.raises(InputError) as caught:
        situation_from_invite(invite(summary), "i.ics", me=ME, **kwargs)
    assert str(caught.value) == f"i.ics: {message}"


def test_not_an_attendee() -> None:
    with pytest.raises(
        InputError, match="--me: expected your address among the invite's attendees"
    ):
        situation_from_invite(invite(), "i.ics", me="someone@else.example")


def test_reimporting_the_same_event_updates(tmp_path: Path) -> None:
    path = tmp_path / "i.ics"
    path.write_bytes(invite())
    store = open_store(str(tmp_path / "db.sqlite"))
    now = datetime(2026, 11, 24, 19, tzinfo=UTC)
    assert store.import_invite(path, now, me=ME) == (1, True)
    path.write_bytes(invite(hour=14))  # rescheduled: same UID
    assert store.import_invite(path, now, me=ME) == (1, False)
    (row,) = store.interviews()
    assert row.started_at == datetime(2026, 11, 24, 19, tzinfo=UTC)
    assert [p.name for p in store.situation(1).interviewers] == ["Dr. Priya Nair", "Marcus Chen"]


def test_cli_import_invite(tmp_path: Path) -> None:
    path = tmp_path / "i.ics"
    path.write_bytes(invite("Senior Data Analyst at Northwind Health"))
    db = str(tmp_path / "db.sqlite")
    missing = runner.invoke(app, ["import", str(path), "--db", db, "--me", ME])
    assert missing.exit_code != 0
    # The library names the field; the command line says which flag gives it.
    assert str(missing.exception).endswith("interview.kind: not stated in the invite; give --kind")
    ok = runner.invoke(app, ["import", str(path), "--db", db, "--me", ME, "--kind", "video"])
    assert ok.exit_code == 0, ok.output
    assert (
        "Imported interview 1: Northwind Health — Senior Data Analyst (video)"
        in ok.stdout.replace("\n", " ")
    )
