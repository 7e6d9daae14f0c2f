"""Holiday tables and validated situations are cached on disk for fast start-up."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from afterview import cache, holidays_cache
from afterview.situation import load_situation
from afterview.timing import REGIONS

EXAMPLE = Path(__file__).parent.parent / "examples" / "panel-interview.toml"


def test_regions_match_the_holidays_package() -> None:
    from holidays import registry

    assert {entry[1] for entry in registry.COUNTRIES.values()} == REGIONS


def test_the_cache_key_names_the_installed_holidays_version() -> None:
    import holidays

    assert holidays_cache._package_version() == holidays.__version__


def test_holidays_are_cached_then_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AFTERVIEW_CACHE_DIR", str(tmp_path))
    holidays_cache.holidays_of.cache_clear()
    table = holidays_cache.holidays_of("US", 2026)
    assert table[date(2026, 11, 26)] == "Thanksgiving Day"
    (stored,) = tmp_path.glob("holidays-*-US-2026.pickle")
    # A later run reads the file: prove it by planting a different table there.
    cache.write(stored.name, {date(2026, 12, 1): "Test Day"})
    holidays_cache.holidays_of.cache_clear()
    assert holidays_cache.holidays_of("US", 2026) == {date(2026, 12, 1): "Test Day"}
    holidays_cache.holidays_of.cache_clear()


def test_a_subdivision_is_cached_under_its_own_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AFTERVIEW_CACHE_DIR", str(tmp_path))
    holidays_cache.holidays_of.cache_clear()
    england = holidays_cache.holidays_of("GB-ENG", 2026)
    country = holidays_cache.holidays_of("GB", 2026)
    assert england[date(2026, 8, 31)] == "Late Summer Bank Holiday"
    assert date(2026, 8, 31) not in country
    assert set(country) <= set(england)  # the country's holidays hold in England too
    names = sorted(p.name.split("-", 2)[2] for p in tmp_path.glob("holidays-*.pickle"))
    assert names == ["GB-2026.pickle", "GB-ENG-2026.pickle"]
    holidays_cache.holidays_of.cache_clear()


def test_a_broken_or_unwritable_cache_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("AFTERVIEW_CACHE_DIR", str(blocker / "cache"))
    holidays_cache.holidays_of.cache_clear()
    assert holidays_cache.holidays_of("GB", 2026)[date(2026, 12, 25)] == "Christmas Day"
    monkeypatch.setenv("AFTERVIEW_CACHE_DIR", str(tmp_path))
    holidays_cache.holidays_of.cache_clear()
    (tmp_path / f"holidays-{holidays_cache._package_version()}-DE-2026.pickle").write_bytes(
        b"\x80garbage"
    )
    assert date(2026, 12, 25) in holidays_cache.holidays_of("DE", 2026)
    holidays_cache.holidays_of.cache_clear()


def test_situations_are_cached_by_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AFTERVIEW_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "s.toml"
    shutil.copy(EXAMPLE, path)
    first = load_situation(path)
    assert len(list((tmp_path / "cache").glob("situation-*.pickle"))) == 1
    assert load_situation(path) == first
    # An edit is a new key: the cache never serves a stale record.
    path.write_text(path.read_text().replace("Northwind Health", "Northwind Care"))
    assert load_situation(path).application.company == "Northwind Care"
    # Bad input is never cached: the error comes every time.
    path.write_text(path.read_text().replace('kind = "panel"', 'kind = "pannel"'))
    from afterview.errors import InputError

    for _ in range(2):
        with pytest.raises(InputError):
            load_situation(path)


def test_the_cache_can_be_turned_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AFTERVIEW_CACHE_DIR", "off")
    assert cache.cache_dir() is None
    cache.write("x", 1)
    assert cache.read("x") is None
