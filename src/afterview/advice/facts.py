"""The facts rules are written in: computed once per situation, and once per interviewer.

Every fact a rule may name is listed here with its meaning; the rule pack is validated
against these lists, and docs/advice/README.md is checked against them by the tests.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from afterview.advice.nocontact import Reading, read_posting
from afterview.record import Interviewer, InterviewKind, MessageKind, Reply, Sent, Situation
from afterview.timing import BusinessCalendar

SITUATION_FACTS: dict[str, str] = {
    "no_contact": "the employer asked for no contact: in the interview, as contact_policy, "
    "or in a posting sentence addressed to candidates that rules out email or any contact",
    "no_calls": "the posting asks candidates not to phone or drop in, and nothing more "
    "(email stays fine)",
    "posting_not_for_you": "the posting has no-contact lines that do not concern an interviewed "
    "candidate: addressed to agencies, or saying whom they will contact",
    "wants_role": "the candidate wants the role",
    "interview_formal": "a video, onsite, panel or final-round interview",
    "interview_screen": "a phone screen or recruiter call",
    "interview_informal": "an informal conversation",
    "several_people": "two or more interviewers were met",
    "formal_region": "the region expects one formal note to the panel's lead (GB, IE)",
    "sector_government": "the employer is a government body",
    "sector_academic": "the employer is a university or college",
    "slow_sector": "government or academic: slow hiring timelines",
    "hours_since_interview": "hours from the end of the interview to now",
    "has_specifics": "something specific from the conversation is recorded (notes or topics, "
    "interviewer notes)",
    "has_to_add": "the candidate has value-adding material (interview.to_add)",
    "thank_you_pending": "someone met has not been thanked yet (not for informal chats)",
    "thank_you_deadline_off_hours": "the thank-you deadline falls outside business hours",
    "decision_imminent": "the employer decides by the next business day",
    "timeline_given": "the employer gave a date for their decision",
    "status_check_day_reached": "the first polite day for a status check has come",
    "status_checks_sent": "status checks already sent",
    "value_adds_sent": "value-add follow-ups already sent",
    "follow_ups_sent": "value-add and status-check messages already sent",
    "handwritten_arrives_in_time": "a card mailed now arrives before the decision (or, with no "
    "timeline, before the first status-check day)",
    "any_linkedin": "some interviewer's LinkedIn profile is recorded",
    "any_postal_address": "some interviewer's postal address is recorded",
    "replied": "the employer has answered (recorded with afterview replied, or [[replies]])",
    "rejected": "the employer's latest reply turned you down",
    "offer_made": "the employer's latest reply made you an offer",
    "chase_cancelled": "the employer's latest reply moves things on (a next round, or another "
    "answer) or updates the timeline without a date: no status check follows",
    "follow_up_window_passed": "more than a week since the interview and well past the last "
    "day a status check could be due: the time for follow-ups has gone",
    "high_stakes": "the candidate marked this a high-stakes move",
    "unsure_of_etiquette": "the candidate is unsure of the etiquette",
    "zone_assumed": "the candidate's time zone is not recorded: afterview plans in the "
    "interviewers' zone, the region's, or one with the interview's UTC offset",
}

PERSON_FACTS: dict[str, str] = {
    "has_email": "the person's email address is recorded",
    "has_linkedin": "the person's LinkedIn profile is recorded",
    "has_postal_address": "the person's postal address is recorded",
    "thanked": "a thank-you (email, LinkedIn or card) was already sent to the person",
    "linked": "a LinkedIn note was already sent to the person",
    "handwritten_sent": "a handwritten note was already sent to the person",
    "hours_since_last_message": "hours since the last message to the person (very large if none)",
}

NEVER = 10**6  # hours: "no message yet"
_HONORIFICS = re.compile(r"\b(?:dr|mr|mrs|ms|mx|miss|prof|professor|sir|dame)\b\.?", re.I)


def name_key(name: str) -> str:
    return " ".join(re.sub(r"[^\w\s'-]", " ", _HONORIFICS.sub(" ", name)).casefold().split())


@dataclass
class Person:
    """An interviewer (or a placeholder when none is recorded) with their message history."""

    name: str
    interviewer: Interviewer | None
    calendar: BusinessCalendar
    sent: list[Sent] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)

    @property
    def address(self) -> str | None:
        """The person's email address, if recorded."""
        return self.interviewer.email if self.interviewer else None

    def last_message_at(self) -> datetime | None:
        """When the person was last written to."""
        return max((s.at for s in self.sent), default=None)


@dataclass
class Facts:
    """Everything the rules and the windows need to know about one situation at one moment."""

    situation: Situation
    now: datetime
    calendar: BusinessCalendar  # the candidate's
    values: dict[str, Any]
    people: list[Person]
    primary: Person
    context: dict[str, str]  # values for {placeholders} in explanations


def sent_to(person_key: str, address: str | None, sent: Sent) -> bool:
    """True when ``sent.to`` names this person (by address or by name, ignoring honorifics)."""
    to = sent.to.strip()
    if address and to.casefold() == address.casefold():
        return True
    return name_key(to) == person_key


