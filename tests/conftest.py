"""Test-wide set-up: a private holiday cache, so tests never touch the user's."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("AFTERVIEW_CACHE_DIR", tempfile.mkdtemp(prefix="afterview-test-cache-"))
os.environ.pop("AFTERVIEW_RULE_PACK", None)
# smtp: a real SMTP server on loopback; base, browser, page: the browser tests (e2e_support.py)
pytest_plugins = ["smtp_server", "e2e_support"]
