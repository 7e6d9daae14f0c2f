"""The advice page of one interview: its verdict and timeline, their reply, writing the drafts."""

from __future__ import annotations

import dataclasses
from datetime import datetime

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, Response

from afterview.errors import InputError
from afterview.web import csrf, send_later
from afterview.web.deps import Store, now
from afterview.web.pages import render, see_other, viewer_zone

router = APIRouter(include_in_schema=False)


# What to say below the reply form's date field, in plain words (never a command's flag).
REPLY_DATE_PROBLEMS = {
    "unreadable": "Enter the date as the calendar shows it, like 2026-12-04.",
    "missing": "Enter the new date they gave, or choose another answer.",
    "early": "Enter a date on or after {earliest}: the new date cannot be before the "
    "interview or their reply.",
    "not_new_date": "A date goes with “They gave a new date”: choose that answer, or clear "
    "the date.",
}


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
    it. A date that cannot be used is refused below the date field: the advice page again
    (422), the form open with the answers kept, nothing stored."""
    from datetime import date

    from afterview.record import Outcome

    row = db.interview(interview_id)
    moment = now(request)
    field, problem, new_date = "decision_by", None, None
    try:
        new_date = date.fromisoformat(decision_by.strip()) if decision_by.strip() else None
    except ValueError:
        problem = REPLY_DATE_PROBLEMS["unreadable"]
    chosen = outcome or "other"
    if problem is None and new_date is not None and chosen == "other":
        chosen = "decision_update"  # a date given is a new timeline
    earliest = max(row.started_at.astimezone(moment.tzinfo).date(), moment.date())
    if chosen not in Outcome.__members__:
        field, problem = "outcome", "Choose one of the answers."
    elif problem is not None:
        pass
    elif new_date is not None and chosen != "decision_update":
        problem = REPLY_DATE_PROBLEMS["not_new_date"]
    elif new_date is None and chosen == "decision_update":
        problem = REPLY_DATE_PROBLEMS["missing"]
    elif new_date is not None and new_date < earliest:
        problem = REPLY_DATE_PROBLEMS["early"].format(earliest=_day(earliest))
    if problem is None:
        try:
            # A reply `afterview sync` found and nobody classified yet is the one described.
            if db.classify_reply(interview_id, chosen, moment, new_date) is None:
                db.record_reply(interview_id, moment, moment, new_date, chosen)
        except InputError as exc:  # whatever the library refuses, said at the form's field
            field = "outcome" if exc.source == "outcome" else "decision_by"
            problem = _reply_problem(exc, earliest)
        else:
            return see_other(request, "interview_page", interview_id=interview_id)
    # The advice page again, its reply form open with the answers and the problem below its
    # field (`_reply.html` reads ``request.state.reply_form``; the page's route is unchanged).
    request.state.reply_form = {
        "outcome": outcome if outcome in Outcome.__members__ else "other",
        "decision_by": decision_by,
        "problems": {field: problem},
    }
    page = interview_page(request, interview_id, db)
    page.status_code = 422
    return page


def _day(value: object) -> str:
    """A date as the reply form's error says it: "Tue 1 Dec 2026"."""
    from datetime import date

    assert isinstance(value, date)
    return f"{value:%a} {value.day} {value:%b %Y}"


def _reply_problem(exc: InputError, earliest: object) -> str:
    """An :class:`InputError` the library raised for a reply, in the form's plain words."""
    if exc.source == "outcome":
        return "Choose one of the answers."
    return REPLY_DATE_PROBLEMS["early"].format(earliest=_day(earliest))


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
    from afterview.web.sharing_pages import sharing_context

    sharing = sharing_context(request, interview_id)
    waiting = [r for r in db.unclassified_replies() if r["interview"] == interview_id]
    pending = {datetime.fromisoformat(r["at"]) for r in waiting}
    return render(
        request,
        "interview.html",
        "interview",
        row=row,
        record=record,
        advice=advice,
        sharing=sharing,
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
        scheduled=send_later.scheduled_for(db, [m.id for m in messages if m.state == "draft"]),
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
