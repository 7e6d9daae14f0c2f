"""``afterview advise FILE``: verdict, actions and their windows, reasons, checklist."""

from __future__ import annotations

from typing import Annotated

import typer

from afterview.cli.application import app
from afterview.cli.options import Db, Target


@app.command()
def advise(
    file: Target,
    db: Db = None,
    json_out: Annotated[
        bool, typer.Option("--json", help="Print Contract 2 JSON instead of text.")
    ] = False,
    now: Annotated[
        str | None,
        typer.Option(
            "--now",
            help="Advise as of this time (RFC 3339 with offset); default: the file's `now`, "
            "else the clock.",
        ),
    ] = None,
) -> None:
    """Should I email, when, and to whom? The verdict, the send windows, the reasons, the checklist.

    Example:  afterview advise examples/panel-interview.toml   (or a stored id: afterview advise 3)
    """
    from afterview.cli.advising import run_advise

    run_advise(file, db, json_out, now)
