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
