"""One JSON shape for every API error: ``{"error": {"status", "message", "field"}}``."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from afterview.errors import AfterviewError, InputError


def error_body(status: int, message: str, field: str | None = None) -> dict[str, Any]:
    """The error document every API failure returns."""
    return {"error": {"status": status, "message": message, "field": field}}


def error_response(status: int, message: str, field: str | None = None) -> JSONResponse:
    return JSONResponse(error_body(status, message, field), status_code=status)


def _location(loc: Any) -> str:
    parts = [str(p) for p in loc if p != "body"]
    return ".".join(parts) or "body"


def install(app: FastAPI) -> None:
    """Register the handlers that turn every failure into :func:`error_body`."""

    @app.exception_handler(InputError)
    async def bad_input(request: Request, exc: InputError) -> JSONResponse:
        return error_response(422, exc.line(), exc.field)

    @app.exception_handler(AfterviewError)
    async def refused(request: Request, exc: AfterviewError) -> JSONResponse:
        return error_response(409, str(exc))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {"loc": (), "msg": "invalid request"}
        field = _location(first.get("loc", ()))
        return error_response(422, f"{field}: {first.get('msg', 'invalid')}", field)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        return error_response(exc.status_code, str(exc.detail))
