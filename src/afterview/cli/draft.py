"""``afterview draft FILE``: the messages the advice calls for, ready to edit and send."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from afterview.cli.application import app
from afterview.cli.options import Db, Target


@app.command()
def draft(
    file: Target,
    db: Db = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print Contract 3 JSON.")] = False,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Also write each draft as .txt (and .eml for email) here."),
    ] = None,
    now: Annotated[
        str | None,
        typer.Option("--now", help="Draft as of this time (RFC 3339 with offset)."),
    ] = None,
    save: Annotated[
        bool, typer.Option("--save", help="For a stored interview: keep the drafts in the outbox.")
    ] = False,
) -> None:
    """Write one distinct, personal draft per action of the advice, with its send window.

    Example:  afterview draft examples/panel-interview.toml --out drafts/
    """
    from afterview.cli.drafting import run_draft

    run_draft(file, db, json_out, out, now, save)
