"""The tracker's pages: dashboard and agenda, the new-interview wizard, the advice page and
the draft editor with its hand-off buttons (through the outbox's guard)."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import timedelta
from io import BytesIO
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from afterview.errors import AfterviewError, InputError
from afterview.web import csrf, wizard
from afterview.web.deps import Store, now, smtp_ready
from afterview.web.pages import KINDS, render

router = APIRouter(include_in_schema=False)
AGENDA_DAYS = 14
MAX_INVITE = 128 * 1024  # bytes


def _see(request: Request, name: str, **params: Any) -> RedirectResponse:
    return RedirectResponse(str(request.url_for(name, **params).path), status_code=303)


@router.get("/", response_class=HTMLResponse, name="home")
def home(request: Request, db: Store) -> HTMLResponse:
    """The dashboard: what is due, every interview, and the short answer for newcomers."""
    from afterview.advice.pack import load_pack

    pack = load_pack()
    moment = now(request)
    agenda = db.agenda(moment, horizon=timedelta(days=AGENDA_DAYS))
    return render(
        request,
        "home.html",
        "home",
        short_answer=pack.text(pack.guide["short_answer"]),
        checklist=[q["question"] for q in pack.checklist],
        interviews=db.interviews(),
        agenda=[(item, item.overdue(moment)) for item in agenda],
        agenda_days=AGENDA_DAYS,
        last_synced=db.last_synced(),
        to_classify=db.unclassified_replies(),
    )


def _wizard_defaults(request: Request, db: Any) -> dict[str, str]:
    """A fresh form: this machine's zone, and your details from your last interview."""
    zone = getattr(now(request).tzinfo, "key", None)
    if zone is None:
        from tzlocal import get_localzone_name

        zone = get_localzone_name() or "UTC"
    values = {"timezone": zone, "minutes": "45", "kind": "video", "contact": "unknown"}
    rows = db.interviews()
    if rows:
        me = db.situation(rows[0].id).candidate
        values.update(me_name=me.name, me_email=me.email, me_phone=me.phone or "")
    return values


def _wizard(
    request: Request,
    values: dict[str, Any],
    error: InputError | None = None,
    status: int = 200,
    editing: int | None = None,
) -> HTMLResponse:
    if editing is None:
        action = request.url_for("submit_interview").path
    else:
        action = request.url_for("save_interview", interview_id=editing).path
    return render(
        request,
        "wizard.html",
        "new" if editing is None else "edit",
        status_code=status,
        v=values,
        key=values.get("key") or uuid.uuid4().hex,
        action=action,
        editing=editing,
        kinds=wizard.KINDS,
        zones=wizard.zones(),
        people=range(max(wizard.PEOPLE, wizard.rows(values))),
        error=error.line() if error else None,
        invalid=wizard.form_field(error.field) if error else None,
    )


@router.get("/interviews/new", response_class=HTMLResponse, name="new_interview")
def new_interview(request: Request, db: Store) -> HTMLResponse:
    return _wizard(request, _wizard_defaults(request, db))


@router.post("/interviews/new", name="submit_interview", dependencies=[Depends(csrf.verified)])
async def create_interview(request: Request, db: Store) -> Response:
    """Store the wizard's interview; the form's key makes a double submit update, not copy."""
    form = await request.form()
    values = {k: v for k, v in form.items() if isinstance(v, str)}
    key = values.get("key", "")
    if not key.isalnum() or len(key) > 64:
        key = uuid.uuid4().hex
    try:
        data = wizard.situation_data(values)
        interview_id, _ = db.import_data(data, f"web:{key}", now(request), source=wizard.SOURCE)
    except InputError as exc:
        return _wizard(request, {**values, "key": key}, exc, 422)
    return _see(request, "interview_page", interview_id=interview_id)


