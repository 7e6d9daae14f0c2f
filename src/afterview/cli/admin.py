"""``afterview admin ...``: running a shared deployment (migrations, and later users and roles).

A sub-app of its own: these commands are for whoever runs a career centre's deployment, not for
a job seeker, and ``afterview --help`` lists them under one name.
"""

from __future__ import annotations

from typing import Annotated

import typer

from afterview.cli.application import app
from afterview.cli.options import Db
from afterview.cli.output import console

admin = typer.Typer(
    name="admin",
    help="Run a shared deployment: migrate the database, manage users and roles.",
    no_args_is_help=True,
)
app.add_typer(admin)


@admin.command()
def migrate(
    db: Db = None,
    grant: Annotated[
        list[str] | None,
        typer.Option(
            "--grant",
            metavar="ROLE",
            help="Also let this PostgreSQL role (the web's and workers' login) use the tables, "
            "under row-level security; repeat for several.",
        ),
    ] = None,
) -> None:
    """Bring the database to the latest schema (the only way it changes in a shared deployment).

    Safe to run twice and from two machines at once (one waits for the other). Run it as the
    role that owns the tables, before starting the new version's web and worker processes.

    Example:  afterview admin migrate --grant afterview_web
    """
    from afterview.store import open_store
    from afterview.store.location import HEAD
    from afterview.store.roles import grant as grant_role

    store = open_store(db, migrating=True)
    out = console()
    out.print(f"The database is at schema {HEAD}.")
    for role in grant or []:
        grant_role(store.engine, role)
        out.print(f"{role} may use the tables (row-level security applies to it).")


@admin.command()
def stats(
    db: Db = None,
    since: Annotated[
        str | None, typer.Option("--since", help="Only from this date (YYYY-MM-DD).")
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Counts of interviews, messages sent and replies by outcome, by week and sector; any
    count from fewer than 10 students is withheld.

    Run it as the role that owns the tables (the one that runs migrate): the web's role sees
    one student at a time.

    Example:  afterview admin stats --since 2026-09-01
    """
    from datetime import UTC, datetime

    from afterview.cli.output import print_json
    from afterview.errors import InputError
    from afterview.store import open_store
    from afterview.store.stats import MIN_STUDENTS, centre_stats

    start = None
    if since:
        try:
            start = datetime.fromisoformat(since).replace(tzinfo=UTC)
        except ValueError:
            raise InputError(
                "--since", None, f"expected a date like 2026-09-01; got {since!r}"
            ) from None
    found = centre_stats(open_store(db).engine, start)
    if json_out:
        print_json({"min_students": MIN_STUDENTS, "stats": [s.to_dict() for s in found]})
        return
    from rich.table import Table

    table = Table(box=None, header_style="bold", pad_edge=False)
    for column in ("week", "sector", "measure", "count"):
        table.add_column(column)
    for s in found:
        count = str(s.count) if s.count is not None else f"(fewer than {MIN_STUDENTS} students)"
        table.add_row(s.week.isoformat(), s.sector, s.measure, count)
    console().print(table if found else "Nothing recorded yet.")
