"""Passwords from the system keyring, when the optional ``keyring`` package is installed
(``pip install 'afterview[keyring]'``); otherwise settings come from the environment."""

from __future__ import annotations


def keyring_password(service: str, user: str) -> str | None:
    """The password stored for ``user`` under ``service`` ("afterview-smtp",
    "afterview-imap"), or None: no keyring package, no backend on this system, none stored."""
    try:
        import keyring
    except ImportError:
        return None
    try:
        return keyring.get_password(service, user)
    except Exception:  # no usable backend (a server without a desktop session)
        return None
