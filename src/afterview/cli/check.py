"""``afterview check DRAFT... --situation FILE``: proofread drafts against the interview record."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from afterview.cli.application import app
from afterview.cli.checking import KINDS


@app.command()
def check(
    drafts: Annotated[
        list[Path],
        typer.Argument(
            help="Draft files (.txt with optional To:/Subject: lines, or .eml) or directories."
        ),
    ],
    situation: Annotated[
        Path, typer.Option("--situation", "-s", help="The interview's situation file.")
    ],
    kind: Annotated[
        str, typer.Option("--kind", "-k", help=f"What the draft is: {', '.join(KINDS)}.")
    ] = "thank_you",
    at: Annotated[
        str | None,
        typer.Option(
            "--at",
            help="When it would be sent (RFC 3339 with offset); default: the situation's `now`.",
        ),
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print Contract 4 JSON.")] = False,
) -> None:
    """Proofread drafts against the interview record: names, company, role, spelling, tone, timing.

    Exit status 0 when no finding is an error, 1 when one is, 2 for bad input.

    Example:  afterview check draft.txt --situation examples/panel-interview.toml
    """
    from afterview.cli.checking import run_check

    raise typer.Exit(run_check(drafts, situation, kind, at, json_out))