@router.post("/interviews/invite", name="import_invite", dependencies=[Depends(csrf.verified)])
async def import_invite(
    request: Request,
    db: Store,
    invite: Annotated[UploadFile, File()],
    me: str = Form(max_length=320),
    company: str = Form("", max_length=200),
    role: str = Form("", max_length=200),
) -> Response:
    """Store an interview from a calendar invite (.ics)."""
    raw = await invite.read(MAX_INVITE + 1)
    name = invite.filename or "invite.ics"
    try:
        if len(raw) > MAX_INVITE:
            raise InputError(name, None, f"expected an invite under {MAX_INVITE // 1024} KiB")
        details = {"me": me.strip(), "company": company.strip() or None}
        details["role"] = role.strip() or None
        interview_id, _ = db.import_invite_raw(raw, name, now(request), **details)
    except InputError as exc:
        values = {**_wizard_defaults(request, db), "me_email": me, "company": company, "role": role}
        return _wizard(request, values, exc, 422)
    return _see(request, "interview_page", interview_id=interview_id)


@router.get("/interviews/{interview_id}/edit", response_class=HTMLResponse, name="edit_interview")
def edit_interview(request: Request, interview_id: int, db: Store) -> HTMLResponse:
    """The wizard, filled in from the stored interview."""
    data = db.source_data(interview_id)
    zone = _wizard_defaults(request, db)["timezone"]
    return _wizard(request, wizard.form_values(data, zone), editing=interview_id)


@router.post(
    "/interviews/{interview_id}/edit",
    name="save_interview",
    dependencies=[Depends(csrf.verified)],
)
async def save_interview(request: Request, interview_id: int, db: Store) -> Response:
    """Store the edited interview (what the form does not show is kept) and show its advice."""
    base = db.source_data(interview_id)
    form = await request.form()
    values = {k: v for k, v in form.items() if isinstance(v, str)}
    try:
        db.replace_data(interview_id, wizard.situation_data(values, base), now(request))
    except InputError as exc:
        return _wizard(request, values, exc, 422, editing=interview_id)
    return _see(request, "interview_page", interview_id=interview_id)


