"""CSRF protection for the pages' forms: a token signed with this install's secret key.

Every browser gets a random session id in a SameSite=Strict, HttpOnly cookie
(``afterview_csrf``). Its forms carry ``HMAC-SHA256(key, session id)`` (a hidden ``csrf``
field; HTMX requests send it as ``X-CSRF-Token``). A form that changes data is accepted only
when its token is that signature of the cookie it came with. A page elsewhere can plant a cookie
of its own (cookies do not keep ports apart: a page on 127.0.0.1:9999 can set one for
127.0.0.1), but it cannot make the matching token without the key, which never leaves the
server. The JSON API is protected differently (security.py: it only accepts
``application/json``, which a page elsewhere cannot send without CORS).

The key: ``afterview serve`` keeps one per install in a file beside the database
(``WebSettings.key_file``, :func:`key_path`; made on first use, mode 0600), so forms survive a
restart and every worker process signs alike. An app built in code without a key file makes
one in memory for its lifetime."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import os
import secrets
import threading
from pathlib import Path

from fastapi import Form, HTTPException, Request
from starlette.responses import Response

from afterview.errors import InputError

COOKIE = "afterview_csrf"
HEADER = "x-csrf-token"
KEY_FILE = "afterview-web.key"  # beside the SQLite database, or in the user data folder
KEY_BYTES = 32
_SESSION_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
_lock = threading.Lock()
REFUSED = "This form has expired or did not come from afterview. Reload the page and try again."


def _key(request: Request) -> bytes:
    """The app's signing key: from the settings' key file (made if missing), else one made
    for this app's lifetime."""
    state = request.app.state
    key: bytes | None = getattr(state, "csrf_key", None)
    if key is None:
        with _lock:
            key = getattr(state, "csrf_key", None)
            if key is None:
                accounts = getattr(state, "accounts", None)  # shared mode: from the secret key
                key = (
                    accounts.key("csrf")
                    if accounts is not None
                    else _configured_key(state.settings.key_file)
                )
                state.csrf_key = key
    return key


def _configured_key(where: str | None) -> bytes:
    """The key in ``where``; a fresh one when there is no file, or (with a warning: forms
    then expire when the server restarts) when the file cannot be kept."""
    if where:
        try:
            return install_key(Path(where))
        except InputError as exc:
            import logging

            logging.getLogger("afterview.web").warning(
                "%s; forms expire when the server restarts", exc
            )
    return secrets.token_bytes(KEY_BYTES)


def sign(key: bytes, session: str) -> str:
    """The form token for ``session``: HMAC-SHA256 under ``key``, URL-safe base64."""
    mac = hmac.new(key, b"afterview-csrf:" + session.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).rstrip(b"=").decode()


def _session(value: str | None) -> str | None:
    """A session id as this app makes them (43 URL-safe characters), else None."""
    if value and len(value) == 43 and set(value) <= _SESSION_CHARS:
        return value
    return None


def _signed_session(request: Request) -> bool:
    """Shared mode: the browser's session id is the signed session's (afterview.accounts
    .sessions), made anew at sign-in, not a cookie of its own."""
    return "session" in request.scope


def token(request: Request) -> str:
    """This browser's form token (a new session when it has none yet; :func:`remember`
    stores it)."""
    if _signed_session(request):
        from afterview.accounts.sessions import browser_id

        return sign(_key(request), browser_id(request))
    session = getattr(request.state, "csrf_session", None) or _session(request.cookies.get(COOKIE))
    if session is None:
        session = secrets.token_urlsafe(32)
    request.state.csrf_session = session
    return sign(_key(request), session)


def remember(request: Request, response: Response) -> None:
    """Set the session cookie on ``response`` when the browser does not have it yet."""
    session = getattr(request.state, "csrf_session", None)
    if _signed_session(request):
        return  # the signed session cookie carries it
    if session and request.cookies.get(COOKIE) != session:
        response.set_cookie(COOKIE, session, httponly=True, samesite="strict", path="/")


def verified(request: Request, csrf: str = Form("", include_in_schema=False)) -> None:
    """Dependency for every page route that changes data: 403 unless the form (or the
    ``X-CSRF-Token`` header) carries the signature of this browser's session cookie."""
    if _signed_session(request):
        session = _session(request.session.get("sid"))
    else:
        session = _session(request.cookies.get(COOKIE))
    sent = csrf or request.headers.get(HEADER, "")
    if session is None or not sent:
        raise HTTPException(403, REFUSED)
    if not hmac.compare_digest(sign(_key(request), session).encode(), sent.encode("utf-8")):
        raise HTTPException(403, REFUSED)


def key_path(db: str | None) -> Path:
    """Where the install's key lives: beside the SQLite database ``db`` names (the default
    one when None), else (a PostgreSQL URL) in the user data folder. Nothing is created."""
    from platformdirs import user_data_dir
    from sqlalchemy.engine import make_url

    url = db if db is not None else os.environ.get("DATABASE_URL")
    if url is not None:
        parsed = make_url(url if "://" in url else f"sqlite:///{Path(url).expanduser()}")
        name = parsed.database
        if parsed.get_backend_name() == "sqlite" and name and name != ":memory:":
            return Path(name).expanduser().resolve().parent / KEY_FILE
    return Path(user_data_dir("afterview", appauthor=False)) / KEY_FILE


def install_key(path: Path) -> bytes:
    """The install's signing key in ``path``, made on first use: 32 random bytes (hex) in a
    file only its owner can read (0600), written under a temporary name and linked into
    place, so processes starting at once all end up with the same key."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            try:
                with os.fdopen(fd, "w", encoding="ascii") as out:
                    out.write(secrets.token_hex(KEY_BYTES) + "\n")
                with contextlib.suppress(FileExistsError):  # another process won: use theirs
                    os.link(temporary, path)
            finally:
                temporary.unlink(missing_ok=True)
        if path.stat().st_mode & 0o077:
            path.chmod(0o600)
        text = path.read_text("ascii").strip()
    except (OSError, UnicodeDecodeError) as exc:
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise InputError(
            str(path), None, f"cannot keep the web app's signing key here ({why})"
        ) from None
    try:
        key = bytes.fromhex(text)
    except ValueError:
        key = b""
    if len(key) < KEY_BYTES:
        raise InputError(
            str(path),
            None,
            f"expected {KEY_BYTES * 2} hex digits (the web app's signing key); delete the file "
            "and afterview makes a new one",
        )
    return key
