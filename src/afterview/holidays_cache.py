"""Public holidays by region and year, from the ``holidays`` package, cached on disk.

Importing ``holidays`` and building a country's calendar costs about a quarter of a second, more
than the rest of ``afterview advise`` together. The dates for one region and year are therefore
kept in a small JSON file in the user cache directory (named with the package's version, so an
upgrade refreshes them) and read from there on later runs. Nothing is downloaded: the cache is
only a copy of what the installed package computes. ``AFTERVIEW_CACHE_DIR`` moves the cache;
a cache that cannot be written is simply not used.
"""

from __future__ import annotations

import json
import os
import tempfile
from datetime import date
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path


def cache_dir() -> Path:
    """Where cached holiday tables live."""
    override = os.environ.get("AFTERVIEW_CACHE_DIR")
    if override:
        return Path(override)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("afterview", appauthor=False))


@lru_cache(maxsize=1)
def _package_version() -> str:
    try:
        return version("holidays")
    except PackageNotFoundError:  # pragma: no cover - holidays is a dependency
        return "unknown"


@lru_cache(maxsize=64)
def holidays_of(region: str, year: int) -> dict[date, str]:
    """The public holidays of ``region`` in ``year``: date -> name."""
    path = cache_dir() / f"holidays-{_package_version()}-{region}-{year}.json"
    try:
        raw = json.loads(path.read_text("utf-8"))
        return {date.fromisoformat(k): v for k, v in raw.items()}
    except (OSError, ValueError):
        pass
    table = compute_holidays(region, year)
    _store(path, {d.isoformat(): name for d, name in table.items()})
    return table


def compute_holidays(region: str, year: int) -> dict[date, str]:
    """Ask the ``holidays`` package (slow to import: use :func:`holidays_of`)."""
    import holidays

    return dict(holidays.country_holidays(region, years=year).items())


def _store(path: Path, data: dict[str, str]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".holidays-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False)
        os.replace(tmp, path)
    except OSError:
        pass
