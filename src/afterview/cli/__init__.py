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
        from afterview.cli.application import app

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
