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


class NotFound(InputError):
    """No stored interview or message with this id: exit status 2 on the command line, 404 over
    HTTP. ``hint`` names the command that lists the ids."""

    def __init__(self, what: str, row_id: int, hint: str) -> None:
        self.what = what
        super().__init__(str(row_id), None, f"no {what} with this id (see {hint})")


class RulePackError(AfterviewError):
    """A rule pack file (shipped or the user's) that does not validate."""
