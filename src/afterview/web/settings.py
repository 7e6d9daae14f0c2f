"""How the web app is served: bind address, access token, limits."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from datetime import datetime

from afterview.errors import InputError

LOCAL_HOSTS = frozenset({"127.0.0.1", "::1", "localhost"})
MAX_BODY = 256 * 1024  # bytes; a situation plus a draft is a few KiB


def is_local(host: str) -> bool:
    """True when ``host`` is a loopback name or address."""
    if host in LOCAL_HOSTS:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _shared() -> bool:
    """Shared mode (AFTERVIEW_MODE=shared): people sign in (afterview.accounts), so serving
    beyond loopback needs no access token."""
    from afterview.mode import shared

    return shared()


@dataclass(frozen=True)
class WebSettings:
    """Settings for :func:`afterview.web.create_app`.

    ``token``: when set, every request must carry it (``Authorization: Bearer TOKEN`` or the
    ``afterview_token`` cookie). A non-local ``host`` requires one.

    ``key_file``: the file holding the secret key that signs the forms' CSRF tokens, made on
    first use (0600). ``afterview serve`` passes this install's, beside the database
    (:func:`afterview.web.csrf.key_path`); None: a random key for this app's lifetime.

    Accepted ``Host`` headers when local: 127.0.0.1, localhost and [::1] only. Tests that use
    Starlette's TestClient give it ``base_url="http://127.0.0.1"`` (its default Host,
    "testserver", is refused like any other name)."""

    host: str = "127.0.0.1"
    port: int = 8765
    token: str | None = None
    max_body: int = MAX_BODY
    db: str | None = None
    now: datetime | None = None  # a fixed clock (serve --now): for demos and tests
    key_file: str | None = None

    def __post_init__(self) -> None:
        if not is_local(self.host) and not self.token and not _shared():
            raise InputError(
                "--host",
                None,
                f"{self.host} is not a loopback address; serving beyond this machine needs an "
                "access token (--token or AFTERVIEW_TOKEN)",
            )
        if self.token is not None and len(self.token) < 16:
            raise InputError("--token", None, "expected at least 16 characters")
        if self.now is not None and self.now.tzinfo is None:
            raise InputError("--now", None, "expected a time with a UTC offset")
        if not 0 < self.port < 65536:
            raise InputError("--port", None, f"expected 1-65535; got {self.port}")

    @property
    def allowed_hosts(self) -> list[str]:
        """Host headers accepted: loopback names when local (stops DNS rebinding), else any."""
        if is_local(self.host):
            return ["127.0.0.1", "localhost", "[::1]"]
        return ["*"]
