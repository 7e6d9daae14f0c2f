"""The interview record: typed, validated models of situation file format 1 (DESIGN.md, Contract 1).

Every model forbids unknown keys, so a typo is an error that names the key rather than a
setting silently ignored. Single-line text that may end up in a mail header refuses CR, LF and
other control characters here, at the edge, so nothing downstream has to.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    model_validator,
)

from afterview import record
from afterview.record import InterviewKind, MessageKind
from afterview.timing import zone

_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")


def _single_line(value: str) -> str:
    value = value.strip()
    if not value:
        raise ValueError("expected non-empty text")
    if _CONTROL.search(value):
        raise ValueError("expected one line of text without line breaks or control characters")
    return value


def _non_empty(value: str) -> str:
    value = value.strip()
    if not value:
        raise ValueError("expected non-empty text")
    return value


def _email(value: str) -> str:
    value = _single_line(value)
    from email_validator import EmailNotValidError, validate_email

    try:
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise ValueError(f"expected an email address like name@example.com ({exc})") from None


def _url(value: str) -> str:
    value = _single_line(value)
    if not re.match(r"https?://[^\s/$.?#][^\s]*$", value, re.IGNORECASE):
        raise ValueError("expected a web address starting with https://")
    return value


def _timezone(value: str) -> str:
    value = _single_line(value)
    zone(value)
    return value


def _region(value: str) -> str:
    """An ISO 3166-1 country or ISO 3166-2 subdivision, in its canonical form (``GB-ENG``)."""
    from afterview.regions import canonical_region

    return canonical_region(_single_line(value))


def _one_or_many(value: object) -> object:
    """A list of texts may be written as one text: notes = "Discussed the dbt migration"."""
    return [value] if isinstance(value, str) else value


Line = Annotated[str, AfterValidator(_single_line)]
Text = Annotated[str, AfterValidator(_non_empty)]
Email = Annotated[str, AfterValidator(_email)]
Url = Annotated[str, AfterValidator(_url)]
TimeZone = Annotated[str, AfterValidator(_timezone)]
Region = Annotated[str, AfterValidator(_region)]
Texts = Annotated[list[Text], BeforeValidator(_one_or_many)]
Lines = Annotated[list[Line], BeforeValidator(_one_or_many)]


class _Model(BaseModel):
    # defer_build: validators are built on first validation, not at import, so a run that
    # reads a cached situation (afterview.situation) never pays for them.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Candidate(_Model):
    """The job seeker."""

    name: Line
    email: Email
    phone: Line | None = None
    timezone: TimeZone | None = None
    linkedin_premium: bool = False


class Application(_Model):
    """The job applied for."""

    company: Line
    role: Line
    posting_text: str | None = None
    contact_policy: Literal["welcome", "no_contact", "unknown"] = "unknown"
    region: Region | None = None
    sector: Literal["private", "government", "academic"] = "private"


class ToAdd(_Model):
    """Something specific and value-adding the candidate wants to send."""

    kind: Literal["forgot_qualification", "work_sample", "clarification"]
    text: Text
    url: Url | None = None


class Interview(_Model):
    """The interview itself and what the employer said about contact and timeline."""

    kind: InterviewKind
    started_at: AwareDatetime
    ended_at: AwareDatetime | None = None
    want_role: bool = True
    no_contact_requested: bool = False
    decision_expected_by: date | None = None
    notes: Texts = Field(default_factory=list)
    high_stakes: bool = False
    unsure_of_etiquette: bool = False
    to_add: list[ToAdd] = Field(default_factory=list)
    # Phrases that complete "I enjoyed our conversation about ..."; drafts use them verbatim.
    topics: Lines = Field(default_factory=list)

    @model_validator(mode="after")
    def _times_in_order(self) -> Interview:
        if self.ended_at is not None and self.ended_at <= self.started_at:
            raise ValueError("ended_at: expected a time after started_at")
        if self.ended_at is not None and self.ended_at - self.started_at > timedelta(hours=16):
            raise ValueError("ended_at: expected the same interview day (at most 16 hours long)")
        day = self.started_at.date()
        if self.decision_expected_by is not None and self.decision_expected_by < day:
            raise ValueError(
                f"decision_expected_by: expected a date on or after the interview ({day}), "
                f"got {self.decision_expected_by}"
            )
        return self

    @property
    def end(self) -> datetime:
        """When the interview ended (default: 45 minutes after it started)."""
        return self.ended_at or self.started_at + timedelta(minutes=45)


class Interviewer(_Model):
    """One person met; ``timezone`` is an afterview extension to format 1 (optional)."""

    name: Line
    title: Line | None = None
    email: Email | None = None
    linkedin: Url | None = None
    postal_address: Text | None = None
    notes: Texts = Field(default_factory=list)
    timezone: TimeZone | None = None
    salutation: Line | None = None  # exactly how to greet them ("Ms Khai"); used verbatim
    topics: Lines = Field(default_factory=list)  # as Interview.topics, for this person


class Sent(_Model):
    """A message already sent, to an address or a name."""

    kind: MessageKind
    to: Line
    at: AwareDatetime


class Reply(_Model):
    """What the employer said after the interview (DESIGN.md, contract additions)."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True, populate_by_name=True)

    at: AwareDatetime
    from_: Line | None = Field(default=None, alias="from")  # an address or a name
    outcome: Literal["rejected", "next_round", "offer", "decision_update", "other"]
    decision_expected_by: date | None = None  # the new date they gave (decision_update)


class Situation(_Model):
    """A whole situation file: the record afterview advises on."""

    format: Literal[1] = 1
    now: AwareDatetime | None = None
    candidate: Candidate
    application: Application
    interview: Interview
    interviewers: list[Interviewer] = Field(default_factory=list)
    sent: list[Sent] = Field(default_factory=list)
    replies: list[Reply] = Field(default_factory=list)

    @model_validator(mode="after")
    def _reply_dates(self) -> Situation:
        day = self.interview.started_at.date()
        for i, reply in enumerate(self.replies):
            new = reply.decision_expected_by
            if new is not None and new < max(day, reply.at.date()):
                raise ValueError(
                    f"replies[{i}].decision_expected_by: expected a date on or after the reply "
                    f"({reply.at.date()}) and the interview ({day}), got {new}"
                )
        return self

    def to_record(self) -> record.Situation:
        """The validated situation as afterview's plain record (afterview.record)."""
        iv = self.interview
        return record.Situation(
            candidate=record.Candidate(**self.candidate.model_dump()),
            application=record.Application(**self.application.model_dump()),
            interview=record.Interview(
                **{
                    **iv.model_dump(exclude={"to_add", "notes", "topics"}),
                    "notes": tuple(iv.notes),
                    "topics": tuple(iv.topics),
                    "to_add": tuple(record.ToAdd(**t.model_dump()) for t in iv.to_add),
                }
            ),
            interviewers=tuple(
                record.Interviewer(
                    **{
                        **i.model_dump(exclude={"notes", "topics"}),
                        "notes": tuple(i.notes),
                        "topics": tuple(i.topics),
                    }
                )
                for i in self.interviewers
            ),
            sent=tuple(record.Sent(**s.model_dump()) for s in self.sent),
            replies=tuple(record.Reply(**r.model_dump()) for r in self.replies),
            now=self.now,
            format=self.format,
        )
