"""The draft editor: live checking, the hand-off buttons (through the outbox's guard), and the
message's state after each hand-off.

Every action is a form post answered by a redirect to the message's page (Post/Redirect/Get),
which shows the message's new state and what to do next; ``?done=ACTION`` adds a one-line
notice. A refresh or Back never posts again, and a post for a message that has already moved
on (a second click, a resubmitted old page) changes nothing and shows the state it is in.
The .eml hand-off records the hand-off, then the page fetches the stored message's .eml (a
``<meta http-equiv="refresh">`` to its GET link, which works with and without JS): the same
Message-ID every time, so downloading it again is not a second send.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta
from io import BytesIO
from typing import Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from afterview.errors import AfterviewError, InputError
from afterview.web import csrf, send_later
from afterview.web.deps import Store, now, smtp_ready
from afterview.web.errors import said_to_student
from afterview.web.highlight import TIMING_RULES, Layout, pieces, rule_summary
from afterview.web.pages import KINDS, fragment, render, templates
from afterview.web.sharing_pages import draft_comments

router = APIRouter(include_in_schema=False)
templates.env.globals["rule_summary"] = rule_summary  # the findings' "Why is this flagged?"

# ?done=ACTION on the message's page: the notice, shown only in the states the action leads to.
NOTICES: dict[str, tuple[tuple[str, ...], str]] = {
    "save": (("draft",), "Saved."),
    "eml": (("handed_off", "sent"), "Your .eml file is downloading."),
    "mailto": (("handed_off", "sent"), "Handed to your mail client: open it there and send it."),
    "smtp": (("sent",), "Your mail server accepted it."),
    "by_hand": (("sent",), "Recorded as sent."),
    "confirm": (("sent",), "Recorded as sent."),
    "cancel": (("cancelled",), "Cancelled: nothing was sent."),
    "schedule": (("draft",), "Scheduled: a worker sends it at the time below, checked again then."),
    "unschedule": (("draft",), "The scheduled send is cancelled: nothing was sent."),
    "doubt": (
        ("sending",),
        "The send did not finish: it may or may not have gone (below is what is known).",
    ),
    "already": (
        ("handed_off", "sent", "cancelled", "sending"),
        "Nothing new was done: this message had already moved on (below is where it stands).",
    ),
}
HOW = {
    "smtp": "through your mail server",
    "by hand": "by you, outside afterview",
    "eml": "from your mail client, as an .eml file",
    "mailto": "from your mail client, from a mail link",
    "sync": "found in your Sent folder",
}


def emailed(message: Any) -> bool:
    """Whether the message goes by email (a LinkedIn note's address is its profile's URL)."""
    return bool(message.address and "@" in message.address)


def as_checked(message: Any) -> Any:
    """The message as the checker should read it: without a To: line when it does not go by
    email (a profile URL is not a wrong email address)."""
    return message if emailed(message) else dataclasses.replace(message, address=None)


def schedule(db: Any, message: Any, moment: datetime) -> dict[str, Any]:
    """When the draft is due, as of ``moment``: ``window`` (the advice's action it answers, or
    None), ``at`` (the moment its text is checked for: the window's opening when that is still
    ahead, else ``moment``), ``not_yet`` (that opening, or None) and ``closed`` (its window has
    passed, or the advice no longer plans it). Timing is never something to fix in the text:
    a draft written early is checked as it would read when it may go."""
    window = _window(db, message, moment) if message.state == "draft" else None
    not_yet = window.not_before if window is not None and window.not_before > moment else None
    closed = message.state == "draft" and (window is None or window.not_after < moment)
    return {"window": window, "at": not_yet or moment, "not_yet": not_yet, "closed": closed}


def _checked(
    request: Request, db: Any, message: Any, subject: str | None, body: str, at: datetime
) -> dict[str, Any]:
    """Findings for the draft as the message would be sent at ``at`` (:func:`schedule`), each
    saying where it is as the person sees it (the subject field, the body's own lines, or
    "about the whole message"), with highlight pieces for the findings about words."""
    from afterview.checks import Checker, parse_text
    from afterview.checks.rules.panel import sent_notes

    layout = Layout.of(message.address, subject, body)
    sent = sent_notes(db.messages_of(message.interview_id), message.kind, but=message.id)
    checker = Checker(db.situation(message.interview_id), message.kind, at, sent=sent)
    result = checker.check_all([parse_text(layout.text, "draft")]).to_dict()
    result["findings"] = layout.locate(result["findings"])
    subject_pieces = (
        pieces(layout.text, result["findings"], layout.subject_start, layout.subject_end)
        if layout.subject_start is not None
        else []
    )
    return {
        "error": None,
        "result": result,
        "subject_pieces": subject_pieces,
        "pieces": pieces(layout.text, result["findings"], layout.body_start),
    }


def _sendable(
    request: Request, db: Any, message: Any, when: dict[str, Any], force: bool = False
) -> dict[str, Any]:
    """What the send section shows for a draft: what forbids the send now (``held``: the
    advice's reasons and timing, never the text's fault), what to fix in the text (``fix``:
    as of the moment it may go, :func:`schedule`), the warnings, and which hand-offs are
    possible. The hand-off itself stays behind the outbox's guard as of now."""
    from afterview.outbox import obstacles

    checked = as_checked(message)
    reasons, errors, warnings = obstacles(db, checked, now(request))
    if when["not_yet"] is not None:  # the text as it will read when its window opens
        _, text_errors, text_warnings = obstacles(db, checked, when["at"])
    else:
        text_errors, text_warnings = errors, warnings
    timing_errors = [f.message for f in errors if f.rule in TIMING_RULES]
    held = reasons + ([] if when["not_yet"] else timing_errors)
    fix = [f.message for f in text_errors if f.rule not in TIMING_RULES]
    refused = bool(reasons or errors or fix)  # the guard refuses now, or the text is wrong
    later = send_later.box(request, db, message) if emailed(message) else None
    return {
        "held": held,
        "fix": fix,
        "refused": refused,
        "not_yet": when["not_yet"],
        "closed": when["closed"] and not reasons,
        "closed_at": when["window"].not_after if when["window"] is not None else None,
        "warnings": [f.message for f in text_warnings if f.rule not in TIMING_RULES]
        + [f.message for f in warnings if f.rule in TIMING_RULES],
        "force": force,
        "smtp": smtp_ready(),
        "can_email": emailed(message),
        "later": later,
        # "Send it later" is shown when scheduled, or when only the time stands in the way
        "show_later": bool(
            later and (later["at"] or (not held and not fix and (when["not_yet"] or not refused)))
        ),
    }


