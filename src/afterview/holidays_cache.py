"""Public holidays by region and year, from the ``holidays`` package, cached on disk.

Importing ``holidays`` and building a country's calendar costs about a quarter of a second, more
than the rest of ``afterview advise`` together. The dates for one region and year are therefore
kept in the user cache directory (named with the package's version, so an upgrade refreshes
them) and read from there on later runs. Nothing is downloaded: the cache is
only a copy of what the installed package computes (see :mod:`afterview.cache`).
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

from afterview import cache


@lru_cache(maxsize=1)
def _package_version() -> str:
    """The installed holidays version, read from its dist-info folder's name (importing
    importlib.metadata or holidays itself would cost more than the cache saves)."""
    spec = find_spec("holidays")
    if spec and spec.origin:
        site = Path(spec.origin).parent.parent
        for info in site.glob("holidays-*.dist-info"):
            return info.name[len("holidays-") : -len(".dist-info")]
    return "unknown"


@lru_cache(maxsize=64)
def holidays_of(region: str, year: int) -> dict[date, str]:
    """The public holidays of ``region`` (``GB`` or ``GB-ENG``) in ``year``: date -> name.

    A subdivision's table holds its country's holidays as well as its own."""
    name = f"holidays-{_package_version()}-{region}-{year}.pickle"
    table = cache.read(name)
    if not isinstance(table, dict):
        table = compute_holidays(region, year)
        cache.write(name, table)
    return table


def compute_holidays(region: str, year: int) -> dict[date, str]:
    """Ask the ``holidays`` package (slow to import: use :func:`holidays_of`)."""
    import holidays

    from afterview.regions import split_region

    country, subdivision = split_region(region)
    table = holidays.country_holidays(country, subdiv=subdivision, years=year)
    return dict(table.items())
