"""Holiday tables come from the holidays package and are cached on disk for fast start-up."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from afterview import holidays_cache
from afterview.timing import REGIONS


def test_regions_match_the_holidays_package() -> None:
    from holidays import registry

    assert {entry[1] for entry in registry.COUNTRIES.values()} == REGIONS


def test_cache_is_written_then_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AFTERVIEW_CACHE_DIR", str(tmp_path))
    holidays_cache.holidays_of.cache_clear()
    table = holidays_cache.holidays_of("US", 2026)
    assert table[date(2026, 11, 26)] == "Thanksgiving Day"
    (cached,) = tmp_path.glob("holidays-*-US-2026.json")
    assert json.loads(cached.read_text("utf-8"))["2026-12-25"] == "Christmas Day"

    # A later run reads the file: prove it by editing the cached copy.
    cached.write_text(json.dumps({"2026-12-01": "Test Day"}), encoding="utf-8")
    holidays_cache.holidays_of.cache_clear()
    assert holidays_cache.holidays_of("US", 2026) == {date(2026, 12, 1): "Test Day"}
    holidays_cache.holidays_of.cache_clear()


def test_a_corrupt_or_unwritable_cache_falls_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("AFTERVIEW_CACHE_DIR", str(blocker / "cache"))
    holidays_cache.holidays_of.cache_clear()
    assert holidays_cache.holidays_of("GB", 2026)[date(2026, 12, 25)] == "Christmas Day"

    monkeypatch.setenv("AFTERVIEW_CACHE_DIR", str(tmp_path))
    holidays_cache.holidays_of.cache_clear()
    (tmp_path / f"holidays-{holidays_cache._package_version()}-DE-2026.json").write_text("{oops")
    assert date(2026, 12, 25) in holidays_cache.holidays_of("DE", 2026)
    holidays_cache.holidays_of.cache_clear()
