"""Logs on stderr: one JSON object a line (``AFTERVIEW_LOG_FORMAT=json``, the default when
``AFTERVIEW_MODE=shared``) or plain text (the default on one person's machine).

Every JSON line has ``time`` (RFC 3339, UTC, milliseconds), ``level``, ``logger`` and
``message``; a line logged while a web request is handled also has its ``request_id``; the
request log (logger ``afterview.request``, one line a request) adds ``method``, ``route`` (the
route's template, never the raw path), ``status`` and ``duration_ms``.

What is never written: request bodies, query strings, headers, raw paths, addresses, names,
passwords or tokens. Only the fields a caller puts in ``extra={"fields": {...}}`` are added to
a line (no other attribute of a record is), and an exception is written as its type and stack
frames (file, line, function) without its message, which may quote what a user typed.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import traceback
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from afterview.errors import InputError

FORMAT_ENV = "AFTERVIEW_LOG_FORMAT"
LEVEL_ENV = "AFTERVIEW_LOG_LEVEL"
MODE_ENV = "AFTERVIEW_MODE"
FORMATS = ("json", "text")
LEVELS = ("debug", "info", "warning", "error")

# The request being handled in this task or thread (set by afterview.ops.observe).
request_id: ContextVar[str | None] = ContextVar("afterview_request_id", default=None)

RESERVED = frozenset({"time", "level", "logger", "message", "request_id", "error"})


def log_format(env: Any = None) -> str:
    """ "json" or "text": ``AFTERVIEW_LOG_FORMAT``, else json in shared mode, else text. Raises
    InputError (one line) for any other value."""
    env = os.environ if env is None else env
    value = env.get(FORMAT_ENV, "").strip().lower()
    if not value:
        return "json" if env.get(MODE_ENV, "").strip().lower() == "shared" else "text"
    if value not in FORMATS:
        raise InputError(FORMAT_ENV, None, f"expected json or text; got {value[:40]!r}")
    return value


def log_level(fmt: str, env: Any = None) -> int:
    """``AFTERVIEW_LOG_LEVEL``, else info for JSON (a server's log) and warning for text (one
    person's terminal stays as quiet as before: no line a request)."""
    env = os.environ if env is None else env
    value = env.get(LEVEL_ENV, "").strip().lower()
    if not value:
        return logging.INFO if fmt == "json" else logging.WARNING
    if value not in LEVELS:
        raise InputError(
            LEVEL_ENV, None, f"expected debug, info, warning or error; got {value[:40]!r}"
        )
    return int(getattr(logging, value.upper()))


def rfc3339(created: float) -> str:
    """A record's time as RFC 3339 in UTC with milliseconds: 2026-12-01T19:53:48.123Z."""
    moment = datetime.fromtimestamp(created, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _fields(record: logging.LogRecord) -> dict[str, Any]:
    fields = getattr(record, "fields", None)
    if not isinstance(fields, dict):
        return {}
    return {str(k): v for k, v in fields.items() if str(k) not in RESERVED}


def _error(record: logging.LogRecord) -> dict[str, Any] | None:
    """The exception as its type and frames, without its message (it may quote user input)."""
    if not record.exc_info or record.exc_info[0] is None:
        return None
    kind, _, tb = record.exc_info
    frames = [f"{f.filename}:{f.lineno} in {f.name}" for f in traceback.extract_tb(tb)]
    return {"type": f"{kind.__module__}.{kind.__qualname__}", "stack": frames}


class JsonFormatter(logging.Formatter):
    """One JSON object a line; see the module for the fields and what is left out."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": rfc3339(record.created),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        rid = getattr(record, "request_id", None) or request_id.get()
        if rid:
            entry["request_id"] = rid
        entry.update(_fields(record))
        error = _error(record)
        if error is not None:
            entry["error"] = error
        return json.dumps(entry, ensure_ascii=True, default=str)


class TextFormatter(logging.Formatter):
    """``TIME LEVEL LOGGER: message key=value …`` (the exception and its traceback as usual:
    plain text is for one person's own machine)."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        extra = _fields(record)
        rid = request_id.get()
        if rid and "request_id" not in extra:
            extra["request_id"] = rid
        if not extra:
            return line
        first, newline, rest = line.partition("\n")
        pairs = " ".join(f"{k}={v}" for k, v in extra.items())
        return f"{first} {pairs}{newline}{rest}"


class StderrHandler(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is when a record is emitted (not when made)."""

    def __init__(self) -> None:
        super().__init__()

    @property
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, _: Any) -> None:
        pass


MARK = "_afterview_handler"


def configure(fmt: str | None = None, level: int | None = None) -> str:
    """Send this process's log records to stderr in ``fmt`` (default :func:`log_format`); returns
    the format. Idempotent: a second call replaces the handler the first added. In JSON mode
    uvicorn's own loggers write through the same handler, so every line of a server's stderr
    is one JSON object."""
    fmt = fmt or log_format()
    level = level if level is not None else log_level(fmt)
    handler = StderrHandler()
    handler.setFormatter(JsonFormatter() if fmt == "json" else TextFormatter())
    setattr(handler, MARK, True)
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, MARK, False)]:
        root.removeHandler(old)
    root.addHandler(handler)
    logging.getLogger("afterview").setLevel(level)
    _current["format"], _current["handler"] = fmt, handler
    claim_uvicorn()
    return fmt


_current: dict[str, Any] = {"format": None, "handler": None}
UVICORN = ("uvicorn", "uvicorn.access")  # uvicorn.error propagates to "uvicorn"


def claim_uvicorn() -> None:
    """In JSON mode, make uvicorn's loggers write through this module's handler. Called again
    when the server starts (the lifespan), because ``uvicorn.run(app)`` configures its logging
    after the app was made, replacing the handlers set then."""
    handler = _current["handler"]
    for name in UVICORN:
        uvicorn_logger = logging.getLogger(name)
        for old in [h for h in uvicorn_logger.handlers if getattr(h, MARK, False)]:
            uvicorn_logger.removeHandler(old)
        if _current["format"] == "json" and handler is not None:
            for old in list(uvicorn_logger.handlers):
                uvicorn_logger.removeHandler(old)
            uvicorn_logger.addHandler(handler)
