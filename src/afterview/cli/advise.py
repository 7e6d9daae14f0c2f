"""``afterview advise FILE``: verdict, actions and their windows, reasons, checklist."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from afterview.cli import app
from afterview.cli.output import console, print_json

VERDICT_STYLE = {
    "send": ("SEND", "bold white on green"),
    "wait": ("WAIT", "bold black on yellow"),
    "dont_send": ("DON'T SEND", "bold white on red"),
    "alternative": ("ALTERNATIVE", "bold white on blue"),
}
ANSWER_STYLE = {"yes": "green", "no": "red", "unknown": "yellow", "n/a": "dim"}
CHANNEL_WORD = {"email": "email", "linkedin": "LinkedIn", "post": "post"}


def parse_time(value: str | None, option: str) -> datetime | None:
    """Parse an RFC 3339 time with offset given on the command line."""
    if value is None:
        return None
    from afterview.errors import InputError

    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise InputError(
            option,
            None,
            f"expected an RFC 3339 time with offset, e.g. 2026-11-26T10:00:00-05:00, got {value!r}",
        )
    return moment


@app.command()
def advise(
    file: Annotated[Path, typer.Argument(help="Situation file (TOML or JSON, format 1).")],
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

    Example:  afterview advise examples/panel-interview.toml
    """
    from afterview.advice import advise as run_advise
    from afterview.situation import load_situation

    moment = parse_time(now, "--now")
    advice = run_advise(load_situation(file), now=moment)
    if json_out:
        print_json(advice.to_dict())
        return
    show(advice)


def show(advice: Any) -> None:
    """Print advice for a person: verdict first, then actions, reasons with sources, checklist."""
    from rich.markup import escape

    from afterview.wording import stamp

    out = console()
    label, style = VERDICT_STYLE[advice.verdict]
    out.print(f"[{style}] {label} [/] {escape(advice.summary)}")
    out.print()
    if advice.actions:
        out.print("[bold]What to send[/]")
        for n, a in enumerate(advice.actions, 1):
            kind = a.kind.replace("_", "-")
            address = f" <{a.address}>" if a.address else " [red](no address recorded)[/]"
            if a.channel != "email":
                address = f" · {a.address}" if a.address else ""
            shown = escape(address) if a.address else address
            channel = CHANNEL_WORD[a.channel]
            out.print(f" {n}. [bold]{kind}[/] by {channel} to {escape(a.to)}{shown}")
            zone = getattr(a.not_before.tzinfo, "key", None) or a.not_before.strftime("%z")
            out.print(f"    [cyan]{stamp(a.not_before)} → {stamp(a.not_after)}[/] [dim]({zone})[/]")
        out.print()
    citations: list[str] = []
    if advice.reasons:
        out.print("[bold]Why[/]")
        for r in advice.reasons:
            refs = []
            for source in r.sources:
                if source not in citations:
                    citations.append(source)
                refs.append(str(citations.index(source) + 1))
            out.print(f" • {escape(r.text)} [dim]\\[{', '.join(refs)}] {r.rule}[/]")
        out.print()
    out.print("[bold]Decision checklist[/]")
    for n, c in enumerate(advice.checklist, 1):
        answer = f"[{ANSWER_STYLE[c.answer]}]{c.answer.upper()}[/]"
        out.print(f" {n}. {escape(c.question)}")
        out.print(f"    {answer} — {escape(c.detail)}")
    if citations:
        out.print()
        out.print("[bold]Sources[/]")
        for n, source in enumerate(citations, 1):
            out.print(f" [dim]\\[{n}][/] {escape(source)}")
