"""The fast path for the everyday commands (cli/fast.py) is the Typer commands, faster: the same
parameters, the same output and exit status, and it loads neither Typer nor (for the listing
commands) SQLAlchemy."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from afterview.cli.fast import COMMANDS, try_fast

ROOT = Path(__file__).parent.parent
SITUATION = str(ROOT / "tests" / "corpus" / "situations" / "northwind.toml")
CLEAN = str(ROOT / "tests" / "corpus" / "clean" / "northwind-priya.txt")
FAULTY = str(ROOT / "examples" / "drafts" / "draft-with-mistakes.txt")
PANEL = str(ROOT / "examples" / "panel-interview.toml")

STORE_FILE = "@STORE@"  # replaced by a stored SQLite file with two interviews and drafts

CASES = [
    ["advise", PANEL],
    ["advise", PANEL, "--json", "--now", "2026-11-25T09:00:00-05:00"],
    ["advise", SITUATION, "--now", "yesterday"],
    ["advise", "missing.toml"],
    ["advise", "1", "--db", STORE_FILE, "--now", "2026-11-25T09:00:00-05:00"],
    ["advise", "99", "--db", STORE_FILE],
    ["draft", PANEL],
    ["draft", SITUATION, "--json"],
    ["draft", "2", "--db", STORE_FILE, "--now", "2026-11-25T09:00:00-05:00"],
    ["draft", PANEL, "--save"],
    ["list", "--db", STORE_FILE],
    ["list", "--db", STORE_FILE, "--json"],
    ["list", "--db", STORE_FILE, "--jsonl"],
    ["agenda", "--db", STORE_FILE, "--days", "400", "--json"],
    ["agenda", "--db", STORE_FILE, "--jsonl", "--days", "3650"],
    ["outbox", "--db", STORE_FILE],
    ["outbox", "--db", STORE_FILE, "--jsonl"],
    ["check", "-i", "1", "--db", STORE_FILE, "--json"],
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
    ["check", CLEAN],
    ["check", CLEAN, "-s", "missing.toml"],
]


@pytest.fixture(scope="module")
def store_file(tmp_path_factory: pytest.TempPathFactory) -> str:
    """An SQLite store with two interviews and saved drafts, made through the CLI."""
    db = str(tmp_path_factory.mktemp("fast") / "store.db")
    for args in (
        ["import", PANEL, "--db", db],
        ["import", SITUATION, "--db", db],
        ["draft", "1", "--save", "--db", db],
    ):
        done = _run(args, fast=False)
        assert done.returncode == 0, done.stderr
    return db


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
    "args", CASES, ids=lambda a: " ".join(Path(x).name if "/" in x else x for x in a)
)
def test_fast_path_matches_typer(args: list[str], store_file: str) -> None:
    args = [store_file if a == STORE_FILE else a for a in args]
    fast, typer = _run(args, True), _run(args, False)
    assert (fast.returncode, fast.stdout, fast.stderr) == (
        typer.returncode,
        typer.stdout,
        typer.stderr,
    )


def _leaf(annotation: object) -> object:
    """The type of one value: ``list[Path]`` -> Path."""
    args = getattr(annotation, "__args__", None)
    return args[0] if args else annotation


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_fast_parameters_are_the_typer_commands(name: str) -> None:
    """Every parameter of the Typer command, and no other, with the same names, kind and type:
    an option added to a command and not here would silently fall back to Typer (slow, but
    right); one here that Typer lacks, or of another type, would be a second meaning."""
    import typer.main

    from afterview.cli.application import app

    group = typer.main.get_command(app)
    command = group.commands[name]  # type: ignore[attr-defined]
    theirs = {
        tuple(p.opts + p.secondary_opts) if p.param_type_name == "option" else (p.name,): (
            p.name,
            bool(getattr(p, "is_flag", False)),
            p.nargs == -1,
            _leaf(p.type_descriptor.annotation),
        )
        for p in command.params
        if p.name != "help"
    }
    ours = {
        p.names: (p.dest, p.flag, p.many, bool if p.flag else p.type) for p in COMMANDS[name].params
    }
    assert ours == theirs


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["guide"],
        ["show", "1"],
        ["check", "--help"],
        ["list", "-h"],
        ["agenda", "--days", "two"],
        ["agenda", "--days", "1.5"],
        ["list", "--days", "3"],
        ["advise"],
        ["advise", PANEL, "extra"],
        ["check", CLEAN, "-s", SITUATION, "--unknown"],
        ["--debug", "check", CLEAN, "-s", SITUATION],
    ],
)
def test_everything_else_goes_to_typer(argv: list[str]) -> None:
    assert try_fast(argv) is None


HEAVY = ("typer", "pydantic", "sqlalchemy", "alembic")


@pytest.mark.parametrize(
    ("args", "allowed"),
    [
        (["list", "--db", STORE_FILE], ()),
        (["agenda", "--db", STORE_FILE, "--days", "30"], ()),
        (["outbox", "--db", STORE_FILE, "--json"], ()),
        (["check", CLEAN, "-s", SITUATION], ("pydantic",)),
        (["advise", PANEL], ("pydantic",)),
        (["draft", PANEL], ("pydantic",)),
    ],
    ids=lambda a: a[0] if isinstance(a, list) else "",
)
def test_everyday_commands_load_no_framework_they_do_not_use(
    args: list[str], allowed: tuple[str, ...], store_file: str
) -> None:
    """What the start-up target rests on (benchmarks/bench_startup.py measures the time): the
    fast path loads no Typer, and the listing commands on a local store no SQLAlchemy."""
    args = [store_file if a == STORE_FILE else a for a in args]
    code = (
        "import atexit, sys\n"
        f"atexit.register(lambda: print(sorted(m for m in {HEAVY!r} if m in sys.modules), "
        "file=sys.stderr))\n"
        "from afterview.cli import main; sys.argv = ['afterview', *sys.argv[1:]]; main()"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120
    )
    assert done.returncode in (0, 1), done.stderr
    loaded = eval(done.stderr.strip().splitlines()[-1])
    assert set(loaded) <= set(allowed)
