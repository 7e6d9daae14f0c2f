"""``GET /metrics``: Prometheus's text format, to a scraper that presents
``Authorization: Bearer AFTERVIEW_METRICS_TOKEN`` (afterview.ops.metrics)."""

from __future__ import annotations

import secrets

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from afterview.ops.metrics import MULTIPROC_ENV, render, several_workers_without_directory, token

NO_STORE = {"cache-control": "no-store"}


def _bearer(request: Request) -> str:
    auth = request.headers.get("authorization", "")
    return auth[7:].strip() if auth[:7].lower() == "bearer " else ""


router = APIRouter(include_in_schema=False)


@router.api_route("/metrics", methods=["GET", "HEAD"])
def metrics_page(request: Request) -> Response:
    """Prometheus text format to a scraper with ``Authorization: Bearer AFTERVIEW_METRICS_TOKEN``;
    401 without it; 404 when metrics are off (no token set)."""
    from afterview.web.errors import error_body

    expected = token()
    if expected is None:  # off: the same answer as any path nothing serves
        return JSONResponse(error_body(404, "Not Found"), status_code=404, headers=NO_STORE)
    if not secrets.compare_digest(_bearer(request).encode(), expected.encode()):
        return JSONResponse(
            error_body(401, "metrics need Authorization: Bearer AFTERVIEW_METRICS_TOKEN"),
            status_code=401,
            headers={**NO_STORE, "www-authenticate": 'Bearer realm="metrics"'},
        )
    if several_workers_without_directory():
        said = (
            "several server processes each count their own requests: set "
            f"{MULTIPROC_ENV} to an empty folder before starting afterview serve"
        )
        return JSONResponse(error_body(503, said), status_code=503, headers=NO_STORE)
    from prometheus_client import CONTENT_TYPE_LATEST

    return Response(render(), media_type=CONTENT_TYPE_LATEST, headers=NO_STORE)