def count_kind(sent: list[Sent], *kinds: MessageKind) -> int:
    """How many messages of the given kinds were sent."""
    return sum(1 for s in sent if s.kind in kinds)


def hours_between(start: datetime, end: datetime) -> float:
    """Hours from ``start`` to ``end`` (negative if end is earlier)."""
    return (end - start) / timedelta(hours=1)


def decision_date(situation: Situation) -> date | None:
    """The employer's stated decision date, if any."""
    return situation.interview.decision_expected_by


INTERVIEW_FORMAL = {
    InterviewKind.video,
    InterviewKind.onsite,
    InterviewKind.panel,
    InterviewKind.final_round,
}
INTERVIEW_SCREEN = {InterviewKind.phone_screen, InterviewKind.recruiter_call}
FORMAL_REGIONS = {"GB", "IE"}


def no_contact_where(situation: Situation) -> str | None:
    """Where the employer asked for no contact, in words, or None."""
    if situation.interview.no_contact_requested:
        return "during the interview process"
    if situation.application.contact_policy == "no_contact":
        return "their stated contact policy"
    stops = [r for r in read_posting(situation.application.posting_text) if r.stops_follow_up]
    if stops:
        return f"the job posting says “{stops[0].sentence}”, read as: {stops[0].meaning}"
    return None


def posting_readings(situation: Situation) -> tuple[list[Reading], list[Reading]]:
    """The posting's lines that restrict contact but do not stop the follow-up: (phone or
    walk-in only, addressed to candidates; addressed to agencies or saying whom they contact)."""
    readings = read_posting(situation.application.posting_text)
    channel_only = [r for r in readings if r.channel_only]
    not_for_you = [r for r in readings if r.kind == "reply_policy" or r.audience == "agencies"]
    return channel_only, not_for_you


def _described(readings: list[Reading]) -> str:
    return " ".join(f"{r.describe()}." for r in readings)


def person_facts(person: Person, now: datetime) -> dict[str, Any]:
    """The per-person facts listed in PERSON_FACTS."""
    iv = person.interviewer
    last = person.last_message_at()
    return {
        "has_email": bool(iv and iv.email),
        "has_linkedin": bool(iv and iv.linkedin),
        "has_postal_address": bool(iv and iv.postal_address),
        "thanked": any(
            s.kind
            in (MessageKind.thank_you, MessageKind.linkedin_note, MessageKind.handwritten_note)
            for s in person.sent
        ),
        "linked": any(s.kind == MessageKind.linkedin_note for s in person.sent),
        "handwritten_sent": any(s.kind == MessageKind.handwritten_note for s in person.sent),
        "hours_since_last_message": hours_between(last, now) if last else NEVER,
    }


def candidate_zone(situation: Situation) -> str:
    """The candidate's IANA zone: from the record, else the one afterview assumes."""
    return zone_choice(situation)[0]


def zone_choice(situation: Situation) -> tuple[str, str | None]:
    """(the candidate's zone, how it was chosen in words, or None when it is recorded)."""
    if situation.candidate.timezone:
        return situation.candidate.timezone, None
    from afterview.regions import assumed_zone

    zones = [iv.timezone for iv in situation.interviewers if iv.timezone]
    return assumed_zone(zones, situation.application.region, situation.interview.started_at)


def with_replies(situation: Situation, now: datetime) -> tuple[Situation, Reply | None]:
    """The situation as the replies received by ``now`` leave it, and the latest reply.

    A ``decision_update`` with a date makes that date the employer's timeline."""
    replies = situation.replies_by(now)
    latest = replies[-1] if replies else None
    if latest is not None and latest.outcome == "decision_update" and latest.decision_expected_by:
        interview = dataclasses.replace(
            situation.interview, decision_expected_by=latest.decision_expected_by
        )
        situation = dataclasses.replace(situation, interview=interview)
    return situation, latest


