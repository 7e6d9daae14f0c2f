"""Your data and who sees it: download it, delete it, see who looked; show an interview to an
advisor and take it back; and the advisor's side — the interviews shown to them, read-only,
with comments and suggested edits (afterview.store.shares). An advisor never sends: the view
they get has no way to."""

from __future__ import annotations

import contextlib
import json
from functools import cache
from typing import Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, Response

from afterview.errors import InputError, NotFound
from afterview.web import csrf
from afterview.web.deps import Store, base_store, now, user_id
from afterview.web.pages import render, see_other

router = APIRouter(include_in_schema=False)
CONFIRM = "delete"


def _role(request: Request) -> str:
    user = getattr(request.state, "user", None)
    return str(getattr(user, "role", "student"))


def sharing_context(request: Request, interview_id: int) -> dict[str, Any] | None:
    """What the interview page shows about sharing: None outside a shared deployment."""
    from afterview.mode import shared
    from afterview.store import shares

    if not shared():
        return None
    db = base_store(request)
    mine = user_id(request)
    from afterview.progress import kind_word

    return {
        "advisors": shares.advisors(db.engine),
        "shown_to": [
            s for s in shares.shares_of(db.engine, mine) if s.interview_id == interview_id
        ],
        "comments": shares.comments_on(db.engine, mine, interview_id),
        # the draft a comment is about, as the page names it: "thank-you to Zhang Wei"
        "about": {
            m.id: f"{kind_word(m.kind)} to {m.to}" for m in db.of(mine).messages_of(interview_id)
        },
    }


def draft_comments(request: Request, message: Any) -> list[Any]:
    """The advisors' comments on this draft (the editor shows them beside it); none outside a
    shared deployment."""
    from afterview.mode import shared
    from afterview.store import shares

    if not shared():
        return []
    engine = base_store(request).engine
    found = shares.comments_on(engine, user_id(request), message.interview_id)
    return [c for c in found if c.message_id == message.id]


@router.post(
    "/interviews/{interview_id}/share", name="share", dependencies=[Depends(csrf.verified)]
)
def share(request: Request, interview_id: int, db: Store, advisor: int = Form(...)) -> Response:
    """Show this interview (and its drafts) to an advisor."""
    from afterview.store import shares

    db.interview(interview_id)  # yours, or 404
    with contextlib.suppress(InputError):  # not an advisor: nothing shared
        shares.share(db.engine, user_id(request), interview_id, advisor, now(request))
    return see_other(request, "interview_page", interview_id=interview_id)


@router.post(
    "/interviews/{interview_id}/unshare", name="unshare", dependencies=[Depends(csrf.verified)]
)
def unshare(request: Request, interview_id: int, db: Store, advisor: int = Form(...)) -> Response:
    """Stop showing it: from now on the advisor gets "not found"."""
    from afterview.store import shares

    db.interview(interview_id)
    shares.revoke(db.engine, user_id(request), interview_id, advisor, now(request))
    return see_other(request, "interview_page", interview_id=interview_id)


@router.get("/account", response_class=HTMLResponse, name="account_page")
def account_page(request: Request, db: Store, done: str = "") -> HTMLResponse:
    """Your data: download it, delete it, and (in a shared deployment) who looked at it."""

    return _account(request, db, done=done)


def _account(
    request: Request,
    db: Any,
    status_code: int = 200,
    done: str = "",
    problem: str = "",
    mailbox_problems: dict[str, str] | None = None,
    mailbox_form: dict[str, str] | None = None,
    zone_problem: str = "",
    zone_typed: str | None = None,
) -> HTMLResponse:
    from afterview.mode import shared
    from afterview.store import mailboxes, shares

    engine, mine, is_shared = db.engine, user_id(request), shared()
    return render(
        request,
        "account.html",
        "account",
        status_code=status_code,
        interviews=len(db.interviews()),
        looks=shares.audit_of(engine, mine) if is_shared else [],
        companies={f"interview:{r.id}": r.company for r in db.interviews()},
        shown=shares.shares_of(engine, mine) if is_shared else [],
        mailbox=mailboxes.described(db) if is_shared else None,
        mailbox_problems=mailbox_problems or {},
        mailbox_form=mailbox_form or {},
        shared=is_shared,
        done=done,
        confirm_word=CONFIRM,
        problem=problem,
        zones=zone_names() if is_shared else (),
        zone_value=zone_typed
        if zone_typed is not None
        else getattr(getattr(request.state, "user", None), "timezone", None) or "",
        zone_problem=zone_problem,
        zone_label=_zone_label(request),
        now_here=now(request),
    )


def _zone_label(request: Request) -> str:
    mine = getattr(getattr(request.state, "user", None), "timezone", None)
    if mine:
        return f"your zone, {mine}"
    return "the centre's zone (set yours below if you live elsewhere)"


@cache
def zone_names() -> tuple[str, ...]:
    """The IANA zones a user may choose (the tz database's, without the legacy aliases)."""
    from zoneinfo import available_timezones

    return tuple(
        sorted(
            z for z in available_timezones() if "/" in z and not z.startswith(("Etc/", "SystemV/"))
        )
    )


@router.post("/account/timezone", name="account_timezone", dependencies=[Depends(csrf.verified)])
def account_timezone(
    request: Request, db: Store, timezone: str = Form("", max_length=64)
) -> Response:
    """Your time zone: every page shows times in it (empty: the server's)."""
    from zoneinfo import available_timezones

    from afterview.store.accounts import Accounts

    typed = timezone.strip()
    if typed and typed not in available_timezones():
        close = [z for z in zone_names() if typed.casefold() in z.casefold()][:3]
        hint = f" Did you mean {' or '.join(close)}?" if close else ""
        return _account(
            request,
            db,
            422,
            zone_problem=f"Enter a time zone like Europe/Berlin or America/Chicago.{hint}",
            zone_typed=typed,
        )
    Accounts(db.engine).set_timezone(user_id(request), typed or None)
    return see_other_with(request, "account_page", "timezone")


