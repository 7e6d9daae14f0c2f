"""Operations: health probes (``/healthz``, ``/readyz``), structured logs, Prometheus metrics.

:func:`install` adds the routes to the web app and configures logging; :func:`wrap` puts the
request observer (request id, one log line and metrics per request) around the guarded app.
Nothing here is imported by the everyday commands: prometheus-client is loaded only when
metrics are on (afterview.ops.metrics)."""

from __future__ import annotations

from typing import Any

# Paths the web app's guard lets through without its access token or Host check (GET and HEAD
# only): the probes answer a fixed vocabulary, /metrics checks its own token.
OPEN_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})


def install(app: Any) -> None:
    """Configure logging for this process and add the probe and metrics routes to ``app``."""
    from afterview.ops import health, logs, metrics, metrics_page

    logs.configure()
    metrics.token()  # a malformed AFTERVIEW_METRICS_TOKEN stops the start, in one line
    metrics.prepare()
    app.include_router(health.router)
    app.include_router(metrics_page.router)


def wrap(guarded: Any, app: Any) -> Any:
    """``guarded`` (the app inside its guard) inside the request observer, which reads route
    templates from ``app`` for requests the guard refused before routing."""
    from afterview.ops.observe import Observe

    return Observe(guarded, app=app)
