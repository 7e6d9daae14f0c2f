"""A small on-disk cache in the user cache directory, for start-up speed only.

Everything cached here is derived from files the user already has (their situation file, the
installed packages): nothing is downloaded, and deleting the directory only makes the next run
slower. ``AFTERVIEW_CACHE_DIR`` moves it; ``AFTERVIEW_CACHE_DIR=off`` turns it off. A cache
that cannot be read or written is ignored.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

# Part of every cached object's name: bump it when a cached class changes shape, or when the
# validation of a situation changes (4: regions and decision dates), so that an upgrade never
# unpickles an old object into a new class nor serves a record the new rules would refuse.
FORMAT = 4


def cache_dir() -> Path | None:
    """Where cached files live, or None when caching is off."""
    override = os.environ.get("AFTERVIEW_CACHE_DIR")
    if override == "off":
        return None
    if override:
        return Path(override)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("afterview", appauthor=False))


def read(name: str) -> Any:
    """The object stored under ``name``, or None."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        with (folder / name).open("rb") as f:
            return pickle.load(f)
    except Exception:  # missing, truncated, or from an incompatible version: recompute
        return None


def write(name: str, value: Any) -> None:
    """Store ``value`` under ``name`` atomically; failures are ignored."""
    folder = cache_dir()
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
        with os.fdopen(fd, "wb") as f:
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, folder / name)
    except Exception:
        pass


_tables: dict[str, dict[Any, Any]] = {}


def memo(table: str, key: Any, compute: Any) -> Any:
    """``compute()`` for ``key``, remembered across runs in the cache file ``table``.

    For small, slow, pure look-ups (parsing a name, validating an address) whose libraries cost
    more to import than a whole command takes: the table is read once per process and written
    back when it gains an entry.
    """
    found = _tables.get(table)
    if found is None:
        stored = read(table)
        found = _tables[table] = stored if isinstance(stored, dict) else {}
    if key not in found:
        found[key] = compute()
        write(table, found)
    return found[key]
