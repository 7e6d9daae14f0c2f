"""Errors: one JSON shape for the API (``{"error": {"status", "message", "field"}}``) and a
friendly page for the browser pages."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.responses import Response

from afterview.errors import AfterviewError, InputError

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
}


def error_body(status: int, message: str, field: str | None = None) -> dict[str, Any]:
    """The error document every API failure returns."""
    return {"error": {"status": status, "message": message, "field": field}}


def wants_json(request: Request) -> bool:
    """API routes (and anything that is not a page) answer errors in JSON."""
    path = request.url.path
    return path.startswith("/api") or path.startswith("/openapi") or path.startswith("/static")


def error_response(
    request: Request, status: int, message: str, field: str | None = None
) -> Response:
    """The JSON error for the API; the friendly page for a page."""
    if wants_json(request):
        return JSONResponse(error_body(status, message, field), status_code=status)
    from afterview.web.pages import render

    title = TITLES.get(status, "Something went wrong")
    return render(request, "error.html", "error", status, title=title, message=message)


def _location(loc: Any) -> str:
    parts = [str(p) for p in loc if p != "body"]
    return ".".join(parts) or "body"


def install(app: FastAPI) -> None:
    """Register the handlers that turn every failure into :func:`error_body` or a page."""

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
        return error_response(request, exc.status_code, str(exc.detail))
