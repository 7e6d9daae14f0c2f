"""Docs are generated from the pack and checked: every rule has a page; the README keeps its promises."""

from __future__ import annotations

import re
import runpy
from pathlib import Path

import pytest

from afterview.advice import load_pack

ROOT = Path(__file__).parent.parent
GEN = runpy.run_path(str(ROOT / "scripts" / "gen_docs.py"), run_name="gen_docs")
RULE_IDS = [r.id for r in load_pack().rules]


def test_generated_docs_are_fresh() -> None:
    stale = [
        str(path.relative_to(ROOT))
        for path, text in GEN["render"]().items()
        if not path.exists() or path.read_text("utf-8") != text
    ]
    assert not stale, f"run `python scripts/gen_docs.py`; stale: {stale}"


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_every_rule_has_a_complete_page(rule_id: str) -> None:
    page = (ROOT / "docs" / "advice" / f"{rule_id}.md").read_text("utf-8")
    for heading in ("## What it finds", "## Why", "Sources:", "## Example", "## What to do"):
        assert heading in page, f"{rule_id}.md lacks {heading}"
    assert re.search(r"https?://", page) or "source text" in page


@pytest.mark.parametrize(
    "rule_id",
    [r.id for r in __import__("afterview.checks.registry", fromlist=["all_rules"]).all_rules()],
)
def test_every_check_rule_has_a_complete_page(rule_id: str) -> None:
    page = (ROOT / "docs" / "rules" / f"{rule_id}.md").read_text("utf-8")
    for heading in (
        "## What it finds",
        "## Why it matters",
        "Sources:",
        "## Example",
        "## How to fix it",
    ):
        assert heading in page, f"{rule_id}.md lacks {heading}"


def test_readme_quickstart_is_exactly_make_demo_and_make_test() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    quick = readme.split("\n## Quickstart", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```(?:sh|bash|console)?\n(.*?)```", quick, re.S)
    assert block, "the Quickstart has a code block"
    commands = [line for line in block.group(1).splitlines() if line.strip()]
    assert commands == ["make demo", "make test"]
    first_section = re.search(r"^## (.+)$", readme, re.M)
    assert first_section and first_section.group(1) == "Install", (
        "README starts with the job seeker's install (issue 14)"
    )
    install = readme.split("## Install", 1)[1].split("\n## ", 1)[0]
    assert "pipx install afterview" in install and "uv tool install afterview" in install
    assert "afterview serve --open" in install


def test_every_console_example_is_the_real_output() -> None:
    """scripts/gen_readme.py --check: each ``$ afterview …`` block in the README and docs/ is
    what the command prints today."""
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen_readme.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_readme_output_matches_the_cli(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tour's `afterview advise` and `afterview check` output is the real output."""
    monkeypatch.chdir(ROOT)
    from typer.testing import CliRunner

    from afterview.cli import app

    readme = (ROOT / "README.md").read_text("utf-8")
    result = CliRunner().invoke(app, ["advise", str(ROOT / "examples" / "panel-interview.toml")])
    first = result.stdout.splitlines()[0].strip()
    assert first in readme
    check = CliRunner().invoke(
        app,
        [
            "check",
            "examples/drafts/draft-with-mistakes.txt",
            "--situation",
            "examples/panel-interview.toml",
        ],
    )
    assert check.exit_code == 1
    for line in check.stdout.splitlines()[:2] + check.stdout.splitlines()[-1:]:
        assert line.rstrip() in readme, line


def test_readme_draft_output_is_real(monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from afterview.cli import app

    monkeypatch.chdir(ROOT)
    readme = (ROOT / "README.md").read_text("utf-8")
    result = CliRunner().invoke(app, ["draft", "examples/phone-screen.toml"])
    assert result.exit_code == 0
    body_lines = [
        line for line in result.stdout.splitlines() if line.startswith(("Dear", "Subject:"))
    ]
    assert body_lines and all(line in readme for line in body_lines)
