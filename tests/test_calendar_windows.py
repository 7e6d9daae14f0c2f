"""Send windows on real calendars: weekends, subdivision holidays, the interview's own day,
a missing time zone and an interview still to come; the advice and the checker agree."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from afterview.advice import advise, load_pack
from afterview.checks import Checker, parse_text
from afterview.checks.rules.timing import LATE, TOO_SOON
from afterview.record import Situation
from afterview.regions import known_regions
from afterview.timing import BusinessCalendar, thank_you_window

from helpers import situation

DRAFT = (
    "Subject: Thank you\n\nDear Dr. Nair,\n\nThank you for talking with me about the claims "
    "dashboard and the move to dbt. I would be glad to help with it.\n\nBest regards,\n"
    "Alex Rivera\n"
)
STATUS = (
    "Subject: Following up\n\nDear Dr. Nair,\n\nI am writing to ask whether there is any "
    "update on the Senior Data Analyst role.\n\nBest regards,\nAlex Rivera\n"
)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def interview(start: str, end: str, zone: str, region: str, **more: Any) -> dict[str, Any]:
    """A patch: an interview from ``start`` to ``end`` (local times) in ``zone`` and ``region``,
    advice asked at the end unless ``now`` is given."""
    patch = {
        "candidate.timezone": zone,
        "application.region": region,
        "interview.started_at": start,
        "interview.ended_at": end,
        "now": end,
    }
    patch.update(more)
    return patch


def timing_findings(record: Situation, kind: str, when: datetime) -> set[str]:
    text = STATUS if kind == "status_check" else DRAFT
    found = Checker(record, kind, when, rules=[LATE, TOO_SOON]).check(parse_text(text, "d"))
    return {f.rule for f in found}


def thank_you(record: Situation) -> tuple[datetime, datetime]:
    (action,) = [a for a in advise(record).actions if a.kind == "thank_you"]
    return action.not_before, action.not_after


# ------------------------------------------------------------------ subdivision holidays

WINDOWS = [
    # England's late summer bank holiday (Mon 31 Aug 2026): a Friday-evening interview's
    # window opens on Tuesday and gives the whole morning. In Scotland Monday is a working day.
    (
        ("2026-08-28T16:00:00+01:00", "2026-08-28T17:00:00+01:00", "Europe/London", "GB-ENG"),
        ("2026-09-01T08:00:00+01:00", "2026-09-01T12:00:00+01:00"),
    ),
    (
        ("2026-08-28T16:00:00+01:00", "2026-08-28T17:00:00+01:00", "Europe/London", "GB-SCT"),
        ("2026-08-31T08:00:00+01:00", "2026-08-31T12:00:00+01:00"),
    ),
    # NSW Labour Day (Mon 5 Oct 2026); Queensland has the King's Birthday the same day, and
    # Victoria works.
    (
        ("2026-10-02T15:30:00+10:00", "2026-10-02T16:45:00+10:00", "Australia/Sydney", "AU-NSW"),
        ("2026-10-06T08:00:00+11:00", "2026-10-06T12:00:00+11:00"),
    ),
    (
        (
            "2026-10-02T15:30:00+10:00",
            "2026-10-02T16:45:00+10:00",
            "Australia/Melbourne",
            "AU-VIC",
        ),
        ("2026-10-05T08:00:00+11:00", "2026-10-05T12:00:00+11:00"),
    ),
    # Ontario's Thanksgiving (Mon 12 Oct 2026), which Canada as a whole does not list.
    (
        ("2026-10-09T15:00:00-04:00", "2026-10-09T17:00:00-04:00", "America/Toronto", "CA-ON"),
        ("2026-10-13T08:00:00-04:00", "2026-10-13T12:00:00-04:00"),
    ),
    (
        ("2026-10-09T15:00:00-04:00", "2026-10-09T17:00:00-04:00", "America/Toronto", "CA"),
        ("2026-10-12T08:00:00-04:00", "2026-10-12T12:00:00-04:00"),
    ),
    # California keeps the day after Thanksgiving: the eve's late interview waits for Monday.
    (
        (
            "2026-11-25T15:30:00-08:00",
            "2026-11-25T16:45:00-08:00",
            "America/Los_Angeles",
            "US-CA",
        ),
        ("2026-11-30T08:00:00-08:00", "2026-11-30T12:00:00-08:00"),
    ),
    (
        ("2026-11-25T15:30:00-08:00", "2026-11-25T16:45:00-08:00", "America/Los_Angeles", "US"),
        ("2026-11-27T08:00:00-08:00", "2026-11-27T12:00:00-08:00"),
    ),
]


@pytest.mark.parametrize(("where", "window"), WINDOWS, ids=lambda v: str(v[-1]))
def test_subdivision_holidays_move_the_window(
    where: tuple[str, str, str, str], window: tuple[str, str]
) -> None:
    record = situation(interview(*where))
    assert thank_you(record) == (at(window[0]), at(window[1]))


# ------------------------------------------------------------------ weekends and mornings

FRIDAY = interview(
    "2026-12-04T16:00:00-05:00", "2026-12-04T17:00:00-05:00", "America/New_York", "US"
)


def test_a_friday_afternoon_interview_gets_the_whole_monday_morning() -> None:
    start, end = thank_you(situation(FRIDAY))
    assert (start, end) == (at("2026-12-07T08:00:00-05:00"), at("2026-12-07T12:00:00-05:00"))


@pytest.mark.parametrize(
    "when",
    [
        "2026-12-05T11:00:00-05:00",  # Saturday, 18 hours on: written at the weekend
        "2026-12-06T20:00:00-05:00",  # Sunday evening
        "2026-12-07T08:00:00-05:00",  # the window's opening
        "2026-12-07T10:30:00-05:00",  # mid-morning
        "2026-12-07T12:00:00-05:00",  # its close
    ],
)
def test_a_weekend_or_monday_morning_thank_you_is_neither_too_soon_nor_late(when: str) -> None:
    assert timing_findings(situation(FRIDAY), "thank_you", at(when)) == set()


@pytest.mark.parametrize(
    ("when", "rule"),
    [
        ("2026-12-04T17:30:00-05:00", "too-soon"),  # half an hour after leaving
        ("2026-12-07T12:30:00-05:00", "late"),  # after Monday morning
        ("2026-12-08T10:30:00-05:00", "late"),
    ],
)
def test_outside_the_window_the_checker_still_speaks(when: str, rule: str) -> None:
    assert rule in timing_findings(situation(FRIDAY), "thank_you", at(when))


def test_tuesday_mid_morning_after_a_bank_holiday_is_on_time() -> None:
    record = situation(
        interview(
            "2026-08-28T15:00:00+01:00", "2026-08-28T17:00:00+01:00", "Europe/London", "GB-ENG"
        )
    )
    assert timing_findings(record, "thank_you", at("2026-09-01T10:30:00+01:00")) == set()
    assert timing_findings(record, "thank_you", at("2026-08-29T11:00:00+01:00")) == set()
    assert "late" in timing_findings(record, "thank_you", at("2026-09-01T13:00:00+01:00"))


def test_a_friday_morning_interview_is_thanked_the_same_day() -> None:
    record = situation(
        interview(
            "2026-12-04T09:00:00-05:00", "2026-12-04T10:00:00-05:00", "America/New_York", "US"
        )
    )
    start, end = thank_you(record)
    assert start == at("2026-12-04T11:30:00-05:00")
    assert end == at("2026-12-07T12:00:00-05:00")


# ------------------------------------------------------------------ the interview's own day


def test_an_interview_on_a_public_holiday_makes_that_day_a_working_day() -> None:
    # Thanksgiving (Thu 26 Nov 2026): the employer worked, so the same afternoon counts.
    record = situation(
        interview(
            "2026-11-26T10:00:00-05:00", "2026-11-26T11:00:00-05:00", "America/New_York", "US"
        )
    )
    start, end = thank_you(record)
    assert start == at("2026-11-26T12:30:00-05:00")
    assert end == at("2026-11-27T11:00:00-05:00")
    # Without an interview that day, Thanksgiving is still a holiday.
    tuesday = situation(
        interview(
            "2026-11-25T16:00:00-05:00", "2026-11-25T17:00:00-05:00", "America/New_York", "US"
        )
    )
    assert thank_you(tuesday)[0] == at("2026-11-27T08:00:00-05:00")


def test_an_interview_on_a_subdivision_holiday_is_a_working_day_too() -> None:
    record = situation(
        interview(
            "2026-08-31T13:00:00+01:00", "2026-08-31T14:00:00+01:00", "Europe/London", "GB-ENG"
        )
    )
    assert thank_you(record)[0] == at("2026-08-31T15:30:00+01:00")


def test_a_calendar_counts_worked_days() -> None:
    cal = BusinessCalendar(ZoneInfo("America/New_York"), "US")
    assert not cal.is_business_day(date(2026, 11, 26))
    worked = cal.working(at("2026-11-26T10:00:00-05:00"))
    assert worked.is_business_day(date(2026, 11, 26))
    assert worked.is_business_day(date(2026, 11, 25))
    assert not worked.is_business_day(date(2026, 11, 28))  # the Saturday after
    assert cal.working() is cal


# ------------------------------------------------------------------ no candidate time zone


def test_no_zone_uses_the_interviewers_and_says_so() -> None:
    record = situation(
        {
            "candidate.timezone": None,
            "interviewers.0.timezone": "America/Chicago",
            "interview.started_at": "2026-12-01T10:00:00-06:00",
            "interview.ended_at": "2026-12-01T16:45:00-06:00",
            "now": "2026-12-01T16:45:00-06:00",
        }
    )
    advice = advise(record)
    reason = next(r for r in advice.reasons if r.rule == "time-zone-assumed")
    assert "America/Chicago (the interviewers' time zone)" in reason.text
    assert thank_you(record) == (at("2026-12-02T08:00:00-06:00"), at("2026-12-02T16:45:00-06:00"))


@pytest.mark.parametrize(
    ("region", "offset", "opens"),
    [
        ("CA-ON", "-05:00", "2026-12-02T08:00:00-05:00"),
        ("US-CA", "-08:00", "2026-12-02T08:00:00-08:00"),
        ("US", "-08:00", "2026-12-02T08:00:00-08:00"),
        ("GB-ENG", "+00:00", "2026-12-02T08:00:00+00:00"),
        (None, "-05:00", "2026-12-02T08:00:00-05:00"),  # no region: the interview's offset
        (None, "+01:00", "2026-12-02T08:00:00+01:00"),
    ],
)
def test_no_zone_uses_the_regions_never_a_midnight_window(
    region: str | None, offset: str, opens: str
) -> None:
    patch: dict[str, Any] = {
        "candidate.timezone": None,
        "application.region": region,
        "interview.started_at": f"2026-12-01T16:00:00{offset}",
        "interview.ended_at": f"2026-12-01T17:00:00{offset}",
        "now": f"2026-12-01T17:00:00{offset}",
    }
    record = situation(patch)
    start, end = thank_you(record)
    assert start == at(opens)
    assert 8 <= start.hour < 18
    assert 8 <= end.hour <= 18
    advice = advise(record)
    assert advice.fired("time-zone-assumed")
    if region:
        assert region in next(r.text for r in advice.reasons if r.rule == "time-zone-assumed")


def test_a_recorded_zone_is_not_second_guessed() -> None:
    assert not advise(situation()).fired("time-zone-assumed")


# ------------------------------------------------------------------ an interview still to come


@pytest.mark.parametrize("decision", [None, "2026-12-08", "2026-12-09"])
def test_a_future_interview_plans_nothing_before_it_ends(decision: str | None) -> None:
    patch: dict[str, Any] = {
        "interview.started_at": "2026-12-08T10:00:00-05:00",
        "interview.ended_at": "2026-12-08T11:00:00-05:00",
        "now": "2026-12-01T09:00:00-05:00",
    }
    if decision:
        patch["interview.decision_expected_by"] = decision
    advice = advise(situation(patch))
    end = at("2026-12-08T11:00:00-05:00")
    assert advice.actions
    for action in advice.actions:
        assert action.not_before >= end + timedelta(minutes=90), action
    assert advice.verdict == "wait"
    status = [a for a in advice.actions if a.kind == "status_check"]
    assert all(a.not_before.date() > end.date() for a in status)


# ------------------------------------------------------------------ properties

REGIONS = ["US", "US-CA", "GB", "GB-ENG", "GB-SCT", "AU-NSW", "CA-ON", "DE-BY", "IN-MH", None]
ZONES = [
    "America/New_York",
    "America/Los_Angeles",
    "Europe/London",
    "Australia/Sydney",
    "Asia/Kolkata",
    "America/St_Johns",
]


def business_hours(cal: BusinessCalendar, start: datetime, end: datetime) -> float:
    """Hours of ``start``..``end`` that fall on business days within business hours."""
    total = 0.0
    day = cal.local(start).date()
    while day <= cal.local(end).date():
        if cal.is_business_day(day):
            lo = max(cal.at(day, cal.day_start), start)
            hi = min(cal.at(day, cal.day_end), end)
            total += max(0.0, (hi - lo).total_seconds() / 3600)
        day += timedelta(days=1)
    return total


moments = st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31)).map(
    lambda d: d.replace(second=0, microsecond=0)
)


ALL_REGIONS = [None, *sorted(known_regions())]


@settings(max_examples=300, deadline=None)
@given(moments, st.sampled_from(ALL_REGIONS), st.sampled_from(ZONES))
def test_a_thank_you_window_has_a_business_morning_at_least(
    ended: datetime, region: str | None, zone: str
) -> None:
    values = load_pack().settings
    cal = BusinessCalendar(ZoneInfo(zone), region)
    end = ended.replace(tzinfo=ZoneInfo(zone))
    window = thank_you_window(
        end,
        cal.working(end),
        min_delay=timedelta(minutes=values["thank_you_min_delay_minutes"]),
        deadline=timedelta(hours=values["thank_you_deadline_hours"]),
        morning_grace=timedelta(hours=values["morning_grace_hours"]),
    )
    assert business_hours(cal.working(end), window.start, window.end) >= 4


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    moments,
    st.integers(30, 240),
    st.sampled_from(REGIONS),
    st.sampled_from([*ZONES, None]),
    st.sampled_from([None, 0, 3, 10]),
    st.booleans(),
)
def test_a_draft_inside_the_advised_window_is_never_late_or_too_soon(
    started: datetime,
    minutes: int,
    region: str | None,
    zone: str | None,
    decision: int | None,
    material: bool,
) -> None:
    start = started.replace(tzinfo=ZoneInfo(zone or "America/Chicago"))
    end = start + timedelta(minutes=minutes)
    patch: dict[str, Any] = {
        "candidate.timezone": zone,
        "application.region": region,
        "interview.started_at": start.isoformat(),
        "interview.ended_at": end.isoformat(),
        "now": end.isoformat(),
    }
    if decision is not None:
        patch["interview.decision_expected_by"] = (
            end.date() + timedelta(days=decision)
        ).isoformat()
    if material:
        patch["interview.to_add"] = [{"kind": "work_sample", "text": "A case study"}]
    record = situation(patch)
    for action in advise(record).actions:
        if action.channel != "email":
            continue
        span = action.not_after - action.not_before
        for when in (action.not_before, action.not_before + span / 2, action.not_after):
            assert timing_findings(record, action.kind, when) == set(), (action, when)
