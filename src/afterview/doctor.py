"""``afterview doctor``: is this machine ready? Each check is one line with a fix.

Nothing is sent and nothing is changed: the mail servers get a connection and their greeting
only (no login, no message), the database a look at its schema revision."""

from __future__ import annotations

import os
import socket
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from afterview.errors import AfterviewError

TIMEOUT = 5.0  # seconds to wait for a server
CHROMIUM = "/usr/bin/chromium"


@dataclass(frozen=True)
class Check:
    """One check's outcome: ``ok`` True (passed), False (failed) or None (optional and not
    set up: not a failure)."""

    name: str
    ok: bool | None
    detail: str
    fix: str = ""

    def to_dict(self) -> dict[str, object]:
        state = {True: "ok", False: "failed", None: "skipped"}[self.ok]
        return {"check": self.name, "state": state, "detail": self.detail, "fix": self.fix}


def python_version() -> Check:
    version = ".".join(map(str, sys.version_info[:3]))
    if sys.version_info >= (3, 11):  # noqa: UP036  (an old interpreter may run this)
        return Check("Python", True, f"Python {version}")
    return Check("Python", False, f"Python {version}", "install Python 3.11 or newer")


def data_folder() -> Check:
    from afterview.config import data_dir

    folder = data_dir()
    if os.environ.get("DATABASE_URL"):
        return Check("data folder", None, f"{folder} (not used: DATABASE_URL is set)")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".doctor-"):
            pass
    except OSError as exc:
        return Check(
            "data folder",
            False,
            f"{folder}: cannot write ({exc.strerror})",
            "make it writable, or pass --db PATH / set DATABASE_URL",
        )
    return Check("data folder", True, f"{folder} is writable")


def database(db: str | None = None) -> Check:
    from afterview.store import schema_status

    try:
        name, revision, head = schema_status(db)
    except AfterviewError as exc:
        return Check("database", False, str(exc))  # the message says what to check
    except OSError as exc:  # the default folder cannot be made
        return Check(
            "database",
            False,
            f"{exc.filename or 'the data folder'}: cannot be made ({exc.strerror})",
            "pass --db PATH or set DATABASE_URL, or fix the folder",
        )
    read_only = _read_only(db)
    if read_only:
        return Check("database", False, f"{name}: {read_only}", "make it (and its folder) writable")
    if revision is None:
        return Check("database", True, f"{name}: not created yet (made on first use)")
    if revision == head:
        return Check("database", True, f"{name}: schema {revision}, the latest")
    if revision > head:
        return Check(
            "database",
            False,
            f"{name}: schema {revision} is newer than this afterview ({head})",
            "upgrade afterview",
        )
    return Check(
        "database",
        True,
        f"{name}: schema {revision}; {head} is applied on next use",
    )


def _read_only(db: str | None) -> str | None:
    """Why an existing SQLite store cannot be written (its file or its folder), or None."""
    from afterview.store.location import sqlite_file, url_for

    path = sqlite_file(url_for(db))
    if path is None or not path.exists():
        return None
    if not os.access(path, os.W_OK):
        return "the file is read-only: afterview could show it but not change it"
    if not os.access(path.parent, os.W_OK):
        return f"its folder {path.parent} is read-only (SQLite writes a journal beside it)"
    return None


def time_zone() -> Check:
    from tzlocal import get_localzone_name

    given = os.environ.get("TZ")
    if given:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        key = given.lstrip(":")
        try:
            ZoneInfo(key)
        except (ZoneInfoNotFoundError, ValueError):
            return Check(
                "time zone",
                False,
                f"TZ={given} is not a time zone this machine knows",
                "set TZ to a name like Europe/London or America/Chicago",
            )
        return Check("time zone", True, f"{key} (from TZ)")

    try:
        name = get_localzone_name()
    except Exception as exc:  # tzlocal raises on an inconsistent set-up
        name = None
        problem = str(exc)
    else:
        problem = "this machine's time zone is not set"
    if name:
        return Check("time zone", True, name)
    return Check(
        "time zone",
        False,
        problem,
        "set TZ (e.g. TZ=Europe/London) or the system time zone; send windows depend on it",
    )


