"""Local or shared: one person's afterview on their machine, or a career centre's deployment.

``AFTERVIEW_MODE=shared`` (with ``DATABASE_URL`` pointing at PostgreSQL) is the deployment: the
schema changes only by ``afterview admin migrate``, never when a process starts; people sign in
and see only their own rows. Unset or ``local`` is the tool as it always was: one user (id 1),
the store made and migrated on first use.
"""

from __future__ import annotations

import os

from afterview.errors import InputError

MODES = ("local", "shared")


def mode() -> str:
    """``local`` or ``shared``, from ``AFTERVIEW_MODE``; InputError for anything else."""
    value = os.environ.get("AFTERVIEW_MODE", "").strip().lower() or "local"
    if value not in MODES:
        raise InputError("AFTERVIEW_MODE", None, f"expected local or shared; got {value!r}")
    return value


def shared() -> bool:
    """True in a shared deployment."""
    return mode() == "shared"
