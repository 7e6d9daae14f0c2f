"""What :func:`afterview.advise` returns, and its JSON form (DESIGN.md, Contract 2)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

Verdict = Literal["send", "wait", "dont_send", "alternative"]
Answer = Literal["yes", "no", "unknown", "n/a"]


@dataclass(frozen=True)
class Action:
    """One message to send: its kind, channel, recipient and window."""

    kind: str
    channel: str
    to: str
    address: str | None
    not_before: datetime
    not_after: datetime
    why: str
    rule: str

    def to_dict(self) -> dict[str, Any]:
        """The Contract 2 form of the action."""
        return {
            "kind": self.kind,
            "channel": self.channel,
            "to": self.to,
            "address": self.address,
            "not_before": self.not_before.isoformat(),
            "not_after": self.not_after.isoformat(),
            "why": self.why,
        }


@dataclass(frozen=True)
class Reason:
    """A rule that fired, in words, with its sources."""

    rule: str
    text: str
    sources: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """The Contract 2 form of the reason."""
        return {"rule": self.rule, "text": self.text, "sources": list(self.sources)}


@dataclass(frozen=True)
class ChecklistAnswer:
    """One question of the seed's decision checklist, answered for this situation."""

    id: str
    question: str
    answer: Answer
    detail: str

    def to_dict(self) -> dict[str, Any]:
        """The Contract 2 form of the answer."""
        return {"question": self.question, "answer": self.answer, "detail": self.detail}


@dataclass(frozen=True)
class Advice:
    """The advice for one situation at one moment."""

    verdict: Verdict
    summary: str
    actions: tuple[Action, ...]
    reasons: tuple[Reason, ...]
    checklist: tuple[ChecklistAnswer, ...]
    now: datetime
    zone: str = field(default="UTC")

    def to_dict(self) -> dict[str, Any]:
        """Exactly the object ``afterview advise --json`` prints."""
        return {
            "verdict": self.verdict,
            "summary": self.summary,
            "actions": [a.to_dict() for a in self.actions],
            "reasons": [r.to_dict() for r in self.reasons],
            "checklist": [c.to_dict() for c in self.checklist],
        }

    def fired(self, rule_id: str) -> bool:
        """True when the rule ``rule_id`` is among the reasons."""
        return any(r.rule == rule_id for r in self.reasons)
