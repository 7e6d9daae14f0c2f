"""Split a draft into plain and highlighted pieces, one per finding, for the editor."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Piece:
    """A run of the draft's text; ``finding`` is set when it is highlighted."""

    text: str
    finding: dict[str, Any] | None = None


def pieces(text: str, findings: list[dict[str, Any]]) -> list[Piece]:
    """The text cut at each finding's span, in order. Where spans overlap, errors win over
    warnings and the narrower span over the wider (a misspelt name inside a greeting flagged
    as generic); empty spans are not highlighted."""
    chosen: list[dict[str, Any]] = []
    for f in sorted(findings, key=lambda f: (f["severity"] != "error", f["end"] - f["start"])):
        start, end = f["start"], f["end"]
        if end <= start or end > len(text):
            continue
        if all(end <= c["start"] or start >= c["end"] for c in chosen):
            chosen.append(f)
    out: list[Piece] = []
    at = 0
    for f in sorted(chosen, key=lambda f: f["start"]):
        start, end = f["start"], f["end"]
        if start > at:
            out.append(Piece(text[at:start]))
        out.append(Piece(text[start:end], f))
        at = end
    if at < len(text):
        out.append(Piece(text[at:]))
    return out
