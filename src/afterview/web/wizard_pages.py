"""The new-interview wizard's pages: a fresh form, a calendar invite, editing a stored interview."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, Response

from afterview.errors import InputError
from afterview.web import csrf, wizard
from afterview.web.deps import Store, now
from afterview.web.pages import render, see_other

router = APIRouter(include_in_schema=False)

MAX_INVITE = 128 * 1024  # bytes


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
    return see_other(request, "interview_page", interview_id=interview_id)


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
    return see_other(request, "interview_page", interview_id=interview_id)


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
    return see_other(request, "interview_page", interview_id=interview_id)