def _window(db: Any, message: Any, moment: datetime) -> Any:
    """The advice's action this draft answers (its send window), or None."""
    from afterview.advice import advise

    for action in advise(db.situation(message.interview_id), now=moment).actions:
        if action.kind == message.kind and action.to == message.to:
            return action
    return None


def _next_due(db: Any, message: Any, moment: datetime) -> Any:
    """The next thing the advice says to do for this message's interview, or None."""
    from afterview.advice import advise

    actions = [
        a
        for a in advise(db.situation(message.interview_id), now=moment).actions
        if a.not_after >= moment and not (a.kind == message.kind and a.to == message.to)
    ]
    return min(actions, key=lambda a: a.not_before, default=None)


def next_draft(db: Any, message: Any, moment: datetime) -> Any:
    """The draft to open after this one: the next draft of the same interview (after this one,
    else the first), then a due draft of another interview (the agenda's order), or None."""
    mine = [
        m for m in db.messages_of(message.interview_id) if m.state == "draft" and m.id != message.id
    ]
    if mine:
        return next((m for m in mine if m.id > message.id), mine[0])
    seen: dict[int, list[Any]] = {}
    for item in db.agenda(moment, timedelta(days=1)):
        if item.interview_id == message.interview_id:
            continue
        if item.interview_id not in seen:
            seen[item.interview_id] = db.messages_of(item.interview_id)
        for m in seen[item.interview_id]:
            if m.state == "draft" and m.kind == item.kind and m.to == item.to:
                return m
    return None


