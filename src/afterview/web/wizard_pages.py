"""The new-interview wizard's pages: a fresh form, a calendar invite, editing a stored interview.

A form is submitted at most once, by construction: ``GET /interviews/new`` issues a key and
sends the browser to ``/interviews/new?key=K``, so the key is part of the page's address and
comes back with it on Back or refresh. The interview the form creates is stored under that key;
the same key posted again updates it, and the page for a key already used sends you to that
interview's edit page instead of a fresh form."""

from __future__ import annotations

import base64
import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from afterview.errors import InputError
from afterview.web import csrf, wizard
from afterview.web.deps import Store, now
from afterview.web.pages import render, see_other

router = APIRouter(include_in_schema=False)

MAX_INVITE = 128 * 1024  # bytes
KEPT_MAX = 4 * -(-MAX_INVITE // 3)  # the longest invite kept in the form, as base64
INVITE_FIELDS = ("invite", "i_name", "me", "i_company", "i_role", "i_kind")


def _valid_key(key: str | None) -> bool:
    """A key as issued: letters and digits, at most 64 (anything else gets a new one)."""
    return key is not None and key.isalnum() and len(key) <= 64


def _wizard_defaults(request: Request, db: Any) -> dict[str, str]:
    """A fresh form: your zone (this machine's; the interviewers' is asked, never assumed),
    and your details from your last interview."""
    zone = getattr(now(request).tzinfo, "key", None)
    if zone is None:
        from tzlocal import get_localzone_name

        zone = get_localzone_name() or "UTC"
    values = {"timezone": "", "me_timezone": zone, "minutes": "45", "kind": "video"}
    values["contact"] = "unknown"
    rows = db.interviews()
    if rows:
        me = db.situation(rows[0].id).candidate
        values.update(me_name=me.name, me_email=me.email, me_phone=me.phone or "")
        if _server_zone_only(request) and me.timezone:  # the zone they gave last time
            values["me_timezone"] = str(getattr(me.timezone, "key", me.timezone))
    return values


def _server_zone_only(request: Request) -> bool:
    """A shared deployment's student who has not said their zone: the pages' zone is the
    server's, which is not theirs unless they say so."""
    user = getattr(request.state, "user", None)
    return user is not None and not user.timezone


def _server_zone() -> str:
    """This machine's zone by name (what a form holds when the student has not said theirs)."""
    from tzlocal import get_localzone_name

    return get_localzone_name() or "UTC"


def _adopt_zone(request: Request, db: Any, zone: str | None) -> None:
    """A student of a shared deployment who has no zone of their own takes the one they gave
    as theirs in the wizard (unless it is just the server's, filled in): their pages then show
    times in it. The account page shows it and changes it."""
    if not zone or not _server_zone_only(request):
        return
    from zoneinfo import available_timezones

    if zone in available_timezones() and zone != _server_zone():
        from afterview.store.accounts import Accounts

        Accounts(db.engine).set_timezone(request.state.user.id, zone)


def _wizard(
    request: Request,
    values: dict[str, Any],
    error: InputError | None = None,
    status: int = 200,
    editing: int | None = None,
    **extra: Any,
) -> HTMLResponse:
    if editing is None:
        action = request.url_for("submit_interview").path
    else:
        action = request.url_for("save_interview", interview_id=editing).path
    problems = _problems(error)
    shown = max(wizard.PEOPLE, wizard.rows(values))
    added = None  # the row "Add another person" just added (opened, its name focused)
    if values.get("add_person") and shown < wizard.MAX_PEOPLE:
        added = shown
        shown += 1
    return render(
        request,
        "wizard.html",
        "new" if editing is None else "edit",
        status_code=status,
        v=values,
        key=values.get("key") or "",
        action=action,
        editing=editing,
        kinds=wizard.KINDS,
        kinds_shown=[(k, k.replace("_", " ")) for k in wizard.KINDS],
        zones=wizard.zones(),
        guess_zone=_server_zone_only(request),
        server_zone=_server_zone(),
        people=range(shown),
        added=added,
        people_full=shown >= wizard.MAX_PEOPLE,
        max_people=wizard.MAX_PEOPLE,
        problems=problems,
        summary_items=wizard.summary_lines(problems),
        invite_open=any(name in problems for name in INVITE_FIELDS),
        **extra,
    )


def _problems(error: InputError | None) -> dict[str, str]:
    """Each form input that is wrong, with what to do about it, in plain words."""
    if error is None:
        return {}
    if isinstance(error, wizard.FormProblems):
        return error.problems
    # A problem the form cannot place: it is shown at the top, with no key path.
    return {"": error.expected[:1].upper() + error.expected[1:]}


@router.get("/interviews/new", response_class=HTMLResponse, name="new_interview")
def new_interview(request: Request, db: Store, key: str | None = None) -> Response:
    """A fresh form under a new key; the form of a key already used is that interview's."""
    if not _valid_key(key):
        target = request.url_for("new_interview").include_query_params(key=uuid.uuid4().hex)
        return RedirectResponse(str(target.path) + "?" + str(target.query), status_code=303)
    done = db.interview_with_key(f"web:{key}")
    if done is not None:
        edit = request.url_for("edit_interview", interview_id=done)
        return RedirectResponse(f"{edit.path}?again=1", status_code=303)
    page = _wizard(request, {**_wizard_defaults(request, db), "key": key})
    # Back to this page after submitting it must ask the server again (which then sends you to
    # the interview), not show the browser's stored copy with a form that was already sent.
    page.headers["cache-control"] = "no-store"
    return page


@router.post("/interviews/new", name="submit_interview", dependencies=[Depends(csrf.verified)])
async def create_interview(request: Request, db: Store) -> Response:
    """Store the wizard's interview under the form's key: the same form posted again (a
    double submit, Back and submit) updates that interview, never copies it."""
    form = await request.form()
    values = {k: v for k, v in form.items() if isinstance(v, str)}
    key = values.get("key", "")
    if not _valid_key(key):
        key = values["key"] = uuid.uuid4().hex
    if values.get("add_person"):  # one more empty row; nothing stored, every answer kept
        return _wizard(request, values)
    done = db.interview_with_key(f"web:{key}")
    try:
        base = db.source_data(done) if done is not None else None
        data = wizard.situation_data(values, base)
        interview_id, _ = db.import_data(data, f"web:{key}", now(request), source=wizard.SOURCE)
    except InputError as exc:
        return _wizard(request, values, exc, 422)
    _adopt_zone(request, db, values.get("me_timezone"))
    return see_other(request, "interview_page", interview_id=interview_id)


# What to say beside the invite form's fields when the invite leaves something out.
INVITE_MISSING = {
    "me": ("me", "This address is not among the invite's guests. Enter the one it was sent to."),
    "name": ("i_name", "The invite gives only your address. Enter your name."),
    "company": ("i_company", "The invite does not name the company. Enter it here."),
    "role": ("i_role", "The invite does not give the job title. Enter it here."),
    "kind": ("i_kind", "The invite does not say what kind of interview it was. Choose one."),
}


@router.post("/interviews/invite", name="import_invite", dependencies=[Depends(csrf.verified)])
async def import_invite(
    request: Request,
    db: Store,
    invite: Annotated[UploadFile | None, File()] = None,
    me: str = Form("", max_length=320),
    name: str = Form("", max_length=200),
    company: str = Form("", max_length=200),
    role: str = Form("", max_length=200),
    kind: str = Form("", max_length=40),
    kept: str = Form("", max_length=KEPT_MAX),
    kept_name: str = Form("", max_length=200),
) -> Response:
    """Store an interview from a calendar invite (.ics); what it does not say is asked for
    beside the invite form's fields."""
    from afterview.invite import MissingDetail

    raw, filename = b"", ""
    if invite is not None and invite.filename:  # a file chosen now replaces one kept
        raw, filename = await invite.read(MAX_INVITE + 1), invite.filename
    elif kept:
        raw, filename = _unkept(kept), kept_name.strip() or "invite.ics"
    given = {"me_email": me, "i_name": name, "i_company": company, "i_role": role, "i_kind": kind}
    problems: dict[str, str] = {}
    if not raw:
        problems["invite"] = "Choose the invite file (.ics) from your calendar or email."
    elif kind and kind not in wizard.KINDS:
        problems["i_kind"] = "Choose one of the kinds in the list."
    elif len(raw) > MAX_INVITE:
        problems["invite"] = f"Choose an invite file smaller than {MAX_INVITE // 1024} KB."
    else:
        address = me.strip()
        who = f'"{name.strip()}" <{address}>' if name.strip() and "<" not in address else address
        details = {"me": who, "company": company.strip() or None, "role": role.strip() or None}
        details["kind"] = kind or None
        # Yours, when the invite's times name no zone: the zone this page's times are shown in.
        details["timezone"] = _wizard_defaults(request, db)["me_timezone"]
        try:
            interview_id, _ = db.import_invite_raw(raw, filename, now(request), **details)
        except MissingDetail as exc:
            problems.update(INVITE_MISSING[m] for m in exc.missing)
        except InputError as exc:
            problems["me" if exc.source == "--me" else "invite"] = _invite_problem(exc)
        else:
            return see_other(request, "interview_page", interview_id=interview_id)
    values = {**_wizard_defaults(request, db), **given, "key": uuid.uuid4().hex}
    if raw and len(raw) <= MAX_INVITE and "invite" not in problems:
        # The file was readable: keep it in the form, so Import again needs no new choice.
        values.update(kept=base64.b64encode(raw).decode("ascii"), kept_name=filename[:200])
    return _wizard(request, values, wizard.FormProblems(problems), 422)


def _unkept(kept: str) -> bytes:
    """The invite a form kept (base64), or b"" when what came back is not one."""
    import binascii

    try:
        raw = base64.b64decode(kept, validate=True)
    except (binascii.Error, ValueError):
        return b""
    return raw if len(raw) <= MAX_INVITE else b""


def _invite_problem(exc: InputError) -> str:
    """An invite that cannot be read, in plain words (the file's own words kept short)."""
    if exc.source == "--me":
        return "Enter your email address, like name@example.com."
    if exc.field == "DTSTART":
        return "This invite has no start time with a time zone; record the interview below."
    return "This file cannot be read as a calendar invite (.ics). Choose the invite file."


@router.get("/interviews/{interview_id}/edit", response_class=HTMLResponse, name="edit_interview")
def edit_interview(
    request: Request, interview_id: int, db: Store, again: str | None = None
) -> HTMLResponse:
    """The wizard, filled in from the stored interview."""
    data = db.source_data(interview_id)
    zone = _wizard_defaults(request, db)["me_timezone"]
    return _wizard(request, wizard.form_values(data, zone), editing=interview_id, again=bool(again))


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
    if values.get("add_person"):  # one more empty row; nothing stored, every answer kept
        return _wizard(request, values, editing=interview_id)
    try:
        db.replace_data(interview_id, wizard.situation_data(values, base), now(request))
    except InputError as exc:
        return _wizard(request, values, exc, 422, editing=interview_id)
    _adopt_zone(request, db, values.get("me_timezone"))
    return see_other(request, "interview_page", interview_id=interview_id)
