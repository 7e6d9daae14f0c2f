"""Prometheus metrics (prometheus-client, the ``shared`` extra), served at ``GET /metrics``.

- ``afterview_http_requests_total{route, method, status}``: requests by route template;
- ``afterview_http_request_duration_seconds{route}``: a latency histogram;
- ``afterview_job_queue_depth{queue}``: jobs waiting, from the callable the worker package
  registers with :func:`queue_depth_source` (none registered: no sample);
- ``afterview_sends_total{outcome}``: SMTP sends by outcome (sent, failed, refused, unknown),
  counted by :func:`count_send` where afterview.outbox settles a send.

The page itself is afterview.ops.metrics_page (this module loads neither FastAPI nor
prometheus-client, so the send path can count cheaply).

Metrics are collected only when they can be read: ``AFTERVIEW_METRICS_TOKEN`` is set (this
process serves ``/metrics``, to a scraper presenting that token as a bearer token) or
``PROMETHEUS_MULTIPROC_DIR`` is set (every process on the machine writes its counts there and
``/metrics`` adds them up: uvicorn workers, job workers). Without either, nothing is imported
or counted, and ``/metrics`` answers 404.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from afterview.errors import InputError

TOKEN_ENV = "AFTERVIEW_METRICS_TOKEN"
MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
OUTCOMES = ("sent", "failed", "refused", "unknown")
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
MIN_TOKEN = 16
EXTRA = "pip install 'afterview[shared]'"

log = logging.getLogger("afterview.metrics")

QueueDepth = Callable[[], "int | Mapping[str, int]"]
_queue_depth: QueueDepth | None = None


def token(env: Any = None) -> str | None:
    """The bearer token ``/metrics`` demands (None: metrics are not served). Raises InputError
    (one line) for a token too short to guess, or when prometheus-client is missing."""
    env = os.environ if env is None else env
    value = env.get(TOKEN_ENV, "").strip()
    if not value:
        return None
    if len(value) < MIN_TOKEN:
        raise InputError(TOKEN_ENV, None, f"expected at least {MIN_TOKEN} characters")
    if not available():
        raise InputError(TOKEN_ENV, None, f"metrics need prometheus-client ({EXTRA})")
    return value


def available() -> bool:
    """True when prometheus-client is installed."""
    import importlib.util

    return importlib.util.find_spec("prometheus_client") is not None


def multiprocess_dir() -> str | None:
    """``PROMETHEUS_MULTIPROC_DIR`` when set."""
    return os.environ.get(MULTIPROC_ENV) or None


def enabled() -> bool:
    """True when this process collects metrics (see the module)."""
    return bool(os.environ.get(TOKEN_ENV) or multiprocess_dir()) and available()


@dataclass(frozen=True)
class _Instruments:
    requests: Any
    latency: Any
    sends: Any


_made: _Instruments | None = None


def _instruments() -> _Instruments:
    """The metrics of this process, made on first use (in prometheus-client's default registry;
    in multiprocess mode their values go to files in PROMETHEUS_MULTIPROC_DIR)."""
    global _made
    if _made is None:
        from prometheus_client import REGISTRY, Counter, Histogram

        requests = Counter(
            "afterview_http_requests",
            "HTTP requests by route template, method and status.",
            ["route", "method", "status"],
        )
        latency = Histogram(
            "afterview_http_request_duration_seconds",
            "Time from a request's arrival to the end of its response, by route template.",
            ["route"],
            buckets=BUCKETS,
        )
        sends = Counter("afterview_sends", "SMTP sends by outcome.", ["outcome"])
        for outcome in OUTCOMES:  # every outcome shows, at 0, from the start
            sends.labels(outcome)
        if multiprocess_dir() is None:
            REGISTRY.register(QueueDepthCollector())
        _made = _Instruments(requests, latency, sends)
    return _made


def prepare() -> None:
    """Make this process's metrics now when they are on (every send outcome shows at 0 from
    the start, and in multiprocess mode each process has its file from the start)."""
    if enabled():
        _instruments()


def observe_request(route: str, method: str, status: int, seconds: float) -> None:
    """Count one request (afterview.ops.observe calls it); nothing when metrics are off."""
    if not enabled():
        return
    try:
        made = _instruments()
        made.requests.labels(route, method, str(status)).inc()
        made.latency.labels(route).observe(seconds)
    except Exception:  # a full disk under PROMETHEUS_MULTIPROC_DIR must not fail a request
        log.warning("could not record a request in the metrics", exc_info=True)


def count_send(outcome: str) -> None:
    """Count one SMTP send that ended: "sent" (the server accepted it), "refused" (the server
    said no; still a draft), "failed" (no server could be used; still a draft), "unknown"
    (the connection broke while sending; left "sending" for reconciliation). Never raises for
    a recording problem: a send's result matters more than its count."""
    if outcome not in OUTCOMES:
        raise ValueError(f"outcome: expected one of {', '.join(OUTCOMES)}; got {outcome!r}")
    if not enabled():
        return
    try:
        _instruments().sends.labels(outcome).inc()
    except Exception:
        log.warning("could not count a send in the metrics", exc_info=True)


def queue_depth_source(fn: QueueDepth | None) -> None:
    """Register the callable that says how many jobs wait: an int (reported as
    ``queue="all"``) or a mapping of queue name to count. It runs at each scrape, in the
    process answering it; an exception is logged and the scrape goes on without the gauge.
    None unregisters (the default: no sample)."""
    global _queue_depth
    _queue_depth = fn


class QueueDepthCollector:
    """``afterview_job_queue_depth{queue}`` from the registered callable, read at scrape time."""

    def collect(self) -> Any:
        from prometheus_client.core import GaugeMetricFamily

        source = _queue_depth
        if source is None:
            return []
        try:
            depth = source()
            counts = {"all": depth} if isinstance(depth, int) else dict(depth)
            samples = [(str(queue), float(n)) for queue, n in sorted(counts.items())]
        except Exception as exc:
            log.warning(
                "the job queue depth could not be read",
                extra={"fields": {"error": type(exc).__name__}},
            )
            return []
        family = GaugeMetricFamily(
            "afterview_job_queue_depth", "Jobs waiting to run, by queue.", labels=["queue"]
        )
        for queue, value in samples:
            family.add_metric([queue], value)
        return [family]


def several_workers_without_directory() -> bool:
    """True in a worker of ``afterview serve --workers N`` (N > 1) without
    PROMETHEUS_MULTIPROC_DIR: each process would report only its own counts."""
    from afterview.web.app import SETTINGS_ENV

    return SETTINGS_ENV in os.environ and multiprocess_dir() is None


def render() -> bytes:
    """The metrics in Prometheus's text format: this process's, or in multiprocess mode the
    sum over every process that wrote to PROMETHEUS_MULTIPROC_DIR."""
    from prometheus_client import REGISTRY, CollectorRegistry, generate_latest

    _instruments()
    if multiprocess_dir() is None:
        return bytes(generate_latest(REGISTRY))
    from prometheus_client.multiprocess import MultiProcessCollector

    registry = CollectorRegistry()
    MultiProcessCollector(registry)
    registry.register(QueueDepthCollector())
    return bytes(generate_latest(registry))