def _editor(
    request: Request,
    db: Any,
    message: Any,
    status: int = 200,
    done: str = "",
    refusal: str | None = None,
    force: bool = False,
    send_at: tuple[str, str] | None = None,
) -> HTMLResponse:
    """The message's page. ``send_at``: the time typed in "Send it later" and what is wrong
    with it (shown beside the field)."""
    from afterview.outbox import mailto

    moment = now(request)
    states, notice = NOTICES.get(done, ((), ""))
    draft = message.state == "draft"
    handed = message.state == "handed_off"
    following = next_draft(db, message, moment)
    when = schedule(db, message, moment)
    sendable = _sendable(request, db, message, when, force) if draft else {}
    if send_at and not sendable.get("show_later"):  # no field to say it beside
        refusal, send_at = send_at[1], None
    sendable["send_at"] = send_at
    return render(
        request,
        "editor.html",
        "editor",
        status_code=status,
        message=message,
        row=db.interview(message.interview_id),
        kinds=KINDS,
        notice=notice if message.state in states else None,
        download=done == "eml" and handed and message.via == "eml",
        refusal=refusal,
        how=(
            "through your career centre's mail server"
            if message.via == "smtp" and getattr(request.app.state, "accounts", None)
            else HOW.get(message.via or "", "")
        ),
        mailto=mailto(message) if handed and message.via == "mailto" else None,
        window=when["window"],
        cancel_reason=(message.last_error or "").removeprefix("cancelled: ").strip(),
        next_due=None if draft else _next_due(db, message, moment),
        next_draft=following,
        next_company=db.interview(following.interview_id).company if following else "",
        now=moment,
        comments=draft_comments(request, message),
        **sendable,
        **_checked(
            request, db, as_checked(message), message.subject, message.body or "", when["at"]
        ),
    )


def _moved_on(request: Request, message_id: int, done: str) -> RedirectResponse:
    """303 to the message's page with ``?done=`` (Post/Redirect/Get)."""
    path = request.url_for("message_page", message_id=message_id).path
    return RedirectResponse(f"{path}?done={done}", status_code=303)


@router.get("/messages/{message_id}", response_class=HTMLResponse, name="message_page")
def message_page(request: Request, message_id: int, db: Store, done: str = "") -> HTMLResponse:
    return _editor(request, db, db.message(message_id), done=done)


@router.get("/messages/{message_id}/message.eml", name="message_eml")
def message_eml(request: Request, message_id: int, db: Store) -> Response:
    """The .eml of a message already handed off as one, built again from the stored message
    (same Message-ID and Date): a download, not a send."""
    from afterview.outbox import eml_again
    from afterview.web.pages import viewer_zone

    name, raw = eml_again(db, message_id, viewer_zone(request))
    return Response(
        raw,
        media_type="message/rfc822",
        headers={"content-disposition": f'attachment; filename="{name}"'},
    )


@router.post("/messages/{message_id}/check", response_class=HTMLResponse, name="message_check")
def message_check(
    request: Request,
    message_id: int,
    db: Store,
    subject: str = Form("", max_length=998),
    body: str = Form("", max_length=20_000),
    force: str = Form(""),
) -> HTMLResponse:
    """The editor's live findings, as an HTML fragment (nothing is stored), with the send
    section swapped out of band: whether afterview would send the draft as typed."""
    message = db.message(message_id)
    typed = dataclasses.replace(
        message,
        subject=subject.strip() or None if message.subject else None,
        body=body.replace("\r\n", "\n"),
    )
    when = schedule(db, message, now(request))
    context = _checked(request, db, as_checked(typed), typed.subject, typed.body or "", when["at"])
    if message.state == "draft":
        context.update(_sendable(request, db, typed, when, bool(force)), message=message, live=True)
    return fragment(request, "_editor_check.html", **context)


ACTIONS = (
    "save",
    "eml",
    "mailto",
    "smtp",
    "by_hand",
    "confirm",
    "cancel",
    "schedule",
    "unschedule",
)


