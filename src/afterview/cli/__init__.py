"""The ``afterview`` command line: a thin shell over the library.

Each command lives in its own module and registers itself on ``app``. Library errors
(:class:`afterview.errors.AfterviewError`) become one line on stderr and exit status 2;
``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from afterview import __version__
from afterview.cli.output import ExitStatus, fail

app = typer.Typer(
    name="afterview",
    help="Should I email them after the interview, when, and what exactly do I say?",
    epilog="Start with: afterview advise my-interview.toml   ·   The whole guide: afterview guide",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        print(f"afterview {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show a traceback on errors.")] = False,
) -> None:
    """Should I email them after the interview, when, and what exactly do I say?"""


from afterview.cli import advise as _advise  # noqa: E402,F401  (registers commands)
from afterview.cli import check as _check  # noqa: E402,F401
from afterview.cli import draft as _draft  # noqa: E402,F401
from afterview.cli import guide as _guide  # noqa: E402,F401
from afterview.cli import rules as _rules  # noqa: E402,F401


def main() -> None:
    """Entry point of the ``afterview`` console script."""
    # afterview uses no pydantic plugins; looking for them costs a scan of every installed
    # package's entry points at start-up.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    debug = "--debug" in sys.argv[1:]
    from afterview.errors import AfterviewError

    try:
        app(prog_name="afterview")
    except AfterviewError as exc:
        if debug:
            raise
        fail(str(exc), ExitStatus.BAD_INPUT)
    except KeyboardInterrupt:
        fail("interrupted", ExitStatus.INTERRUPTED)
    except Exception as exc:  # an afterview bug: one line, unless --debug
        if debug:
            raise
        fail(
            f"internal error: {type(exc).__name__}: {exc} (run again with --debug for details)",
            ExitStatus.INTERNAL,
        )
