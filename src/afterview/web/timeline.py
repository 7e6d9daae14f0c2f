"""The advice page's small timeline picture: the interview, now, the decision date and each
action's send window, laid out on one time axis (SVG shapes computed here, drawn by the
template; every colour comes from the stylesheet)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

WIDTH = 1000  # SVG user units
LEFT, RIGHT = 20, 20
ROW = 26  # height of one action row
TOP = 34  # room for the day labels


@dataclass(frozen=True)
class Bar:
    """A send window."""

    label: str
    x: float
    width: float
    y: float
    kind: str


@dataclass(frozen=True)
class Mark:
    """A moment: the interview, now, the decision date, or a day boundary."""

    label: str
    x: float
    kind: str
    y: float = 14.0  # where its label sits


@dataclass(frozen=True)
class Picture:
    """Everything the template draws."""

    height: float
    bars: list[Bar]
    marks: list[Mark]
    ticks: list[Mark]
    caption: str


def _label(kind: str, people: list[str]) -> str:
    what = kind.replace("_", " ")
    return f"{what} to {people[0]}" if len(people) == 1 else f"{what} to {len(people)} people"


def picture(
    started_at: datetime,
    now: datetime,
    actions: list[dict[str, Any]],
    decision_by: date | None = None,
) -> Picture:
    """Lay out the interview, ``now``, ``decision_by`` and the actions' windows (Contract 2
    action dicts) on a shared axis; days are labelled in the interview's time zone."""
    zone = started_at.tzinfo
    groups: dict[tuple[str, str, str], list[str]] = {}
    for a in actions:
        groups.setdefault((a["kind"], a["not_before"], a["not_after"]), []).append(a["to"])
    windows = [
        (kind, datetime.fromisoformat(lo), datetime.fromisoformat(hi), people)
        for (kind, lo, hi), people in groups.items()
    ]
    decided = datetime.combine(decision_by, time(17), zone) if decision_by else None
    moments = [started_at, now, *(w[2] for w in windows), *([decided] if decided else [])]
    first, last = min(moments), max(moments)
    span = max(last - first, timedelta(hours=12))
    first, last = first - span * 0.04, last + span * 0.04
    scale = (WIDTH - LEFT - RIGHT) / (last - first).total_seconds()

    def x(moment: datetime) -> float:
        return round(LEFT + (moment - first).total_seconds() * scale, 1)

    bars = [
        Bar(_label(kind, people), x(lo), max(x(hi) - x(lo), 3.0), TOP + i * ROW, kind)
        for i, (kind, lo, hi, people) in enumerate(windows)
    ]
    height = TOP + max(len(bars), 1) * ROW + 44
    named = [("interview", started_at, "interview"), ("now", now, "now")]
    if decided:
        named.append(("decision expected", decided, "decision"))
    marks = [  # labels stacked under the rows so they never overlap
        Mark(label, x(moment), kind, height - 4 - 14 * i)
        for i, (label, moment, kind) in enumerate(named)
    ]
    days = (last - first).days + 1
    step = 1 if days <= 16 else 7
    local_first = first.astimezone(zone)
    day = datetime.combine(local_first.date() + timedelta(days=1), time(0), zone)
    ticks = []
    while day < last and x(day) < WIDTH - 45:  # a label at the edge would be cut off
        ticks.append(Mark(f"{day:%a} {day.day}", x(day), "day"))
        day = datetime.combine(day.date() + timedelta(days=step), time(0), zone)
    caption = "; ".join(
        f"{_label(kind, people)}: {lo:%a %d %b %H:%M} to {hi:%a %d %b %H:%M}"
        for kind, lo, hi, people in windows
    )
    return Picture(height, bars, marks, ticks, caption)
