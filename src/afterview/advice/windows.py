"""The named send windows a rule's ``window`` refers to; each takes one person and the facts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time, timedelta
from typing import Any

from afterview.advice.facts import Facts, Person
from afterview.timing import (
    Window,
    follow_up_window,
    postal_estimate,
    status_check_day,
    thank_you_window,
)


def _hours(settings: dict[str, Any], key: str) -> timedelta:
    return timedelta(hours=settings[key])


def _opening(settings: dict[str, Any]) -> time:
    return time(int(settings["follow_up_opening_hour"]))


def _after_gap(window: Window, person: Person, settings: dict[str, Any]) -> Window:
    """Never a second message to the same person within the minimum gap."""
    last = person.last_message_at()
    if last is None:
        return window
    earliest = last + _hours(settings, "min_gap_same_person_hours")
    if earliest <= window.start:
        return window
    cal = person.calendar
    start = cal.next_business_moment(earliest)
    end = max(window.end, cal.end_of_business(cal.add_business_days(start.date(), 1)))
    return Window(cal.local(start), cal.local(end))


def nominal_thank_you(
    person: Person, facts: Facts, settings: dict[str, Any], *, urgent: bool | None = None
) -> Window:
    """The on-time window for a thank-you, before any adjustment for lateness. ``urgent``
    (default: the decision is imminent as of ``facts.now``) keeps the plain 24 hours."""
    return thank_you_window(
        facts.situation.interview.end,
        person.calendar,
        min_delay=timedelta(minutes=settings["thank_you_min_delay_minutes"]),
        deadline=_hours(settings, "thank_you_deadline_hours"),
        morning_grace=_hours(settings, "morning_grace_hours"),
        urgent=facts.values["decision_imminent"] if urgent is None else urgent,
    )


def thank_you(person: Person, facts: Facts, settings: dict[str, Any]) -> Window:
    """Within the deadline after the interview; if that has passed, the next business day."""
    cal = person.calendar
    window = _after_gap(nominal_thank_you(person, facts, settings), person, settings)
    if facts.now > window.end:
        window = follow_up_window(
            cal.local(facts.now).date(),
            cal,
            span_business_days=1,
            not_before=facts.now,
            now=facts.now,
            opening=_opening(settings),
        )
    return window


def _soon_after_interview(
    person: Person, facts: Facts, settings: dict[str, Any], span_setting: str
) -> Window:
    """From the thank-you delay after the interview, open for ``span_setting`` business days,
    and never within the minimum gap after the last message to the person."""
    end = facts.situation.interview.end
    window = follow_up_window(
        person.calendar.local(end).date(),
        person.calendar,
        span_business_days=settings[span_setting],
        not_before=end + timedelta(minutes=settings["thank_you_min_delay_minutes"]),
        now=facts.now,
        opening=_opening(settings),
    )
    return _after_gap(window, person, settings)


def linkedin(person: Person, facts: Facts, settings: dict[str, Any]) -> Window:
    """A connection note: after the thank-you delay, open for a few business days."""
    return _soon_after_interview(person, facts, settings, "linkedin_span_business_days")


def value_add(person: Person, facts: Facts, settings: dict[str, Any]) -> Window:
    """A value-add follow-up: soon, but not within the gap after the last message."""
    return _soon_after_interview(person, facts, settings, "value_add_span_business_days")


def first_status_check_day(person: Person, facts: Facts, settings: dict[str, Any]) -> date:
    """The first polite day for a status check, in the person's calendar: a buffer after the
    employer's date, or a week (three for government and academic employers) without one."""
    interview = facts.situation.interview
    slow = facts.values["slow_sector"]
    return status_check_day(
        interview.end,
        interview.decision_expected_by,
        person.calendar,
        buffer_business_days=settings["status_check_buffer_business_days"],
        default_business_days=settings[
            "status_check_slow_sector_business_days"
            if slow
            else "status_check_default_business_days"
        ],
    )


def status_check(person: Person, facts: Facts, settings: dict[str, Any]) -> Window:
    """After the employer's timeline (plus a buffer), or about a week without one."""
    cal = person.calendar
    day = first_status_check_day(person, facts, settings)
    last = person.last_message_at()
    not_before = None
    if last is not None:
        gap_day = cal.add_business_days(
            cal.local(last).date(), settings["status_check_gap_business_days"]
        )
        not_before = cal.at(gap_day, _opening(settings))
    return follow_up_window(
        day,
        cal,
        span_business_days=settings["status_check_span_business_days"],
        not_before=not_before,
        now=facts.now,
        opening=_opening(settings),
    )


def handwritten(person: Person, facts: Facts, settings: dict[str, Any]) -> Window:
    """Write the card after the interview and mail it by the postal estimate's mail-by day."""
    cal = person.calendar
    end = facts.situation.interview.end
    estimate = postal_estimate(
        max(end, facts.now),
        cal,
        same_day_cutoff=time(int(settings["postal_same_day_cutoff_hour"])),
        min_delivery_days=settings["postal_min_delivery_business_days"],
        max_delivery_days=settings["postal_max_delivery_business_days"],
    )
    start = end + timedelta(minutes=settings["thank_you_min_delay_minutes"])
    close = cal.end_of_business(estimate.mail_by)
    return Window(cal.local(start), cal.local(max(start, close)))


WindowFunction = Callable[[Person, Facts, dict[str, Any]], Window]


def after_the_interview(function: WindowFunction) -> WindowFunction:
    """The window ``function`` gives, never opening before the interview has ended (plus the
    thank-you delay): an interview still to come plans nothing before it is over."""

    def window(person: Person, facts: Facts, settings: dict[str, Any]) -> Window:
        found = function(person, facts, settings)
        cal = person.calendar
        earliest = facts.situation.interview.end + timedelta(
            minutes=settings["thank_you_min_delay_minutes"]
        )
        if found.start >= earliest:
            return found
        start = cal.local(cal.next_business_moment(earliest))
        return Window(start, max(found.end, start))

    window.__doc__ = function.__doc__
    return window


WINDOWS: dict[str, WindowFunction] = {
    name: after_the_interview(function)
    for name, function in {
        "thank_you": thank_you,
        "value_add": value_add,
        "status_check": status_check,
        "linkedin": linkedin,
        "handwritten": handwritten,
    }.items()
}
