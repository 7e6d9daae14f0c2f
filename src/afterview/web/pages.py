"""The browser pages: server-rendered Jinja2, enhanced by the vendored HTMX."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from afterview import __version__
from afterview.record import MessageKind
from afterview.web import csrf

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
        {"page": page, "version": __version__, "csrf": csrf.token(request), **context},
        status_code=status_code,
    )
    csrf.remember(request, response)
    return response


def see_other(request: Request, name: str, **params: Any) -> RedirectResponse:
    """303 to the named page (after a form post: a refresh does not post again)."""
    return RedirectResponse(str(request.url_for(name, **params).path), status_code=303)


def when(value: Any) -> str:
    """A moment as the pages show it: "Tue 24 Nov 13:00" (in its own zone)."""
    from datetime import datetime

    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return f"{moment:%a} {moment.day} {moment:%b %H:%M}"


templates.env.filters["when"] = when


@cache
def _guide_html() -> str:
    """The guide (the same Markdown `afterview guide` prints) as HTML; raw HTML in the
    Markdown is escaped, not passed through."""
    from markdown_it import MarkdownIt

    from afterview.guide import render_markdown

    return MarkdownIt("commonmark", {"html": False}).render(render_markdown())


@router.get("/guide", response_class=HTMLResponse, name="guide_page")
def guide_page(request: Request) -> HTMLResponse:
    from markupsafe import Markup

    return render(request, "guide.html", "guide", guide_html=Markup(_guide_html()))


KINDS = [k.value for k in MessageKind]


def _findings(situation: str, kind: str, draft: str) -> dict[str, Any]:
    """Check ``draft`` against the situation text; an input error becomes a message."""
    from afterview.checks import check_text
    from afterview.errors import InputError
    from afterview.situation import parse_situation
    from afterview.web.highlight import pieces

    fmt = "json" if situation.lstrip().startswith("{") else "toml"
    try:
        if kind not in KINDS:
            raise InputError("kind", None, f"expected one of {', '.join(KINDS)}")
        record = parse_situation(situation, source="situation", fmt=fmt)
        result = check_text(draft, record, kind, path="draft").to_dict()
    except InputError as exc:
        return {"error": exc.line(), "result": None, "pieces": []}
    return {"error": None, "result": result, "pieces": pieces(draft, result["findings"])}


@router.get("/check", response_class=HTMLResponse, name="check_page")
def check_page(request: Request) -> HTMLResponse:
    return render(
        request,
        "check.html",
        "check",
        situation="",
        draft="",
        kind="thank_you",
        kinds=KINDS,
        error=None,
        result=None,
        pieces=[],
    )


@router.post("/check", response_class=HTMLResponse, name="check_fragment")
def check_fragment(
    request: Request,
    situation: str = Form(max_length=64_000),
    draft: str = Form(max_length=20_000),
    kind: str = Form("thank_you"),
) -> HTMLResponse:
    """The findings as an HTML fragment for HTMX; the whole page for a plain form post."""
    found = _findings(situation, kind, draft)
    if request.headers.get("hx-request") == "true":
        return templates.TemplateResponse(request, "_findings.html", found)
    return render(
        request,
        "check.html",
        "check",
        situation=situation,
        draft=draft,
        kind=kind,
        kinds=KINDS,
        **found,
    )
