"""The check rules, one module per concern; ``RULES`` lists them in DESIGN.md's order."""

from __future__ import annotations

from afterview.checks.registry import CheckRule, SetRule
from afterview.checks.rules import (
    company,
    generic,
    length,
    names,
    panel,
    recipient,
    repeated,
    role,
    spelling,
    timing,
    tone,
)

RULES: tuple[CheckRule | SetRule, ...] = (
    spelling.RULE,
    names.RULE,
    company.RULE,
    role.RULE,
    recipient.RULE,
    length.RULE,
    generic.RULE,
    tone.TOO_CASUAL,
    tone.PUSHY,
    tone.APOLOGETIC,
    timing.LATE,
    timing.TOO_SOON,
    timing.NO_CONTACT,
    panel.RULE,
    repeated.RULE,
)
