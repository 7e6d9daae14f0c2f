"""The session: a signed cookie (Starlette's SessionMiddleware, itsdangerous underneath).

The cookie ``afterview_session`` holds a small JSON object, signed (HMAC) with a key derived
from ``AFTERVIEW_SECRET_KEY`` and timestamped: ``sid`` (the browser's session id, which the
forms' CSRF tokens are bound to), and once signed in ``uid`` (the user), ``since`` (when they
signed in) and ``seen`` (their last request, refreshed at most once a minute). It is HttpOnly,
SameSite=Lax (the provider's redirect back to afterview is a top-level GET, which Lax lets
through), and Secure whenever AFTERVIEW_PUBLIC_URL is https.

Lifetimes: the signature's timestamp is refreshed with ``seen``, and a cookie older than the
idle lifetime is refused by its signature alone; a session older than the absolute lifetime
(``since``) ends whatever its activity. Signing in clears everything the browser held before
and starts a new ``sid`` (no session fixation; forms from before sign-in expire). Signing out
clears the cookie.

Nothing is kept on the server: a copy of a cookie taken before sign-out stays valid until its
idle or absolute lifetime ends (disabling the user ends it at once)."""

from __future__ import annotations

import secrets
import time
from typing import Any

from starlette.requests import Request

from afterview.accounts.config import AccountsConfig

COOKIE = "afterview_session"
REFRESH = 60.0  # seconds: how stale ``seen`` may get before the cookie is re-signed


def middleware_options(config: AccountsConfig) -> dict[str, Any]:
    """Keyword arguments for Starlette's SessionMiddleware."""
    return {
        "secret_key": config.key("session-cookie").hex(),
        "session_cookie": COOKIE,
        "max_age": int(config.idle.total_seconds()),
        "same_site": "lax",
        "https_only": config.secure_cookies,
        "path": "/",
    }


def browser_id(request: Request) -> str:
    """This browser's session id (made on first use): what the CSRF tokens sign."""
    session = request.session
    sid = session.get("sid")
    if not isinstance(sid, str) or len(sid) != 43:
        sid = secrets.token_urlsafe(32)
        session["sid"] = sid
    return sid


def start(request: Request, user_id: int) -> None:
    """Sign ``user_id`` in: everything from before is dropped and a new session id begins."""
    now = time.time()
    session = request.session
    session.clear()
    session.update(sid=secrets.token_urlsafe(32), uid=user_id, since=now, seen=now)


def end(request: Request) -> None:
    """Sign out: the cookie is cleared."""
    request.session.clear()


def signed_in(request: Request, config: AccountsConfig) -> int | None:
    """The signed-in user's id, or None (no session, or one past its idle or absolute
    lifetime, which is then cleared)."""
    session = request.session
    uid, since, seen = session.get("uid"), session.get("since"), session.get("seen")
    if not isinstance(uid, int) or not isinstance(since, int | float):
        return None
    if not isinstance(seen, int | float):
        seen = since
    now = time.time()
    expired = (
        now - since > config.max_age.total_seconds()
        or now - seen > config.idle.total_seconds()
        or since > now + REFRESH  # a clock that went backwards, or a cookie from the future
    )
    if expired:
        end(request)
        return None
    if now - seen > REFRESH:
        session["seen"] = now  # re-signs the cookie: the idle lifetime starts again
    return uid
