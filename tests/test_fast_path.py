"""The fast path for `afterview check` gives exactly what the Typer command gives."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from afterview.cli.fast import try_fast

ROOT = Path(__file__).parent.parent
SITUATION = str(ROOT / "tests" / "corpus" / "situations" / "northwind.toml")
CLEAN = str(ROOT / "tests" / "corpus" / "clean" / "northwind-priya.txt")
FAULTY = str(ROOT / "examples" / "drafts" / "draft-with-mistakes.txt")
PANEL = str(ROOT / "examples" / "panel-interview.toml")

CASES = [
    ["check", CLEAN, "--situation", SITUATION],
    ["check", CLEAN, "-s", SITUATION, "--json"],
    ["check", FAULTY, "--situation", PANEL],
    ["check", FAULTY, "-s", PANEL, "--json", "--kind", "thank_you"],
    ["check", str(ROOT / "tests" / "corpus" / "faulty"), "-s", SITUATION, "--json"],
    [
        "check",
        CLEAN,
        "-s",
        SITUATION,
        "--kind",
        "status_check",
        "--at",
        "2026-12-01T10:00:00-05:00",
    ],
    ["check", CLEAN, "-s", SITUATION, "--kind", "thanks"],
    ["check", CLEAN, "-s", SITUATION, "--at", "tomorrow"],
    ["check", "missing.txt", "-s", SITUATION],
    ["check", CLEAN, "-s", "missing.toml"],
]


def _run(args: list[str], fast: bool) -> subprocess.CompletedProcess[str]:
    code = (
        "import sys; from afterview.cli import main; sys.argv = ['afterview', *sys.argv[1:]]; main()"
        if fast
        else "import sys; from afterview.cli.application import app; app(prog_name='afterview')"
    )
    if not fast:
        code = (
            "import sys, afterview.cli.fast as f; f.try_fast = lambda argv: None; "
            "from afterview.cli import main; sys.argv = ['afterview', *sys.argv[1:]]; main()"
        )
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, timeout=120
    )


@pytest.mark.parametrize(
    "args", CASES, ids=lambda a: " ".join(Path(x).name if "/" in x else x for x in a[1:])
)
def test_fast_path_matches_typer(args: list[str]) -> None:
    fast, typer = _run(args, True), _run(args, False)
    assert (fast.returncode, fast.stdout, fast.stderr) == (
        typer.returncode,
        typer.stdout,
        typer.stderr,
    )


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["advise", PANEL],
        ["check", "--help"],
        ["check", CLEAN],
        ["check", CLEAN, "-s", SITUATION, "--unknown"],
        ["--debug", "check", CLEAN, "-s", SITUATION],
    ],
)
def test_everything_else_goes_to_typer(argv: list[str]) -> None:
    assert try_fast(argv) is None