def _greeting(kind: str, host: str, port: int, security: str) -> str:
    """Connect, read the greeting, leave. Raises OSError when the server cannot be reached."""
    import ssl

    context = ssl.create_default_context()
    with socket.create_connection((host, port), timeout=TIMEOUT) as raw:
        sock: socket.socket = raw
        if security == "tls":
            sock = context.wrap_socket(raw, server_hostname=host)
        sock.settimeout(TIMEOUT)
        line = sock.recv(512).decode("latin-1", "replace").splitlines()
        first = line[0].strip() if line else ""
        expected = "220" if kind == "SMTP" else "* OK"
        if not first.startswith(expected):
            raise OSError(f"unexpected greeting {first[:60]!r}")
        sock.sendall(b"QUIT\r\n" if kind == "SMTP" else b"a1 LOGOUT\r\n")
        return first


def _server(kind: str) -> Check:
    from afterview.config import server

    try:
        found = server(kind.lower(), need_host=False)
    except AfterviewError as exc:
        return Check(kind, False, str(exc), "fix the setting it names")
    if not found.host:
        variable = f"AFTERVIEW_{kind}_HOST"
        use = "sending from afterview" if kind == "SMTP" else "afterview sync"
        return Check(kind, None, f"not set up (optional: needed for {use})", f"set {variable}")
    host, port, security = found.host, found.port, found.security
    where = f"{host}:{port} ({security})"
    problems = []
    if not found.user and kind == "IMAP":
        problems.append(f"no user (AFTERVIEW_{kind}_USER)")
    if found.user and not found.password:
        problems.append(f"no password (AFTERVIEW_{kind}_PASSWORD or the keyring)")
    try:
        greeting = _greeting(kind, host, port, "tls" if security == "tls" else "plain")
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        return Check(
            kind, False, f"{where}: cannot connect ({reason})", "check the host, port and network"
        )
    if problems:
        return Check(kind, False, f"{where} answers, but {'; '.join(problems)}", "set them")
    return Check(kind, True, f"{where} answers: {greeting[:60]}")


def smtp() -> Check:
    return _server("SMTP")


def imap() -> Check:
    return _server("IMAP")


def config_file() -> Check:
    from afterview.config import config_file as where
    from afterview.config import problems

    found = problems()
    if found:
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        return Check("config file", False, found[0] + more, "fix it: afterview config lists all")
    file = where()
    return Check("config file", True, f"{file}" if file.exists() else f"{file} (none; optional)")


def rule_pack() -> Check:
    chosen = os.environ.get("AFTERVIEW_RULE_PACK")
    if not chosen:
        return Check("rule pack", True, "built in")
    from afterview.advice.pack import load_pack

    try:
        load_pack(chosen)
    except AfterviewError as exc:
        return Check(
            "rule pack",
            False,
            str(exc),
            "point it at a folder with rules.toml, sources.toml and guide.toml, or unset it",
        )
    return Check("rule pack", True, f"{chosen} (from AFTERVIEW_RULE_PACK)")


def browser() -> Check:
    path = os.environ.get("CHROMIUM_PATH", CHROMIUM)
    label = "browser (afterview's own tests)"
    if Path(path).exists():
        return Check(label, True, f"Chromium at {path}")
    return Check(
        label,
        None,
        f"no Chromium at {path} (only the browser tests need it)",
        "apt-get install chromium",
    )


def run(db: str | None = None) -> list[Check]:
    """Every check, in order."""
    checks: list[Callable[[], Check]] = [
        python_version,
        data_folder,
        lambda: database(db),
        time_zone,
        config_file,
        rule_pack,
        smtp,
        imap,
        browser,
    ]
    found = []
    for check in checks:
        try:
            found.append(check())
        except AfterviewError as exc:  # a config file that cannot be read, say
            found.append(Check(getattr(check, "__name__", "check"), False, str(exc), "fix it"))
        except Exception as exc:  # a check must report, never stop the others
            name = getattr(check, "__name__", "check")
            found.append(
                Check(name, False, f"{type(exc).__name__}: {exc}", "see afterview --debug")
            )
    return found
