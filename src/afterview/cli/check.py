"""``afterview check DRAFT... --situation FILE``: proofread drafts against the interview record."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from afterview.cli import app
from afterview.cli.output import ExitStatus, console, print_json

KINDS = ["thank_you", "value_add", "status_check", "linkedin_note", "handwritten_note"]


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
    from afterview.checks import check_paths
    from afterview.cli.advise import parse_time
    from afterview.errors import InputError
    from afterview.situation import load_situation

    if kind not in KINDS:
        raise InputError("--kind", None, f"expected one of {', '.join(KINDS)}; got {kind!r}")
    moment = parse_time(at, "--at")
    record = load_situation(situation)
    result = check_paths(drafts, record, kind, moment)
    if json_out:
        print_json(result.to_dict())
    else:
        show(result)
    if result.errors:
        raise typer.Exit(int(ExitStatus.FINDINGS))


def show(result: Any) -> None:
    """Print findings like a linter: file:line:col, rule, message, the line with the span marked."""
    from rich.markup import escape

    out = console()
    out.soft_wrap = True
    lines_cache: dict[str, list[str]] = {}
    for f in result.findings:
        style = "red" if f.severity == "error" else "yellow"
        out.print(
            f"[bold]{escape(f.path)}:{f.line}:{f.column}[/]: [{style}]{f.severity}[/] "
            f"[cyan]{f.rule}[/] {escape(f.message)}"
        )
        lines = lines_cache.setdefault(f.path, _text_lines(f.path))
        if 0 < f.line <= len(lines):
            line, column = _window(lines[f.line - 1], f.column - 1)
            width = max(1, min(len(line) - column, f.end - f.start))
            out.print(f"  [dim]{f.line:>4} |[/] {escape(line)}")
            out.print(f"       [{style}]{' ' * column}{'^' * width}[/]")
        if f.suggestion:
            out.print(f"       [green]suggestion:[/] {escape(f.suggestion)}")
    errors = sum(f.severity == "error" for f in result.findings)
    warnings = len(result.findings) - errors
    drafts = f"{result.drafts} draft{'s' if result.drafts != 1 else ''}"
    if not result.findings:
        out.print(f"[green]No problems found[/] in {drafts} ({result.words} words).")
    else:
        out.print(
            f"[bold]{errors} error{'s' if errors != 1 else ''}, {warnings} warning"
            f"{'s' if warnings != 1 else ''}[/] in {drafts} ({result.words} words)."
        )


def _window(line: str, column: int, width: int = 96) -> tuple[str, int]:
    """A long line cut to ``width`` characters around ``column``; the column in the cut."""
    if len(line) <= width:
        return line, column
    start = max(0, min(column - width // 3, len(line) - width))
    cut = line[start : start + width]
    if start > 0:
        cut, column = "…" + cut[1:], column - start
    else:
        column -= start
    if start + width < len(line):
        cut = cut[:-1] + "…"
    return cut, column


def _text_lines(path: str) -> list[str]:
    from afterview.checks.draft import load_draft

    try:
        return load_draft(path).text.split("\n")
    except Exception:
        return []