@router.post(
    "/interviews/{interview_id}/replied",
    name="record_reply",
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
    return _see(request, "interview_page", interview_id=interview_id)


@router.get("/interviews/{interview_id}", response_class=HTMLResponse, name="interview_page")
def interview_page(request: Request, interview_id: int, db: Store) -> HTMLResponse:
    """The advice: verdict, actions and their windows on a timeline, reasons with sources."""
    from afterview.advice import advise
    from afterview.web.timeline import picture

    row = db.interview(interview_id)
    record = db.situation(interview_id)
    moment = now(request)
    advice = advise(record, now=moment).to_dict()
    return render(
        request,
        "interview.html",
        "interview",
        row=row,
        record=record,
        advice=advice,
        picture=picture(
            record.interview.started_at,
            moment,
            advice["actions"],
            record.interview.decision_expected_by,
        ),
        messages=db.messages_of(interview_id),
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
        return _see(request, "interview_page", interview_id=interview_id)
    return _see(request, "message_page", message_id=pending[0].id)


def _checked(request: Request, db: Any, message: Any, text: str) -> dict[str, Any]:
    """Findings for ``text`` as the message would be sent now, with highlight pieces."""
    from afterview.checks import Checker, parse_text
    from afterview.web.highlight import pieces

    checker = Checker(db.situation(message.interview_id), message.kind, now(request))
    draft = parse_text(text, "draft")
    result = checker.check_all([draft]).to_dict()
    return {"error": None, "result": result, "pieces": pieces(text, result["findings"])}


def _editor(
    request: Request,
    db: Any,
    message: Any,
    status: int = 200,
    notice: str | None = None,
    refusal: str | None = None,
    mailto: str | None = None,
) -> HTMLResponse:
    from afterview.outbox import problems

    moment = now(request)
    blocking, warnings = problems(db, message, moment) if message.state == "draft" else ([], [])
    return render(
        request,
        "editor.html",
        "editor",
        status_code=status,
        message=message,
        row=db.interview(message.interview_id),
        kinds=KINDS,
        blocking=blocking,
        warnings=warnings,
        smtp=smtp_ready(),
        notice=notice,
        refusal=refusal,
        mailto=mailto,
        **_checked(request, db, message, message.as_text()),
    )


@router.get("/messages/{message_id}", response_class=HTMLResponse, name="message_page")
def message_page(request: Request, message_id: int, db: Store, saved: int = 0) -> HTMLResponse:
    message = db.message(message_id)
    return _editor(request, db, message, notice="Saved." if saved else None)


@router.post("/messages/{message_id}/check", response_class=HTMLResponse, name="message_check")
def message_check(
    request: Request,
    message_id: int,
    db: Store,
    subject: str = Form("", max_length=998),
    body: str = Form("", max_length=20_000),
) -> HTMLResponse:
    """The editor's live findings, as an HTML fragment (nothing is stored)."""
    from afterview.web.pages import templates

    message = db.message(message_id)
    typed = dataclasses.replace(message, subject=subject if message.subject else None, body=body)
    context = _checked(request, db, message, typed.as_text())
    return templates.TemplateResponse(request, "_findings.html", context)


ACTIONS = ("save", "eml", "mailto", "smtp", "by_hand", "cancel")


@router.post("/messages/{message_id}", name="message_action", dependencies=[Depends(csrf.verified)])
def message_action(
    request: Request,
    message_id: int,
    db: Store,
    action: str = Form(),
    subject: str = Form("", max_length=998),
    body: str = Form("", max_length=20_000),
    force: str = Form(""),
) -> Response:
    """Save the edits, then hand the message over (through the outbox's guard) or cancel it."""
    from afterview import outbox

    message = db.message(message_id)
    if action not in ACTIONS:
        raise InputError("action", None, f"expected one of {', '.join(ACTIONS)}")
    if message.state == "draft" and action != "cancel":
        if "\r" in subject or "\n" in subject:
            return _editor(
                request, db, message, 422, refusal="subject: expected one line (no line breaks)"
            )
        message = db.edit_draft(message_id, subject.strip() or None, body.replace("\r\n", "\n"))
    moment = now(request)
    try:
        if action == "save":
            return RedirectResponse(
                str(request.url_for("message_page", message_id=message_id).path) + "?saved=1",
                status_code=303,
            )
        if action == "cancel":
            if message.state != "draft":
                raise outbox.Refused(f"message {message_id} is {message.state}; only drafts cancel")
            db.finish(message_id, "cancelled", moment)
            return _see(request, "interview_page", interview_id=message.interview_id)
        if action == "by_hand":
            if message.state != "draft" or not db.claim(message_id):
                raise outbox.Refused(f"message {message_id} is {message.state} already")
            db.finish(message_id, "sent", moment, "by hand")
            return _editor(request, db, db.message(message_id), notice="Recorded as sent.")
        if action == "eml":
            buffer = BytesIO()
            name = outbox.send(db, message_id, "eml", moment, force=bool(force), out=buffer)
            return Response(
                buffer.getvalue(),
                media_type="message/rfc822",
                headers={"content-disposition": f'attachment; filename="{name}"'},
            )
        if action == "mailto":
            link = outbox.send(db, message_id, "mailto", moment, force=bool(force))
            return _editor(
                request,
                db,
                db.message(message_id),
                notice="Recorded as sent. Open it in your mail client and press Send there.",
                mailto=link,
            )
        done = outbox.send(db, message_id, "smtp", moment, force=bool(force))
        return _editor(
            request, db, db.message(message_id), notice=done[:1].upper() + done[1:] + "."
        )
    except AfterviewError as exc:
        return _editor(request, db, db.message(message_id), 409, refusal=str(exc))
