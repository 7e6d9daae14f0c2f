"""``afterview worker``: run a Procrastinate worker on the deployment's database."""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Sequence
from typing import Any

from afterview.errors import InputError
from afterview.worker.settings import WorkerSettings, database_url


def check_ready(url: str) -> None:
    """Refuse, in one line, a database whose queue schema is not installed."""
    from afterview.store.failures import StoreError, name_of
    from afterview.store.queue import engine_for, queue_installed

    engine = engine_for(url)
    try:
        there = queue_installed(engine)
    finally:
        engine.dispose()
    if not there:
        raise StoreError(
            name_of(engine.url),
            "the job queue's tables are not there; run afterview admin migrate first",
        )


def run_worker(
    concurrency: int = 4,
    queues: Sequence[str] | None = None,
    url: str | None = None,
) -> None:
    """Run a worker until SIGINT or SIGTERM (it finishes the jobs it is running, then stops).
    ``queues``: some of sends, reminders, sync (default: all). A SIGKILL leaves its jobs to
    :func:`afterview.worker.jobs.recover_sends` on another worker (docs/workers.md)."""
    from afterview.worker.jobs import QUEUES, bind

    url = url or database_url()
    settings = WorkerSettings.from_environment()
    unknown = sorted(set(queues or ()) - set(QUEUES))
    if unknown:
        raise InputError(
            "--queues", None, f"expected some of {', '.join(QUEUES)}; got {', '.join(unknown)}"
        )
    if not 1 <= concurrency <= 64:
        raise InputError("--concurrency", None, f"expected 1 to 64; got {concurrency}")
    check_ready(url)
    from afterview.mode import preflight
    from afterview.ops.logs import configure

    preflight(url, web=False)
    level = configure()  # JSON lines in a shared deployment, as the web's
    # Procrastinate's own INFO lines quote each job's arguments and result (a reminder's
    # recipient's name): only its warnings and errors, unless debugging.
    if logging.getLogger("afterview").getEffectiveLevel() > logging.DEBUG:
        logging.getLogger("procrastinate").setLevel(logging.WARNING)
    del level
    app = bind(url, min_size=1, max_size=concurrency + 2)
    log = logging.getLogger("afterview.worker")
    chosen = ", ".join(queues or QUEUES)
    log.info("worker started: %s jobs at a time, queues %s", concurrency, chosen)
    try:
        _run(app, queues, concurrency, settings)
    except procrastinate_errors() as exc:
        from sqlalchemy.engine import make_url

        from afterview.store.failures import StoreError, name_of

        log.error("worker stopped: lost the database (%s)", type(exc).__name__)
        raise StoreError(
            name_of(make_url(url)),
            "the worker lost its connection to PostgreSQL and stopped; its service manager "
            "starts it again (docs/deploy.md), and nothing it was sending can go twice",
        ) from None
    log.info("worker stopped")


def procrastinate_errors() -> tuple[type[BaseException], ...]:
    """What Procrastinate raises when the database goes away under a running worker."""
    from procrastinate import exceptions

    return (exceptions.ConnectorException,)


def _run(app: Any, queues: Sequence[str] | None, concurrency: int, settings: Any) -> None:
    app.run_worker(
        queues=list(queues) if queues else None,
        concurrency=concurrency,
        name=f"afterview@{socket.gethostname()}:{os.getpid()}",
        update_heartbeat_interval=max(1.0, settings.stalled_after / 3),
        stalled_worker_timeout=settings.stalled_after,
        fetch_job_polling_interval=float(os.environ.get("AFTERVIEW_WORKER_POLL", "5")),
        # LISTEN/NOTIFY wakes every worker at each new job: quick for a send due now, but each
        # wake-up looks through the queue, and a burst of schedules for later is then better
        # served by polling alone (AFTERVIEW_WORKER_LISTEN=0; docs/workers.md).
        listen_notify=os.environ.get("AFTERVIEW_WORKER_LISTEN", "1") != "0",
    )
