"""Build the FastAPI application."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.middleware.trustedhost import TrustedHostMiddleware

from afterview import __version__
from afterview.web import errors, pages, tracker, tracker_api
from afterview.web.api import router
from afterview.web.security import Guard
from afterview.web.settings import WebSettings


def create_app(settings: WebSettings | None = None) -> Any:
    """The web app, wrapped in its guard (token, body limit, security headers)."""
    settings = settings or WebSettings()
    app = FastAPI(
        title="afterview",
        version=__version__,
        summary="Should I email them after the interview, when, and what exactly do I say?",
        openapi_url="/openapi.json",
        docs_url=None,  # the Swagger page loads scripts from a CDN; /openapi.json is served
        redoc_url=None,
    )
    app.state.settings = settings
    errors.install(app)
    app.include_router(router)
    app.include_router(tracker_api.router)
    app.include_router(tracker.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=pages.HERE / "static"), name="static")
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=settings.allowed_hosts)
    return Guard(app, max_body=settings.max_body, token=settings.token)


SETTINGS_ENV = "AFTERVIEW_WEB_SETTINGS"


def create_app_from_env() -> Any:
    """The app for a worker process started by ``afterview serve --workers N``: its settings
    come as JSON in ``AFTERVIEW_WEB_SETTINGS`` (set by the parent, never by a user)."""
    import json
    import os
    from datetime import datetime

    data = json.loads(os.environ.get(SETTINGS_ENV, "{}"))
    if data.get("now"):
        data["now"] = datetime.fromisoformat(data["now"])
    return create_app(WebSettings(**data))
