"""When the store fails: one line naming the database and what to check (exit status 2).

A missing folder, a read-only file, a file that is not a database, an unreachable or refusing
PostgreSQL server, a database of another application, a lock that does not go away: each is
the user's set-up, not a bug in afterview, so none may end as "internal error" with SQL text.
:func:`translate` reads the driver's error (SQLite's message, PostgreSQL's SQLSTATE) and the
file system around an SQLite file; :func:`install` makes every statement an engine runs,
the Store's included, raise :class:`StoreError` instead.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.engine import URL

from afterview.errors import InputError

LOCK_WAIT = 10.0  # seconds an SQLite command waits for another program's lock before giving up
PG_CONNECT_WAIT = 10  # seconds to wait for a PostgreSQL server to answer
PG_LOCK_WAIT = "30s"  # how long a PostgreSQL migration waits for another one (lock_timeout)


class StoreError(InputError):
    """The store cannot be used as it is: ``source`` names the database, ``expected`` says what
    went wrong and what to check. Bad set-up, not a bug: exit status 2 on the command line."""

    def __init__(self, database: str, problem: str) -> None:
        super().__init__(database, None, problem)


def name_of(url: URL) -> str:
    """How a database is named to the user: an SQLite file's path, else the URL without its
    password."""
    if url.get_backend_name() == "sqlite":
        return url.database or ":memory:"
    return url.render_as_string(hide_password=True)


def sqlite_path(url: URL) -> Path | None:
    """The file behind an SQLite URL (None in memory)."""
    database = url.database or ""
    if url.get_backend_name() != "sqlite" or database in ("", ":memory:"):
        return None
    if database.startswith("file:"):  # a URI filename: file:PATH?mode=ro
        database = database.removeprefix("file:").split("?", 1)[0]
    return Path(database)


def lock_wait(url: URL) -> float:
    """How long an SQLite connection waits for a lock: the URL's ``timeout``, else LOCK_WAIT."""
    try:
        return float(url.query.get("timeout", LOCK_WAIT))  # type: ignore[arg-type]
    except ValueError:
        return LOCK_WAIT


def translate(exc: BaseException, url: URL) -> StoreError | None:
    """The StoreError a driver error means, or None when it is not the set-up's fault (a
    constraint, a bug: those keep their own exception)."""
    original = getattr(exc, "orig", None) or exc
    text = " ".join(str(original).split())
    if url.get_backend_name() == "sqlite":
        return _sqlite(text.casefold(), url)
    if url.get_backend_name() == "postgresql":
        return _postgresql(text, getattr(original, "sqlstate", None), url)
    return None


def install(engine: Engine, url: URL) -> None:
    """Make every failure of ``engine`` that is the store's set-up raise StoreError."""

    def handle_error(context: Any) -> None:
        error = translate(context.original_exception, url)
        if error is not None:
            raise error from None

    event.listen(engine, "handle_error", handle_error)


def another_application(url: URL, tables: list[str]) -> StoreError:
    """A database that holds tables afterview never made (and no record of afterview's)."""
    shown = ", ".join(sorted(tables)[:3]) + (", ..." if len(tables) > 3 else "")
    return StoreError(
        name_of(url),
        f"holds another application's tables ({shown}); "
        "give afterview a new file or a database of its own",
    )


# ---------------------------------------------------------------------------------- SQLite


def _sqlite(text: str, url: URL) -> StoreError | None:
    path = sqlite_path(url)
    name = name_of(url)
    if "database is locked" in text or "database table is locked" in text:
        return StoreError(
            name,
            f"still locked by another program after {lock_wait(url):g} s; close what holds it "
            "(another afterview, an SQLite browser, a sync tool) and try again",
        )
    if "not a database" in text:
        return StoreError(
            name, "not an SQLite database; pass afterview's store, or a new file, to --db"
        )
    if "malformed" in text or "disk image" in text:
        return StoreError(
            name,
            "the database file is damaged; restore your last backup into a new file "
            "(afterview import-backup BACKUP --db NEW-FILE)",
        )
    if "disk is full" in text or "database or disk is full" in text:
        return StoreError(name, "the disk is full; free some space and try again")
    if "readonly" in text or "read-only" in text:
        return StoreError(name, _read_only(path))
    if "unable to open" in text or "disk i/o error" in text or "cannot open" in text:
        return StoreError(name, _cannot_open(path, text))
    return None


