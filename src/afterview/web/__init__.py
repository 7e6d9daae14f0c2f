"""afterview's web app: FastAPI pages and a JSON API, thin shells over the library.

Start it with ``afterview serve``; build it in code with :func:`create_app`."""

from __future__ import annotations

from afterview.web.app import create_app
from afterview.web.settings import WebSettings

__all__ = ["WebSettings", "create_app"]
