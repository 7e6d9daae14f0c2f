"""Pure timing functions: business days, public holidays, send windows and postal estimates.

Nothing here reads the clock or the disk (holiday tables come from the ``holidays`` package);
every function takes the moments it reasons about, so the same input always gives the same
window. Windows are computed in the recipient's time zone.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from afterview.holidays_cache import holidays_of
from afterview.regions import COUNTRIES as REGIONS


@lru_cache(maxsize=64)
def zone(key: str) -> ZoneInfo:
    """Return the IANA time zone ``key``; raise ValueError with a helpful message if unknown."""
    try:
        return ZoneInfo(key)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"expected an IANA time zone such as America/New_York or Europe/London, got {key!r}"
        ) from None


def supported_regions() -> frozenset[str]:
    """Return the ISO 3166-1 country codes whose public holidays afterview knows (for their
    ISO 3166-2 subdivisions, see :func:`afterview.regions.canonical_region`)."""
    return REGIONS


def holiday_name(region: str | None, day: date) -> str | None:
    """Return the public holiday on ``day`` in ``region`` (a country or a subdivision), or None."""
    if not region:
        return None
    return holidays_of(region, day.year).get(day)


@dataclass(frozen=True)
class Window:
    """A send window: not before ``start``, not after ``end`` (both aware, recipient's zone)."""

    start: datetime
    end: datetime

    def is_open(self, at: datetime) -> bool:
        """True when ``at`` falls inside the window."""
        return self.start <= at <= self.end


@dataclass(frozen=True)
class BusinessCalendar:
    """Business days and hours in one time zone, with one region's public holidays.

    ``worked`` are days the employer is known to have worked (the interview's): business days
    whatever the weekday or the holiday tables say."""

    tz: ZoneInfo
    region: str | None = None
    day_start: time = time(8)
    day_end: time = time(18)
    worked: frozenset[date] = frozenset()

    def is_business_day(self, day: date) -> bool:
        """Monday to Friday, and not a public holiday in the region; or a day worked."""
        if day in self.worked:
            return True
        return day.weekday() < 5 and (
            self.region is None or day not in holidays_of(self.region, day.year)
        )

    def working(self, *moments: datetime) -> BusinessCalendar:
        """This calendar with the local days of ``moments`` as days worked."""
        days = frozenset(self.local(m).date() for m in moments)
        return self if days <= self.worked else replace(self, worked=self.worked | days)

    def local(self, moment: datetime) -> datetime:
        """Return ``moment`` in this calendar's zone."""
        return moment.astimezone(self.tz)

    def at(self, day: date, clock: time) -> datetime:
        """Return the aware moment ``clock`` o'clock on ``day`` in this zone."""
        return datetime.combine(day, clock, tzinfo=self.tz)

    def in_business_hours(self, moment: datetime) -> bool:
        """True on a business day between day_start and day_end."""
        local = self.local(moment)
        return self.is_business_day(local.date()) and self.day_start <= local.time() < self.day_end

    def next_business_day(self, day: date) -> date:
        """The first business day strictly after ``day``."""
        day += timedelta(days=1)
        while not self.is_business_day(day):
            day += timedelta(days=1)
        return day

    def add_business_days(self, day: date, count: int) -> date:
        """Move ``count`` business days forward from ``day`` (0: ``day`` or the next one)."""
        if count <= 0:
            return day if self.is_business_day(day) else self.next_business_day(day)
        for _ in range(count):
            day = self.next_business_day(day)
        return day

    def next_business_moment(self, moment: datetime) -> datetime:
        """The first moment at or after ``moment`` within business hours."""
        local = self.local(moment)
        day = local.date()
        if self.is_business_day(day) and local.time() < self.day_end:
            return max(local, self.at(day, self.day_start))
        return self.at(self.next_business_day(day), self.day_start)

    def end_of_business(self, day: date) -> datetime:
        """The close of business on ``day``."""
        return self.at(day, self.day_end)


def thank_you_window(
    ended: datetime,
    cal: BusinessCalendar,
    *,
    min_delay: timedelta,
    deadline: timedelta,
    morning_grace: timedelta,
    urgent: bool = False,
) -> Window:
    """When to send the thank-you after an interview that ended at ``ended``.

    Not in the first minutes after leaving (``min_delay``), at a business hour, and within
    ``deadline`` (24 hours). When the deadline falls outside business hours (a Friday
    afternoon, the eve of a holiday), the next business morning still counts, up to
    ``morning_grace`` after it opens: a window that reopens after a weekend or a holiday
    gives the whole morning (08:00-12:00 with the pack's four hours), never a sliver.
    ``urgent`` (a decision is imminent) keeps the plain window so that the note arrives
    before the decision, weekend or not.
    """
    earliest = ended + min_delay
    latest = ended + deadline
    if urgent:
        return Window(cal.local(earliest), cal.local(latest))
    start = cal.next_business_moment(earliest)
    end = latest
    if not cal.in_business_hours(latest):
        end = max(latest, cal.next_business_moment(latest) + morning_grace)
    return Window(cal.local(start), cal.local(max(start, end)))


def follow_up_window(
    earliest_day: date,
    cal: BusinessCalendar,
    *,
    span_business_days: int,
    not_before: datetime | None = None,
    now: datetime | None = None,
    opening: time = time(9),
) -> Window:
    """A window of ``span_business_days`` opening at ``opening`` on the first business day from
    ``earliest_day`` (and not before ``not_before``). A window already past at ``now`` moves to
    open at the next business moment, since a due follow-up is still worth one message."""
    day = cal.add_business_days(earliest_day, 0)
    start = cal.at(day, opening)
    if not_before is not None and start < not_before:
        start = cal.next_business_moment(not_before)
    end = cal.end_of_business(cal.add_business_days(start.date(), span_business_days))
    if now is not None and now > end:
        start = cal.next_business_moment(now)
        end = cal.end_of_business(cal.add_business_days(start.date(), span_business_days))
    return Window(cal.local(start), cal.local(end))


def status_check_day(
    ended: datetime,
    decision_by: date | None,
    cal: BusinessCalendar,
    *,
    buffer_business_days: int,
    default_business_days: int,
) -> date:
    """The first day a status check is polite: a buffer after the employer's stated date,
    or, with no timeline given, a number of business days after the interview."""
    if decision_by is not None:
        return cal.add_business_days(decision_by, buffer_business_days)
    return cal.add_business_days(cal.local(ended).date(), default_business_days)


@dataclass(frozen=True)
class PostalEstimate:
    """When a handwritten note must be mailed and when it should arrive."""

    mail_by: date
    earliest: date
    latest: date


def postal_estimate(
    ended: datetime,
    cal: BusinessCalendar,
    *,
    same_day_cutoff: time,
    min_delivery_days: int,
    max_delivery_days: int,
) -> PostalEstimate:
    """Mail the note the same business day if the interview ended before ``same_day_cutoff``,
    else the next business day; delivery takes between the min and max business days."""
    local = cal.local(ended)
    day = local.date()
    if not (cal.is_business_day(day) and local.time() < same_day_cutoff):
        day = cal.next_business_day(day)
    return PostalEstimate(
        mail_by=day,
        earliest=cal.add_business_days(day, min_delivery_days),
        latest=cal.add_business_days(day, max_delivery_days),
    )


def business_days_between(start: date, end: date, cal: BusinessCalendar) -> int:
    """Count business days after ``start`` up to and including ``end`` (0 if end <= start)."""
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if cal.is_business_day(day):
            count += 1
    return count
