"""A fast path for the everyday commands: the same work without loading Typer.

``advise``, ``draft``, ``check``, ``list``, ``agenda`` and ``outbox`` are what people and
scripts run over and over, and Typer (with the pydantic adapters it builds for every option of
every command) costs more than most of these commands' own work (issue 14: each must start
within 1.5x codespell's cold start). Each command's options are listed once here, in
:data:`COMMANDS`, and run the same function the Typer command runs (``cli/advising.py``,
``cli/drafting.py``, ``cli/checking.py``, ``cli/listing.py``). ``tests/test_fast_path.py``
holds this table to the Typer commands' parameters (names, flag or value, type, how many) and
both paths to the same output and exit status. Anything else — help, another command, an
option or value it does not accept, a usage error — returns None and Typer takes over, so
messages and ``--help`` always come from one place.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Param:
    """One argument (no dashes) or option of a command, as the Typer command declares it."""

    names: tuple[str, ...]  # ("file",) for an argument; ("--situation", "-s") for an option
    dest: str  # the run function's keyword
    type: Callable[[str], Any] = str  # str, int or Path: what Typer converts the value to
    flag: bool = False  # an on/off option that takes no value
    many: bool = False  # an argument that takes any number of values


@dataclass(frozen=True)
class Command:
    """A command of the fast path: its parameters, and the function both paths run."""

    run: str  # "module:function", called with each Param's dest as a keyword
    params: tuple[Param, ...]


DB = Param(("--db",), "db")
JSON = Param(("--json",), "json_out", flag=True)
JSONL = Param(("--jsonl",), "jsonl", flag=True)
FILE = Param(("file",), "file")

COMMANDS: dict[str, Command] = {
    "advise": Command(
        "afterview.cli.advising:run_advise", (FILE, DB, JSON, Param(("--now",), "now"))
    ),
    "draft": Command(
        "afterview.cli.drafting:run_draft",
        (
            FILE,
            DB,
            JSON,
            Param(("--out",), "out", Path),
            Param(("--now",), "now"),
            Param(("--save",), "save", flag=True),
        ),
    ),
    "check": Command(
        "afterview.cli.checking:run_check",
        (
            Param(("drafts",), "drafts", Path, many=True),
            Param(("--situation", "-s"), "situation", Path),
            Param(("--interview", "-i"), "interview", int),
            DB,
            Param(("--kind", "-k"), "kind"),
            Param(("--at",), "at"),
            JSON,
        ),
    ),
    "list": Command("afterview.cli.listing:run_list", (DB, JSON, JSONL)),
    "agenda": Command(
        "afterview.cli.listing:run_agenda", (DB, JSON, JSONL, Param(("--days",), "days", int))
    ),
    "outbox": Command("afterview.cli.listing:run_outbox", (DB, JSON, JSONL)),
}
DEFAULTS = {"drafts": [], "days": 1}  # the Typer commands' defaults other than None/False


class _Fallback(Exception):
    """Not for the fast path: let Typer handle the command line."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise _Fallback(message)


def _int(value: str) -> int:
    """An integer as Typer reads one (plain decimal digits, with an optional sign)."""
    if not value.lstrip("+-").isdigit():
        raise ValueError(value)
    return int(value)


def _parser(name: str, command: Command) -> _Parser:
    parser = _Parser(prog=f"afterview {name}", add_help=False, allow_abbrev=False)
    for p in command.params:
        convert = _int if p.type is int else p.type
        if not p.names[0].startswith("-"):
            parser.add_argument(
                p.dest, nargs="*" if p.many else None, type=convert, default=DEFAULTS.get(p.dest)
            )
        elif p.flag:
            parser.add_argument(*p.names, dest=p.dest, action="store_true")
        else:
            parser.add_argument(*p.names, dest=p.dest, type=convert, default=DEFAULTS.get(p.dest))
    return parser


def try_fast(argv: list[str]) -> int | None:
    """The exit status of an everyday command run here, or None to hand over to Typer."""
    if not argv or argv[0] not in COMMANDS:
        return None
    if any(a in ("-h", "--help", "--debug", "--") for a in argv):
        return None
    command = COMMANDS[argv[0]]
    try:
        args = vars(_parser(argv[0], command).parse_args(argv[1:]))
    except (_Fallback, ValueError):
        return None
    module, _, function = command.run.partition(":")
    status = getattr(import_module(module), function)(**args)
    return status if isinstance(status, int) else 0
