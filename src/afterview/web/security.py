"""Security as ASGI middleware: body size limit, access token, response headers.

Pure ASGI (not BaseHTTPMiddleware) so a large body is refused while it streams in, before
anything reads it."""

from __future__ import annotations

import json
import secrets
from http.cookies import SimpleCookie
from typing import Any

from afterview.web.errors import error_body

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
TOKEN_COOKIE = "afterview_token"


async def _send_error(send: Any, status: int, message: str) -> None:
    body = json.dumps(error_body(status, message)).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json"), *HEADERS],
        }
    )
    await send({"type": "http.response.body", "body": body})


def _presented_token(scope: Scope) -> str | None:
    headers = dict(scope.get("headers", []))
    auth = headers.get(b"authorization", b"").decode("latin-1")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip()
    cookie = SimpleCookie(headers.get(b"cookie", b"").decode("latin-1"))
    return cookie[TOKEN_COOKIE].value if TOKEN_COOKIE in cookie else None


class Guard:
    """Wrap the app: refuse bodies over ``max_body``, demand ``token`` when set, add headers."""

    def __init__(self, app: Any, *, max_body: int, token: str | None) -> None:
        self.app = app
        self.max_body = max_body
        self.token = token

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.token is not None:
            presented = _presented_token(scope) or ""
            if not secrets.compare_digest(presented.encode(), self.token.encode()):
                await _send_error(send, 401, "an access token is required")
                return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_body:
            await _send_error(send, 413, f"request body over {self.max_body} bytes")
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
                names = {k for k, _ in HEADERS}
                kept = [(k, v) for k, v in message.get("headers", []) if k not in names]
                message = {**message, "headers": [*kept, *HEADERS]}
            await send(message)

        try:
            await self.app(scope, limited_receive, with_headers)
        except Exception:
            if not too_large:
                raise
        if too_large and not started:
            await _send_error(send, 413, f"request body over {self.max_body} bytes")
