"""The probes a load balancer or an orchestrator asks, without signing in.

- ``GET /healthz``: the process is alive and serving: 200 ``{"status": "ok"}``, always, without
  touching the database (a liveness probe must not fail, and restart the process, because the
  database is down).
- ``GET /readyz``: this process can serve requests: 200 ``{"status": "ready", ...}`` when the
  database answers and its schema is at the latest migration (``afterview.store.location.HEAD``);
  otherwise 503 ``{"status": "not ready", "checks": {...}}`` naming what is not ready. It never
  migrates (``afterview admin migrate`` does) and never creates an SQLite file.

Both answer from a fixed vocabulary (no host, database name, revision or exception text: they
are open to anyone who can reach the port); the details go to the log. ``/readyz`` keeps its
answer for ``TTL`` seconds, so a flood of probes costs the database at most one look a second
per process.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

log = logging.getLogger("afterview.health")

TTL = 1.0  # seconds a readiness answer is kept
CONNECT_WAIT = 3  # seconds: a probe must answer before the load balancer gives up on it
NO_STORE = {"cache-control": "no-store"}

# What a check can say (the whole vocabulary of /readyz).
OK = "ok"
UNREACHABLE = "unreachable"
MISSING = "missing: run afterview admin migrate"
BEHIND = "behind: run afterview admin migrate"
FOREIGN = "not this version's: run the afterview that migrated it, or migrate"
UNKNOWN = "unknown"


@dataclass
class Readiness:
    """Checks the database at ``db`` (a path or URL; None: DATABASE_URL or the user's store)
    with its own small connection pool, opened on first use."""

    db: str | None
    ttl: float = TTL
    _engine: Any = None
    _kept: tuple[float, bool, dict[str, str]] | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def check(self) -> tuple[bool, dict[str, str]]:
        """(ready, {"database": ..., "schema": ...})."""
        with self._lock:
            if self._kept is not None and time.monotonic() - self._kept[0] < self.ttl:
                return self._kept[1], dict(self._kept[2])
            ready, checks = self._look()
            self._kept = (time.monotonic(), ready, checks)
            return ready, dict(checks)

    def _look(self) -> tuple[bool, dict[str, str]]:
        from afterview.store import upgrade
        from afterview.store.location import HEAD

        try:
            engine = self._engine_or_none()
        except Exception as exc:
            log.warning("readyz: the database URL cannot be used: %s", type(exc).__name__)
            return False, {"database": UNREACHABLE, "schema": UNKNOWN}
        if engine is None:
            return False, {"database": OK, "schema": MISSING}
        try:
            with engine.connect() as connection:
                revision = upgrade.current(connection)
        except Exception as exc:
            log.warning("readyz: the database did not answer: %s", _said(exc))
            return False, {"database": UNREACHABLE, "schema": UNKNOWN}
        if revision == HEAD:
            return True, {"database": OK, "schema": OK}
        if revision is None:
            state = MISSING
        elif revision.isdigit() and HEAD.isdigit() and int(revision) < int(HEAD):
            state = BEHIND
        else:
            state = FOREIGN
        log.warning("readyz: the schema is at %s, expected %s", revision, HEAD)
        return False, {"database": OK, "schema": state}

    def _engine_or_none(self) -> Any:
        """The probe's engine; None for an SQLite file that does not exist yet (connecting
        would create it)."""
        if self._engine is not None:
            return self._engine
        from sqlalchemy import create_engine
        from sqlalchemy.engine import make_url

        from afterview.store import failures
        from afterview.store.location import url_for

        url = make_url(url_for(self.db))
        backend = url.get_backend_name()
        path = failures.sqlite_path(url)
        if backend == "sqlite" and path is not None and not path.exists():
            return None
        if backend == "sqlite":
            engine = create_engine(url, connect_args={"timeout": CONNECT_WAIT})
        else:
            args = {"connect_timeout": CONNECT_WAIT} if backend == "postgresql" else {}
            engine = create_engine(
                url,
                connect_args=args,
                pool_size=1,
                max_overflow=1,
                pool_timeout=CONNECT_WAIT,
                pool_pre_ping=True,  # a server restarted since the last probe: not a false 503
            )
        failures.install(engine, url)  # its errors become StoreError: one line, no password
        self._engine = engine
        return engine

    def close(self) -> None:
        """Close the probe's connections."""
        with self._lock:
            if self._engine is not None:
                self._engine.dispose()
                self._engine = None


def _said(exc: BaseException) -> str:
    """A failure in one line for the log: afterview's own line (StoreError names the database
    as failures.name_of does, without its password) or the exception's type."""
    from afterview.store.failures import StoreError

    if isinstance(exc, StoreError):
        return exc.line()
    return type(exc).__name__


router = APIRouter(include_in_schema=False)


@router.api_route("/healthz", methods=["GET", "HEAD"])
async def healthz() -> JSONResponse:
    """200 while the process serves; nothing else is looked at."""
    return JSONResponse({"status": "ok"}, headers=NO_STORE)


_making = threading.Lock()


def readiness(request: Request) -> Readiness:
    """The app's Readiness, made on first use from its settings' ``db``."""
    state = request.app.state
    with _making:
        probe = getattr(state, "readiness", None)
        if probe is None:
            probe = state.readiness = Readiness(state.settings.db)
    return probe


@router.api_route("/readyz", methods=["GET", "HEAD"])
def readyz(request: Request) -> JSONResponse:
    """200 when the database answers at the latest schema; 503 naming what is not ready."""
    ready, checks = readiness(request).check()
    body = {"status": "ready" if ready else "not ready", "checks": checks}
    return JSONResponse(body, status_code=200 if ready else 503, headers=NO_STORE)
