"""The workers' settings, from the environment (docs/workers.md lists them)."""

from __future__ import annotations

import os
from dataclasses import dataclass

from afterview.errors import InputError


def _number(name: str, default: float, low: float, high: float) -> float:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = float("nan")
    if not low <= value <= high:
        raise InputError(name, None, f"expected a number from {low:g} to {high:g}; got {raw!r}")
    return value


@dataclass(frozen=True)
class WorkerSettings:
    """What the jobs need to know.

    ``cap``: at most this many messages through SMTP to one address in 24 hours, across the
    deployment (AFTERVIEW_SEND_CAP, default 10). ``margin``: a scheduled send starts at least
    this many seconds before its window closes, or not at all (AFTERVIEW_SEND_MARGIN, default
    60). ``stalled_after``: a worker silent this long (no heartbeat) is taken as dead and its
    unfinished jobs are looked at (AFTERVIEW_WORKER_STALLED_AFTER, default 30 s; heartbeats
    every third of it). ``remind_lookback``: a window that opened longer ago than this gets no
    reminder (AFTERVIEW_REMIND_LOOKBACK, hours, default 24): starting the workers on an old
    deployment does not mail about every window open today. ``sender``: the From of the
    reminders (AFTERVIEW_MAIL_FROM, else the SMTP user). ``base_url``: the web app's address
    for links in reminders (AFTERVIEW_PUBLIC_URL, the web's own; optional). ``keep_days``:
    finished jobs are deleted after this many days (AFTERVIEW_KEEP_JOBS_DAYS, default 30)."""

    cap: int = 10
    margin: float = 60.0
    stalled_after: float = 30.0
    remind_lookback: float = 24.0
    sender: str | None = None
    base_url: str | None = None
    keep_days: float = 30.0

    @classmethod
    def from_environment(cls) -> WorkerSettings:
        """Read the AFTERVIEW_* variables; a bad value is one line naming the variable."""
        return cls(
            cap=int(_number("AFTERVIEW_SEND_CAP", 10, 1, 10_000)),
            margin=_number("AFTERVIEW_SEND_MARGIN", 60.0, 0, 86_400),
            stalled_after=_number("AFTERVIEW_WORKER_STALLED_AFTER", 30.0, 3, 3_600),
            remind_lookback=_number("AFTERVIEW_REMIND_LOOKBACK", 24.0, 0, 24 * 30),
            sender=os.environ.get("AFTERVIEW_MAIL_FROM") or os.environ.get("AFTERVIEW_SMTP_USER"),
            # the address students open (the web's); AFTERVIEW_BASE_URL is its older name
            base_url=os.environ.get("AFTERVIEW_PUBLIC_URL")
            or os.environ.get("AFTERVIEW_BASE_URL")
            or None,
            keep_days=_number("AFTERVIEW_KEEP_JOBS_DAYS", 30.0, 0, 3_650),
        )


def database_url() -> str:
    """DATABASE_URL, which the workers need (PostgreSQL)."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        raise InputError(
            "DATABASE_URL",
            None,
            "expected the PostgreSQL database's URL (postgresql+psycopg://USER:PASSWORD@HOST/DB)",
        )
    return url


def require_packages() -> None:
    """Refuse, in one line, an install without the workers' packages (the extra ``shared``)."""
    import importlib.util

    for name in ("procrastinate", "psycopg"):
        if importlib.util.find_spec(name) is None:
            raise InputError(
                "afterview worker",
                None,
                f"{name} is not installed: pip install 'afterview[shared]'",
            )
