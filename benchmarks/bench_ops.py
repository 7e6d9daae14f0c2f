"""What the request observer (afterview.ops.observe: request id, a log line, metrics) costs a
request, in-process: GET /healthz and GET /guide through the ASGI app with and without the
observer, with metrics off and on, logs off (text at warning) and JSON at info (to /dev/null);
and /readyz's look at the database (SQLite; PostgreSQL when DATABASE_URL names one).

    .venv/bin/python benchmarks/bench_ops.py
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

N = 1000
ROUNDS = 7


def call(app: Any, path: str) -> None:
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [(b"host", b"127.0.0.1")],
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 8765),
    }

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        pass

    async def many() -> None:
        for _ in range(N):
            await app(scope, receive, send)

    asyncio.run(many())


def per_request_us(app: Any, path: str) -> float:
    started = time.perf_counter()
    call(app, path)
    return (time.perf_counter() - started) / N * 1e6


SETUPS = (  # label, metrics on, JSON logs at info, through the observer
    ("guard only (no observer)", False, False, False),
    ("observer, metrics off, text logs (local)", False, False, True),
    ("observer, metrics on, text logs", True, False, True),
    ("observer, metrics on, JSON logs at info", True, True, True),
)


def switch(metrics: bool, json_logs: bool) -> None:
    """Metrics and the log format are per process: set them before each measurement."""
    import logging

    from afterview.ops import logs

    os.environ.pop("AFTERVIEW_METRICS_TOKEN", None)
    if metrics:
        os.environ["AFTERVIEW_METRICS_TOKEN"] = "bench-metrics-token-000"
    if json_logs:
        logs.configure("json", logging.INFO)
    else:
        logs.configure("text", logging.WARNING)


def main() -> None:
    sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - the JSON lines go nowhere
    folder = Path(tempfile.mkdtemp())
    from afterview.store import open_store
    from afterview.web import WebSettings, create_app

    db = str(folder / "bench.db")
    open_store(db).engine.dispose()
    os.environ["AFTERVIEW_METRICS_TOKEN"] = "bench-metrics-token-000"  # instruments made
    app = create_app(WebSettings(db=db))
    results: dict[str, dict[str, list[float]]] = {
        s[0]: {"/healthz": [], "/guide": []} for s in SETUPS
    }
    for _ in range(ROUNDS):  # interleaved: the machine's drift falls on every set-up alike
        for label, metrics, json_logs, observed in SETUPS:
            switch(metrics, json_logs)
            target = app if observed else app.guarded
            for path in ("/healthz", "/guide"):
                results[label][path].append(per_request_us(target, path))
    print(f"in-process ASGI, median of {ROUNDS} interleaved rounds x {N} requests, us a request")
    print(f"{'set-up':44} {'/healthz':>9} {'/guide':>9}")
    for label, *_ in SETUPS:
        health = statistics.median(results[label]["/healthz"])
        guide = statistics.median(results[label]["/guide"])
        print(f"{label:44} {health:9.1f} {guide:9.1f}")
    from afterview.ops.health import Readiness

    urls = [("SQLite", str(folder / "bench.db"))]
    if os.environ.get("DATABASE_URL", "").startswith("postgresql"):
        from afterview.store import open_store

        open_store(os.environ["DATABASE_URL"]).engine.dispose()
        urls.append(("PostgreSQL", os.environ["DATABASE_URL"]))
    for name, url in urls:
        probe = Readiness(url, ttl=0)
        probe.check()
        times = []
        for _ in range(200):
            started = time.perf_counter()
            ready, _ = probe.check()
            times.append((time.perf_counter() - started) * 1000)
        assert ready
        times.sort()
        print(f"/readyz look, {name}: p50 {times[100]:.2f} ms, p99 {times[197]:.2f} ms")
        probe.close()


if __name__ == "__main__":
    main()
