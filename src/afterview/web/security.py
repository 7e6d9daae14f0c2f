"""Security as ASGI middleware: body size limit, access token, response headers.

Pure ASGI (not BaseHTTPMiddleware) so a large body is refused while it streams in, before
anything reads it."""

from __future__ import annotations

import json
import secrets
from http.cookies import SimpleCookie
from typing import Any

from starlette.requests import Request

from afterview.web.errors import NOT_PAGES, error_body

Scope = dict[str, Any]
Message = dict[str, Any]

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; "
    "object-src 'none'"
)
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
HEADER_NAMES = frozenset(k for k, _ in HEADERS)
TOKEN_COOKIE = "afterview_token"


async def _send_error(send: Any, status: int, message: str, html: bool = False) -> None:
    if html:
        from html import escape

        more = BACK if status == 403 else ""
        body = PAGE.format(message=escape(message), more=more).encode()
        kind = b"text/html; charset=utf-8"
    else:
        body = json.dumps(error_body(status, message)).encode()
        kind = b"application/json"
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", kind), *HEADERS],
        }
    )
    await send({"type": "http.response.body", "body": body})


PAGE = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width, initial-scale=1"><title>afterview</title>'
    '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">'
    '<link rel="stylesheet" href="/static/afterview.css"></head><body><main><h1>afterview</h1>'
    '<p class="error" role="alert">{message}</p>{more}</main></body></html>'
)
BACK = '<p><a href="/">Open afterview\'s dashboard</a></p>'
ELSEWHERE = (
    "Refused: this came from a page that is not afterview's own (another site, or another "
    "program on this computer). Open afterview and try again from its page."
)
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def _wants_html(scope: Scope, headers: dict[bytes, bytes]) -> bool:
    page = not scope["path"].startswith(NOT_PAGES)
    return page and b"text/html" in headers.get(b"accept", b"")


# What a path may keep unescaped in a Location header: RFC 3986's pchar and "/", nothing a
# browser would strip (tab, newline) or read as a separator (backslash).
PATH_SAFE = "/:@!$&'()*+,;=-._~"


def same_origin_path(path: str) -> str:
    """``path`` as a Location that can only lead to this server: an absolute path starting
    with exactly one "/", percent-encoded. A path a browser could read as another host
    ("//evil.example", "/\\evil.example", or either hidden behind a tab or newline, which
    browsers strip) or that is not a plain absolute path becomes "/"."""
    from urllib.parse import quote

    unsafe = (
        not path.startswith("/")
        or path.startswith("//")
        or "\\" in path
        or any(ord(c) < 0x20 or ord(c) == 0x7F for c in path)
    )
    if unsafe:
        return "/"
    return quote(path, safe=PATH_SAFE)


async def _token_login(scope: Scope, send: Any, token: str) -> bool:
    """``GET /?token=TOKEN`` (the link ``afterview serve`` prints): keep the token in a cookie
    and redirect to the same page without it (a same-origin path only: never an open
    redirect). True when it handled the request."""
    from urllib.parse import parse_qs, urlencode

    query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    presented = query.pop("token", [""])[0]
    if scope["method"] != "GET" or not presented:
        return False
    if not secrets.compare_digest(presented.encode(), token.encode()):
        return False
    rest = urlencode(query, doseq=True)
    location = same_origin_path(scope["path"]) + (f"?{rest}" if rest else "")
    cookie = f"{TOKEN_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict"
    await send(
        {
            "type": "http.response.start",
            "status": 303,
            "headers": [
                (b"location", location.encode()),
                (b"set-cookie", cookie.encode()),
                *HEADERS,
            ],
        }
    )
    await send({"type": "http.response.body", "body": b""})
    return True


def _cross_site(scope: Scope, headers: dict[bytes, bytes]) -> bool:
    """True for a data-changing request a page from elsewhere made: browsers mark it
    ``Sec-Fetch-Site: cross-site``, or ``same-site`` when it comes from another port of this
    machine (127.0.0.1:9999 is the same *site* as 127.0.0.1:8765). Only this app's own pages
    (``same-origin``) and requests no page made (``none``, or no header: curl, scripts) pass."""
    site = headers.get(b"sec-fetch-site", b"")
    return scope["method"] in UNSAFE and site in (b"cross-site", b"same-site")


async def json_only(request: Request) -> None:
    """Dependency of every API route: a data-changing request must say
    ``Content-Type: application/json`` (415 otherwise). A page on another site cannot send
    that without a CORS preflight, which this app never grants, so it cannot forge API calls
    even when the API needs no token (loopback)."""
    from fastapi import HTTPException

    if request.method in UNSAFE:
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind != "application/json":
            raise HTTPException(415, "expected Content-Type: application/json")


def _presented_token(headers: dict[bytes, bytes]) -> str | None:
    auth = headers.get(b"authorization", b"").decode("latin-1")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip()
    cookie = SimpleCookie(headers.get(b"cookie", b"").decode("latin-1"))
    return cookie[TOKEN_COOKIE].value if TOKEN_COOKIE in cookie else None


class Guard:
    """Wrap the app: refuse foreign ``Host`` headers (DNS rebinding) and bodies over
    ``max_body``, demand ``token`` when set, refuse cross-site writes, add the headers."""

    def __init__(
        self,
        app: Any,
        *,
        max_body: int,
        token: str | None,
        hosts: frozenset[str] | None = None,
        open_paths: frozenset[str] = frozenset(),
    ) -> None:
        self.app = app
        self.max_body = max_body
        self.token = token
        self.hosts = hosts  # None: any Host
        # Exact paths a GET or HEAD reaches without the token or the Host check: the probes a
        # load balancer asks (their answers name nothing) and /metrics (its own token).
        self.open_paths = open_paths

    def _host_ok(self, headers: dict[bytes, bytes]) -> bool:
        if self.hosts is None:
            return True
        host = headers.get(b"host", b"").decode("latin-1")
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        return name in self.hosts

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers", []))
        html = _wants_html(scope, headers)
        is_open = scope["path"] in self.open_paths and scope["method"] in ("GET", "HEAD")
        if not is_open and not self._host_ok(headers):
            await _send_error(send, 400, "this Host is not served here", html)
            return
        if self.token is not None and not is_open:
            if await _token_login(scope, send, self.token):
                return
            presented = _presented_token(headers) or ""
            if not secrets.compare_digest(presented.encode(), self.token.encode()):
                await _send_error(
                    send,
                    401,
                    "an access token is required: open the link afterview serve printed",
                    html,
                )
                return
        if _cross_site(scope, headers):
            await _send_error(send, 403, ELSEWHERE, html)
            return
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_body:
            await _send_error(send, 413, f"request body over {self.max_body} bytes", html)
            return
        seen = 0
        too_large = False
        started = False

        async def limited_receive() -> Message:
            nonlocal seen, too_large
            message: Message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    # Stop reading; whatever the app makes of the cut-off body is replaced by 413.
                    too_large = True
                    return {"type": "http.disconnect"}
            return message

        async def with_headers(message: Message) -> None:
            nonlocal started
            if too_large:
                return
            if message["type"] == "http.response.start":
                started = True
                kept = [(k, v) for k, v in message.get("headers", []) if k not in HEADER_NAMES]
                message = {**message, "headers": [*kept, *HEADERS]}
            await send(message)

        try:
            await self.app(scope, limited_receive, with_headers)
        except Exception:
            if not too_large:
                raise
        if too_large and not started:
            await _send_error(send, 413, f"request body over {self.max_body} bytes", html)
