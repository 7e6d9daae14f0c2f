"""Business days, holidays, send windows and postal estimates, in the recipient's zone."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from afterview.timing import (
    BusinessCalendar,
    business_days_between,
    follow_up_window,
    holiday_name,
    postal_estimate,
    status_check_day,
    thank_you_window,
)

NY = ZoneInfo("America/New_York")
US = BusinessCalendar(NY, "US")
PLAIN = BusinessCalendar(NY, None)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def ty(ended: str, cal: BusinessCalendar = US, urgent: bool = False) -> tuple[str, str]:
    w = thank_you_window(
        at(ended),
        cal,
        min_delay=timedelta(minutes=90),
        deadline=timedelta(hours=24),
        morning_grace=timedelta(hours=4),  # the pack's whole business morning
        urgent=urgent,
    )
    return w.start.isoformat(), w.end.isoformat()


def test_holidays_come_from_the_region() -> None:
    assert holiday_name("US", date(2026, 11, 26)) == "Thanksgiving Day"
    assert holiday_name("US", date(2026, 11, 27)) is None
    assert holiday_name(None, date(2026, 12, 25)) is None
    assert not US.is_business_day(date(2026, 12, 25))
    assert PLAIN.is_business_day(date(2026, 12, 25))
    assert not US.is_business_day(date(2026, 11, 28))  # a Saturday


def test_business_day_arithmetic() -> None:
    assert US.next_business_day(date(2026, 11, 25)) == date(2026, 11, 27)  # skips Thanksgiving
    assert US.add_business_days(date(2026, 12, 4), 1) == date(2026, 12, 7)  # Fri -> Mon
    assert US.add_business_days(date(2026, 12, 5), 0) == date(2026, 12, 7)  # Sat -> Mon
    assert US.add_business_days(date(2026, 12, 1), 5) == date(2026, 12, 8)
    assert business_days_between(date(2026, 12, 4), date(2026, 12, 8), US) == 2


def test_next_business_moment() -> None:
    assert US.next_business_moment(at("2026-12-01T06:00:00-05:00")).hour == 8
    assert US.next_business_moment(at("2026-12-01T12:34:00-05:00")) == at(
        "2026-12-01T12:34:00-05:00"
    )
    assert US.next_business_moment(at("2026-12-04T19:00:00-05:00")) == at(
        "2026-12-07T08:00:00-05:00"
    )
    # A moment given in another zone is read in the calendar's zone.
    assert US.next_business_moment(at("2026-12-01T13:00:00+00:00")) == at(
        "2026-12-01T08:00:00-05:00"
    )


@pytest.mark.parametrize(
    ("ended", "window"),
    [
        # Morning interview: from the early afternoon, until the same time tomorrow.
        ("2026-12-01T11:30:00-05:00", ("2026-12-01T13:00:00-05:00", "2026-12-02T11:30:00-05:00")),
        # Late afternoon: first thing the next morning, not at 18:30.
        ("2026-12-01T17:00:00-05:00", ("2026-12-02T08:00:00-05:00", "2026-12-02T17:00:00-05:00")),
        # Friday morning: the same afternoon; the Saturday deadline extends to Monday noon.
        ("2026-12-04T11:00:00-05:00", ("2026-12-04T12:30:00-05:00", "2026-12-07T12:00:00-05:00")),
        # Friday late afternoon: the whole Monday morning.
        ("2026-12-04T16:45:00-05:00", ("2026-12-07T08:00:00-05:00", "2026-12-07T12:00:00-05:00")),
        # The eve of Thanksgiving: the deadline on the holiday extends to Friday noon.
        ("2026-11-25T11:00:00-05:00", ("2026-11-25T12:30:00-05:00", "2026-11-27T12:00:00-05:00")),
    ],
)
def test_thank_you_window(ended: str, window: tuple[str, str]) -> None:
    assert ty(ended) == window


def test_thank_you_window_urgent_ignores_business_hours() -> None:
    assert ty("2026-12-04T16:45:00-05:00", urgent=True) == (
        "2026-12-04T18:15:00-05:00",
        "2026-12-05T16:45:00-05:00",
    )


def test_thank_you_window_is_in_the_recipients_zone() -> None:
    london = BusinessCalendar(ZoneInfo("Europe/London"), "GB")
    # Ended 11:00 in New York = 16:00 in London: 17:30 London is still business hours.
    start, end = ty("2026-12-01T11:00:00-05:00", london)
    assert start == "2026-12-01T17:30:00+00:00"
    assert end == "2026-12-02T16:00:00+00:00"


def test_status_check_day() -> None:
    ended = at("2026-12-01T11:00:00-05:00")
    kwargs = {"buffer_business_days": 2, "default_business_days": 5}
    assert status_check_day(ended, date(2026, 12, 11), US, **kwargs) == date(2026, 12, 15)
    assert status_check_day(ended, None, US, **kwargs) == date(2026, 12, 8)
    assert status_check_day(ended, date(2026, 12, 24), US, **kwargs) == date(2026, 12, 29)


def test_follow_up_window_moves_when_past() -> None:
    w = follow_up_window(
        date(2026, 12, 8), US, span_business_days=5, now=at("2026-12-01T10:00:00-05:00")
    )
    assert (w.start, w.end) == (at("2026-12-08T09:00:00-05:00"), at("2026-12-15T18:00:00-05:00"))
    late = follow_up_window(
        date(2026, 12, 8), US, span_business_days=5, now=at("2026-12-21T19:00:00-05:00")
    )
    assert late.start == at("2026-12-22T08:00:00-05:00")
    assert late.start < late.end


def test_follow_up_window_respects_not_before() -> None:
    w = follow_up_window(
        date(2026, 12, 2),
        US,
        span_business_days=2,
        not_before=at("2026-12-02T15:00:00-05:00"),
    )
    assert w.start == at("2026-12-02T15:00:00-05:00")
    assert w.end == at("2026-12-04T18:00:00-05:00")


def test_postal_estimate() -> None:
    kwargs = {"same_day_cutoff": time(15), "min_delivery_days": 2, "max_delivery_days": 5}
    morning = postal_estimate(at("2026-12-01T11:00:00-05:00"), US, **kwargs)
    assert morning.mail_by == date(2026, 12, 1)
    assert (morning.earliest, morning.latest) == (date(2026, 12, 3), date(2026, 12, 8))
    friday_evening = postal_estimate(at("2026-12-04T17:00:00-05:00"), US, **kwargs)
    assert friday_evening.mail_by == date(2026, 12, 7)
    holiday = postal_estimate(at("2026-12-24T10:00:00-05:00"), US, **kwargs)
    assert holiday.latest == date(2027, 1, 4)  # Christmas and New Year's Day do not count


def test_a_day_worked_is_a_business_day_for_every_calculation() -> None:
    # An interview on Thanksgiving morning: that afternoon is in business hours, and the
    # next-day deadline stays a plain 24 hours.
    worked = US.working(at("2026-11-26T10:00:00-05:00"))
    assert worked.in_business_hours(at("2026-11-26T14:00:00-05:00"))
    assert not US.in_business_hours(at("2026-11-26T14:00:00-05:00"))
    assert ty("2026-11-26T11:00:00-05:00", worked) == (
        "2026-11-26T12:30:00-05:00",
        "2026-11-27T11:00:00-05:00",
    )
    # A day is worked in the calendar's own zone: 01:00 UTC on the 27th is the 26th in New York.
    assert US.working(at("2026-11-27T01:00:00+00:00")).worked == {date(2026, 11, 26)}


def test_subdivision_calendars() -> None:
    london = ZoneInfo("Europe/London")
    england, scotland = BusinessCalendar(london, "GB-ENG"), BusinessCalendar(london, "GB-SCT")
    assert not england.is_business_day(date(2026, 8, 31))
    assert scotland.is_business_day(date(2026, 8, 31))
    assert not scotland.is_business_day(date(2026, 8, 3))
    assert england.next_business_day(date(2026, 8, 28)) == date(2026, 9, 1)
    assert holiday_name("GB-ENG", date(2026, 12, 25)) == "Christmas Day"
