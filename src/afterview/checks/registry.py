"""The check rules: each a stable id, a default severity, a summary and a function.

A rule function takes the draft and the context and yields :class:`Hit` values; the checker
turns them into findings with line and column. Rules that compare several drafts (the
``panel-duplicate`` rule) take the whole set instead and live in ``SET_RULES``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from afterview.checks.finding import Severity

if TYPE_CHECKING:
    from afterview.checks.context import CheckContext
    from afterview.checks.draft import Draft


@dataclass(frozen=True)
class Hit:
    """What a rule found: a span of the draft's text, the message and an optional fix."""

    start: int
    end: int
    message: str
    suggestion: str | None = None
    severity: Severity | None = None  # overrides the rule's default when set


@dataclass(frozen=True)
class CheckRule:
    """A rule of the checker."""

    id: str
    severity: Severity
    summary: str
    func: Callable[[Draft, CheckContext], Iterable[Hit]] | None = None


@dataclass(frozen=True)
class SetRule:
    """A rule that compares drafts with each other."""

    id: str
    severity: Severity
    summary: str
    func: Callable[[list[tuple[Draft, CheckContext]]], Iterable[tuple[Draft, Hit]]]


def all_rules() -> list[CheckRule | SetRule]:
    """Every check rule, in the order of DESIGN.md's table."""
    from afterview.checks.rules import RULES

    return list(RULES)
