"""What the tracker's pages and API routes share: the store and the clock."""

from __future__ import annotations

import threading
from datetime import datetime, tzinfo
from functools import cache
from typing import Annotated, Any

from fastapi import Depends, Request

_lock = threading.Lock()


def base_store(request: Request) -> Any:
    """The app's store, opened (and migrated) on first use from the settings' ``db``."""
    return app_store(request.app)


def app_store(app: Any) -> Any:
    """:func:`base_store` outside a request (the metrics' queue depth)."""
    state = app.state
    with _lock:
        if getattr(state, "store", None) is None:
            from afterview.store import open_store

            state.store = open_store(state.settings.db)
    return state.store


def user_id(request: Request) -> int:
    """Who is asking: the signed-in user (a shared deployment sets ``request.state.user``),
    else the local store's one user."""
    from afterview.store.schema import LOCAL_USER

    user = getattr(request.state, "user", None)
    return int(user.id) if user is not None else LOCAL_USER


def store(request: Request) -> Any:
    """The store as the user asking sees it: their rows only (afterview.store.owners)."""
    base = base_store(request)
    mine = user_id(request)
    return base if mine == base.owner_id else base.of(mine)


def now(request: Request) -> datetime:
    """The clock, aware, in the viewer's zone: the signed-in user's own (a shared deployment,
    set on their account page), else this machine's; or the fixed moment the app was started
    with (``afterview serve --now``: demos and tests), in the user's zone when they have one."""
    fixed: datetime | None = request.app.state.settings.now
    zone = _zone(getattr(getattr(request.state, "user", None), "timezone", None))
    if fixed is not None:
        return fixed.astimezone(zone) if zone is not None else fixed
    return datetime.now(zone) if zone is not None else datetime.now().astimezone()


@cache
def _zone(name: str | None) -> tzinfo | None:
    if not name:
        return None
    from zoneinfo import ZoneInfo

    try:
        return ZoneInfo(name)
    except (ValueError, KeyError, OSError):  # a zone the tz database no longer has
        return None


def smtp_ready() -> bool:
    """True when an SMTP server is configured (the "Send now" button is offered)."""
    from afterview.errors import AfterviewError
    from afterview.outbox import SmtpSettings

    try:
        SmtpSettings.from_environment()
    except AfterviewError:
        return False
    return True


Store = Annotated[Any, Depends(store)]  # a route parameter: the app's store
Clock = Annotated[datetime, Depends(now)]  # a route parameter: the time it is
