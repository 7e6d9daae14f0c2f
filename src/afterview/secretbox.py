"""Short secrets at rest (SMTP and IMAP passwords, an OIDC client secret): encrypted with a key
derived from ``AFTERVIEW_SECRET_KEY``, so a copy of the database (a backup, a replica, a
stolen disk) does not give them away.

The cipher is Fernet (the ``cryptography`` package): AES-128-CBC with an HMAC-SHA256 over the
whole token, a random IV each time, a version byte and a timestamp; any change to a token, or
the wrong key, fails the HMAC check before anything is decrypted. It was chosen over AES-GCM
used directly because it leaves nothing to get wrong (no nonce to manage, no tag length to
pick), its tokens are plain URL-safe text (a TEXT column), and MultiFernet gives key rotation
as it stands: decrypt with any of several keys, re-encrypt under the first.

The key: ``AFTERVIEW_SECRET_KEY`` (32+ random bytes in URL-safe base64; the same variable signs
the session cookies) is never used as it is: HKDF-SHA256 derives the Fernet key from it with
this module's own label, so no other use of the variable ever shares key material with it.
Rotation: put the old value in ``AFTERVIEW_SECRET_KEY_OLD`` (several: comma-separated) and a new
one in ``AFTERVIEW_SECRET_KEY``; everything still decrypts, :meth:`SecretBox.rotate` re-encrypts
a token under the new key, and once every stored token is rotated the old key can go.

A ``context`` (e.g. "smtp-password:user:42") binds a token to where it is stored: decrypting it
with another context fails, so a token copied into another user's row is useless there.
"""

from __future__ import annotations

import base64
import binascii
import os
import re
from collections.abc import Mapping
from typing import Any

from afterview.errors import AfterviewError

KEY_ENV = "AFTERVIEW_SECRET_KEY"
OLD_KEY_ENV = "AFTERVIEW_SECRET_KEY_OLD"
MIN_KEY_BYTES = 32
MAX_SECRET_BYTES = 8192  # short secrets only: a password, a client secret, a token
LABEL = b"afterview secretbox v1"  # HKDF info: this use of the key and no other
MAKE_ONE = "python3 -c 'import secrets; print(secrets.token_urlsafe(32))'"
URLSAFE = re.compile(r"[A-Za-z0-9_-]+={0,2}")


class SecretKeyError(AfterviewError):
    """The key is missing or malformed (one line naming the variable and how to make one)."""


class SecretUnreadable(AfterviewError):
    """A stored secret cannot be decrypted: another key, another context, or altered."""


def parse_key(value: str, name: str = KEY_ENV) -> bytes:
    """The key's bytes from its URL-safe base64 text; SecretKeyError when it is not that or is
    shorter than 32 bytes."""
    text = value.strip()
    if not text:
        raise SecretKeyError(
            f"{name}: not set; expected 32+ random bytes in URL-safe base64 ({MAKE_ONE})"
        )
    if not URLSAFE.fullmatch(text):
        raise SecretKeyError(
            f"{name}: expected URL-safe base64 (letters, digits, - and _); make one with {MAKE_ONE}"
        )
    try:
        raw = base64.urlsafe_b64decode(text.rstrip("=") + "=" * (-len(text.rstrip("=")) % 4))
    except (binascii.Error, ValueError):
        raise SecretKeyError(f"{name}: not valid base64; make one with {MAKE_ONE}") from None
    if len(raw) < MIN_KEY_BYTES:
        raise SecretKeyError(
            f"{name}: {len(raw)} bytes; expected at least {MIN_KEY_BYTES} "
            f"(make one with {MAKE_ONE})"
        )
    return raw


def _fernet_key(raw: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=LABEL).derive(raw)
    return base64.urlsafe_b64encode(derived)


def _cryptography() -> Any:
    try:
        from cryptography import fernet
    except ImportError:
        raise SecretKeyError(
            "secrets at rest need the cryptography package (pip install 'afterview[shared]')"
        ) from None
    return fernet


class SecretBox:
    """Encrypts with the current key; decrypts with the current or any old one."""

    def __init__(self, key: str, old: tuple[str, ...] = ()) -> None:
        fernet = _cryptography()
        keys = [parse_key(key, KEY_ENV)] + [parse_key(k, OLD_KEY_ENV) for k in old]
        self._fernets = [fernet.Fernet(_fernet_key(raw)) for raw in keys]
        self._box = fernet.MultiFernet(self._fernets)
        self._invalid = fernet.InvalidToken

    @classmethod
    def from_environment(cls, env: Mapping[str, str] | None = None) -> SecretBox:
        """The box for ``AFTERVIEW_SECRET_KEY`` and ``AFTERVIEW_SECRET_KEY_OLD`` (comma-separated,
        optional). SecretKeyError, in one line, when the key is missing or malformed."""
        env = os.environ if env is None else env
        old = tuple(k for k in env.get(OLD_KEY_ENV, "").split(",") if k.strip())
        return cls(env.get(KEY_ENV, ""), old)

    def encrypt(self, secret: str, context: str = "") -> str:
        """``secret`` as a token (URL-safe ASCII text) under the current key, bound to
        ``context``."""
        return self._box.encrypt(_plaintext(secret, context)).decode("ascii")

    def decrypt(self, token: str, context: str = "") -> str:
        """The secret in ``token``; SecretUnreadable when no key opens it, it was altered, or it
        was made for another ``context``."""
        try:
            data = self._box.decrypt(_token_bytes(token))
        except self._invalid:
            raise SecretUnreadable(_UNREADABLE) from None
        bound, _, secret = data.partition(b"\x00")
        if bound != context.encode("utf-8"):
            raise SecretUnreadable(
                "a stored secret belongs elsewhere (made for another setting or user); "
                "enter it again"
            )
        return secret.decode("utf-8")

    def rotate(self, token: str) -> str:
        """``token`` re-encrypted under the current key (its context kept); SecretUnreadable
        as :meth:`decrypt`."""
        try:
            return self._box.rotate(_token_bytes(token)).decode("ascii")
        except self._invalid:
            raise SecretUnreadable(_UNREADABLE) from None

    def current(self, token: str) -> bool:
        """True when ``token`` is already under the current key (nothing to rotate)."""
        try:
            self._fernets[0].decrypt(_token_bytes(token))
        except self._invalid:
            return False
        return True


_UNREADABLE = (
    "a stored secret cannot be decrypted: it was encrypted under another key (put the previous "
    f"key in {OLD_KEY_ENV}) or it was altered; enter it again"
)


def _plaintext(secret: str, context: str) -> bytes:
    if "\x00" in context:
        raise ValueError("context: must not contain NUL")
    try:
        data = context.encode("utf-8") + b"\x00" + secret.encode("utf-8")
    except UnicodeEncodeError:
        raise AfterviewError("a secret must be text (it held a lone surrogate)") from None
    if len(data) > MAX_SECRET_BYTES:
        raise AfterviewError(f"a secret longer than {MAX_SECRET_BYTES} bytes is not a short secret")
    return data


def _token_bytes(token: str) -> bytes:
    try:
        return token.encode("ascii")
    except (UnicodeEncodeError, AttributeError):
        return b"!"  # not a token: fails the check like any altered one
