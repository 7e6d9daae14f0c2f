"""The accounts settings of a shared deployment, read from the environment.

``AFTERVIEW_MODE`` (afterview.mode): ``local`` (the default: one person, no sign-in, user
id 1) or ``shared``. In shared mode:

- ``AFTERVIEW_SECRET_KEY`` (required): 32 or more random bytes, URL-safe base64. Session
  cookies and form tokens are signed with keys derived from it (one per purpose).
- ``AFTERVIEW_PUBLIC_URL`` (required): the address people open, e.g. ``https://afterview.uni.example``.
  Its scheme decides the cookies' ``Secure`` flag; ``http://`` is accepted only for a loopback
  host (a trial on one machine, the tests), never for a name others reach.
- ``AFTERVIEW_OIDC_ISSUER``, ``AFTERVIEW_OIDC_CLIENT_ID``, ``AFTERVIEW_OIDC_CLIENT_SECRET``
  (all three, or none): sign-in with the organisation's OpenID Connect provider;
  ``AFTERVIEW_OIDC_NAME`` is what the button says ("Sign in with …"). Without them only
  local accounts (email and password) sign in.
- ``AFTERVIEW_SESSION_IDLE_MINUTES`` (default 60) and ``AFTERVIEW_SESSION_MAX_HOURS``
  (default 12): a session ends after this long without a request, and this long after sign-in
  whatever happens.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

from afterview.errors import InputError

MIN_KEY_BYTES = 32
IDLE_DEFAULT = timedelta(minutes=60)
MAX_DEFAULT = timedelta(hours=12)


def secret_key(env: Mapping[str, str] | None = None) -> bytes:
    """The deployment's secret key, decoded from ``AFTERVIEW_SECRET_KEY`` (URL-safe base64 of
    32 or more bytes)."""
    raw = (env if env is not None else os.environ).get("AFTERVIEW_SECRET_KEY", "").strip()
    make = 'make one with: python -c "import secrets; print(secrets.token_urlsafe(32))"'
    if not raw:
        raise InputError("AFTERVIEW_SECRET_KEY", None, f"required in shared mode; {make}")
    try:
        padded = raw + "=" * (-len(raw) % 4)
        key = base64.b64decode(padded.encode("ascii"), altchars=b"-_", validate=True)
    except (binascii.Error, ValueError, UnicodeEncodeError):
        raise InputError(
            "AFTERVIEW_SECRET_KEY", None, f"expected URL-safe base64; {make}"
        ) from None
    if len(key) < MIN_KEY_BYTES:
        raise InputError(
            "AFTERVIEW_SECRET_KEY",
            None,
            f"expected at least {MIN_KEY_BYTES} random bytes; got {len(key)}; {make}",
        )
    return key


def derive(key: bytes, purpose: str) -> bytes:
    """A key for one purpose (session cookies, form tokens …), so no two uses share a key."""
    return hmac.new(key, b"afterview:" + purpose.encode(), hashlib.sha256).digest()


@dataclass(frozen=True)
class OidcConfig:
    """The organisation's OpenID Connect provider and afterview's registration there."""

    issuer: str
    client_id: str
    client_secret: str
    name: str = "single sign-on"
    scope: str = "openid email profile"

    @property
    def discovery_url(self) -> str:
        """Where the provider describes itself (OpenID Connect Discovery 1.0)."""
        return self.issuer.rstrip("/") + "/.well-known/openid-configuration"


@dataclass(frozen=True)
class AccountsConfig:
    """Everything sign-in needs in shared mode."""

    secret_key: bytes
    public_url: str
    oidc: OidcConfig | None = None
    idle: timedelta = IDLE_DEFAULT
    max_age: timedelta = MAX_DEFAULT

    def __post_init__(self) -> None:
        object.__setattr__(self, "public_url", public_url(self.public_url))
        if len(self.secret_key) < MIN_KEY_BYTES:
            raise InputError("AFTERVIEW_SECRET_KEY", None, "expected at least 32 random bytes")
        if self.idle <= timedelta(0) or self.max_age <= timedelta(0):
            raise InputError("AFTERVIEW_SESSION_IDLE_MINUTES", None, "expected a positive number")

    @property
    def secure_cookies(self) -> bool:
        """Cookies marked ``Secure``: whenever the public address is https (an http address is
        only ever a loopback one, where browsers would not send a Secure cookie)."""
        return self.public_url.startswith("https://")

    @property
    def callback_url(self) -> str:
        """The redirect URI registered with the provider."""
        return self.public_url + CALLBACK_PATH

    def key(self, purpose: str) -> bytes:
        """The key derived from the secret key for ``purpose``."""
        return derive(self.secret_key, purpose)

    @classmethod
    def from_environment(cls, env: Mapping[str, str] | None = None) -> AccountsConfig:
        """Read the settings (see the module's doc); one-line InputError on a bad value."""
        env = env if env is not None else os.environ
        return cls(
            secret_key=secret_key(env),
            public_url=env.get("AFTERVIEW_PUBLIC_URL", ""),
            oidc=_oidc(env),
            idle=timedelta(minutes=_number(env, "AFTERVIEW_SESSION_IDLE_MINUTES", 60)),
            max_age=timedelta(hours=_number(env, "AFTERVIEW_SESSION_MAX_HOURS", 12)),
        )


CALLBACK_PATH = "/auth/callback"


def public_url(value: str) -> str:
    """``AFTERVIEW_PUBLIC_URL`` checked: https, or http on a loopback host; no path, query or
    trailing slash."""
    from afterview.web.settings import is_local

    where = "AFTERVIEW_PUBLIC_URL"
    value = value.strip().rstrip("/")
    if not value:
        raise InputError(
            where, None, "required in shared mode (e.g. https://afterview.uni.example)"
        )
    parts = urlsplit(value)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise InputError(where, None, f"expected https://HOST; got {value!r}")
    if parts.scheme == "http" and not is_local(parts.hostname):
        raise InputError(
            where,
            None,
            f"{value} is plain http: session cookies would cross the network unprotected; "
            "serve afterview over https (http is only for a loopback address)",
        )
    if parts.path or parts.query or parts.fragment:
        raise InputError(where, None, f"expected a scheme and a host only; got {value!r}")
    return value


def _oidc(env: Mapping[str, str]) -> OidcConfig | None:
    names = ("AFTERVIEW_OIDC_ISSUER", "AFTERVIEW_OIDC_CLIENT_ID", "AFTERVIEW_OIDC_CLIENT_SECRET")
    values = [env.get(name, "").strip() for name in names]
    if not any(values):
        return None
    missing = [name for name, value in zip(names, values, strict=True) if not value]
    if missing:
        raise InputError(
            missing[0], None, "required with the other AFTERVIEW_OIDC_* settings (set all three)"
        )
    issuer = values[0]
    parts = urlsplit(issuer)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise InputError("AFTERVIEW_OIDC_ISSUER", None, f"expected https://HOST/…; got {issuer!r}")
    from afterview.web.settings import is_local

    if parts.scheme == "http" and not is_local(parts.hostname):
        raise InputError("AFTERVIEW_OIDC_ISSUER", None, "expected https (http only on loopback)")
    name = env.get("AFTERVIEW_OIDC_NAME", "").strip() or OidcConfig.name
    return OidcConfig(issuer=issuer, client_id=values[1], client_secret=values[2], name=name)


def _number(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise InputError(name, None, f"expected a number; got {raw!r}") from None
    if not 0 < value < 10_000:
        raise InputError(name, None, f"expected a positive number; got {raw!r}")
    return value
