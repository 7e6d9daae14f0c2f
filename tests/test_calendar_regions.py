"""ISO 3166-2 regions: subdivision holidays, canonical codes and one-line errors for the rest."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from afterview.advice import advise
from afterview.errors import InputError
from afterview.regions import (
    COUNTRIES,
    assumed_zone,
    canonical_region,
    country_of,
    region_zone,
    subdivisions,
)
from afterview.timing import holiday_name

from helpers import data, situation

ISO_SHAPE = re.compile(r"[A-Z0-9]{1,3}")


def test_the_subdivision_table_matches_the_holidays_package() -> None:
    import holidays
    from holidays import registry

    for entry in registry.COUNTRIES.values():
        country = entry[1]
        known = holidays.country_holidays(country).__class__.subdivisions
        expected = sorted(code for code in known if ISO_SHAPE.fullmatch(code))
        assert sorted(subdivisions(country)) == expected, country


@pytest.mark.parametrize(
    ("given", "canonical"),
    [
        ("GB-ENG", "GB-ENG"),
        ("gb-eng", "GB-ENG"),
        (" GB-SCT ", "GB-SCT"),
        ("AU-NSW", "AU-NSW"),
        ("CA-ON", "CA-ON"),
        ("US-CA", "US-CA"),
        ("DE-BY", "DE-BY"),
        ("IN-MH", "IN-MH"),
        ("GB", "GB"),
        ("us", "US"),
        # Other ISO spellings of the same place.
        ("GB-EAW", "GB-ENG"),
        ("GB-UKM", "GB"),
        ("IN-OR", "IN-OD"),
        ("FR-GP", "FR-971"),
        ("NZ-AU", "NZ-AUK"),
    ],
)
def test_known_regions_are_accepted_in_one_canonical_form(given: str, canonical: str) -> None:
    assert canonical_region(given) == canonical


@pytest.mark.parametrize(
    ("given", "says"),
    [
        ("GB-XYZ", "expected one of GB-ENG, GB-NIR, GB-SCT, GB-WLS, or GB, got 'GB-XYZ'"),
        ("DK-84", "expected DK (afterview knows no subdivisions of DK), got 'DK-84'"),
        ("ZZ", "such as GB-ENG, AU-NSW, CA-ON or US-CA, got 'ZZ'"),
        ("England", "got 'England'"),
        ("IT-QQ", "(107 in all), or IT, got 'IT-QQ'"),
    ],
)
def test_unknown_regions_get_one_line_saying_what_is_expected(given: str, says: str) -> None:
    with pytest.raises(ValueError) as error:
        canonical_region(given)
    message = str(error.value)
    assert says in message
    assert "\n" not in message


def test_country_of() -> None:
    assert country_of("GB-ENG") == "GB"
    assert country_of("US") == "US"
    assert country_of(None) is None


@pytest.mark.parametrize(
    ("region", "day", "name"),
    [
        ("GB-ENG", date(2026, 8, 31), "Late Summer Bank Holiday"),
        ("GB-SCT", date(2026, 8, 3), "Summer Bank Holiday"),
        ("AU-NSW", date(2026, 10, 5), "Labor Day"),
        ("CA-ON", date(2026, 10, 12), "Thanksgiving Day"),
        ("US-CA", date(2026, 3, 31), "Cesar Chavez Day"),
        ("US-CA", date(2026, 11, 27), "Day After Thanksgiving"),
    ],
)
def test_a_subdivision_has_its_own_holidays(region: str, day: date, name: str) -> None:
    assert holiday_name(region, day) == name
    # ... which are not the whole country's ...
    assert holiday_name(country_of(region), day) is None
    # ... and are not another subdivision's.
    other = {"GB-ENG": "GB-SCT", "GB-SCT": "GB-ENG", "AU-NSW": "AU-VIC", "CA-ON": "CA-NS"}
    if region in other:
        assert holiday_name(other[region], day) is None


@pytest.mark.parametrize("region", ["GB-ENG", "AU-NSW", "CA-ON", "US-CA", "DE-BY", "IN-MH"])
def test_a_subdivision_keeps_its_countrys_holidays(region: str) -> None:
    national = {
        "GB": date(2026, 12, 25),
        "AU": date(2026, 12, 25),
        "CA": date(2026, 12, 25),
        "US": date(2026, 7, 3),  # Independence Day, observed on the Friday
        "DE": date(2026, 12, 25),
        "IN": date(2026, 1, 26),
    }[country_of(region) or ""]
    assert holiday_name(region, national) is not None


def test_a_situation_file_takes_a_subdivision() -> None:
    record = situation({"application.region": "gb-eng"})
    assert record.application.region == "GB-ENG"


def test_a_uk_subdivision_keeps_the_uk_one_note_norm() -> None:
    two = {
        "application.region": "GB-ENG",
        "interview.kind": "panel",
        "interviewers": [
            {"name": "Ms Jane Dawson", "email": "jane.dawson@northwind.example"},
            {"name": "Mr Tom Hale", "email": "tom.hale@northwind.example"},
        ],
    }
    advice = advise(situation(two))
    assert advice.fired("panel-one-note-to-lead")
    assert len([a for a in advice.actions if a.kind == "thank_you"]) == 1
    assert not advise(situation({**two, "application.region": "US-NY"})).fired(
        "panel-one-note-to-lead"
    )


def _cli(tmp_path: Path, patch: dict) -> tuple[int, str]:
    """Run the real CLI in a fresh process: (exit status, stderr)."""
    path = tmp_path / "s.json"
    path.write_text(json.dumps(data(patch)))
    result = subprocess.run(
        [sys.executable, "-m", "afterview", "advise", str(path), "--json"],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
        timeout=60,
    )
    return result.returncode, result.stderr


def test_an_unknown_region_is_bad_input_on_the_command_line(tmp_path: Path) -> None:
    code, output = _cli(tmp_path, {"application.region": "GB-XX"})
    assert code == 2
    assert "application.region: expected one of GB-ENG" in output
    assert "Traceback" not in output
    code, _ = _cli(tmp_path, {"application.region": "GB-ENG"})
    assert code == 0


def test_a_decision_date_before_the_interview_is_bad_input(tmp_path: Path) -> None:
    with pytest.raises(InputError) as error:
        situation({"interview.decision_expected_by": "2026-11-30"})
    assert "interview.decision_expected_by" in str(error.value)
    code, output = _cli(tmp_path, {"interview.decision_expected_by": "2026-11-30"})
    assert code == 2
    assert "interview.decision_expected_by: expected a date on or after the interview" in output
    assert len(output.strip().splitlines()) == 1
    # The interview's own day, or any later one, is a timeline.
    for day in ("2026-12-01", "2026-12-02"):
        assert situation({"interview.decision_expected_by": day}).interview.decision_expected_by


@pytest.mark.parametrize(
    ("region", "offset", "zone"),
    [
        ("GB-ENG", "+00:00", "Europe/London"),
        ("US-CA", "-08:00", "America/Los_Angeles"),
        ("CA-ON", "-05:00", "America/Toronto"),
        ("AU-NSW", "+11:00", "Australia/Sydney"),
        ("IN-MH", "+05:30", "Asia/Kolkata"),
        # A country of several zones: the one with the interview's UTC offset.
        ("US", "-08:00", "America/Los_Angeles"),
        ("US", "-06:00", "America/Chicago"),
        ("CA", "-08:00", "America/Vancouver"),
        ("AU", "+08:00", "Australia/Perth"),
        # No zone of the country has that offset: its main zone.
        ("US", "+03:00", "America/New_York"),
    ],
)
def test_a_region_stands_for_a_zone(region: str, offset: str, zone: str) -> None:
    assert region_zone(region, datetime.fromisoformat(f"2026-12-01T10:00:00{offset}")) == zone


def test_every_inhabited_region_has_a_zone() -> None:
    # Bouvet Island and Heard Island have no people and no zone of their own.
    assert {country for country in COUNTRIES if not region_zone(country)} == {"BV", "HM"}
    for country in COUNTRIES:
        for code in subdivisions(country):
            assert region_zone(f"{country}-{code}"), (country, code)


def test_the_assumed_zone_prefers_the_interviewers_then_the_region() -> None:
    at = datetime.fromisoformat("2026-12-01T10:00:00-05:00")
    zones = ["America/Chicago", "America/Chicago", "America/Denver"]
    assert assumed_zone(zones, "US-CA", at)[0] == "America/Chicago"
    assert assumed_zone([], "US-CA", at)[0] == "America/Los_Angeles"
    key, why = assumed_zone([], None, at)
    assert "offset" in why
    assert at.astimezone(ZoneInfo(key)).utcoffset() == at.utcoffset()
