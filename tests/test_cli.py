"""The afterview command line: output, --json, exit statuses, one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from afterview import __version__
from afterview.cli import app

ROOT = Path(__file__).parent.parent
PANEL = str(ROOT / "examples" / "panel-interview.toml")
runner = CliRunner()


def afterview(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real CLI in a fresh process, as a user would."""
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100"}
    return subprocess.run(
        [sys.executable, "-m", "afterview", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=60,
    )


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"afterview {__version__}"


def test_help_teaches() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("advise", "guide", "rules"):
        assert command in result.stdout
    advise_help = runner.invoke(app, ["advise", "--help"])
    assert "Example:" in advise_help.stdout and "--json" in advise_help.stdout


def test_advise_human_output_leads_with_the_verdict() -> None:
    result = runner.invoke(app, ["advise", PANEL])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith(
        " SEND  Send a short, personal thank-you to each of the 3 interviewers"
    )
    text = result.stdout
    order = [text.index(h) for h in ("What to send", "Why", "Decision checklist", "Sources")]
    assert order == sorted(order)
    assert "Tue 24 Nov 13:00 -05:00 → Wed 25 Nov 11:30 -05:00" in text
    assert "formal-interview-thank-you" in text
    assert "https://www.roberthalf.ca/" in text.replace("\n", "")


def test_advise_json_is_contract_2() -> None:
    result = runner.invoke(app, ["advise", PANEL, "--json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["verdict"] == "send"
    assert [a["to"] for a in data["actions"] if a["kind"] == "thank_you"] == [
        "Dr. Priya Nair",
        "Marcus Chen",
        "Sofia Okafor",
    ]


def test_advise_now_option() -> None:
    result = runner.invoke(app, ["advise", PANEL, "--json", "--now", "2026-12-09T10:00:00-05:00"])
    data = json.loads(result.stdout)
    assert data["verdict"] == "send"
    assert data["actions"][0]["kind"] == "status_check"


def test_bad_input_is_one_line_exit_2_without_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(Path(PANEL).read_text().replace('kind = "panel"', 'kind = "pannel"'))
    result = afterview("advise", str(bad))
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"afterview: {bad}: interview.kind: expected 'phone_screen'")
    assert "Traceback" not in result.stderr


def test_missing_file_and_bad_now(tmp_path: Path) -> None:
    missing = afterview("advise", "nope.toml", cwd=tmp_path)
    assert (missing.returncode, missing.stderr) == (2, "afterview: nope.toml: no such file\n")
    bad_now = afterview("advise", PANEL, "--now", "tomorrow")
    assert bad_now.returncode == 2
    assert bad_now.stderr.startswith("afterview: --now: expected an RFC 3339 time with offset")


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    result = afterview("--debug", "advise", str(tmp_path / "nope.toml"))
    assert result.returncode != 0
    assert "Traceback" in result.stderr and "InputError" in result.stderr


def test_usage_errors_exit_2() -> None:
    result = afterview("advise")
    assert result.returncode == 2
    assert "Missing argument" in result.stderr


def test_guide_has_every_section_of_the_source_text() -> None:
    result = runner.invoke(app, ["guide", "--markdown"])
    assert result.exit_code == 0
    for heading in (
        "## Short answer",
        "## When it makes sense",
        "## When you should avoid it",
        "## Pros and cons",
        "## Decision checklist",
        "## Alternatives to consider",
        "## Final recommendation",
        "## FAQ",
        "## References",
    ):
        assert heading in result.stdout, heading
    rendered = runner.invoke(app, ["guide"])
    assert rendered.exit_code == 0 and "Short answer" in rendered.stdout


@pytest.mark.parametrize("as_json", [False, True])
def test_rules_lists_every_advice_rule(as_json: bool) -> None:
    from afterview.advice import load_pack

    result = runner.invoke(app, ["rules", "--json"] if as_json else ["rules"])
    assert result.exit_code == 0
    from afterview.checks.registry import all_rules

    ids = [r.id for r in all_rules()] + [r.id for r in load_pack().rules]
    if as_json:
        rows = json.loads(result.stdout)["rules"]
        assert [r["id"] for r in rows] == ids
        assert {r["family"] for r in rows} == {"check", "advice"}
        assert all((ROOT / r["doc"]).exists() for r in rows)
    else:
        for rule_id in ids:
            assert rule_id in result.stdout


def test_python_dash_m_works() -> None:
    result = afterview("advise", PANEL, "--json")
    assert result.returncode == 0
    assert json.loads(result.stdout)["verdict"] == "send"


@pytest.mark.parametrize(
    "args",
    [
        ["advise", "examples/panel-interview.toml"],
        ["draft", "examples/panel-interview.toml", "--now", "2026-11-24T17:30:00-05:00"],
        ["guide"],
    ],
)
def test_piped_output_has_no_padding(args: list[str]) -> None:
    """Piped output ends each line where its text ends (to paste into an email or a tool)."""
    result = afterview(*args, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    padded = [line for line in result.stdout.splitlines() if line != line.rstrip(" ")]
    assert padded == []
    assert "\x1b[" not in result.stdout  # and no colour codes
