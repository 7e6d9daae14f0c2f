"""Workers on PostgreSQL (Procrastinate): scheduled sends at the chosen time inside the
advice's window, reminders when a window opens, and mailbox syncs. The jobs live in the same
database as everything else; docs/workers.md tells how they never send twice.

- :func:`apply_queue_schema` (``afterview admin migrate``): Procrastinate's schema.
- :func:`open_queue`, :func:`schedule_send`, :func:`unschedule`, :func:`scheduled_sends`:
  what the CLI and the web call.
- :func:`run_worker` (``afterview worker``).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from afterview.store.queue import apply_queue_schema
    from afterview.worker.jobs import app, open_queue
    from afterview.worker.running import run_worker
    from afterview.worker.scheduling import (
        Scheduled,
        schedule_send,
        scheduled_sends,
        unschedule,
    )

_WHERE = {
    "apply_queue_schema": "afterview.store.queue",
    "app": "afterview.worker.jobs",
    "open_queue": "afterview.worker.jobs",
    "run_worker": "afterview.worker.running",
    "Scheduled": "afterview.worker.scheduling",
    "schedule_send": "afterview.worker.scheduling",
    "scheduled_sends": "afterview.worker.scheduling",
    "unschedule": "afterview.worker.scheduling",
}

__all__ = [
    "Scheduled",
    "app",
    "apply_queue_schema",
    "open_queue",
    "run_worker",
    "schedule_send",
    "scheduled_sends",
    "unschedule",
]


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'afterview.worker' has no attribute {name!r}")
    return getattr(import_module(_WHERE[name]), name)
