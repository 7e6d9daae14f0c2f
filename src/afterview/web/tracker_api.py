"""The tracker's JSON resources: interviews, their advice and drafts, messages and the agenda.

Same store and same guard as the CLI's ``import``, ``list``, ``show``, ``agenda``, ``outbox``,
``draft --save``, ``send`` and ``sent``; the shapes are the CLI's ``--json`` output."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from io import BytesIO
from typing import Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from afterview.errors import InputError
from afterview.web.api import Kind, SituationJSON
from afterview.web.deps import Clock, Store
from afterview.web.errors import GUARD_ERRORS, documented
from afterview.web.security import json_only

router = APIRouter(
    prefix="/api",
    tags=["tracker"],
    responses=documented(*GUARD_ERRORS, 404, 409),
    dependencies=[Depends(json_only)],
)


class NewInterview(BaseModel):
    """An interview to store."""

    model_config = ConfigDict(extra="forbid")

    situation: SituationJSON = Field(description="The situation file's content, as JSON.")
    key: str | None = Field(
        None,
        max_length=64,
        pattern=r"^[A-Za-z0-9_-]+$",
        description="Your name for it: storing the same key again updates that interview.",
    )


class Replaced(BaseModel):
    """An interview's new situation."""

    model_config = ConfigDict(extra="forbid")

    situation: SituationJSON = Field(description="The situation file's content, as JSON.")


class Reply(BaseModel):
    """The employer answered."""

    model_config = ConfigDict(extra="forbid")

    at: AwareDatetime | None = Field(None, description="When; default: now.")
    outcome: Literal["rejected", "next_round", "offer", "decision_update", "other"] | None = Field(
        None, description="What they said; default: decision_update with decision_by, else other."
    )
    decision_by: date | None = Field(None, description="A new decision date they gave.")
    sender: str | None = Field(None, max_length=320, description="Who replied.")


class Edit(BaseModel):
    """A draft's new subject and body."""

    model_config = ConfigDict(extra="forbid")

    subject: str | None = Field(None, max_length=998, pattern=r"^[^\r\n]*$")
    body: str = Field(max_length=20_000)


class SendRequest(BaseModel):
    """How to hand a message over (the outbox's guard decides whether it may go)."""

    model_config = ConfigDict(extra="forbid")

    via: Literal["eml", "mailto", "smtp"]
    force: bool = Field(False, description="Send despite checker warnings (never no-contact).")


class SentByHand(BaseModel):
    """A message you sent outside afterview."""

    model_config = ConfigDict(extra="forbid")

    kind: Kind
    to: str = Field(min_length=1, max_length=200, pattern=r"^[^\r\n]*$")
    at: AwareDatetime | None = Field(None, description="When; default: now.")


@router.get("/interviews")
def list_interviews(db: Store) -> dict[str, Any]:
    """Every stored interview, most recent first (``afterview list --json``)."""
    return {"interviews": [r.to_dict() for r in db.interviews()]}


@router.post("/interviews", status_code=201)
def create_interview(body: NewInterview, db: Store, moment: Clock) -> dict[str, Any]:
    """Store an interview (validated as a situation file); returns its id."""
    key = f"api:{body.key or uuid.uuid4().hex}"
    interview_id, created = db.import_data(body.situation, key, moment)
    return {"id": interview_id, "created": created}


@router.get("/interviews/{interview_id}")
def show_interview(interview_id: int, db: Store, moment: Clock) -> dict[str, Any]:
    """One interview with its advice as of now (Contract 2) and its messages."""
    from afterview.advice import advise

    row = db.interview(interview_id)
    advice = advise(db.situation(interview_id), now=moment)
    return {
        **row.to_dict(),
        "advice": advice.to_dict(),
        "messages": [m.to_dict() for m in db.messages_of(interview_id)],
    }


@router.put("/interviews/{interview_id}")
def replace_interview(
    interview_id: int, body: Replaced, db: Store, moment: Clock
) -> dict[str, Any]:
    """Replace an interview's situation (its id, messages and origin are kept)."""
    db.interview(interview_id)
    db.replace_data(interview_id, body.situation, moment)
    return db.interview(interview_id).to_dict()


@router.post("/interviews/{interview_id}/replied")
def record_reply(interview_id: int, body: Reply, db: Store, moment: Clock) -> dict[str, Any]:
    """The employer answered: no status check is proposed after a reply; a decision date
    they gave becomes the timeline (``afterview replied``). Returns the interview."""
    db.interview(interview_id)
    outcome = body.outcome or ("decision_update" if body.decision_by else "other")
    if body.decision_by is not None and outcome != "decision_update":
        raise InputError("replied", "decision_by", "goes with outcome decision_update")
    classified = None
    if body.at is None and body.sender is None:  # describes the reply sync found, if any
        classified = db.classify_reply(interview_id, outcome, moment, body.decision_by)
    if classified is None:
        db.record_reply(
            interview_id, body.at or moment, moment, body.decision_by, outcome, body.sender
        )
    return db.interview(interview_id).to_dict()


