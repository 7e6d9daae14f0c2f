"""Split a draft into plain and highlighted pieces, one per finding, for the editor; and say
where each finding is as the person sees the draft in the editor."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

# Rules about WHEN a message goes (or whether it may go at all), not about its words: nothing
# in the text can fix them, so the editor never asks to fix the draft for them.
TIMING_RULES = frozenset({"late", "too-soon", "no-contact"})
# Rules that judge the message as a whole and only mark its first line (or its whole body)
# to say where it starts: their span is not the problem, so it is not highlighted.
WHOLE_MESSAGE_RULES = TIMING_RULES | {"generic", "panel-duplicate"}


def about_timing(finding: dict[str, Any]) -> bool:
    """Whether a finding is about when the message is sent, not about its text."""
    return finding.get("rule") in TIMING_RULES


def whole_message(finding: dict[str, Any], text: str, body_start: int = 0) -> bool:
    """Whether a finding is about the whole message rather than specific words: a rule that
    judges the message as a whole, a span covering the whole body, or an empty span."""
    if finding.get("rule") in WHOLE_MESSAGE_RULES or finding["end"] <= finding["start"]:
        return True
    body = text[body_start:]
    first = body_start + len(body) - len(body.lstrip())
    last = body_start + len(body.rstrip())
    return finding["start"] <= first and finding["end"] >= last and last > first


@dataclass(frozen=True)
class Piece:
    """A run of the draft's text; ``finding`` is set when it is highlighted."""

    text: str
    finding: dict[str, Any] | None = None


def pieces(
    text: str, findings: list[dict[str, Any]], lo: int = 0, hi: int | None = None
) -> list[Piece]:
    """``text[lo:hi]`` (all of it by default) cut at each finding's span inside it, in order.
    Where spans overlap, errors win over warnings and the narrower span over the wider (a
    misspelt name inside a greeting flagged as generic); empty spans and findings about the
    whole message (:func:`whole_message`, e.g. timing) are not highlighted."""
    hi = len(text) if hi is None else hi
    chosen: list[tuple[dict[str, Any], int, int]] = []
    specific = [f for f in findings if not f.get("whole", whole_message(f, text, lo))]
    for f in sorted(specific, key=lambda f: (f["severity"] != "error", f["end"] - f["start"])):
        start, end = max(f["start"], lo), min(f["end"], hi)  # the part inside the window
        if end <= start:
            continue
        if all(end <= c[1] or start >= c[2] for c in chosen):
            chosen.append((f, start, end))
    out: list[Piece] = []
    at = lo
    for f, start, end in sorted(chosen, key=lambda c: c[1]):
        if start > at:
            out.append(Piece(text[at:start]))
        out.append(Piece(text[start:end], f))
        at = end
    if at < hi:
        out.append(Piece(text[at:hi]))
    return out


@dataclass(frozen=True)
class Layout:
    """Where the parts of an editor's draft stand in the text the checker read
    (``To:`` and ``Subject:`` lines, a blank line, the body): the person sees the subject in
    its own field and the body in the textarea, never the header lines."""

    text: str
    body_start: int
    subject_start: int | None = None  # the subject's value, if there is a Subject: line
    subject_end: int | None = None

    @classmethod
    def of(cls, address: str | None, subject: str | None, body: str) -> Layout:
        """The layout of ``OutboxMessage.as_text()`` for these parts (the same text)."""
        to_line = f"To: {address}\n" if address else ""
        subject_line = f"Subject: {subject}\n" if subject else ""
        head = to_line + subject_line
        text = (head + "\n" if head else "") + body
        if not subject:
            return cls(text, len(text) - len(body))
        start = len(to_line) + len("Subject: ")
        return cls(text, len(text) - len(body), start, start + len(subject))

    def where(self, start: int, end: int | None = None) -> str:
        """Where the span ``start:end`` is, in the editor's terms: "line 3, column 6" of the
        message (the textarea's own lines), "subject, column 4", or "the To: address". A
        span that begins in the header lines and reaches into the body is in the body."""
        end = start if end is None else end
        if (
            self.subject_start is not None
            and self.subject_end is not None
            and (self.subject_start <= start <= self.subject_end)
        ):
            return f"subject, column {start - self.subject_start + 1}"
        offset = max(start, self.body_start) if end > self.body_start else start
        if offset >= self.body_start:
            before = self.text[self.body_start : offset]
            line = before.count("\n") + 1
            column = len(before) - (before.rfind("\n") + 1) + 1
            return f"line {line}, column {column}"
        return "the To: address"

    def locate(self, findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The findings, each with ``where`` (see :meth:`where`; "about the whole message" or
        "about when it is sent" for a finding not about specific words), ``whole`` and
        ``timing``."""
        out = []
        for f in findings:
            whole = whole_message(f, self.text, self.body_start)
            timing = about_timing(f)
            where = (
                "about when it is sent, not its words"
                if timing
                else "about the whole message"
                if whole
                else self.where(f["start"], f["end"])
            )
            out.append({**f, "where": where, "whole": whole, "timing": timing})
        return out


@cache
def _summaries() -> dict[str, str]:
    from afterview.checks.registry import all_rules

    return {r.id: r.summary for r in all_rules()}


def rule_summary(rule: str) -> str:
    """What a check rule finds, in a sentence ("" for an unknown id): shown behind a
    "Why is this flagged?" toggle, never instead of the finding's own words."""
    return _summaries().get(rule, "")
