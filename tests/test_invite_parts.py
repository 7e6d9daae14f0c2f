"""The parts of invite reading: summaries, people and rooms, time zones, re-imports."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar, Event, vCalAddress

from afterview.errors import InputError
from afterview.invite import situation_from_invite
from afterview.invite.people import is_resource, name_from_address, person_name
from afterview.invite.summary import parse_summary
from afterview.invite.zones import iana_zone
from afterview.store import open_store

ROOT = Path(__file__).parent.parent
ME = "alex.rivera@example.com"
PEOPLE = ["Alex Rivera", "Priya Nair", "Marcus Chen"]


@pytest.mark.parametrize(
    ("summary", "company", "role", "kind"),
    [
        (
            "Interview: Alex Rivera <> Lumen Health (Product Analyst)",
            "Lumen Health",
            "Product Analyst",
            None,
        ),
        (
            "Lumen Health – Product Analyst – Panel Interview",
            "Lumen Health",
            "Product Analyst",
            "panel",
        ),
        (
            "Phone screen: Product Analyst @ Lumen Health",
            "Lumen Health",
            "Product Analyst",
            "phone_screen",
        ),
        ("Final round | Lumen Health", "Lumen Health", None, "final_round"),
        ("Interview with Priya Nair", None, None, None),
        ("Interview with Priya", None, None, None),
        ("Interview with Lumen Health", "Lumen Health", None, None),
        (
            "Panel interview: Senior Data Analyst at Northwind Health",
            "Northwind Health",
            "Senior Data Analyst",
            "panel",
        ),
        (
            "Northwind Health – Senior Data Analyst interview",
            "Northwind Health",
            "Senior Data Analyst",
            None,
        ),
        (
            "Senior Data Analyst interview with Northwind Health",
            "Northwind Health",
            "Senior Data Analyst",
            None,
        ),
        (
            "Senior Data Analyst at Northwind Health",
            "Northwind Health",
            "Senior Data Analyst",
            None,
        ),
        (
            "Product Analyst Interview between Lumen Health and Alex Rivera",
            "Lumen Health",
            "Product Analyst",
            None,
        ),
        ("[Lumen Health] Onsite - Product Analyst", "Lumen Health", "Product Analyst", "onsite"),
        (
            "Updated invitation: Recruiter call - Lumen Health",
            "Lumen Health",
            None,
            "recruiter_call",
        ),
        ("Interview for Product Analyst at Lumen Health", "Lumen Health", "Product Analyst", None),
        ("Catch-up", None, None, None),
        ("Lunch with Priya", None, None, None),
        ("Alex Rivera and Marcus Chen", None, None, None),
        ("Interview: Priya Nair and Alex Rivera", None, None, None),
        ("Interview: Priya & Alex", None, None, None),
        ("Interview - Ernst & Young - Auditor", "Ernst & Young", "Auditor", None),
        (
            "Lumen Health: Interview with Alex Rivera for Product Analyst",
            "Lumen Health",
            "Product Analyst",
            None,
        ),
        ("Alex Rivera - Product Analyst Interview", None, "Product Analyst", None),
        ("Lumen Health Interview", "Lumen Health", None, None),
    ],
)
def test_summary_shapes(
    summary: str, company: str | None, role: str | None, kind: str | None
) -> None:
    parsed = parse_summary(summary, PEOPLE)
    assert (parsed.company, parsed.role, parsed.kind) == (company, role, kind)


def test_what_the_user_gave_tells_the_other_part_apart() -> None:
    assert parse_summary("Interview: Lumen Health – Growth", PEOPLE).company is None
    parsed = parse_summary("Interview: Lumen Health – Growth", PEOPLE, company="Lumen Health")
    assert parsed.role == "Growth"
    assert parse_summary("Catch-up", PEOPLE, company="Lumen Health").role is None


_word = st.sampled_from(["Lumen", "Health", "Northwind", "Cobalt", "Freight", "Quill", "Labs"])
_title = st.sampled_from(["Product Analyst", "Data Engineer", "UX Designer", "Account Manager"])
_shape = st.sampled_from(
    [
        "Interview: {me} <> {c} ({r})",
        "{c} – {r} – Panel Interview",
        "Phone screen: {r} @ {c}",
        "{r} interview with {c}",
        "{r} at {c}",
        "{c} | {r} | Interview",
    ]
)


@given(_shape, st.lists(_word, min_size=1, max_size=3, unique=True), _title)
def test_any_company_in_any_shape(shape: str, words: list[str], title: str) -> None:
    company = " ".join(words)
    parsed = parse_summary(shape.format(me="Alex Rivera", c=company, r=title), PEOPLE)
    assert (parsed.company, parsed.role) == (company, title)


@pytest.mark.parametrize(
    ("cn", "name"),
    [
        ("Nair, Priya", "Priya Nair"),
        ('"Chen, Marcus"', "Marcus Chen"),
        ("'Priya Nair'", "Priya Nair"),
        ("Osei, Kwame (Finance)", "Kwame Osei"),
        ("Nakamura, Ken, Jr.", "Ken Nakamura Jr."),
        ("Priya Nair, PhD", "Priya Nair, PhD"),
        ("Dr. Priya Nair", "Dr. Priya Nair"),
        ("priya.nair@northwind.example", None),
        ("mailto:priya.nair@northwind.example", None),
        ("", None),
    ],
)
def test_names_from_cns(cn: str, name: str | None) -> None:
    assert person_name(cn) == name


def test_names_from_addresses_only_when_sure() -> None:
    assert name_from_address("priya.nair@x.example") == "Priya Nair"
    assert name_from_address("mary_jo.smith@x.example") == "Mary Jo Smith"
    assert name_from_address("pnair@x.example") is None
    assert name_from_address("recruiting@x.example") is None
    assert name_from_address("p.nair2@x.example") is None


@pytest.mark.parametrize(
    "name",
    [
        "Conf Rm 4B",
        "Boardroom",
        "Room 12",
        "Hudson (12)",
        "NYC-5-Hudson",
        "B42 Floor 3",
        "Zoom Room - Fuji",
        "Training Room A",
        "Lakeside (8 seats)",
    ],
)
def test_rooms_by_name(name: str) -> None:
    assert is_resource(name, "")


@pytest.mark.parametrize(
    "address",
    [
        "c_18f0@resource.calendar.google.com",
        "LDN-ConfRm4B@x.example",
        "boardroom@x.example",
        "room.4b@x.example",
        "team@group.calendar.google.com",
    ],
)
def test_rooms_by_address(address: str) -> None:
    assert is_resource("", address)


@pytest.mark.parametrize(
    ("name", "address"),
    [
        ("Lumen Talent Team", "priya.nair@lumen.example"),
        ("Recruiting", "x.y@lumen.example"),
        ("", "noreply@zoom.us"),
        ("", "talent-team@lumen.example"),
        ("", "recruiting2@lumen.example"),
    ],
)
def test_shared_mailboxes_are_nobody_to_thank(name: str, address: str) -> None:
    assert is_resource(name, address)


@pytest.mark.parametrize(
    ("name", "address"),
    [
        ("Priya Nair", "priya.nair@x.example"),
        ("Ngozi Okonkwo-Booth", "n.ob@x.example"),
        ("Hall, Jessica", "jessica.hall@x.example"),
        ("Wing Chan", "wing.chan@x.example"),
        ("Dr. José Álvarez-Núñez", "jose@x.example"),
        ("Marcus Chen (he/him)", "roomey.m@x.example"),
        ("Tim Hart", "hr.tim@x.example"),
        ("Priya Nair", "jobs.priya@x.example"),
        ("Teresa Jobson", "teresa.jobson@x.example"),
        ("Sam Teamer", "sam.teamer@x.example"),
    ],
)
def test_people_are_not_rooms(name: str, address: str) -> None:
    assert not is_resource(name, address)


@pytest.mark.parametrize(
    ("tzid", "key"),
    [
        ("GMT Standard Time", "Europe/London"),
        ("Eastern Standard Time", "America/New_York"),
        ("W. Europe Standard Time", "Europe/Berlin"),
        ("Tokyo Standard Time", "Asia/Tokyo"),
        ("/mozilla.org/20050126_1/America/New_York", "America/New_York"),
        ("America/Chicago", "America/Chicago"),
    ],
)
def test_zone_names(tzid: str, key: str) -> None:
    zone = iana_zone(tzid)
    assert zone is not None and zone.key == key


def test_unknown_zone_names() -> None:
    assert iana_zone("Somewhere Standard Time") is None
    assert iana_zone("") is None


def _invite(uid: str | None, hour: int = 10, zone: str = "America/New_York") -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//test//afterview//EN")
    cal.add("version", "2.0")
    event = Event()
    if uid:
        event.add("uid", uid)
    event.add("summary", "Lumen Health – Product Analyst – Panel Interview")
    event.add("dtstart", datetime(2026, 11, 24, hour, 0, tzinfo=ZoneInfo(zone)))
    event.add("dtend", datetime(2026, 11, 24, hour + 1, 0, tzinfo=ZoneInfo(zone)))
    organizer = vCalAddress("mailto:priya.nair@lumen.example")
    organizer.params["CN"] = "Nair, Priya"
    event["organizer"] = organizer
    attendee = vCalAddress(f"mailto:{ME}")
    attendee.params["CN"] = "Alex Rivera"
    event.add("attendee", attendee)
    cal.add_component(event)
    return cal.to_ical()


NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)


def test_same_interview_without_uid_or_with_another_uid_is_recognised(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "db.sqlite"))
    assert store.import_invite_raw(_invite("a@x"), "a.ics", NOW, me=ME) == (1, True)
    assert store.import_invite_raw(_invite("b@y"), "b.ics", NOW, me=ME) == (1, False)
    assert store.import_invite_raw(_invite(None), "c.ics", NOW, me=ME) == (1, False)
    assert store.import_invite_raw(_invite(None, hour=14), "d.ics", NOW, me=ME) == (2, True)
    assert len(store.interviews()) == 2


def test_rescheduled_invite_keeps_what_you_added(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "db.sqlite"))
    interview_id, _ = store.import_invite_raw(_invite("a@x"), "a.ics", NOW, me=ME)
    data = store.source_data(interview_id)
    data["interview"]["notes"] = ["Talked about the churn dashboard"]
    data["interviewers"][0]["title"] = "Head of Analytics"
    store.replace_data(interview_id, data, NOW)
    store.import_invite_raw(_invite("a@x", hour=15), "a.ics", NOW, me=ME)
    situation = store.situation(interview_id)
    assert situation.interview.notes == ("Talked about the churn dashboard",)
    assert situation.interviewers[0].title == "Head of Analytics"
    assert situation.interview.started_at == datetime(2026, 11, 24, 20, tzinfo=UTC)


def test_situation_file_from_another_path_updates(tmp_path: Path) -> None:
    example = ROOT / "examples" / "panel-interview.toml"
    copy = tmp_path / "moved.toml"
    shutil.copy(example, copy)
    store = open_store(str(tmp_path / "db.sqlite"))
    assert store.import_situation(example, NOW) == (1, True)
    assert store.import_situation(copy, NOW) == (1, False)
    assert len(store.interviews()) == 1


def _raw(start: str, calendar: str = "") -> bytes:
    return (
        f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n{calendar}BEGIN:VEVENT\r\nUID:u1\r\n"
        f"{start}\r\nSUMMARY:Phone screen: Data Engineer @ Cobalt Freight\r\n"
        "ORGANIZER;CN=Wen Li:mailto:wen.li@cobalt.example\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()


@pytest.mark.parametrize(
    ("start", "calendar", "message"),
    [
        ("DTSTART;VALUE=DATE:20261124", "", "got an all-day event"),
        ("DTSTART:20261124T100000", "", "this one is floating and the calendar names no zone"),
        ("DTSTART;TZID=Somewhere Odd:20261124T100000", "", "got 'Somewhere Odd'"),
        ("DTSTART:20261124T100000", "X-WR-TIMEZONE:Mars/Olympus\r\n", "got 'Mars/Olympus'"),
    ],
)
def test_times_without_a_zone_are_one_line(start: str, calendar: str, message: str) -> None:
    with pytest.raises(InputError, match=r"^t\.ics: DTSTART: ") as caught:
        situation_from_invite(_raw(start, calendar), "t.ics", me=f"Alex Rivera <{ME}>")
    assert message in str(caught.value)


@pytest.mark.parametrize(
    ("start", "calendar", "when", "zone"),
    [
        (
            "DTSTART:20261124T100000",
            "X-WR-TIMEZONE:Europe/Paris\r\n",
            "2026-11-24T10:00:00+01:00",
            "Europe/Paris",
        ),
        (
            "DTSTART:20261124T150000Z",
            "X-WR-TIMEZONE:Europe/Paris\r\n",
            "2026-11-24T16:00:00+01:00",
            "Europe/Paris",
        ),
        (
            "DTSTART;TZID=Pacific Standard Time:20261124T100000",
            "",
            "2026-11-24T10:00:00-08:00",
            "America/Los_Angeles",
        ),
        ("DTSTART:20261124T150000Z", "", "2026-11-24T15:00:00+00:00", None),  # UTC is nobody's zone
    ],
)
def test_times_in_their_zone(start: str, calendar: str, when: str, zone: str | None) -> None:
    data, _ = situation_from_invite(_raw(start, calendar), "t.ics", me=f"Alex Rivera <{ME}>")
    assert data["interview"]["started_at"] == when
    assert data["candidate"].get("timezone") == zone


@pytest.mark.parametrize("me", ["nobody", "", "<>"])
def test_me_must_be_an_address(me: str) -> None:
    with pytest.raises(InputError, match=r"^--me: expected your address"):
        situation_from_invite(_raw("DTSTART:20261124T150000Z"), "t.ics", me=me)


_FIRST = st.sampled_from(["Priya", "Marcus", "Sofia", "Kwame", "Siobhán", "José", "Wen", "Ngozi"])
_LAST = st.sampled_from(["Nair", "Chen", "Okafor", "Osei", "O'Brien", "Álvarez", "Li", "Adeyemi"])
_ROOMS = st.sampled_from(
    [
        ("Conf Rm 4B (12)", "conf-rm-4b@lumen.example", None),
        ("Boardroom", "boardroom@lumen.example", None),
        ("NYC-5-Hudson (8)", "c_9a1@resource.calendar.google.com", "RESOURCE"),
        ("Quiet Room", "x1@lumen.example", "ROOM"),
    ]
)


def _people_invite(
    people: list[tuple[str, str]], rooms: list[tuple[str, str, str | None]]
) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//test//afterview//EN")
    cal.add("version", "2.0")
    event = Event()
    event.add("uid", "prop@x")
    event.add("summary", "Lumen Health – Product Analyst – Panel Interview")
    event.add("dtstart", datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("America/New_York")))
    entries = [(cn, f"mailto:{addr}", None) for cn, addr in people]
    entries += [(cn, f"mailto:{addr}", cutype) for cn, addr, cutype in rooms]
    entries.append(("Alex Rivera", f"mailto:{ME}", None))
    for cn, addr, cutype in entries:
        attendee = vCalAddress(addr)
        attendee.params["CN"] = cn
        if cutype:
            attendee.params["CUTYPE"] = cutype
        event.add("attendee", attendee)
    cal.add_component(event)
    return cal.to_ical()


@given(
    st.lists(st.tuples(_FIRST, _LAST), min_size=1, max_size=4, unique=True),
    st.lists(_ROOMS, max_size=3),
    st.randoms(use_true_random=False),
    st.booleans(),
)
def test_rooms_order_and_name_order_change_nothing(
    names: list[tuple[str, str]], rooms: list, rng: object, reversed_names: bool
) -> None:
    """Adding rooms, shuffling the attendees, writing names "Last, First": the same people."""
    addresses = [f"p{i}@lumen.example" for i in range(len(names))]
    plain = [(f"{f} {last}", a) for (f, last), a in zip(names, addresses, strict=True)]
    expected = [{"name": n, "email": a} for n, a in plain]
    base, _ = situation_from_invite(_people_invite(plain, []), "a.ics", me=ME)
    assert base["interviewers"] == expected
    written = [
        (f"{last}, {f}" if reversed_names else f"{f} {last}", a)
        for (f, last), a in zip(names, addresses, strict=True)
    ]
    shuffled = list(written)
    rng.shuffle(shuffled)  # type: ignore[attr-defined]
    changed, _ = situation_from_invite(_people_invite(shuffled, rooms), "b.ics", me=ME)
    key = sorted(changed["interviewers"], key=lambda p: p["email"])
    assert key == sorted(expected, key=lambda p: p["email"])
    assert (
        changed["application"] == base["application"] and changed["interview"] == base["interview"]
    )


def test_an_invite_for_an_interview_already_recorded_from_a_file(tmp_path: Path) -> None:
    """The invite of an interview imported from a situation file updates it and keeps what
    the file says beyond the invite (notes, titles, the third panellist)."""
    store = open_store(str(tmp_path / "db.sqlite"))
    store.import_situation(ROOT / "examples" / "panel-interview.toml", NOW)
    before = store.situation(1)
    raw = _people_invite([("Nair, Priya", "priya.nair@northwind.example")], [])
    raw = raw.replace(
        b"Lumen Health \xe2\x80\x93 Product Analyst", b"Northwind Health - Senior Data Analyst"
    )
    assert store.import_invite_raw(raw, "invite.ics", NOW, me=ME) == (1, False)
    after = store.situation(1)
    assert len(store.interviews()) == 1
    assert after.interview.notes == before.interview.notes
    assert [p.name for p in after.interviewers] == [p.name for p in before.interviewers]
    assert after.interviewers[0].title == before.interviewers[0].title
    assert after.interview.kind == "panel"


def _invite_at(start: datetime) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//afterview tests//EN")
    cal.add("version", "2.0")
    event = Event()
    event.add("uid", f"zone-test-{start.isoformat()}@example.org")
    event.add("summary", "Interview with Ada Obi")
    event.add("dtstart", start)
    organizer = vCalAddress("mailto:ada.obi@tidewater.example")
    organizer.params["cn"] = "Ada Obi"
    event.add("organizer", organizer)
    me = vCalAddress("mailto:sam.k@example.com")
    me.params["cn"] = "Sam Kowalczyk"
    event.add("attendee", me)
    cal.add_component(event)
    return bytes(cal.to_ical())


@pytest.mark.parametrize(
    ("start", "yours", "recorded"),
    [
        # times in UTC (as many calendars export them): your own zone is recorded
        (datetime(2026, 12, 3, 16, 0, tzinfo=UTC), "Europe/Berlin", "Europe/Berlin"),
        (datetime(2026, 12, 3, 16, 0, tzinfo=UTC), None, None),
        # a named zone: that one, whatever yours is
        (datetime(2026, 12, 3, 10, 0, tzinfo=ZoneInfo("America/Chicago")), "Europe/Berlin",
         "America/Chicago"),
    ],
)  # fmt: skip
def test_your_zone_is_recorded_when_the_invite_names_none(
    start: datetime, yours: str | None, recorded: str | None
) -> None:
    data, _ = situation_from_invite(
        _invite_at(start),
        "invite.ics",
        me="sam.k@example.com",
        company="Tidewater Labs",
        role="Data Engineer",
        kind="video",
        timezone=yours,
    )
    assert data["candidate"].get("timezone") == recorded


@pytest.mark.parametrize(
    ("summary", "role"),
    [
        ("Technical interview – Data Platform team", None),  # who you meet, not the job
        ("Interview - Risk department", None),
        ("Onsite interview – Payments squad", None),
        ("Technical interview – Data Platform Engineer", "Data Platform Engineer"),
        ("Interview – Team Lead", "Team Lead"),  # "Team" first: a title
    ],
)
def test_a_group_of_people_is_not_a_job_title(summary: str, role: str | None) -> None:
    assert parse_summary(summary, [], company="Kestrel Pay").role == role


@pytest.mark.parametrize(
    ("summary", "role"),
    [  # a title's head noun followed by what kind of post it is (a trial found "Co-op")
        ("Video interview – Logistics Analyst Co-op (Priya Nair)", "Logistics Analyst Co-op"),
        ("Interview: Data Scientist Intern – Lumen Health", "Data Scientist Intern"),
        ("Software Engineer II @ Lumen Health", "Software Engineer II"),
        ("Lumen Health - UX Designer (Contract)", "UX Designer"),
    ],
)
def test_a_title_with_a_qualifier_is_the_role_never_the_company(summary: str, role: str) -> None:
    parsed = parse_summary(summary, PEOPLE)
    assert parsed.role == role
    assert parsed.company != role


@pytest.mark.parametrize(
    "description",
    [
        "Hi Alex, this confirms your interview with Kestrel Maritime Logistics.",
        "Thanks for making time: we look forward to speaking with you.",
        "Please join us for your video interview.",
    ],
)
def test_a_sentence_in_the_description_never_becomes_the_role(description: str) -> None:
    from afterview.invite import _company_and_role

    _, role, _ = _company_and_role(
        "Video interview – Kestrel Maritime Logistics", description, ["Alex Rivera"], None, None
    )
    assert role is None, role
