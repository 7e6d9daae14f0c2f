"""A fast path for ``afterview check``: the same work without loading Typer.

``afterview check`` is the command editors and scripts run over and over, and Typer (with the
pydantic adapters it builds for every option) costs about a fifth of a second before anything
is checked. This parser accepts exactly the check command's options (``tests/test_fast_path.py``
holds it to the Typer command's output and exit status); anything else — help, another
command, an option it does not know, a usage error — returns None and Typer takes over, so
messages and ``--help`` always come from one place.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from afterview.cli.checking import run_check


class _Fallback(Exception):
    """Not for the fast path: let Typer handle the command line."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise _Fallback(message)


def _parser() -> _Parser:
    parser = _Parser(prog="afterview check", add_help=False, allow_abbrev=False)
    parser.add_argument("drafts", nargs="+", type=Path)
    parser.add_argument("--situation", "-s", required=True, type=Path)
    parser.add_argument("--kind", "-k", default=None)
    parser.add_argument("--at", default=None)
    parser.add_argument("--json", dest="json_out", action="store_true")
    return parser


def try_fast(argv: list[str]) -> int | None:
    """The exit status of ``afterview check ...`` run here, or None to hand over to Typer."""
    if not argv or argv[0] != "check" or any(a in ("-h", "--help", "--debug") for a in argv):
        return None
    try:
        args = _parser().parse_args(argv[1:])
    except _Fallback:
        return None
    return run_check(args.drafts, args.situation, args.kind, args.at, args.json_out)
