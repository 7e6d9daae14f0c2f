"""Reuse work across requests: the live editor sends the same situation on every keystroke.

Validated situations and built checkers are kept in small LRU maps keyed by the situation's
canonical JSON, so a repeated request skips validation and the checker's set-up (and the
spelling engine keeps its memo of suggestions)."""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from datetime import datetime
from typing import Any

from afterview.checks import Checker
from afterview.record import Situation
from afterview.situation import situation_from_dict

SIZE = 32
_lock = threading.Lock()
_records: OrderedDict[str, Situation] = OrderedDict()
_checkers: OrderedDict[tuple[str, str, str], Checker] = OrderedDict()


def _remember(table: OrderedDict[Any, Any], key: Any, value: Any) -> Any:
    with _lock:
        table[key] = value
        table.move_to_end(key)
        while len(table) > SIZE:
            table.popitem(last=False)
    return value


def _recall(table: OrderedDict[Any, Any], key: Any) -> Any:
    with _lock:
        value = table.get(key)
        if value is not None:
            table.move_to_end(key)
        return value


def _key(situation: dict[str, Any]) -> str:
    return json.dumps(situation, sort_keys=True, default=str)


def record_for(situation: dict[str, Any], key: str | None = None) -> Situation:
    """The validated record for ``situation`` (raises InputError, naming the field)."""
    key = key or _key(situation)
    return _recall(_records, key) or _remember(
        _records, key, situation_from_dict(situation, source="situation")
    )


def checker_for(situation: dict[str, Any], kind: str, at: datetime | None) -> Checker:
    """A checker for ``situation`` at ``at`` (default: the situation's ``now``, else the clock,
    taken to the minute, so a checker built for the clock is reused for at most a minute)."""
    text = _key(situation)
    record = record_for(situation, text)
    moment = at or record.now or datetime.now().astimezone().replace(second=0, microsecond=0)
    key = (text, kind, moment.isoformat())
    found = _recall(_checkers, key)
    if found is not None:
        return found
    return _remember(_checkers, key, Checker(record, kind, moment))
