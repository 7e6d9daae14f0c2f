"""The advice page of one interview: its verdict and timeline, their reply, writing the drafts."""

from __future__ import annotations

import dataclasses
from datetime import datetime

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, Response

from afterview.errors import InputError
from afterview.web import csrf
from afterview.web.deps import Store, now
from afterview.web.pages import render, see_other, viewer_zone

router = APIRouter(include_in_schema=False)


@router.post(
    "/interviews/{interview_id}/replied",
    name="reply_form",
    dependencies=[Depends(csrf.verified)],
)
def record_reply(
    request: Request,
    interview_id: int,
    db: Store,
    decision_by: str = Form("", max_length=10),
    outcome: str = Form("", max_length=20),
) -> Response:
    """They answered, with an outcome (as ``afterview replied``): a rejection or an offer ends
    the follow-up, a next round or another answer cancels the status check, a new date moves
    it."""
    from datetime import date

    db.interview(interview_id)
    try:
        new_date = date.fromisoformat(decision_by) if decision_by else None
    except ValueError:
        raise InputError("form", "decision_by", "expected a date like 2026-12-04") from None
    chosen = outcome or "other"
    if new_date is not None and chosen == "other":
        chosen = "decision_update"  # a date given is a new timeline
    if new_date is not None and chosen != "decision_update":
        raise InputError("form", "decision_by", "a new date goes with “They gave a new date”")
    moment = now(request)
    # A reply `afterview sync` found and nobody classified yet is the one being described.
    if db.classify_reply(interview_id, chosen, moment, new_date) is None:
        db.record_reply(interview_id, moment, moment, new_date, chosen)
    return see_other(request, "interview_page", interview_id=interview_id)


@router.get("/interviews/{interview_id}", response_class=HTMLResponse, name="interview_page")
def interview_page(request: Request, interview_id: int, db: Store) -> HTMLResponse:
    """The advice: verdict, actions and their windows on a timeline, reasons with sources."""
    from afterview.advice import advise
    from afterview.advice.facts import with_replies
    from afterview.progress import interview_word, progress
    from afterview.regional_spelling import reader_style, record_words, respell_advice
    from afterview.web.timeline import picture

    row = db.interview(interview_id)
    record = db.situation(interview_id)
    moment = now(request)
    advised = advise(record, now=moment)
    # The guidance in the reader's spelling (one variant per page); their own words as typed.
    style = reader_style(record.candidate.timezone, record.application.region, viewer_zone(request))
    advice = respell_advice(advised.to_dict(), style, record_words(record))
    for action, shown in zip(advised.actions, advice["actions"], strict=True):
        shown["zone"] = getattr(action.not_before.tzinfo, "key", None)  # the recipient's zone
    messages = db.messages_of(interview_id)
    waiting = [r for r in db.unclassified_replies() if r["interview"] == interview_id]
    pending = {datetime.fromisoformat(r["at"]) for r in waiting}
    return render(
        request,
        "interview.html",
        "interview",
        row=row,
        record=record,
        advice=advice,
        interview_word=interview_word,
        picture=picture(
            record.interview.started_at,
            moment,
            advice["actions"],
            # the employer's timeline as their replies left it (a new date moves it)
            with_replies(record, moment)[0].interview.decision_expected_by,
            zone=viewer_zone(request),
        ),
        messages=messages,
        progress=progress(
            record,
            dataclasses.replace(advised, summary=advice["summary"]),
            messages,
            moment,
            len(waiting),
        ),
        replies=[(reply, reply.at in pending) for reply in record.replies],
        unclassified=waiting,
    )


@router.post(
    "/interviews/{interview_id}/drafts",
    name="write_drafts",
    dependencies=[Depends(csrf.verified)],
)
def write_drafts(request: Request, interview_id: int, db: Store) -> Response:
    """Draft every advised message into the outbox and open the first one."""
    from afterview.outbox import save_drafts

    db.interview(interview_id)
    messages = save_drafts(db, interview_id, now(request))
    pending = [m for m in messages if m.state == "draft"]
    if not pending:
        return see_other(request, "interview_page", interview_id=interview_id)
    return see_other(request, "message_page", message_id=pending[0].id)
