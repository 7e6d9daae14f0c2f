"""Situation files: TOML and JSON read the same; every bad input names file, key and expectation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from afterview.errors import InputError
from afterview.situation import load_situation, parse_situation

from helpers import BASE, data

EXAMPLES = sorted(Path(__file__).parent.parent.joinpath("examples").glob("*.*"))


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value[:4].isdigit() and "T" in value:
        return value  # an offset date-time literal
    return json.dumps(value, ensure_ascii=False)


def test_toml_and_json_give_the_same_situation(tmp_path: Path) -> None:
    as_json = tmp_path / "s.json"
    as_json.write_text(json.dumps(BASE), encoding="utf-8")
    lines = ["format = 1", f"now = {BASE['now']}"]
    for table in ("candidate", "application", "interview"):
        lines.append(f"[{table}]")
        lines += [f"{k} = {_toml_value(v)}" for k, v in BASE[table].items()]
    for person in BASE["interviewers"]:
        lines.append("[[interviewers]]")
        lines += [f"{k} = {_toml_value(v)}" for k, v in person.items()]
    as_toml = tmp_path / "s.toml"
    as_toml.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert load_situation(as_toml) == load_situation(as_json)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_examples_load(path: Path) -> None:
    situation = load_situation(path)
    assert situation.format == 1
    assert situation.now is not None, "examples pin `now` so that their advice is reproducible"


def _error(patch: dict, source: str = "s.json") -> str:
    with pytest.raises(InputError) as caught:
        parse_situation(json.dumps(data(patch)), source=source, fmt="json")
    return str(caught.value)


@pytest.mark.parametrize(
    ("patch", "expected"),
    [
        (
            {"interview.kind": "pannel"},
            "s.json: interview.kind: expected 'phone_screen', 'recruiter_call', 'video', "
            "'onsite', 'panel', 'final_round' or 'informal'; got 'pannel'",
        ),
        (
            {"candidate.emial": "x@example.com"},
            "s.json: candidate.emial: unknown key; did you mean 'email'?",
        ),
        ({"application.company": None}, "s.json: application.company: is required"),
        (
            {"interview.started_at": "2026-12-01T10:00:00"},
            "s.json: interview.started_at: expected a time with a UTC offset, e.g. 2026-11-26T10:00:00-05:00",
        ),
        (
            {"interview.started_at": "next tuesday"},
            "s.json: interview.started_at: expected an RFC 3339 time with offset, e.g. 2026-11-26T10:00:00-05:00",
        ),
        (
            {"interview.ended_at": "2026-12-01T09:00:00-05:00"},
            "s.json: interview.ended_at: expected a time after started_at",
        ),
        (
            {"interview.ended_at": "2026-12-03T09:00:00-05:00"},
            "s.json: interview.ended_at: expected the same interview day (at most 16 hours long)",
        ),
        (
            {"interview.decision_expected_by": "soon"},
            "s.json: interview.decision_expected_by: expected an ISO date, e.g. 2026-12-04",
        ),
        ({"interview.want_role": "maybe"}, "s.json: interview.want_role: expected true or false"),
        (
            {"candidate.timezone": "Mars/Olympus"},
            "s.json: candidate.timezone: expected an IANA time zone such as America/New_York or "
            "Europe/London, got 'Mars/Olympus'",
        ),
        (
            {"application.region": "XX"},
            "s.json: application.region: expected an ISO 3166 country code such as US or GB, "
            "or a subdivision such as GB-ENG, AU-NSW, CA-ON or US-CA, got 'XX'",
        ),
        (
            {"interviewers.0.email": "priya@"},
            "s.json: interviewers[0].email: expected an email address like name@example.com "
            "(There must be something after the @-sign.)",
        ),
        (
            {"interviewers.0.name": "Priya\r\nBcc: all@example.com"},
            "s.json: interviewers[0].name: expected one line of text without line breaks or "
            "control characters",
        ),
        (
            {"candidate.name": "Alex\nRivera"},
            "s.json: candidate.name: expected one line of text without line breaks or control characters",
        ),
        ({"application.role": "   "}, "s.json: application.role: expected non-empty text"),
        ({"format": 2}, "s.json: format: expected 1; got 2"),
        (
            {"sent": [{"kind": "thanks", "to": "x", "at": "2026-12-01T12:00:00-05:00"}]},
            "s.json: sent[0].kind: expected 'thank_you', 'value_add', 'status_check', "
            "'linkedin_note' or 'handwritten_note'; got 'thanks'",
        ),
        (
            {"interview.to_add": [{"kind": "work_sample", "text": "x", "url": "example.com"}]},
            "s.json: interview.to_add[0].url: expected a web address starting with https://",
        ),
        ({"interviewers": {"name": "x"}}, "s.json: interviewers: expected a list"),
    ],
)
def test_bad_input_is_one_clear_line(patch: dict, expected: str) -> None:
    assert _error(patch) == expected


def test_several_problems_are_counted() -> None:
    message = _error({"interview.kind": "pannel", "application.role": None})
    assert message.endswith("(and 1 more problem)")


def test_file_problems(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"missing\.toml: no such file$"):
        load_situation(tmp_path / "missing.toml")
    with pytest.raises(InputError, match="expected a situation file, got a directory"):
        load_situation(tmp_path)
    bad = tmp_path / "bad.toml"
    bad.write_text("format = 1\n[candidate\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.toml: expected TOML: .*line 2"):
        load_situation(bad)
    bad_json = tmp_path / "bad.json"
    bad_json.write_text('{"format": 1,', encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.json: expected JSON: .*line 1"):
        load_situation(bad_json)
    latin = tmp_path / "latin.toml"
    latin.write_bytes('name = "Fernández"'.encode("latin-1"))
    with pytest.raises(InputError, match="expected UTF-8 text"):
        load_situation(latin)
    top = tmp_path / "list.json"
    top.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(InputError, match="expected a table of keys at the top level"):
        load_situation(top)


def test_format_is_sniffed_without_a_known_suffix(tmp_path: Path) -> None:
    path = tmp_path / "situation.txt"
    path.write_text(json.dumps(BASE), encoding="utf-8")
    assert load_situation(path).application.company == "Northwind Health"


def test_defaults() -> None:
    s = parse_situation(json.dumps(data({"interview.ended_at": None, "format": None})), fmt="json")
    assert s.format == 1
    assert (s.interview.end - s.interview.started_at).total_seconds() == 45 * 60
    assert s.application.contact_policy == "unknown"
    assert s.interview.want_role is True
    assert s.candidate.linkedin_premium is False


def test_emails_are_normalised() -> None:
    s = parse_situation(
        json.dumps(data({"candidate.email": "Alex.Rivera@EXAMPLE.com"})), fmt="json"
    )
    assert s.candidate.email == "Alex.Rivera@example.com"
