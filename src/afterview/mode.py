"""Local or shared: one person's afterview on their machine, or a career centre's deployment.

``AFTERVIEW_MODE=shared`` (with ``DATABASE_URL`` pointing at PostgreSQL) is the deployment: the
schema changes only by ``afterview admin migrate``, never when a process starts; people sign in
and see only their own rows. Unset or ``local`` is the tool as it always was: one user (id 1),
the store made and migrated on first use.
"""

from __future__ import annotations

import os

from afterview.errors import InputError

MODES = ("local", "shared")


def mode() -> str:
    """``local`` or ``shared``, from ``AFTERVIEW_MODE``; InputError for anything else."""
    value = os.environ.get("AFTERVIEW_MODE", "").strip().lower() or "local"
    if value not in MODES:
        raise InputError("AFTERVIEW_MODE", None, f"expected local or shared; got {value!r}")
    return value


def shared() -> bool:
    """True in a shared deployment."""
    return mode() == "shared"


def preflight(db: str | None, *, web: bool) -> None:
    """What a shared deployment's process checks before it says it is up (``serve``,
    ``worker``), each refused in one line naming what to fix (exit status 2): the sign-in
    settings are complete (``web``); the database can be reached and is at the latest schema
    (``afterview admin migrate`` has run); the SMTP settings can work (a worker needs a server;
    the web checks what is given); and the database role is the right one: the web's under
    row-level security, a worker's able to act for every student. A local afterview checks
    nothing here: its store is made on first use."""
    if not shared():
        return
    from afterview.config import server
    from afterview.errors import AfterviewError
    from afterview.store import open_store

    if web:
        from afterview.accounts.config import AccountsConfig

        AccountsConfig.from_environment()
    store = open_store(db, migrating=False)
    if not web or any(k.startswith("AFTERVIEW_SMTP_") for k in os.environ):
        try:  # a worker sends: it needs the server; the web only checks what is given
            server("smtp", need_host=not web)
        except AfterviewError as exc:
            raise InputError("the SMTP settings", None, str(exc)) from None
    from afterview.store.roles import sees_every_student

    every = sees_every_student(store.engine)
    store.engine.dispose()
    if web and every:
        raise InputError(
            "DATABASE_URL",
            None,
            "the web must log in as a role under row-level security, not one that owns the "
            "tables or bypasses it (docs/deploy.md, Two database roles)",
        )
    if not web and every is False:
        raise InputError(
            "DATABASE_URL",
            None,
            "a worker acts for every student: log in as the role that owns the tables "
            "(docs/deploy.md, Two database roles)",
        )
