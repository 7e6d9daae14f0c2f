"""The dashboard: what is due, and every interview with its progress."""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from afterview.web.deps import Store, now
from afterview.web.pages import render

router = APIRouter(include_in_schema=False)

AGENDA_DAYS = 14


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