def _read_only(path: Path | None) -> str:
    if path is not None and path.exists() and not os.access(path, os.W_OK):
        return "the file is read-only; afterview writes to its store: check the file's permissions"
    if path is not None and not os.access(path.parent, os.W_OK):
        return (
            f"the folder {path.parent} is read-only; SQLite writes its journal ({path.name}-wal, "
            f"{path.name}-shm) beside the store: check the folder's permissions"
        )
    return "the database was opened read-only; afterview writes to its store: check the --db URL"


def _cannot_open(path: Path | None, text: str) -> str:
    if path is None:
        return f"cannot open the database ({text})"
    folder = path.parent
    if path.is_dir():
        return "this is a folder; pass a file in it, e.g. --db " + str(path / "afterview.db")
    if not folder.exists():
        return f"the folder {folder} does not exist; create it, or pass another --db"
    if not folder.is_dir():
        return f"{folder} is not a folder; pass another --db"
    if path.exists() and not os.access(path, os.R_OK):
        return "the file cannot be read; check its permissions"
    if not os.access(folder, os.W_OK | os.X_OK):
        what = "create the store" if not path.exists() else f"write {path.name}-wal beside it"
        return f"the folder {folder} is read-only, so SQLite cannot {what}: check its permissions"
    return f"cannot open the file ({text}); check the path and its permissions"


# ------------------------------------------------------------------------------ PostgreSQL

_WHERE = re.compile(r'server at "?([^",]+)"?,? port (\d+)')


def _postgresql(text: str, sqlstate: str | None, url: URL) -> StoreError | None:
    name = name_of(url)
    server = f"{url.host or 'localhost'}:{url.port or 5432}"
    found = _WHERE.search(text)
    if found:
        server = f"{found.group(1)}:{found.group(2)}"
    folded = text.casefold()
    if sqlstate == "28P01" or "password authentication failed" in folded:
        return StoreError(
            name,
            f"the server refused the user {url.username or '(none)'} (password authentication "
            "failed); check the user and password in DATABASE_URL or --db",
        )
    unknown_role = re.search(r'role ".*" does not exist', text) is not None
    if sqlstate == "28000" or "no password supplied" in folded or unknown_role:
        return StoreError(
            name,
            f"the server does not accept the user {url.username or '(none)'}; check the user and "
            "password in DATABASE_URL or --db",
        )
    if sqlstate == "3D000" or re.search(r'database ".*" does not exist', text):
        return StoreError(
            name,
            f"no database {url.database or '(none)'} on {server}; create it (createdb) or "
            "fix its name in DATABASE_URL or --db",
        )
    if sqlstate == "42501":
        return StoreError(
            name,
            f"the user {url.username or '(none)'} may not create or change afterview's tables "
            "here; grant it the rights, or give afterview a database it owns",
        )
    if sqlstate in ("55P03", "57014"):  # lock_not_available, query_canceled (a timeout)
        return StoreError(
            name,
            "still locked by another afterview after waiting; let it finish (or stop it) "
            "and try again",
        )
    if sqlstate == "25006":
        return StoreError(name, "the server is read-only (a standby?); point at the primary")
    if sqlstate == "53100":
        return StoreError(name, "the server's disk is full; free space on it and try again")
    if "failed to resolve host" in folded or "could not translate host name" in folded:
        return StoreError(
            name, f"unknown host {url.host}; check the host name in DATABASE_URL or --db"
        )
    if "connection refused" in folded:
        return StoreError(
            name,
            f"cannot reach PostgreSQL at {server} (connection refused); check that the server "
            "runs and the host and port in DATABASE_URL or --db",
        )
    if "timeout expired" in folded or "timed out" in folded:
        return StoreError(
            name,
            f"PostgreSQL at {server} did not answer within {PG_CONNECT_WAIT} s; check the "
            "network, the host and port",
        )
    if (
        "server closed the connection" in folded
        or "terminating connection" in folded
        or "connection failed" in folded
        or "consuming input failed" in folded
    ):
        return StoreError(
            name,
            f"lost or could not make the connection to PostgreSQL at {server}; check that "
            "the server runs and try again",
        )
    return None
