"""Errors: one JSON shape for the API (``{"error": {"status", "message", "field"}}``) and a
friendly page for the browser pages."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException
from starlette.responses import Response

from afterview.errors import AfterviewError, InputError, NotFound
from afterview.outbox import SendFailed
from afterview.store.failures import StoreError

TITLES = {
    400: "Bad request",
    401: "Access token required",
    403: "Not allowed",
    404: "Not found",
    405: "Not allowed",
    409: "Refused",
    413: "Too large",
    415: "Unsupported",
    422: "Check what you entered",
    503: "Not available just now",
}

# In a shared deployment a student cannot act on the operator's set-up (a database address, a
# mail server's port): they are told what it means for them; the detail goes to the log.
STORE_DOWN = (
    "afterview cannot reach its database just now: nothing was changed. Try again in a "
    "minute; if it lasts, tell your career centre."
)
MAIL_DOWN = (
    "The mail server did not take it: nothing was sent, and it is still a draft. Try again "
    "later; if it lasts, tell your career centre."
)


def said_to_student(exc: Exception) -> str:
    """What a send's failure (afterview.outbox.SendFailed) says on a page: its own words on
    one person's machine, where they are the operator; in a shared deployment the plain
    meaning, the detail logged."""
    from afterview.mode import shared

    if not shared():
        return str(exc)
    import logging

    logging.getLogger("afterview.web").warning("send failed: %s", exc)
    return MAIL_DOWN


class ErrorDetail(BaseModel):
    """What went wrong."""

    status: int
    message: str
    field: str | None


class ErrorDocument(BaseModel):
    """Every API error has this shape."""

    error: ErrorDetail


def documented(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` for these error statuses, all in the one error shape."""
    return {code: {"model": ErrorDocument, "description": TITLES[code]} for code in codes}


GUARD_ERRORS = (400, 401, 403, 413, 415, 422)  # what the guard and parsing may answer


def error_body(status: int, message: str, field: str | None = None) -> dict[str, Any]:
    """The error document every API failure returns."""
    return {"error": {"status": status, "message": message, "field": field}}


NOT_PAGES = ("/api", "/openapi", "/static")  # these answer errors in JSON; pages with a page


def wants_json(request: Request) -> bool:
    """API routes (and anything that is not a page) answer errors in JSON."""
    return request.url.path.startswith(NOT_PAGES)


def error_response(
    request: Request,
    status: int,
    message: str,
    field: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """The JSON error for the API; the friendly page for a page (``headers`` kept: a 405's
    ``Allow``)."""
    if wants_json(request):
        response: Response = JSONResponse(error_body(status, message, field), status_code=status)
    else:
        from afterview.web.pages import render

        title = TITLES.get(status, "Something went wrong")
        response = render(request, "error.html", "error", status, title=title, message=message)
    response.headers.update(headers or {})
    return response


def _location(loc: Any) -> str:
    parts = [str(p) for p in loc if p != "body"]
    return ".".join(parts) or "body"


def install(app: FastAPI) -> None:
    """Register the handlers that turn every failure into :func:`error_body` or a page."""

    @app.exception_handler(StoreError)
    async def store_down(request: Request, exc: StoreError) -> Response:
        import logging

        from afterview.mode import shared

        logging.getLogger("afterview.web").error("the store failed: %s", exc.line())
        said = STORE_DOWN if shared() else exc.line()
        return error_response(request, 503, said, headers={"Retry-After": "30"})

    @app.exception_handler(SendFailed)
    async def send_failed(request: Request, exc: SendFailed) -> Response:
        return error_response(request, 409, said_to_student(exc))

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> Response:
        return error_response(request, 404, f"no {exc.what} with this id")

    @app.exception_handler(InputError)
    async def bad_input(request: Request, exc: InputError) -> Response:
        return error_response(request, 422, exc.line(), exc.field)

    @app.exception_handler(AfterviewError)
    async def refused(request: Request, exc: AfterviewError) -> Response:
        return error_response(request, 409, str(exc))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        first = exc.errors()[0] if exc.errors() else {"loc": (), "msg": "invalid request"}
        field = _location(first.get("loc", ()))
        return error_response(request, 422, f"{field}: {first.get('msg', 'invalid')}", field)

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception) -> Response:
        import logging

        logging.getLogger("afterview.web").exception("unexpected error", exc_info=exc)
        return error_response(
            request, 500, "afterview hit an unexpected error; nothing was changed by this request"
        )

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            headers["allow"] = ", ".join(_allowed(request))
        return error_response(request, exc.status_code, str(exc.detail), headers=headers)


def _allowed(request: Request) -> list[str]:
    """Every method some route accepts at this path (Starlette names only the first route's,
    and GET and POST /api/interviews are two routes)."""
    from starlette.routing import Match

    methods: set[str] = set()
    for route in request.app.routes:
        match, _ = route.matches({**request.scope, "method": "GET"})
        if match != Match.NONE:
            methods |= set(getattr(route, "methods", None) or ())
    return sorted(methods)
