"""CSRF protection for the pages' forms: a double-submit token.

Every page sets a random token in a SameSite=Strict, HttpOnly cookie and puts the same token in
its forms (a hidden ``csrf`` field; HTMX requests send it as ``X-CSRF-Token``). A form that
changes data is accepted only when the two match, so another site cannot post it: it can
neither read the cookie nor send it. The JSON API is protected differently (security.py: it
only accepts ``application/json``, which a cross-site page cannot send without CORS)."""

from __future__ import annotations

import secrets

from fastapi import Form, HTTPException, Request
from starlette.responses import Response

COOKIE = "afterview_csrf"
HEADER = "x-csrf-token"


def token(request: Request) -> str:
    """This browser's token (a new one when it has none yet; :func:`remember` stores it)."""
    found = getattr(request.state, "csrf", None) or request.cookies.get(COOKIE)
    if not found:
        found = secrets.token_urlsafe(32)
    request.state.csrf = found
    return str(found)


def remember(request: Request, response: Response) -> None:
    """Set the token cookie on ``response`` when the browser does not have it yet."""
    value = getattr(request.state, "csrf", None)
    if value and request.cookies.get(COOKIE) != value:
        response.set_cookie(COOKIE, value, httponly=True, samesite="strict", path="/")


def verified(request: Request, csrf: str = Form("", include_in_schema=False)) -> None:
    """Dependency for every page route that changes data: 403 unless the form (or the
    ``X-CSRF-Token`` header) carries this browser's token."""
    cookie = request.cookies.get(COOKIE, "")
    sent = csrf or request.headers.get(HEADER, "")
    if not cookie or not sent or not secrets.compare_digest(cookie.encode(), sent.encode()):
        raise HTTPException(
            403,
            "This form has expired or did not come from afterview. Reload the page and try again.",
        )
