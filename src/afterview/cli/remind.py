"""``afterview remind``: the upcoming send windows, for a calendar or as a list."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated

import typer

from afterview.cli.application import app
from afterview.cli.options import Db
from afterview.cli.output import console


@app.command()
def remind(
    ics: Annotated[
        bool,
        typer.Option(
            "--ics/--no-ics", help="An iCalendar file of the windows (default), or a plain list."
        ),
    ] = True,
    days: Annotated[int, typer.Option("--days", min=1, help="How far ahead.")] = 60,
    db: Db = None,
) -> None:
    """The send windows that have not closed, as an .ics file for any calendar.

    One free event per window, in the recipient's zone, with an alarm when it opens; the same
    window keeps its UID, so importing a newer file updates it. `--no-ics` lists them instead.

    Example:  afterview remind > afterview.ics
    """
    import sys

    from afterview.reminders import calendar
    from afterview.store import open_store
    from afterview.wording import stamp

    now = datetime.now().astimezone()
    items = open_store(db).agenda(now, timedelta(days=days))
    if ics:
        sys.stdout.buffer.write(calendar(items, now))
        return
    out = console()
    upcoming = [i for i in items if i.not_after > now]
    if not upcoming:
        out.print(f"Nothing to send in the next {days} days.")
    for i in upcoming:
        kind = i.kind.replace("_", "-")
        out.print(
            f"{stamp(i.not_before)} → {stamp(i.not_after)}  {kind} to {i.to} · {i.company} "
            f"(interview {i.interview_id})"
        )