def build_facts(situation: Situation, now: datetime, settings: dict[str, Any]) -> Facts:
    """Compute the situation and per-person facts at moment ``now``."""
    from afterview.regions import country_of
    from afterview.timing import holiday_name, postal_estimate, status_check_day
    from afterview.wording import day

    situation, latest_reply = with_replies(situation, now)
    outcome = latest_reply.outcome if latest_reply else None

    region = situation.application.region
    hours = (settings["business_day_start_hour"], settings["business_day_end_hour"])
    interview = situation.interview
    end = interview.end

    def calendar(key: str) -> BusinessCalendar:
        # The day of the interview was a working day for the employer, holiday or not.
        return _calendar(key, region, hours).working(interview.started_at, end)

    own_zone, zone_how = zone_choice(situation)
    own = calendar(own_zone)
    today = own.local(now).date()

    people = [
        Person(iv.name, iv, calendar(iv.timezone) if iv.timezone else own)
        for iv in situation.interviewers
    ] or [Person("your interviewer", None, own)]
    # Advice "as of" an earlier moment ignores what was sent after it.
    history = [s for s in situation.sent if s.at <= now]
    for person in people:
        key = name_key(person.name)
        person.sent = [s for s in history if sent_to(key, person.address, s)]
        person.facts = person_facts(person, now)
    primary = next((p for p in people if p.address), people[0])

    sector = situation.application.sector
    decided_by = interview.decision_expected_by
    slow = sector in ("government", "academic")
    check_day = status_check_day(
        end,
        decided_by,
        own,
        buffer_business_days=settings["status_check_buffer_business_days"],
        default_business_days=settings[
            "status_check_slow_sector_business_days"
            if slow
            else "status_check_default_business_days"
        ],
    )
    postal = postal_estimate(
        max(end, now),
        own,
        same_day_cutoff=_hour(settings["postal_same_day_cutoff_hour"]),
        min_delivery_days=settings["postal_min_delivery_business_days"],
        max_delivery_days=settings["postal_max_delivery_business_days"],
    )
    horizon = decided_by or status_check_day(
        end,
        None,
        own,
        buffer_business_days=0,
        default_business_days=settings["status_check_default_business_days"],
    )
    deadline = end + timedelta(hours=settings["thank_you_deadline_hours"])
    deadline_day = own.local(deadline).date()
    notes = bool(interview.notes or interview.topics) or any(
        iv.notes or iv.topics for iv in situation.interviewers
    )
    follow_ups = count_kind(history, MessageKind.value_add, MessageKind.status_check)
    where = no_contact_where(situation)
    calls_only, not_for_you = posting_readings(situation)
    values: dict[str, Any] = {
        "no_contact": where is not None,
        "no_calls": bool(calls_only),
        "posting_not_for_you": bool(not_for_you),
        "wants_role": interview.want_role,
        "interview_formal": interview.kind in INTERVIEW_FORMAL,
        "interview_screen": interview.kind in INTERVIEW_SCREEN,
        "interview_informal": interview.kind == InterviewKind.informal,
        "several_people": len(situation.interviewers) >= 2,
        "formal_region": country_of(region) in FORMAL_REGIONS,
        "sector_government": sector == "government",
        "sector_academic": sector == "academic",
        "slow_sector": slow,
        "hours_since_interview": hours_between(end, now),
        "has_specifics": notes,
        "has_to_add": bool(interview.to_add),
        "thank_you_pending": interview.kind != InterviewKind.informal
        and any(not p.facts["thanked"] for p in people),
        # judged on the clock of the person who reads it (the windows are theirs too)
        "thank_you_deadline_off_hours": not primary.calendar.in_business_hours(deadline),
        "decision_imminent": decided_by is not None
        and today
        <= decided_by
        <= own.add_business_days(today, settings["imminent_decision_business_days"]),
        "timeline_given": decided_by is not None,
        "status_check_day_reached": today >= check_day,
        "status_checks_sent": count_kind(history, MessageKind.status_check),
        "value_adds_sent": count_kind(history, MessageKind.value_add),
        "follow_ups_sent": follow_ups,
        "handwritten_arrives_in_time": postal.latest <= horizon,
        "any_linkedin": any(iv.linkedin for iv in situation.interviewers),
        "any_postal_address": any(iv.postal_address for iv in situation.interviewers),
        "replied": latest_reply is not None,
        "rejected": outcome == "rejected",
        "offer_made": outcome == "offer",
        "chase_cancelled": outcome in ("next_round", "other")
        or (outcome == "decision_update" and not latest_reply.decision_expected_by),  # type: ignore[union-attr]
        "follow_up_window_passed": hours_between(end, now) > settings["very_late_hours"]
        and today
        > own.add_business_days(
            check_day,
            settings["status_check_span_business_days"] + settings["stale_grace_business_days"],
        ),
        "high_stakes": interview.high_stakes,
        "unsure_of_etiquette": interview.unsure_of_etiquette,
        "zone_assumed": zone_how is not None,
    }
    holiday = holiday_name(region, deadline_day)
    context = {
        "count": str(len(situation.interviewers)),
        "days_since_interview": str(max(0, (today - own.local(end).date()).days)),
        "company": situation.application.company,
        "role": situation.application.role,
        "decision_date": day(decided_by, today) if decided_by else "",
        "status_check_date": day(check_day, today),
        "no_contact_where": where or "",
        "posting_calls": _described(calls_only),
        "posting_not_for_you": _described(not_for_you),
        "holiday": f": {holiday}" if holiday else "",
        "mail_by": day(postal.mail_by, today),
        "arrives_by": day(postal.latest, today),
        "linkedin_limit": "300" if situation.candidate.linkedin_premium else "200",
        "zone_used": f"{own_zone} ({zone_how})" if zone_how else own_zone,
    }
    return Facts(situation, now, own, values, people, primary, context)


def _hour(value: int) -> Any:
    from datetime import time

    return time(int(value))


_CALENDARS: dict[tuple[str, str | None, tuple[int, int]], BusinessCalendar] = {}


def _calendar(key: str, region: str | None, hours: tuple[int, int]) -> BusinessCalendar:
    from datetime import time

    from afterview.timing import zone

    cache_key = (key, region, hours)
    cal = _CALENDARS.get(cache_key)
    if cal is None:
        cal = BusinessCalendar(zone(key), region, time(hours[0]), time(hours[1]))
        _CALENDARS[cache_key] = cal
    return cal
