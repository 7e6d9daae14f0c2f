"""The interview record as the rest of afterview uses it: plain, frozen dataclasses.

``afterview.model`` holds the pydantic models that *validate* a situation file (the contract:
types, allowed values, one-line errors); once validated, a situation becomes this record. The
record needs no pydantic to load, so a run that reads a cached, already-validated situation
(``afterview.situation``) starts without importing it. ``tests/test_record.py`` keeps the two
definitions in step, field for field.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum


class InterviewKind(StrEnum):
    """How the interview took place."""

    phone_screen = "phone_screen"
    recruiter_call = "recruiter_call"
    video = "video"
    onsite = "onsite"
    panel = "panel"
    final_round = "final_round"
    informal = "informal"


class MessageKind(StrEnum):
    """The kinds of follow-up message afterview knows."""

    thank_you = "thank_you"
    value_add = "value_add"
    status_check = "status_check"
    linkedin_note = "linkedin_note"
    handwritten_note = "handwritten_note"


@dataclass(frozen=True)
class Candidate:
    """The job seeker."""

    name: str
    email: str
    phone: str | None = None
    timezone: str | None = None
    linkedin_premium: bool = False


@dataclass(frozen=True)
class Application:
    """The job applied for."""

    company: str
    role: str
    posting_text: str | None = None
    contact_policy: str = "unknown"
    region: str | None = None
    sector: str = "private"


@dataclass(frozen=True)
class ToAdd:
    """Something specific and value-adding the candidate wants to send."""

    kind: str
    text: str
    url: str | None = None


@dataclass(frozen=True)
class Interview:
    """The interview itself and what the employer said about contact and timeline."""

    kind: InterviewKind
    started_at: datetime
    ended_at: datetime | None = None
    want_role: bool = True
    no_contact_requested: bool = False
    decision_expected_by: date | None = None
    notes: tuple[str, ...] = ()
    high_stakes: bool = False
    unsure_of_etiquette: bool = False
    to_add: tuple[ToAdd, ...] = ()
    topics: tuple[str, ...] = ()  # phrases completing "our conversation about ..."

    @property
    def end(self) -> datetime:
        """When the interview ended (default: 45 minutes after it started)."""
        return self.ended_at or self.started_at + timedelta(minutes=45)


@dataclass(frozen=True)
class Interviewer:
    """One person met."""

    name: str
    title: str | None = None
    email: str | None = None
    linkedin: str | None = None
    postal_address: str | None = None
    notes: tuple[str, ...] = ()
    timezone: str | None = None
    salutation: str | None = None  # exactly how to greet them, used verbatim
    topics: tuple[str, ...] = ()


@dataclass(frozen=True)
class Sent:
    """A message already sent, to an address or a name."""

    kind: MessageKind
    to: str
    at: datetime


class Outcome(StrEnum):
    """What an employer's reply said."""

    rejected = "rejected"
    next_round = "next_round"
    offer = "offer"
    decision_update = "decision_update"
    other = "other"


@dataclass(frozen=True)
class Reply:
    """What the employer said after the interview (``from`` in the file is ``from_`` here)."""

    at: datetime
    outcome: str
    from_: str | None = None
    decision_expected_by: date | None = None


@dataclass(frozen=True)
class Situation:
    """A whole, validated situation: the record afterview advises on."""

    candidate: Candidate
    application: Application
    interview: Interview
    interviewers: tuple[Interviewer, ...] = ()
    sent: tuple[Sent, ...] = ()
    now: datetime | None = None
    format: int = 1
    replies: tuple[Reply, ...] = ()  # oldest first

    def replies_by(self, moment: datetime) -> tuple[Reply, ...]:
        """The replies received at or before ``moment``, oldest first."""
        return tuple(sorted((r for r in self.replies if r.at <= moment), key=lambda r: r.at))
