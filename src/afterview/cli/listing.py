"""What ``afterview list``, ``agenda`` and ``outbox`` do and print, without Typer (the fast
path runs them too). They only read, so they read through ``afterview.store.open_reader``: a
quick look at a local SQLite store, the store itself anywhere else."""

from __future__ import annotations

from datetime import datetime

from afterview.cli.output import console, print_json, print_jsonl
from afterview.store.quick import open_reader


def one_format(**chosen: bool) -> None:
    """Refuse two output formats at once (``--json --jsonl``): which one was meant?"""
    given = [f"--{name.replace('_out', '').replace('_', '-')}" for name, on in chosen.items() if on]
    if len(given) > 1:
        from afterview.errors import InputError

        raise InputError(given[-1], None, f"give one of {' or '.join(given)}, not both")


def run_list(db: str | None, json_out: bool, jsonl: bool) -> None:
    """The stored interviews, most recent first, with the advice's verdict."""
    one_format(json=json_out, jsonl=jsonl)
    rows = open_reader(db).interviews()
    if jsonl:
        print_jsonl(r.to_dict() for r in rows)
        return
    if json_out:
        print_json([r.to_dict() for r in rows])
        return
    from rich.table import Table

    table = Table(box=None, header_style="bold", pad_edge=False)
    for column in ("id", "company", "role", "kind", "date", "verdict"):
        table.add_column(column)
    from afterview.advice.verdicts import VERDICTS

    for r in rows:
        verdict = VERDICTS[r.verdict].label if r.verdict in VERDICTS else r.verdict
        table.add_row(str(r.id), r.company, r.role, r.kind, f"{r.started_at:%Y-%m-%d}", verdict)
    console().print(table if rows else "No interviews yet: afterview import FILE")


def run_agenda(db: str | None, json_out: bool, jsonl: bool, days: int) -> None:
    """What is due (and overdue) across all interviews, soonest first."""
    one_format(json=json_out, jsonl=jsonl)
    if days < 0:
        from afterview.errors import InputError

        raise InputError("--days", None, f"expected 0 or more days; got {days}")
    from datetime import timedelta

    from rich.markup import escape

    from afterview.wording import stamp

    now = datetime.now().astimezone()
    store = open_reader(db)
    items = store.agenda(now, timedelta(days=days))
    if jsonl:
        print_jsonl(i.to_dict(now) for i in items)
        return
    if json_out:
        print_json([i.to_dict(now) for i in items])
        return
    out = console()
    handed = [m for m in store.outbox() if m.state == "handed_off"]
    for m in handed:
        when = stamp(m.sent_at) if m.sent_at else "earlier"
        out.print(
            f"[yellow]confirm[/] {m.kind.replace('_', '-')} to {escape(m.to)} · handed to your "
            f"mail client {when} · did it go? afterview resolve {m.id} --sent (or --not-sent)"
        )
    if not items and not handed:
        out.print("Nothing due.")
    for i in items:
        state = (
            "[red]overdue[/]"
            if i.overdue(now)
            else "[green]due[/]"
            if i.not_before <= now
            else "soon"
        )
        kind = i.kind.replace("_", "-")
        out.print(f"{state} {kind} to {i.to} · {i.company} ({i.role}) · interview {i.interview_id}")
        out.print(f"    [cyan]{stamp(i.not_before)} → {stamp(i.not_after)}[/]")
        out.print(f"    [dim]{escape(i.why)}[/]")


def run_outbox(db: str | None, json_out: bool, jsonl: bool) -> None:
    """The messages afterview keeps, newest first."""
    one_format(json=json_out, jsonl=jsonl)
    messages = open_reader(db).outbox()
    if jsonl:
        print_jsonl(m.to_dict() for m in messages)
        return
    if json_out:
        print_json([m.to_dict() for m in messages])
        return
    out = console()
    if not messages:
        out.print("The outbox is empty: afterview draft ID --save")
    for m in messages:
        kind = m.kind.replace("_", "-")
        out.print(f"{m.id:>4}  {m.state:<10} {kind:<16} {m.to}  (interview {m.interview_id})")
