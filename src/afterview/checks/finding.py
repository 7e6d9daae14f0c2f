"""One finding: a rule, where it applies in the draft, what is wrong and how to fix it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Finding:
    """A problem in a draft (DESIGN.md, Contract 4)."""

    path: str
    rule: str
    severity: Severity
    message: str
    line: int  # 1-based
    column: int  # 1-based, in characters
    start: int  # 0-based offset into the draft's text
    end: int
    suggestion: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The Contract 4 form of the finding."""
        return {
            "path": self.path,
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "line": self.line,
            "column": self.column,
            "start": self.start,
            "end": self.end,
            "suggestion": self.suggestion,
        }