@router.post("/account/mailbox", name="account_mailbox", dependencies=[Depends(csrf.verified)])
def account_mailbox(
    request: Request,
    db: Store,
    host: str = Form("", max_length=255),
    port: str = Form("", max_length=5),
    security: str = Form("tls", max_length=10),
    user: str = Form("", max_length=320),
    password: str = Form("", max_length=1000),
) -> Response:
    """Connect your mailbox, so the deployment's sync finds what you sent and their replies.
    The password is kept encrypted; a problem is said beside its field, nothing kept."""
    from afterview.store import mailboxes

    form = {"host": host, "port": port, "security": security, "user": user}
    try:
        number = int(port) if port.strip() else None
    except ValueError:
        return _account(
            request,
            db,
            422,
            mailbox_problems={"port": "Enter a number, like 993."},
            mailbox_form=form,
        )
    try:
        mailboxes.connect(db, host, number, security, user, password, now(request))
    except InputError as exc:
        field = exc.source if exc.source in MAILBOX_WORDS else "host"
        return _account(
            request, db, 422, mailbox_problems={field: MAILBOX_WORDS[field]}, mailbox_form=form
        )
    return see_other_with(request, "account_page", "mailbox")


@router.post(
    "/account/mailbox/forget", name="account_mailbox_forget", dependencies=[Depends(csrf.verified)]
)
def account_mailbox_forget(request: Request, db: Store) -> Response:
    """Disconnect the mailbox: its settings and password are deleted."""
    from afterview.store import mailboxes

    mailboxes.disconnect(db)
    return see_other_with(request, "account_page", "mailbox-forgotten")


# What to say beside each mailbox field when the library refuses it, in plain words.
MAILBOX_WORDS = {
    "host": "Enter your mail provider's IMAP server, like imap.example.edu.",
    "port": "Enter a port from 1 to 65535 (usually 993), or leave it empty.",
    "security": "Choose how the connection is protected.",
    "user": "Enter the user name you sign in to your mailbox with.",
    "password": "Enter your mailbox's password (or an app password).",
}


@router.get("/account/afterview-data.json", name="account_export")
def account_export(db: Store) -> Response:
    """Everything you stored, as afterview's JSON backup (``afterview import-backup`` reads it)."""
    body = json.dumps(db.export(), ensure_ascii=False, indent=2)
    return Response(
        body,
        media_type="application/json",
        headers={"Content-Disposition": 'attachment; filename="afterview-data.json"'},
    )


@router.post("/account/forget", name="account_forget", dependencies=[Depends(csrf.verified)])
def account_forget(request: Request, db: Store, confirm: str = Form("")) -> Response:
    """Delete everything you stored, once you typed the word (a slip of the mouse is not
    enough). The record of who looked at your data stays."""
    if confirm.strip().casefold() != CONFIRM:
        return _account(
            request, db, 422, problem=f"Type {CONFIRM} to confirm: nothing was deleted."
        )
    db.forget()
    return see_other_with(request, "account_page", "deleted")


def see_other_with(request: Request, name: str, done: str) -> Response:
    """303 to a page, saying what was just done (``?done=``)."""
    response = see_other(request, name)
    response.headers["location"] += f"?done={done}"
    return response


@router.get("/advisor", response_class=HTMLResponse, name="advisor_home")
def advisor_home(request: Request) -> HTMLResponse:
    """The interviews students show you."""
    from afterview.store import shares

    _advisor_only(request)
    engine = base_store(request).engine
    return render(
        request, "advisor.html", "advisor", shown=shares.shared_with(engine, user_id(request))
    )


def _advisor_only(request: Request) -> None:
    if _role(request) != "advisor":
        raise NotFound("page", 0, "your pages")


@router.get(
    "/advisor/interviews/{interview_id}",
    response_class=HTMLResponse,
    name="advisor_interview",
)
def advisor_interview(
    request: Request, interview_id: int, status_code: int = 200, problem: str = ""
) -> HTMLResponse:
    """One shown interview, read-only: the advice, the drafts, the comments, a comment form."""
    from afterview.advice import advise
    from afterview.store import shares

    _advisor_only(request)
    engine = base_store(request).engine
    view = shares.open_shared(engine, user_id(request), interview_id, now(request))
    record = view.situation()
    return render(
        request,
        "advisor_interview.html",
        "advisor",
        status_code=status_code,
        row=view.interview(),
        advice=advise(record, now=now(request)).to_dict(),
        messages=view.messages(),
        comments=shares.comments_on(engine, view.owner_id, interview_id),
        problem=problem,
    )


@router.post(
    "/advisor/interviews/{interview_id}/comments",
    name="advisor_comment",
    dependencies=[Depends(csrf.verified)],
)
def advisor_comment(
    request: Request,
    interview_id: int,
    body: str = Form("", max_length=4000),
    message: str = Form("", max_length=12),
    suggestion: str = Form("", max_length=20000),
) -> Response:
    """A comment, on the interview or one of its drafts, with an optional suggested text."""
    from afterview.store import shares

    _advisor_only(request)
    engine = base_store(request).engine
    try:
        shares.comment(
            engine,
            user_id(request),
            interview_id,
            body,
            now(request),
            message_id=int(message) if message.isdigit() else None,
            suggested_body=suggestion.strip() or None,
        )
    except InputError:
        return advisor_interview(
            request, interview_id, status_code=422, problem="Write a comment first."
        )
    return see_other(request, "advisor_interview", interview_id=interview_id)
