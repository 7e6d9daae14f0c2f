"""``afterview admin ...``: running a shared deployment (migrations, users and roles).

A sub-app of its own: these commands are for whoever runs a career centre's deployment, not for
a job seeker, and ``afterview --help`` lists them under one name.
"""

from __future__ import annotations

from typing import Annotated

import typer

from afterview.cli.application import app
from afterview.cli.options import Db, Json
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
            help="Also let this PostgreSQL role (the web's login) use the tables, "
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
    if store.engine.dialect.name == "postgresql":
        import importlib.util

        if importlib.util.find_spec("procrastinate") is not None:
            from afterview.store.queue import apply_queue_schema

            done = apply_queue_schema(store.engine.url.render_as_string(hide_password=False))
            out.print(f"The workers' queue: {done}.")
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
    from afterview.store.roles import require_owner

    engine = open_store(db).engine
    require_owner(engine, "afterview admin stats")
    found = centre_stats(engine, start)
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


@admin.command()
def sending(
    db: Db = None, json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False
) -> None:
    """Every student's messages left "sending": a send that did not finish (its worker died,
    or the connection broke), which may or may not have gone. Look for each one's Message-ID
    in the SMTP server's log, then `afterview resolve MESSAGE --sent` or `--not-sent` (run as
    this role, it acts for the message's student). docs/workers.md says more.

    Example:  afterview admin sending
    """
    from afterview.cli.output import print_json
    from afterview.store import open_store
    from afterview.store.queue import left_sending

    store = open_store(db)
    if store.engine.dialect.name != "postgresql":
        from afterview.errors import InputError

        raise InputError("DATABASE_URL", None, "a shared deployment's PostgreSQL; this is not one")
    from afterview.store.roles import require_owner

    require_owner(store.engine, "afterview admin sending")
    found = left_sending(store.engine)
    if json_out:
        print_json(
            [
                {
                    "message": f.message_id,
                    "student": f.student,
                    "started": f.started.isoformat() if f.started else None,
                    "host": f.host,
                    "pid": f.pid,
                    "message_id": f.header,
                    "to": f.address,
                }
                for f in found
            ]
        )
        return
    if not found:
        console().print("No message is left sending.")
        return
    from rich.table import Table

    table = Table("message", "student", "to", "Message-ID", "started (UTC)", "where")
    for f in found:
        started = f"{f.started:%Y-%m-%d %H:%M}" if f.started else "?"
        where = f"{f.host or '?'} pid {f.pid or '?'}"
        table.add_row(
            str(f.message_id), f.student, f.address or "?", f.header or "?", started, where
        )
    console().print(table)


Email = Annotated[str, typer.Argument(metavar="EMAIL", help="The person's email address.")]
RoleArg = Annotated[str, typer.Argument(metavar="ROLE", help="student, advisor or admin.")]


def _store(db: str | None) -> object:
    from afterview.store import open_store

    return open_store(db)


def _now() -> object:
    from datetime import UTC, datetime

    return datetime.now(UTC)


@admin.command("create-user")
def create_user(
    email: Email,
    name: Annotated[str, typer.Option("--name", help="The person's name, as pages show it.")],
    role: Annotated[str, typer.Option("--role", help="student, advisor or admin.")] = "student",
    password_stdin: Annotated[
        bool,
        typer.Option(
            "--password-stdin",
            help="Read a password from standard input (a local account); without it the "
            "person signs in with single sign-on (OpenID Connect), linked by this email.",
        ),
    ] = False,
    db: Db = None,
) -> None:
    """Add a user.

    Example:  afterview admin create-user sam@uni.example --name "Sam Okafor" --role advisor
    """
    import sys

    from afterview.accounts import users
    from afterview.errors import InputError

    password = None
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise InputError("--password-stdin", None, "expected a password on standard input")
    user = users.create_user(_store(db), email, name, role, _now(), password)  # type: ignore[arg-type]
    kind = "a local account" if password else "signs in with single sign-on"
    print(f"created user {user.id}: {user.email} ({user.role}, {kind})")


@admin.command()
def grant(email: Email, role: RoleArg, db: Db = None) -> None:
    """Give a user a role (replacing the one they had).

    Example:  afterview admin grant sam@uni.example advisor
    """
    from afterview.accounts import users

    user = users.grant(_store(db), email, role)
    print(f"{user.email} is now {user.role}")


@admin.command()
def disable(email: Email, db: Db = None) -> None:
    """Disable a user: they cannot sign in and their sessions end; their data stays
    (`afterview admin enable` undoes it).

    Example:  afterview admin disable sam@uni.example
    """
    from afterview.accounts import users

    user = users.disable(_store(db), email, _now())  # type: ignore[arg-type]
    print(f"{user.email} is disabled")


@admin.command()
def enable(email: Email, db: Db = None) -> None:
    """Let a disabled user sign in again (undoes `afterview admin disable`).

    Example:  afterview admin enable sam@uni.example
    """
    from afterview.accounts import users

    user = users.enable(_store(db), email)
    print(f"{user.email} can sign in again")


@admin.command("users")
def list_users(db: Db = None, json_out: Json = False) -> None:
    """List every user: id, email, role, how they sign in, disabled or not.

    Example:  afterview admin users --json
    """
    from afterview.accounts import users
    from afterview.cli.output import print_json

    rows = users.every_user(_store(db))
    listed = [
        {
            "id": row.id,
            "email": row.email,
            "name": row.name,
            "role": row.role,
            "sign_in": ("password" if row.password_hash else "")
            + (" + " if row.password_hash and row.oidc_subject else "")
            + ("provider" if row.oidc_subject else ""),
            "created_at": row.created_at.isoformat(),
            "disabled_at": row.disabled_at.isoformat() if row.disabled_at else None,
        }
        for row in rows
    ]
    if json_out:
        print_json({"users": listed})
        return
    if not listed:
        print("no users yet (add one: afterview admin create-user EMAIL --name NAME --role admin)")
        return
    for user in listed:
        state = "disabled" if user["disabled_at"] else "active"
        how = user["sign_in"] or "not yet signed in"
        print(f"{user['id']:>5}  {user['email']}  {user['role']}  {how}  {state}  {user['name']}")
