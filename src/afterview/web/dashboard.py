"""The dashboard: what is due, and every interview with its progress and next step."""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from afterview.web import send_later
from afterview.web.deps import Store, now
from afterview.web.pages import render, viewer_zone

router = APIRouter(include_in_schema=False)

AGENDA_DAYS = 14


@router.get("/", response_class=HTMLResponse, name="home")
def home(request: Request, db: Store) -> Response:
    """The dashboard: what is due, every interview, and the short answer for newcomers. An
    advisor's home is what students share with them."""
    user = getattr(request.state, "user", None)
    if user is not None and user.role == "advisor":
        return RedirectResponse(request.url_for("advisor_home").path, status_code=303)
    from afterview.advice.pack import load_pack
    from afterview.progress import agenda_messages, overview
    from afterview.regional_spelling import reader_style, respell

    pack = load_pack()
    moment = now(request)
    style = reader_style(viewer_zone=viewer_zone(request))
    agenda = db.agenda(moment, horizon=timedelta(days=AGENDA_DAYS))
    interviews = overview(db, moment, style)
    drafts = agenda_messages(db, agenda)
    steps = [i.progress.step.message_id for i in interviews if i.progress.step.do == "open_draft"]
    return render(
        request,
        "home.html",
        "home",
        short_answer=respell(pack.text(pack.guide["short_answer"]), style),
        checklist=[respell(q["question"], style) for q in pack.checklist],
        interviews=interviews,
        agenda=list(
            zip(
                agenda,
                [i.overdue(moment) for i in agenda],
                drafts,
                strict=True,
            )
        ),
        agenda_days=AGENDA_DAYS,
        scheduled=send_later.scheduled_for(db, [*steps, *(m.id for m in drafts if m)]),
        last_synced=db.last_synced(),
        to_classify=db.unclassified_replies(),
    )
