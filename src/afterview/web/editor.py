"""The draft editor: live checking, and the hand-off buttons (through the outbox's guard)."""

from __future__ import annotations

import dataclasses
from io import BytesIO
from typing import Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from afterview.errors import AfterviewError, InputError
from afterview.web import csrf
from afterview.web.deps import Store, now, smtp_ready
from afterview.web.pages import KINDS, fragment, render, see_other

router = APIRouter(include_in_schema=False)


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
    message = db.message(message_id)
    typed = dataclasses.replace(message, subject=subject if message.subject else None, body=body)
    context = _checked(request, db, message, typed.as_text())
    return fragment(request, "_findings.html", **context)


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
            return see_other(request, "interview_page", interview_id=message.interview_id)
        if action == "by_hand":  # refused, like a send, when the advice forbids any message
            outbox.record_by_hand(
                db, message.interview_id, message.kind, message.to, moment, moment, draft=message_id
            )
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
