"""Read situation files (TOML or JSON, format 1) into a validated :class:`Situation`.

Every failure becomes one :class:`InputError` naming the file, the key path and what was
expected, e.g. ``my.toml: interview.kind: expected one of phone_screen, ...; got 'pannel'``.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from afterview import cache
from afterview.errors import InputError
from afterview.files import read_input
from afterview.record import Situation

if TYPE_CHECKING:  # pragma: no cover
    from pydantic import BaseModel, ValidationError


def load_situation(path: str | Path) -> Situation:
    """Read and validate a situation file; raise :class:`InputError` on any problem."""
    path = Path(path)
    name = str(path)
    raw = read_input(path, "a situation file")
    key = _cache_key(raw, path.suffix.lower())
    cached = cache.read(key)
    if isinstance(cached, Situation):
        return cached
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(name, None, "expected UTF-8 text") from None
    situation = parse_situation(text, source=name, fmt=_format_of(path, text))
    cache.write(key, situation)
    return situation


def _cache_key(raw: bytes, suffix: str) -> str:
    """A file name for the validated situation: its bytes, format and afterview's version."""
    from afterview import __version__

    digest = hashlib.sha256(raw + suffix.encode()).hexdigest()[:32]
    return f"situation-{__version__}-{cache.FORMAT}-{digest}.pickle"


def _format_of(path: Path, text: str) -> str:
    suffix = path.suffix.lower()
    if suffix in (".toml", ".json"):
        return suffix[1:]
    return "json" if text.lstrip().startswith("{") else "toml"


def parse_situation(text: str, *, source: str = "<situation>", fmt: str = "toml") -> Situation:
    """Parse situation text in ``fmt`` ("toml" or "json") and validate it."""
    data = _decode(text, source, fmt)
    if not isinstance(data, dict):
        raise InputError(source, None, "expected a table of keys at the top level")
    return situation_from_dict(data, source=source)


def situation_from_dict(data: dict[str, Any], *, source: str = "<situation>") -> Situation:
    """Validate already-decoded data (e.g. from the web form or the store) into the record.

    Validation is pydantic's (afterview.model); it is imported only here, so a run whose
    situation comes from the cache never loads it."""
    from pydantic import ValidationError

    from afterview.model import Situation as SituationModel

    try:
        return SituationModel.model_validate(data).to_record()
    except ValidationError as exc:
        field, expected = describe_error(exc, SituationModel)
        raise InputError(source, field, expected) from None


def _decode(text: str, source: str, fmt: str) -> Any:
    if fmt == "json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(
                source, None, f"expected JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
            ) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(source, None, f"expected TOML: {exc}") from None


_TYPE_MESSAGES = {
    "missing": "is required",
    "bool_type": "expected true or false",
    "bool_parsing": "expected true or false",
    "string_type": "expected text",
    "list_type": "expected a list",
    "int_type": "expected a whole number",
    "model_type": "expected a table of keys",
    "model_attributes_type": "expected a table of keys",
    "dict_type": "expected a table of keys",
    "timezone_aware": "expected a time with a UTC offset, e.g. 2026-11-26T10:00:00-05:00",
    "datetime_type": "expected an RFC 3339 time with offset, e.g. 2026-11-26T10:00:00-05:00",
    "datetime_parsing": "expected an RFC 3339 time with offset, e.g. 2026-11-26T10:00:00-05:00",
    "datetime_from_date_parsing": "expected an RFC 3339 time with offset, "
    "e.g. 2026-11-26T10:00:00-05:00",
    "date_type": "expected an ISO date, e.g. 2026-12-04",
    "date_parsing": "expected an ISO date, e.g. 2026-12-04",
    "date_from_datetime_parsing": "expected an ISO date, e.g. 2026-12-04",
    "date_from_datetime_inexact": "expected a date without a time of day, e.g. 2026-12-04",
}


def describe_error(exc: ValidationError, model: type[BaseModel]) -> tuple[str, str]:
    """Turn the first pydantic error into (key path, what was expected)."""
    errors = exc.errors(include_url=False)
    # A misspelt key causes both "unknown key" and "missing": the typo is the one to report.
    errors.sort(key=lambda e: e["type"] != "extra_forbidden")
    err = errors[0]
    loc = list(err["loc"])
    kind = err["type"]
    if kind == "value_error":
        message = str(err.get("ctx", {}).get("error", err["msg"]))
        # Validators on a whole model say "key: expected ..." to point at the key.
        key, sep, rest = message.partition(": ")
        if sep and re.fullmatch(r"[a-z_]+", key):
            loc.append(key)
            message = rest
    elif kind == "extra_forbidden":
        message = _unknown_key(loc, model)
    elif kind in ("literal_error", "enum"):
        expected = err.get("ctx", {}).get("expected", "")
        message = f"expected {expected}; got {err['input']!r}"
    elif kind == "missing" and loc == ["format"]:
        message = "is required (format = 1)"
    else:
        message = _TYPE_MESSAGES.get(kind, err["msg"][:1].lower() + err["msg"][1:])
    if len(errors) > 1:
        message += f" (and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''})"
    return _path(loc), message


def _path(loc: list[Any]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _unknown_key(loc: list[Any], model: type[BaseModel]) -> str:
    """Explain an unknown key, suggesting the closest allowed one."""
    allowed = _keys_at(loc[:-1], model)
    key = str(loc[-1])
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    if close:
        return f"unknown key; did you mean {close[0]!r}?"
    return "unknown key; expected one of " + ", ".join(allowed)


def _keys_at(loc: list[Any], model: type[BaseModel]) -> list[str]:
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        field = current.model_fields[part]
        current = _model_of(field.annotation)
        if current is None:
            return []
    return list(current.model_fields)


def _model_of(annotation: Any) -> type[BaseModel] | None:
    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_of(arg)
        if found is not None:
            return found
    return None
