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


def time_zone() -> Check:
    from tzlocal import get_localzone_name

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
    from afterview.config import settings

    table = kind.lower()
    values = {
        s.name.split(".", 1)[1]: s.value for s in settings() if s.name.startswith(table + ".")
    }
    if not values.get("host"):
        variable = f"AFTERVIEW_{kind}_HOST"
        use = "sending from afterview" if kind == "SMTP" else "afterview sync"
        return Check(kind, None, f"not set up (optional: needed for {use})", f"set {variable}")
    host, security = values["host"] or "", values.get("security") or ""
    try:
        port = int(values.get("port") or 0)
    except ValueError:
        return Check(kind, False, f"port {values.get('port')!r} is not a number", "fix the port")
    where = f"{host}:{port} ({security})"
    problems = []
    if not values.get("user") and kind == "IMAP":
        problems.append(f"no user (AFTERVIEW_{kind}_USER)")
    if values.get("user") and not values.get("password"):
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


def browser() -> Check:
    path = os.environ.get("CHROMIUM_PATH", CHROMIUM)
    if Path(path).exists():
        return Check("browser (tests)", True, f"Chromium at {path}")
    return Check(
        "browser (tests)",
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
    return found
