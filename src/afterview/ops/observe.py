"""The request observer: outermost ASGI middleware, around the guard, so requests the guard
refuses (401, 400, 413) are seen too. For each HTTP request it

- takes the request id from ``X-Request-ID`` when well-formed (1-128 letters, digits, ``.``,
  ``_``, ``-``), else makes one (32 hex digits), and echoes it in the response;
- writes one line to the ``afterview.request`` logger (method, route template, status,
  duration, request id: never the raw path, query, headers or body);
- counts it in the metrics when they are on (afterview.ops.metrics).

Probe requests that succeed (``/healthz``, ``/readyz``, ``/metrics`` under 400) are logged at
debug level: a load balancer asking every few seconds would drown the log otherwise.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from typing import Any

from afterview.ops import OPEN_PATHS, logs, metrics

log = logging.getLogger("afterview.request")

REQUEST_ID = b"x-request-id"
WELL_FORMED = re.compile(rb"[A-Za-z0-9._-]{1,128}")
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
UNMATCHED = "unmatched"  # the route label of a path no route serves (404)


def incoming_id(headers: list[tuple[bytes, bytes]]) -> str | None:
    """The client's or proxy's ``X-Request-ID`` when well-formed, else None."""
    for key, value in headers:
        if key.lower() == REQUEST_ID:
            return value.decode("ascii") if WELL_FORMED.fullmatch(value) else None
    return None


def template(route: Any) -> str:
    """A route's path template: ``/api/interviews/{interview_id}``; a mount's prefix and
    ``/{path}`` (the static files)."""
    from starlette.routing import Mount

    path = str(getattr(route, "path", "") or "")
    if isinstance(route, Mount):
        return f"{path}/{{path}}"
    return path or UNMATCHED


def leaves(routes: list[Any]) -> list[Any]:
    """The routes themselves, through included routers (FastAPI 0.16x keeps an included
    router as one entry of ``app.routes``, its routes under ``original_router``)."""
    found: list[Any] = []
    for route in routes:
        inner = getattr(route, "original_router", None)
        prefix = str(getattr(getattr(route, "include_context", None), "prefix", None) or "")
        if inner is not None and prefix:
            continue  # a prefixed include's routes do not match full paths; afterview has none
        if inner is not None:
            found.extend(leaves(list(inner.routes)))
        elif getattr(route, "path", None) is not None:
            found.append(route)
    return found


def method_label(method: str) -> str:
    """The method as a metric label: one of the standard seven, else OTHER (a client picks
    the method, and every label value is a time series)."""
    return method if method in METHODS else "OTHER"


class Observe:
    """See the module. ``guarded``: the app inside its guard, which this calls; ``app``: the
    FastAPI app itself (``create_app(...).app``, as before the observer: tests and tools
    reach the routes and the state there), whose routes are matched against a request the guard
    refused before the router saw it, so its line names a route too."""

    def __init__(self, guarded: Any, *, app: Any) -> None:
        self.guarded = guarded
        self.app = app

    def route_of(self, scope: dict[str, Any]) -> str:
        route = scope.get("route")
        if route is not None:
            return template(route)
        from starlette.routing import Match

        probe = {**scope, "type": "http"}
        partial = None
        for candidate in leaves(list(self.app.routes)):
            try:
                match, _ = candidate.matches(probe)
            except Exception:  # a route that cannot judge this scope: not this one
                continue
            if match is Match.FULL:
                return template(candidate)
            if match is Match.PARTIAL and partial is None:
                partial = candidate
        return template(partial) if partial is not None else UNMATCHED

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            if scope["type"] == "lifespan":
                logs.claim_uvicorn()  # the server has configured its logging by now
            await self.guarded(scope, receive, send)
            return
        rid = incoming_id(scope.get("headers", [])) or uuid.uuid4().hex
        token = logs.request_id.set(rid)
        started = time.perf_counter()
        status = 500  # until the app says otherwise: an exception before any response

        async def send_with_id(message: dict[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() != REQUEST_ID]
                message = {**message, "headers": [*kept, (REQUEST_ID, rid.encode("ascii"))]}
            await send(message)

        try:
            await self.guarded(scope, receive, send_with_id)
        finally:
            seconds = time.perf_counter() - started
            try:
                self._record(scope, status, seconds)
            finally:
                logs.request_id.reset(token)

    def _record(self, scope: dict[str, Any], status: int, seconds: float) -> None:
        method = method_label(str(scope.get("method", "")))
        route = self.route_of(scope)
        metrics.observe_request(route, method, status, seconds)
        probe = scope.get("path") in OPEN_PATHS
        if status >= 500:
            level = logging.WARNING if probe else logging.ERROR  # /readyz's 503: not ready yet
        elif probe and status < 400:
            level = logging.DEBUG
        else:
            level = logging.INFO
        if not log.isEnabledFor(level):
            return
        fields = {
            "method": method,
            "route": route,
            "status": status,
            "duration_ms": round(seconds * 1000, 1),
        }  # request_id: from the context (logs.request_id), on every line of this request
        log.log(level, "%s %s %s", method, route, status, extra={"fields": fields})
