"""The ``afterview`` command line: a thin shell over the library.

Each command lives in its own module and registers itself on the Typer ``app`` (cli/application.py).
Library errors (:class:`afterview.errors.AfterviewError`) become one line on stderr and exit
status 2; ``--debug`` shows the traceback instead. ``afterview check`` has a fast path
(cli/fast.py) that answers without loading Typer, for editors and scripts that run it often.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from afterview.cli.output import ExitStatus, fail


def __getattr__(name: str) -> Any:
    """``afterview.cli.app``: the Typer application, loaded on first use."""
    if name == "app":
        from afterview.cli.application import app

        return app
    raise AttributeError(name)


def _run_typer(args: list[str]) -> int:
    """Run the Typer app; a usage error (a missing argument, an unknown option, a bad value)
    is one line on stderr and exit status 2, not a boxed panel."""
    import typer
    from typer import _click as click  # Typer 0.29 vendors its own click

    from afterview.cli.application import app, help_unpadded_when_piped

    if not args or "--help" in args or "-h" in args:
        help_unpadded_when_piped()  # imports Typer's Rich help: only when help is asked for
    command = typer.main.get_command(app)
    try:
        status = command.main(args=args, prog_name="afterview", standalone_mode=False)
    except click.exceptions.NoArgsIsHelpError as exc:
        print(exc.ctx.get_help() if exc.ctx else "", file=sys.stderr)
        return int(ExitStatus.BAD_INPUT)
    except click.exceptions.UsageError as exc:
        path = exc.ctx.command_path if exc.ctx else "afterview"
        if path == "afterview" and args and not args[0].startswith("-"):
            path = f"afterview {args[0]}"  # an option's missing value is found before its command
        sub = path.partition(" ")[2]
        fail(
            f"{sub + ': ' if sub else ''}{exc.format_message()}{_given(exc, args)} "
            f"(see '{path} --help')",
            ExitStatus.BAD_INPUT,
        )
    except typer.Abort:
        fail("interrupted", ExitStatus.INTERRUPTED)
    except click.exceptions.ClickException as exc:
        fail(exc.format_message(), ExitStatus.BAD_INPUT)
    return status if isinstance(status, int) else 0


def _given(exc: Any, args: list[str]) -> str:
    """``; got 'two'``: the value a bad option had, as typed (Typer's message does not say)."""
    param = getattr(exc, "param", None)
    names = set(getattr(param, "opts", []) or []) | set(getattr(param, "secondary_opts", []) or [])
    if not names or getattr(param, "is_flag", False):
        return ""
    for i, arg in enumerate(args):
        name, eq, value = arg.partition("=")
        if name in names:
            if eq:
                return f"; got {value!r}"
            if i + 1 < len(args):
                return f"; got {args[i + 1]!r}"
    return ""


def main() -> None:
    """Entry point of the ``afterview`` console script."""
    # afterview uses no pydantic plugins; looking for them costs a scan of every installed
    # package's entry points at start-up.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    debug = "--debug" in sys.argv[1:]
    from afterview.errors import AfterviewError

    try:
        from afterview.cli.fast import try_fast

        status = try_fast(sys.argv[1:])
        if status is not None:
            raise SystemExit(status)
        raise SystemExit(_run_typer(sys.argv[1:]))
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