@router.post("/interviews/{interview_id}/drafts", status_code=201)
def save_drafts(interview_id: int, db: Store, moment: Clock) -> dict[str, Any]:
    """Draft the advised messages into the outbox (an action's existing message is kept)."""
    from afterview.outbox import save_drafts as save

    db.interview(interview_id)
    return {"messages": [m.to_dict() for m in save(db, interview_id, moment)]}


@router.post("/interviews/{interview_id}/sent", status_code=201)
def record_sent(interview_id: int, body: SentByHand, db: Store, moment: Clock) -> dict[str, Any]:
    """Record a message you sent yourself; the advice and agenda follow it. Refused (409,
    with the reason) like a send when the advice forbids any message: no contact asked for,
    a status check already sent, the follow-up cap."""
    from afterview.outbox import record_by_hand

    db.interview(interview_id)
    at = body.at or moment
    message_id = record_by_hand(db, interview_id, body.kind, body.to, at, moment)
    return db.message(message_id).to_dict()


@router.get("/agenda")
def agenda(
    db: Store,
    moment: Clock,
    days: int = Query(14, ge=0, le=365, description="How far ahead to look."),
) -> dict[str, Any]:
    """What is due (and what was missed in the last 14 days), soonest first."""
    items = db.agenda(moment, horizon=timedelta(days=days))
    return {"agenda": [item.to_dict(moment) for item in items]}


@router.get("/messages")
def list_messages(db: Store) -> dict[str, Any]:
    """The outbox: every message, newest first."""
    return {"messages": [m.to_dict() for m in db.outbox()]}


@router.get("/messages/{message_id}")
def show_message(message_id: int, db: Store) -> dict[str, Any]:
    """One message."""
    return db.message(message_id).to_dict()


@router.put("/messages/{message_id}")
def edit_message(message_id: int, body: Edit, db: Store) -> dict[str, Any]:
    """Change a draft's subject and body (409 unless it is a draft)."""
    from afterview.outbox import Refused

    message = db.message(message_id)
    if message.state != "draft":
        raise Refused(f"message {message_id} is {message.state}; only a draft can change")
    return db.edit_draft(message_id, body.subject, body.body).to_dict()


@router.post("/messages/{message_id}/send", response_model=None)
def send_message(message_id: int, body: SendRequest, db: Store, moment: Clock) -> JSONResponse:
    """Hand a draft over once, through the outbox's guard: refused (409, with the reason) on
    no-contact, a status check already sent, the follow-up cap, checker errors, or warnings
    without ``force``. ``eml`` returns the message in ``eml``; ``mailto`` the link."""
    from afterview import outbox

    db.message(message_id)
    buffer = BytesIO()
    done = outbox.send(db, message_id, body.via, moment, force=body.force, out=buffer)
    result: dict[str, Any] = {"message": db.message(message_id).to_dict(), "result": done}
    if body.via == "eml":
        result["eml"] = buffer.getvalue().decode("utf-8")
    if body.via == "mailto":
        result["mailto"] = done
    return JSONResponse(result)


class ScheduleRequest(BaseModel):
    """When a worker should send the draft."""

    model_config = ConfigDict(extra="forbid")

    at: AwareDatetime = Field(
        description="When to send it, with its UTC offset: inside the advice's window, ending "
        "AFTERVIEW_SEND_MARGIN seconds before it closes."
    )
    force: bool = Field(False, description="Despite checker warnings (never errors or advice).")


@router.post("/messages/{message_id}/schedule", status_code=201)
def schedule_message(
    message_id: int, body: ScheduleRequest, db: Store, moment: Clock
) -> dict[str, Any]:
    """Queue a draft to be sent by a worker at ``at`` (a shared deployment with workers:
    PostgreSQL with the queue, an SMTP server). Refused (409, with the reason) when it is not
    a draft, the time is outside its window, it is scheduled already, or the advice or the
    checker forbids it as the message will read then; the worker checks again at that time."""
    from afterview.web import send_later

    made = send_later.queue_send(db, db.message(message_id), body.at, moment, body.force)
    return {
        "message_id": made.message_id,
        "at": made.at.isoformat(),
        "window": {"opens": made.opens.isoformat(), "closes": made.closes.isoformat()},
    }


@router.delete("/messages/{message_id}/schedule")
def unschedule_message(message_id: int, db: Store) -> dict[str, int]:
    """Take a draft's scheduled send off the queue: ``cancelled`` is 1, or 0 when none was
    waiting (a send already running is not stopped)."""
    from afterview.web import send_later

    return {"cancelled": send_later.unschedule(db, db.message(message_id))}
