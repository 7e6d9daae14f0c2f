"""Invites in the shapes Google Calendar, Outlook/Exchange, Zoom and Apple Calendar write
(tests/data/invites, written for these tests) are each imported to the right record."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from afterview.cli import app
from afterview.errors import InputError
from afterview.invite import situation_from_invite
from afterview.store import open_store

INVITES = Path(__file__).parent / "data" / "invites"
ME = "alex.rivera@example.com"
NOW = datetime(2026, 11, 1, 12, tzinfo=UTC)
runner = CliRunner()


def read(name: str, **details: str) -> dict:
    data, _ = situation_from_invite((INVITES / name).read_bytes(), name, **details)  # type: ignore[arg-type]
    return data


def test_google_utc_times_in_the_calendars_zone_and_no_address_for_a_name() -> None:
    data = read("google.ics", me=f"Alex Rivera <{ME}>")
    assert data["application"] == {"company": "Lumen Health", "role": "Product Analyst"}
    assert data["interview"]["started_at"] == "2026-12-03T10:30:00-06:00"  # X-WR-TIMEZONE
    assert data["candidate"] == {"name": "Alex Rivera", "email": ME, "timezone": "America/Chicago"}
    assert data["interview"]["kind"] == "video"  # the Meet link
    # The organizer's CN is its address: the name comes from a first.last address, the room
    # (CUTYPE=RESOURCE, resource calendar) is left out.
    assert data["interviewers"] == [
        {"name": "Jordan Okafor", "email": "jordan.okafor@lumenhealth.example"},
        {"name": "Samira Haddad", "email": "samira.haddad@lumenhealth.example"},
    ]


def test_google_cn_that_is_an_address_is_never_your_name() -> None:
    with pytest.raises(InputError) as caught:
        read("google.ics", me=ME)
    assert str(caught.value) == (
        "google.ics: --me: expected your name: the invite gives only your address"
    )


def test_outlook_windows_zone_room_without_cutype_last_first_and_declined() -> None:
    data = read("outlook.ics", me=f"Alex Rivera <{ME}>")
    assert data["application"] == {"company": "Harbourline Capital", "role": "Credit Risk Analyst"}
    assert data["interview"] == {
        "kind": "panel",
        "started_at": "2026-06-09T14:00:00+01:00",  # GMT Standard Time is London, in summer
        "ended_at": "2026-06-09T15:30:00+01:00",
    }
    assert data["candidate"]["timezone"] == "Europe/London"
    # "LDN Conf Rm 4B (12)" has no CUTYPE; Tom Brennan declined.
    assert [p["name"] for p in data["interviewers"]] == ["Eleanor Whitfield", "Kwame Osei"]


def test_outlook_eastern_standard_time_and_suffixes() -> None:
    data = read("outlook-eastern.ics", me=ME, role="Research Scientist")
    assert data["candidate"] == {"name": "Alex Rivera", "email": ME, "timezone": "America/New_York"}
    assert data["interview"]["started_at"] == "2026-12-08T09:30:00-05:00"
    assert data["interview"]["kind"] == "final_round"
    assert data["application"] == {"company": "Brightwater Labs", "role": "Research Scientist"}
    assert [p["name"] for p in data["interviewers"]] == [
        "María José Castellanos",
        "Ken Nakamura Jr.",
    ]


def test_outlook_final_round_without_a_role_asks_for_it() -> None:
    with pytest.raises(InputError, match=r"application\.role: not found in the invite's summary$"):
        read("outlook-eastern.ics", me=ME)


def test_zoom_organizer_is_the_interviewer() -> None:
    data = read("zoom.ics", me=f"Alex Rivera <{ME}>")
    assert data["application"] == {"company": "Cobalt Freight", "role": "Data Engineer"}
    assert data["interview"]["kind"] == "phone_screen"
    assert data["interview"]["started_at"] == "2026-11-17T11:00:00-08:00"
    assert data["candidate"] == {
        "name": "Alex Rivera",
        "email": ME,
        "timezone": "America/Los_Angeles",
    }
    assert data["interviewers"] == [{"name": "Wen Li", "email": "wen.li@cobaltfreight.example"}]


def test_zoom_needs_your_name_since_you_are_not_on_it() -> None:
    with pytest.raises(InputError, match="--me: expected your name"):
        read("zoom.ics", me=ME)


def test_apple_interview_with_a_person_is_not_a_company() -> None:
    with pytest.raises(
        InputError, match=r"application\.company: not found in the invite's summary$"
    ):
        read("apple.ics", me=ME)
    data = read("apple.ics", me=ME, company="Quillworks", role="Technical Writer", kind="onsite")
    assert data["candidate"] == {"name": "Alex Rivera", "email": ME, "timezone": "Europe/Berlin"}
    assert data["interview"]["started_at"] == "2026-11-12T15:00:00+01:00"
    assert data["interviewers"] == [
        {"name": "Priya Nair", "email": "priya.nair@quillworks.example"}
    ]


@pytest.mark.parametrize(
    ("name", "args", "company", "people"),
    [
        ("google.ics", ["--me", f"Alex Rivera <{ME}>"], "Lumen Health", 2),
        ("outlook.ics", ["--me", f"Alex Rivera <{ME}>"], "Harbourline Capital", 2),
        (
            "outlook-eastern.ics",
            ["--me", ME, "--role", "Research Scientist"],
            "Brightwater Labs",
            2,
        ),
        ("zoom.ics", ["--me", f"Alex Rivera <{ME}>"], "Cobalt Freight", 1),
        (
            "apple.ics",
            [
                "--me",
                ME,
                "--company",
                "Quillworks",
                "--role",
                "Technical Writer",
                "--kind",
                "onsite",
            ],
            "Quillworks",
            1,
        ),
    ],
)
def test_each_shape_imports_once_from_any_path(
    tmp_path: Path, name: str, args: list[str], company: str, people: int
) -> None:
    db = str(tmp_path / "db.sqlite")
    first = runner.invoke(app, ["import", str(INVITES / name), "--db", db, *args])
    assert first.exit_code == 0, first.output
    copy = tmp_path / "elsewhere" / "copy.ics"
    copy.parent.mkdir()
    copy.write_bytes((INVITES / name).read_bytes())
    again = runner.invoke(app, ["import", str(copy), "--db", db, "--me", f"Alex Rivera <{ME}>"])
    assert again.exit_code == 0, again.output  # what was given the first time is remembered
    assert again.stdout.startswith("Updated interview 1")
    store = open_store(db)
    (row,) = store.interviews()
    assert row.company == company
    assert len(store.situation(1).interviewers) == people
