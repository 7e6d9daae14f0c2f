"""``afterview rules``: list the advice rules (and, later, the check rules)."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from afterview.cli.application import app
from afterview.cli.output import console, print_json


@app.command()
def rules(
    json_out: Annotated[bool, typer.Option("--json", help="Print the rules as JSON.")] = False,
) -> None:
    """List every rule — check rules, then advice rules — with its stable id and doc page.

    Example:  afterview rules --json
    """
    from afterview.advice.pack import load_pack
    from afterview.checks.registry import all_rules

    pack = load_pack()
    rows: list[dict[str, Any]] = [
        {
            "id": r.id,
            "family": "check",
            "severity": r.severity,
            "summary": r.summary,
            "doc": f"docs/rules/{r.id}.md",
        }
        for r in all_rules()
    ]
    rows += [
        {
            "id": r.id,
            "family": "advice",
            "effect": r.effect,
            "action": str(r.action) if r.action else None,
            "summary": pack.text(r.guide),
            "doc": f"docs/advice/{r.id}.md",
        }
        for r in pack.rules
    ]
    if json_out:
        print_json({"rules": rows})
        return
    from rich.markup import escape
    from rich.table import Table

    table = Table(box=None, show_header=True, header_style="bold", pad_edge=False)
    table.add_column("id", style="cyan", no_wrap=True)
    table.add_column("family", no_wrap=True)
    table.add_column("kind", no_wrap=True)
    table.add_column("what it does")
    for row in rows:
        if row["family"] == "check":
            kind = row["severity"]
        else:
            kind = row["effect"] + (f" {row['action']}" if row["action"] else "")
        table.add_row(row["id"], row["family"], kind, escape(row["summary"]))
    console().print(table)
