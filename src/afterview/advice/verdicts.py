"""What each verdict is called, in one place: every page, the CLI and the docs use these words.

The engine says ``send``, ``wait``, ``dont_send`` or ``alternative`` (``result.Verdict``); a
person reads the label and its one-line meaning. ``tests/test_web_dash.py`` keeps this table in
step with the engine's type, so a new verdict cannot reach a page without a name."""

from __future__ import annotations

from dataclasses import dataclass
from typing import get_args

from afterview.advice.result import Verdict


@dataclass(frozen=True)
class VerdictName:
    """How a verdict reads: a short label for a badge and what it means for you."""

    label: str
    meaning: str


VERDICTS: dict[str, VerdictName] = {
    "send": VerdictName("Send", "A message is due now or within a day."),
    "wait": VerdictName("Wait", "Nothing to send now; a later message is planned."),
    "dont_send": VerdictName("Don't send", "No message should go out now."),
    "alternative": VerdictName(
        "Use another channel", "Not an email: a LinkedIn note or a handwritten note."
    ),
}


def all_verdicts() -> tuple[str, ...]:
    """Every verdict the engine can give, read from its type."""
    return get_args(Verdict)


def label(verdict: str) -> str:
    """The verdict's label ("Don't send"); an unknown verdict raises KeyError."""
    return VERDICTS[verdict].label


def meaning(verdict: str) -> str:
    """What the verdict means, in one line."""
    return VERDICTS[verdict].meaning
