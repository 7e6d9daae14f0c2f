"""``afterview doctor``, ``config`` and ``completion``: is this machine ready, what is set, and
the shell completion script."""

from __future__ import annotations

from typing import Annotated

import typer

from afterview.cli.application import app
from afterview.cli.options import Db, Json


@app.command(rich_help_panel="Set-up")
def doctor(db: Db = None, json_: Json = False) -> None:
    """Check this machine: Python, the data folder, the database, the time zone, the mail
    servers (a connection and greeting only: nothing is sent) and the browser for the tests.

    One line per check, with the fix. Exit status 0 when nothing failed, 1 otherwise
    (a mail server that is not set up is skipped, not failed).

    Example:  afterview doctor
    """
    import typer

    from afterview import doctor as checks
    from afterview.cli.output import console, print_json

    found = checks.run(db)
    if json_:
        print_json([c.to_dict() for c in found])
    else:
        out = console()
        for c in found:
            mark = {True: "[green]ok[/]    ", False: "[red]FAILED[/]", None: "[dim]skip[/]  "}[c.ok]
            fix = f" — {c.fix}" if c.fix and c.ok is not True else ""
            out.print(f"{mark} {c.name}: {c.detail}{fix}", markup=True, highlight=False)
    if any(c.ok is False for c in found):
        raise typer.Exit(1)


@app.command(name="config", rich_help_panel="Set-up")
def config_(json_: Json = False) -> None:
    """Where afterview keeps things, and every setting in force with where it came from
    (default, config file, environment, keyring), then anything wrong with them (a misspelt
    key, a password in the file, a port or security mode that cannot work). Passwords and
    tokens are masked.

    Example:  afterview config
    """
    from afterview.cli.output import console, print_json
    from afterview.config import paths, problems, settings

    where = paths()
    found = settings()
    wrong = problems()
    if json_:
        print_json(
            {
                "paths": {k: {"path": p, "source": s} for k, (p, s) in where.items()},
                "settings": [s.to_dict() for s in found],
                "problems": wrong,
            }
        )
        return
    from rich.markup import escape
    from rich.table import Table

    out = console()
    table = Table(title="Paths", title_justify="left", box=None, pad_edge=False)
    for column in ("what", "path", "from"):
        table.add_column(column)
    for name, (path, source) in where.items():
        table.add_row(name, escape(path), source)
    out.print(table)
    table = Table(title="Settings", title_justify="left", box=None, pad_edge=False)
    for column in ("setting", "value", "from"):
        table.add_column(column)
    for s in found:
        table.add_row(s.name, escape(s.value) if s.value is not None else "-", s.source)
    out.print(table)
    if wrong:
        out.print("\n[bold red]Problems[/]")
        for line in wrong:
            out.print(f"[red]•[/] {escape(line)}", soft_wrap=True)


SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")


@app.command(rich_help_panel="Set-up")
def completion(
    shell: Annotated[str, typer.Argument(help="bash, zsh, fish or powershell.")],
) -> None:
    """Print the completion script for SHELL (as --show-completion does for the shell it
    detects), to add to your shell's start-up file.

    Example:  afterview completion bash >> ~/.bashrc
    """
    from typer._completion_shared import get_completion_script

    from afterview.errors import InputError

    if shell not in SHELLS:
        raise InputError("SHELL", None, f"expected one of {', '.join(SHELLS)}; got {shell!r}")
    script = get_completion_script(
        prog_name="afterview", complete_var="_AFTERVIEW_COMPLETE", shell=shell
    )
    print(script)
