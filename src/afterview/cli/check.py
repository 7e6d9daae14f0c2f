"""``afterview check DRAFT... --situation FILE``: proofread drafts against the interview record."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from afterview.cli.application import app
from afterview.cli.checking import KINDS
from afterview.cli.options import Db


@app.command()
def check(
    drafts: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Draft files (.txt with optional To:/Subject: lines, or .eml) or folders. "
            "With --interview and no draft, that interview's saved drafts are checked."
        ),
    ] = None,
    situation: Annotated[
        Path | None,
        typer.Option("--situation", "-s", help="The interview's situation file."),
    ] = None,
    interview: Annotated[
        int | None,
        typer.Option("--interview", "-i", help="A stored interview's id (see afterview list)."),
    ] = None,
    db: Db = None,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            "-k",
            help=f"What the draft is: {', '.join(KINDS)}; default: the kind its text reads as.",
        ),
    ] = None,
    at: Annotated[
        str | None,
        typer.Option(
            "--at",
            help="When it would be sent (RFC 3339 with offset); default: the situation's `now`, "
            "else the current time.",
        ),
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print Contract 4 JSON.")] = False,
) -> None:
    """Proofread drafts against the interview record: names, company, role, spelling, tone, timing.

    Give the record as a situation file (--situation) or a stored interview (--interview).
    Without --kind, each draft is checked as the kind its text reads as (a status check, a
    LinkedIn note, a thank-you ...); the JSON's stats.kind says which.

    Exit status 0 when no finding is an error, 1 when one is, 2 for bad input.

    Example:  afterview check draft.txt --situation examples/panel-interview.toml
    """
    from afterview.cli.checking import run_check

    raise typer.Exit(run_check(drafts or [], situation, kind, at, json_out, interview, db))
