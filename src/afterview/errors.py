"""The errors afterview raises on purpose; each becomes one clear line and exit status 2."""

from __future__ import annotations


class AfterviewError(Exception):
    """Base class for every error afterview reports to the user."""


class InputError(AfterviewError):
    """Bad input: names the file, the field (a dotted key path) and what was expected."""

    def __init__(self, source: str, field: str | None, expected: str) -> None:
        self.source = source
        self.field = field
        self.expected = expected
        super().__init__(self.line())

    def line(self) -> str:
        """Return the one-line message: ``FILE: FIELD: what was expected``."""
        parts = [self.source]
        if self.field:
            parts.append(self.field)
        parts.append(self.expected)
        return ": ".join(parts)


class RulePackError(AfterviewError):
    """A rule pack file (shipped or the user's) that does not validate."""
