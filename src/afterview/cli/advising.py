"""What ``afterview advise`` does and prints, without Typer (the fast path runs it too)."""

from __future__ import annotations

from typing import Any

from afterview.cli.output import console, load_record, parse_time, print_json

VERDICT_STYLE = {  # the words come from afterview.advice.verdicts, as on every page
    "send": "bold white on green",
    "wait": "bold black on yellow",
    "dont_send": "bold white on red",
    "alternative": "bold white on blue",
}
ANSWER_STYLE = {"yes": "green", "no": "red", "unknown": "yellow", "n/a": "dim"}
CHANNEL_WORD = {"email": "email", "linkedin": "LinkedIn", "post": "post"}


def run_advise(file: str, db: str | None, json_out: bool, now: str | None) -> None:
    """Advise on a situation file or a stored interview, as text or Contract 2 JSON."""
    from afterview.advice import advise

    moment = parse_time(now, "--now")
    advice = advise(load_record(file, db), now=moment)
    if json_out:
        print_json(advice.to_dict())
        return
    show(advice)


def _grid() -> Any:
    from rich.table import Table

    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column(overflow="fold")
    return grid


def show(advice: Any) -> None:
    """Print advice for a person: verdict first, then actions, reasons with sources, checklist."""
    from rich.markup import escape

    from afterview.wording import stamp

    out = console()
    from afterview.advice.verdicts import label

    style = VERDICT_STYLE[advice.verdict]
    name = label(advice.verdict).upper()
    out.print(f"[{style}] {escape(name)} [/] {escape(advice.summary)}")
    if advice.actions:
        out.print("\n[bold]What to send[/]")
        grid = _grid()
        for n, a in enumerate(advice.actions, 1):
            kind = a.kind.replace("_", "-")
            if a.channel == "email":
                where = f" <{escape(a.address)}>" if a.address else " [red](no address recorded)[/]"
            else:
                where = f" · {escape(a.address)}" if a.address else ""
            zone = getattr(a.not_before.tzinfo, "key", None) or a.not_before.strftime("%z")
            grid.add_row(
                f"{n}.",
                f"[bold]{kind}[/] by {CHANNEL_WORD[a.channel]} to {escape(a.to)}{where}\n"
                f"[cyan]{stamp(a.not_before)} → {stamp(a.not_after)}[/] [dim]({zone})[/]",
            )
        out.print(grid)
    citations: list[str] = []
    if advice.reasons:
        out.print("\n[bold]Why[/]")
        grid = _grid()
        for r in advice.reasons:
            refs = []
            for source in r.sources:
                if source not in citations:
                    citations.append(source)
                refs.append(str(citations.index(source) + 1))
            grid.add_row("•", f"{escape(r.text)} [dim]\\[{', '.join(refs)}] {r.rule}[/]")
        out.print(grid)
    out.print("\n[bold]Decision checklist[/]")
    grid = _grid()
    for n, c in enumerate(advice.checklist, 1):
        answer = f"[{ANSWER_STYLE[c.answer]}]{c.answer.upper()}[/]"
        grid.add_row(f"{n}.", f"{escape(c.question)}\n{answer} — {escape(c.detail)}")
    out.print(grid)
    if citations:
        out.print("\n[bold]Sources[/]")
        for n, source in enumerate(citations, 1):  # unwrapped: a link is never cut in two
            out.print(f"[dim]{n}.[/] {escape(source)}", soft_wrap=True)
