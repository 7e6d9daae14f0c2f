"""Shared CLI plumbing: exit statuses, consoles, JSON output and error lines."""

from __future__ import annotations

import json
import os
import sys
from datetime import datetime
from enum import IntEnum
from typing import Any, NoReturn


class ExitStatus(IntEnum):
    """What afterview's exit codes mean."""

    OK = 0  # advice given, or no error-severity finding
    FINDINGS = 1  # check found errors; send refused
    BAD_INPUT = 2  # bad input, usage or configuration: nothing was changed
    INTERNAL = 70  # a bug in afterview (EX_SOFTWARE)
    INTERRUPTED = 130  # Ctrl-C (128 + SIGINT)


def console(stderr: bool = False) -> Any:
    """A Rich console; colour only on a terminal (Rich decides), honouring NO_COLOR. Piped
    output is not wrapped or padded to a width: lines end where the text ends, ready to paste
    into an email or to read with another tool."""
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    if not stream.isatty():
        unpadded: Any = _Unpadded(stream)  # a text stream, as Rich uses it
        width = os.environ.get("COLUMNS", "")  # honoured when set; else wide, not 80
        return Console(
            file=unpadded,
            highlight=False,
            soft_wrap=True,
            width=int(width) if width.isdigit() and int(width) >= 40 else 160,
            color_system=None,
        )
    return Console(stderr=stderr, highlight=False, soft_wrap=False)


class _Unpadded:
    """A text stream that drops the spaces Rich pads lines with (tables, grids) before each
    line end."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.pending = ""

    def write(self, text: str) -> int:
        self.pending += text
        *lines, self.pending = self.pending.split("\n")
        if lines:
            self.stream.write("".join(line.rstrip(" ") + "\n" for line in lines))
        return len(text)

    def flush(self) -> None:
        if self.pending:
            self.stream.write(self.pending.rstrip(" "))
            self.pending = ""
        self.stream.flush()

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        return int(self.stream.fileno())


def print_json(data: Any) -> None:
    """Print one JSON document on stdout."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def print_jsonl(rows: Any) -> None:
    """Print one compact JSON object a line on stdout (JSON Lines)."""
    write = sys.stdout.write
    for row in rows:
        write(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n")


def fail(message: str, status: ExitStatus) -> NoReturn:
    """Print ``afterview: message`` on stderr and exit with ``status``."""
    sys.stderr.write(f"afterview: {message}\n")
    raise SystemExit(int(status))


def parse_time(value: str | None, option: str) -> datetime | None:
    """Parse an RFC 3339 time with offset given on the command line."""
    if value is None:
        return None
    from afterview.errors import InputError

    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise InputError(
            option,
            None,
            f"expected an RFC 3339 time with offset, e.g. 2026-11-26T10:00:00-05:00, got {value!r}",
        )
    return moment


def load_record(target: str, db: str | None) -> Any:
    """The situation named on the command line: a file, or the id of a stored interview."""
    from pathlib import Path

    from afterview.situation import load_situation

    path = Path(target)
    if target.isdigit() and not path.exists():
        from afterview.store import open_store

        return open_store(db).situation(int(target))
    return load_situation(path)
