"""The browser pages: server-rendered Jinja2, enhanced by the vendored HTMX."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from afterview import __version__

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=HERE / "templates")  # autoescapes every value
router = APIRouter(include_in_schema=False)


def render(request: Request, name: str, page: str, **context: Any) -> HTMLResponse:
    return templates.TemplateResponse(
        request, name, {"page": page, "version": __version__, **context}
    )


@cache
def _guide_html() -> str:
    """The guide (the same Markdown `afterview guide` prints) as HTML; raw HTML in the
    Markdown is escaped, not passed through."""
    from markdown_it import MarkdownIt

    from afterview.guide import render_markdown

    return MarkdownIt("commonmark", {"html": False}).render(render_markdown())


@router.get("/", response_class=HTMLResponse, name="home")
def home(request: Request) -> HTMLResponse:
    from afterview.advice.pack import load_pack

    pack = load_pack()
    return render(
        request,
        "home.html",
        "home",
        short_answer=pack.text(pack.guide["short_answer"]),
        checklist=[q["question"] for q in pack.checklist],
    )


@router.get("/guide", response_class=HTMLResponse, name="guide_page")
def guide_page(request: Request) -> HTMLResponse:
    from markupsafe import Markup

    return render(request, "guide.html", "guide", guide_html=Markup(_guide_html()))