@router.post("/messages/{message_id}", name="message_action", dependencies=[Depends(csrf.verified)])
def message_action(
    request: Request,
    message_id: int,
    db: Store,
    action: str = Form(),
    subject: str | None = Form(None, max_length=998),
    body: str | None = Form(None, max_length=20_000),
    force: str = Form(""),
    send_at: str = Form("", max_length=40),
) -> Response:
    """Save the edits, then hand the message over (through the outbox's guard), schedule its
    send (or take it off the queue), record it as sent, or cancel it; then show the message's
    new state (a redirect)."""
    from afterview import outbox

    message = db.message(message_id)
    if action not in ACTIONS:
        raise InputError("action", None, f"expected one of {', '.join(ACTIONS)}")
    if message.state != "draft" and not (action == "confirm" and message.state == "handed_off"):
        return _moved_on(request, message_id, "already")  # a second click, an old page resent
    # The form's text is saved first; a post without it (a script, another page's button)
    # keeps the stored text rather than emptying it.
    if message.state == "draft" and action not in ("cancel", "confirm") and body is not None:
        subject = subject or ""
        if "\r" in subject or "\n" in subject:
            return _editor(
                request, db, message, 422, refusal="Subject: expected one line (no line breaks)"
            )
        try:
            message = db.edit_draft(message_id, subject.strip() or None, body.replace("\r\n", "\n"))
        except InputError:  # it was handed off meanwhile (another tab)
            return _moved_on(request, message_id, "already")
    moment = now(request)
    if action in ("schedule", "unschedule"):
        return _later(request, db, message, action, send_at, bool(force))
    try:
        if action == "save":
            return _moved_on(request, message_id, "save")
        if action == "cancel":
            db.finish(message_id, "cancelled", moment)
            return _moved_on(request, message_id, "cancel")
        if action == "confirm":
            if message.state != "handed_off":
                raise outbox.Refused("only a message handed to your mail client is confirmed")
            db.finish(message_id, "sent", moment)  # keeps when and how it was handed off
            return _moved_on(request, message_id, "confirm")
        if action in ("eml", "mailto", "smtp"):
            reasons, errors, warnings = outbox.obstacles(db, message, moment)
            if reasons or errors:
                raise outbox.Refused(
                    "Not sent: afterview will not send this message (the reasons are below)."
                )
            if warnings and not force:
                raise outbox.Refused(
                    'Not sent: it has warnings (below). Fix them, or tick "Send anyway" '
                    "and press the button again."
                )
        if action == "by_hand":  # refused, like a send, when the advice forbids any message
            outbox.record_by_hand(
                db, message.interview_id, message.kind, message.to, moment, moment, draft=message_id
            )
            return _moved_on(request, message_id, "by_hand")
        outbox.send(
            db,
            message_id,
            action,
            moment,
            force=bool(force),
            out=BytesIO() if action == "eml" else None,  # the page downloads the stored .eml
        )
        return _moved_on(request, message_id, action)
    except AfterviewError as exc:
        current = db.message(message_id)
        if current.state != "draft":  # it moved on meanwhile, or the send is in doubt
            doubt = current.state == "sending"
            return _moved_on(request, message_id, "doubt" if doubt else "already")
        said = said_to_student(exc) if isinstance(exc, outbox.SendFailed) else str(exc)
        return _editor(request, db, current, 409, refusal=said, force=bool(force))


def _later(
    request: Request, db: Any, message: Any, action: str, send_at: str, force: bool
) -> Response:
    """Schedule the draft's send at ``send_at``, or take it off the queue; what is wrong is
    said beside the field."""
    from afterview import outbox

    try:
        if action == "unschedule":
            send_later.unschedule(db, message)
        else:
            send_later.schedule(request, db, message, send_at, force)
    except (InputError, outbox.Refused) as exc:
        current = db.message(message.id)
        if current.state != "draft":
            return _moved_on(request, message.id, "already")
        why = exc.expected if isinstance(exc, InputError) else str(exc)
        return _editor(request, db, current, 422, force=force, send_at=(send_at, why))
    return _moved_on(request, message.id, action)
