"""The browser pages: server-rendered Jinja2, enhanced by the vendored HTMX."""

from __future__ import annotations

from datetime import datetime, tzinfo
from functools import cache
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context

from afterview import __version__
from afterview.record import MessageKind
from afterview.web import csrf
from afterview.web.deps import Store, now

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=HERE / "templates")  # autoescapes every value
router = APIRouter(include_in_schema=False)


def render(
    request: Request, name: str, page: str, status_code: int = 200, **context: Any
) -> HTMLResponse:
    """A page; every page carries this browser's CSRF token (cookie and forms)."""
    response = templates.TemplateResponse(
        request,
        name,
        {
            "page": page,
            "version": __version__,
            "csrf": csrf.token(request),
            "viewer_zone": viewer_zone(request),
            **context,
        },
        status_code=status_code,
    )
    csrf.remember(request, response)
    return response


def fragment(request: Request, name: str, **context: Any) -> HTMLResponse:
    """A piece of a page for HTMX to swap in (no layout, no cookie)."""
    return templates.TemplateResponse(
        request, name, {"viewer_zone": viewer_zone(request), **context}
    )


def see_other(request: Request, name: str, **params: Any) -> RedirectResponse:
    """303 to the named page (after a form post: a refresh does not post again)."""
    return RedirectResponse(str(request.url_for(name, **params).path), status_code=303)


def zone_name(moment: datetime) -> str:
    """How a page names ``moment``'s zone: its abbreviation (EST, CET, GMT) where it has one,
    else its place ("Kolkata time", "Istanbul time"), else its UTC offset."""
    abbreviation = moment.tzname() or ""
    if abbreviation.isalpha():
        return abbreviation
    key = getattr(moment.tzinfo, "key", None)
    if key and "/" in key:
        return key.rsplit("/", 1)[1].replace("_", " ") + " time"
    return "UTC" + moment.strftime("%z")[:3] + ":" + moment.strftime("%z")[3:]


def _moment(value: Any) -> datetime:
    return datetime.fromisoformat(value) if isinstance(value, str) else value


def viewer_zone(request: Request) -> tzinfo:
    """The zone the person at the browser lives in: this machine's (or that of the fixed
    clock the app was started with)."""
    zone = now(request).tzinfo
    assert zone is not None  # now() is always aware
    return zone


@pass_context
def when(context: Any, value: Any) -> str:
    """A moment as every page shows it: in the viewer's zone, with the zone named:
    "Tue 24 Nov 14:00 EST". (``render`` puts the viewer's zone in every page's context.)"""
    return when_text(_moment(value), context["viewer_zone"])


def when_text(moment: datetime, zone: tzinfo) -> str:
    """:func:`when` outside a template: ``moment`` in ``zone``, the zone named."""
    moment = moment.astimezone(zone)
    return f"{moment:%a} {moment.day} {moment:%b %H:%M} {zone_name(moment)}"


@pass_context
def their_time(context: Any, value: Any, zone: Any = None) -> str:
    """The same moment as the recipient reads it, for beside :func:`when`: "(09:00 PST their
    time)", or "" when their clock reads the same as the viewer's. ``zone``: their zone (a
    ``ZoneInfo`` or its key); without it, the zone the moment was written in."""
    moment = _moment(value)
    if zone is not None:
        from zoneinfo import ZoneInfo

        moment = moment.astimezone(ZoneInfo(zone) if isinstance(zone, str) else zone)
    mine = moment.astimezone(context["viewer_zone"])
    if moment.utcoffset() == mine.utcoffset():
        return ""
    day = "" if moment.date() == mine.date() else f"{moment:%a} "
    return f"({day}{moment:%H:%M} {zone_name(moment)} their time)"


@pass_context
def their_window(context: Any, start: Any, end: Any, zone: Any = None) -> str:
    """A send window as the recipient's clock reads it, for beside the viewer's: "(their time:
    Tue 12:00 – Wed 10:30 CST)", or "" when the two clocks agree."""
    first, last = _moment(start), _moment(end)
    if zone is not None:
        from zoneinfo import ZoneInfo

        where = ZoneInfo(zone) if isinstance(zone, str) else zone
        first, last = first.astimezone(where), last.astimezone(where)
    if first.utcoffset() == first.astimezone(context["viewer_zone"]).utcoffset():
        return ""
    if first.date() == last.date():
        return f"(their time: {first:%H:%M} – {last:%H:%M} {zone_name(last)})"
    return (  # a window of several days: each end with its date
        f"(their time: {first:%a} {first.day} {first:%b %H:%M} – "
        f"{last:%a} {last.day} {last:%b %H:%M} {zone_name(last)})"
    )


templates.env.filters["when"] = when
templates.env.filters["their_window"] = their_window
templates.env.filters["their_time"] = their_time


