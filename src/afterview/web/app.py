"""Build the FastAPI application."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from afterview import __version__, ops
from afterview.web import (
    dashboard,
    editor,
    errors,
    interview_pages,
    pages,
    sharing_pages,
    tracker_api,
    wizard_pages,
)
from afterview.web.api import router
from afterview.web.security import Guard
from afterview.web.settings import WebSettings

WARM_UP = {  # a small situation, checked once at start-up (see warm_up)
    "candidate": {"name": "Alex Rivera", "email": "alex.rivera@example.com"},
    "application": {"company": "Northwind Health", "role": "Data Analyst"},
    "interview": {"kind": "video", "started_at": "2026-11-24T10:00:00-05:00"},
    "interviewers": [{"name": "Dr. Priya Nair", "email": "priya.nair@northwind.example"}],
}


def warm_up() -> None:
    """Load what the first request would (the rule pack, the dictionary, compiled patterns),
    then freeze the heap: objects that live as long as the server are left out of garbage
    collection, whose full passes over them (~90 ms here) showed up as p99 spikes."""
    import gc

    from afterview.advice import advise
    from afterview.checks import check_text
    from afterview.situation import situation_from_dict

    record = situation_from_dict(WARM_UP, source="warm-up")
    advise(record)
    check_text("Dear Dr. Nair, thank you for the talk about the role.", record, "thank_you")
    gc.collect()
    gc.freeze()


@asynccontextmanager
async def _lifespan(app: Any) -> AsyncIterator[None]:
    warm_up()
    _count_the_queue(app)
    yield
    import sys

    if "afterview.worker.jobs" in sys.modules:  # a send was scheduled: its queue is open
        from afterview.worker.jobs import close_opened

        close_opened()


def _count_the_queue(app: Any) -> None:
    """On a shared deployment's PostgreSQL, /metrics reports the jobs waiting by queue
    (``afterview_job_queue_depth``), read at each scrape from the app's database."""
    from afterview.mode import shared

    db = str(app.state.settings.db or "")
    if not shared() or not (db.startswith("postgresql") or not db):
        return
    from afterview.ops.metrics import queue_depth_source
    from afterview.web.deps import app_store

    def waiting() -> dict[str, int]:
        from afterview.store.queue import depth

        store = app_store(app)
        return depth(store.engine) if store.engine.dialect.name == "postgresql" else {}

    queue_depth_source(waiting)


def create_app(settings: WebSettings | None = None, accounts: Any = None) -> Any:
    """The web app, wrapped in its guard (token, body limit, security headers).

    ``accounts`` (an :class:`afterview.accounts.config.AccountsConfig`): shared mode, where
    every route but sign-in needs a signed-in user; None: read from the environment when
    ``AFTERVIEW_MODE=shared``, else local mode (no sign-in, user id 1)."""
    settings = settings or WebSettings()
    if accounts is None:
        from afterview.mode import shared

        if shared():
            from afterview.accounts.config import AccountsConfig

            accounts = AccountsConfig.from_environment()
    gate = None
    if accounts is not None:
        from afterview.accounts import web as accounts_web

        gate = accounts_web.dependencies(accounts)
    app = FastAPI(
        title="afterview",
        version=__version__,
        summary="Should I email them after the interview, when, and what exactly do I say?",
        openapi_url="/openapi.json",
        docs_url=None,  # the Swagger page loads scripts from a CDN; /openapi.json is served
        redoc_url=None,
        lifespan=_lifespan,
        dependencies=gate,
    )
    app.state.settings = settings
    if accounts is not None:
        accounts_web.install(app, accounts)
    errors.install(app)
    ops.install(app)  # /healthz, /readyz, /metrics; logging for this process
    app.include_router(router)
    app.include_router(tracker_api.router)
    for pages_router in (dashboard, wizard_pages, interview_pages, editor, sharing_pages):
        app.include_router(pages_router.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=pages.HERE / "static"), name="static")
    hosts = None if "*" in settings.allowed_hosts else frozenset(settings.allowed_hosts)
    guarded = Guard(
        app,
        max_body=settings.max_body,
        token=settings.token,
        hosts=hosts,
        open_paths=ops.OPEN_PATHS,
    )
    return ops.wrap(guarded, app)  # request ids, one log line and metrics a request


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
