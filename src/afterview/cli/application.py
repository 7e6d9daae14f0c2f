"""The Typer application: the root options and the commands' registration."""

from __future__ import annotations

from typing import Annotated

import typer

from afterview import __version__


def _flags_as_flags() -> None:
    """Typer 0.29 prints ``<bool>`` as the type of every on/off flag in ``--help``; a flag
    takes no value, so show none (issue 14)."""
    from typer.core import TyperOption

    shown = TyperOption.display_type_rich

    def display_type_rich(self: TyperOption, ctx: object) -> str | None:
        return None if self.is_flag else shown(self, ctx)  # type: ignore[arg-type]

    TyperOption.display_type_rich = display_type_rich  # type: ignore[method-assign]


def help_unpadded_when_piped() -> None:
    """``--help`` piped to a file or a pager: no padding to the terminal width, no colour
    (as every other piped output, cli/output.py)."""
    import sys

    from typer import rich_utils

    made = rich_utils._get_rich_console

    def get_console(stderr: bool = False) -> object:
        if (sys.stderr if stderr else sys.stdout).isatty():
            return made(stderr)
        from afterview.cli.output import console

        return console(stderr)

    rich_utils._get_rich_console = get_console  # type: ignore[assignment]


_flags_as_flags()

app = typer.Typer(
    name="afterview",
    help="Should I email them after the interview, when, and what exactly do I say?",
    epilog="Start with: afterview advise my-interview.toml   ·   The whole guide: afterview guide",
    no_args_is_help=True,
    add_completion=True,  # --install-completion, --show-completion: bash, zsh, fish, PowerShell
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


from afterview.cli import admin as _admin  # noqa: E402,F401  (registers commands)
from afterview.cli import advise as _advise  # noqa: E402,F401
from afterview.cli import backup as _backup  # noqa: E402,F401
from afterview.cli import check as _check  # noqa: E402,F401
from afterview.cli import doctor as _doctor  # noqa: E402,F401
from afterview.cli import draft as _draft  # noqa: E402,F401
from afterview.cli import guide as _guide  # noqa: E402,F401
from afterview.cli import remind as _remind  # noqa: E402,F401
from afterview.cli import rules as _rules  # noqa: E402,F401
from afterview.cli import serve as _serve  # noqa: E402,F401
from afterview.cli import store as _store  # noqa: E402,F401
from afterview.cli import sync as _sync  # noqa: E402,F401
from afterview.cli import worker as _worker  # noqa: E402,F401