def _words() -> None:
    """What every template may name: the verdicts' labels and meanings, and the words for a
    kind of message and a message's state (from the library: one place for each)."""
    from afterview.advice.verdicts import VERDICTS
    from afterview.progress import STATE_WORDS, interview_word, kind_word, reply_said

    templates.env.filters["first_upper"] = lambda text: str(text)[:1].upper() + str(text)[1:]
    templates.env.globals.update(
        verdicts=VERDICTS,
        kind_word=kind_word,
        interview_word=interview_word,
        state_words=STATE_WORDS,
        reply_said=reply_said,
    )


_words()


@cache
def _guide_html(style: str = "U") -> str:
    """The guide (the same Markdown `afterview guide` prints) as HTML, in the reader's spelling
    system ``style`` (afterview.regional_spelling), without the rule ids the command line's
    guide ends its points with (words for job seekers; ``afterview rules`` lists them); raw
    HTML in the Markdown is escaped, not passed through."""
    import re

    from markdown_it import MarkdownIt

    from afterview.advice.pack import load_pack
    from afterview.guide import render_markdown
    from afterview.regional_spelling import respell

    ids = "|".join(re.escape(rule.id) for rule in load_pack().rules)
    text = re.sub(rf" \(`(?:{ids})`\)", "", render_markdown())
    return MarkdownIt("commonmark", {"html": False}).render(respell(text, style))


@router.get("/guide", response_class=HTMLResponse, name="guide_page")
def guide_page(request: Request) -> HTMLResponse:
    from markupsafe import Markup

    from afterview.regional_spelling import reader_style

    style = reader_style(viewer_zone=viewer_zone(request))
    return render(request, "guide.html", "guide", guide_html=Markup(_guide_html(style)))


KINDS = [k.value for k in MessageKind]


def _findings(
    situation: str, kind: str, draft: str, db: Any = None, interview: str = "", at: Any = None
) -> dict[str, Any]:
    """Check ``draft`` against a recorded interview (``interview``: its id, as ``afterview
    check --interview``) or else the pasted situation text; an input error becomes a message."""
    from afterview.checks import check_text
    from afterview.errors import AfterviewError, InputError
    from afterview.situation import parse_situation
    from afterview.web.highlight import pieces

    try:
        if kind not in KINDS:
            raise InputError("kind", None, f"expected one of {', '.join(KINDS)}")
        if interview:
            if not interview.isdigit():
                raise InputError("interview", None, "expected one of your recorded interviews")
            try:
                record = db.situation(int(interview))
            except AfterviewError:
                raise InputError(
                    "interview", None, "no such recorded interview: pick one from the list"
                ) from None
        else:
            if not situation.strip():
                raise InputError(
                    "situation",
                    None,
                    "pick a recorded interview, or paste a situation (TOML or JSON)",
                )
            fmt = "json" if situation.lstrip().startswith("{") else "toml"
            record = parse_situation(situation, source="situation", fmt=fmt)
            at = None  # a pasted situation is checked as of its own `now`
        result = check_text(draft, record, kind, at=at, path="draft").to_dict()
    except InputError as exc:
        return {"error": exc.line(), "result": None, "pieces": []}
    return {"error": None, "result": result, "pieces": pieces(draft, result["findings"])}


def _check_context(db: Any, **values: Any) -> dict[str, Any]:
    """What the check page shows besides the findings: the recorded interviews to pick."""
    return {"kinds": KINDS, "interviews": db.interviews(), **values}


@router.get("/check", response_class=HTMLResponse, name="check_page")
def check_page(request: Request, db: Store, interview: str = "", kind: str = "") -> HTMLResponse:
    """Check a draft against a recorded interview (``?interview=ID&kind=K`` picks them), or
    against a situation pasted in the advanced box."""
    return render(
        request,
        "check.html",
        "check",
        **_check_context(
            db,
            situation="",
            draft="",
            kind=kind if kind in KINDS else "thank_you",
            interview=interview,
            error=None,
            result=None,
            pieces=[],
        ),
    )


@router.post("/check", response_class=HTMLResponse, name="check_fragment")
def check_fragment(
    request: Request,
    db: Store,
    situation: str = Form("", max_length=64_000),
    draft: str = Form(max_length=20_000),
    kind: str = Form("thank_you"),
    interview: str = Form("", max_length=12),
) -> HTMLResponse:
    """The findings as an HTML fragment for HTMX; the whole page for a plain form post."""
    found = _findings(situation, kind, draft, db, interview.strip(), now(request))
    if request.headers.get("hx-request") == "true":
        return fragment(request, "_findings.html", **found)
    return render(
        request,
        "check.html",
        "check",
        **_check_context(
            db, situation=situation, draft=draft, kind=kind, interview=interview, **found
        ),
    )
