"""Options shared by several commands, declared once."""

from __future__ import annotations

from typing import Annotated

import typer

Target = Annotated[
    str,
    typer.Argument(
        metavar="FILE|ID",
        help="Situation file (TOML or JSON, format 1), or the id of a stored interview.",
    ),
]
Db = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="The store: an SQLite file or a database URL; default: DATABASE_URL, else the "
        "user data folder.",
    ),
]
Json = Annotated[bool, typer.Option("--json", help="Print JSON.")]
Jsonl = Annotated[
    bool,
    typer.Option("--jsonl", help="Print one JSON object a line (for jq, grep and pipelines)."),
]
