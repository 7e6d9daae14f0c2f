"""The advice page's timeline: the interview, now, the decision date and each action's send
window, on one time axis, read at a glance.

One :class:`Picture` feeds two drawings of the same facts: a wide SVG (labelled bars, day and
month labels on the axis, the moments as lines) for screens where it is drawn at least ~670 CSS
px wide, and a vertical list (one line of real text per moment or window, with a small bar
showing where it falls) for phones. Every text label of the SVG is placed here, with an
estimated width, so that no two labels overlap: the axis drops day labels until they fit, each
bar has a row of its own, and the moments' labels go into lanes. Days are those of the
viewer's zone. Colours come from the stylesheet."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from itertools import pairwise
from typing import Any

WIDTH = 1000  # SVG user units
FONT = 20  # label size in user units (>= 13.4 CSS px where the stylesheet shows the SVG)
CHAR = 0.58 * FONT  # one character's width, generous (DejaVu Sans averages ~0.5)
GAP = 10  # the least room between two labels
AXIS = 34  # the band of day labels at the top
BAR = 24  # a bar's height
LANE = 28  # one lane of the moments' labels
MARGIN = 12  # room at the left and right of the time axis
# The day labels tried, the first whose labels fit wins: (every how many days, with weekday)
TICKS = [(1, True), (1, False), (2, True), (2, False), (3, False), (7, True), (7, False)]
TICKS += [(days, False) for days in (14, 28, 56, 112, 224, 448)]

KIND_NAMES = {
    "thank_you": "Thank-you",
    "status_check": "Status check",
    "value_add": "Value-add",
    "linkedin_note": "LinkedIn note",
    "handwritten_note": "Handwritten note",
}
MARK_NAMES = {"interview": "Interview", "now": "Now", "decision": "Decision expected"}
LEGEND_MARKS = {"interview": "Interview", "now": "Now", "decision": "Decision date"}


@dataclass(frozen=True)
class Label:
    """A line of text in the SVG: ``x`` is its left edge, ``y`` its baseline."""

    text: str
    x: float
    y: float
    kind: str

    @property
    def width(self) -> float:
        return len(self.text) * CHAR

    def box(self) -> tuple[float, float, float, float]:
        """Left, top, right, bottom: the room the text may take."""
        return (self.x, self.y - FONT, self.x + self.width, self.y + 0.3 * FONT)


@dataclass(frozen=True)
class Bar:
    """A send window: its bar and its label ("Thank-you to Dr. Priya Nair · Tue 24 – Wed 25
    Nov"), beside the bar, inside it, or above it."""

    label: str
    x: float
    width: float
    y: float
    kind: str
    start: datetime
    end: datetime
    text: Label


@dataclass(frozen=True)
class Mark:
    """A moment (the interview, now, the decision date) or a labelled day on the axis."""

    label: str
    x: float
    kind: str
    y: float = 14.0  # its label's baseline
    text: Label | None = None


@dataclass(frozen=True)
class Entry:
    """One line of the phone list, in time order: a moment or a window. ``start``/``end``
    are for the page's ``when`` filter; ``day`` is a date already written out (the decision
    date has no time). ``x``/``width``: where it falls on the axis, for its small bar."""

    kind: str
    text: str
    start: datetime | None
    end: datetime | None
    day: str
    x: float
    width: float


@dataclass(frozen=True)
class Picture:
    """Everything the template draws."""

    height: float
    bars: list[Bar]
    marks: list[Mark]
    ticks: list[Mark]  # labelled days
    caption: str  # the whole picture in words (the SVG's text alternative)
    days: list[float]  # a thin line at each midnight
    entries: list[Entry]  # the phone list, in time order
    legend: list[tuple[str, str]]  # (the kind, its name) for each colour shown

    def labels(self) -> list[Label]:
        """Every text label the SVG shows."""
        return [b.text for b in self.bars] + [m.text for m in self.marks + self.ticks if m.text]


def overlaps(a: Label, b: Label, gap: float = 0) -> bool:
    """Whether two labels' boxes (widened by ``gap``) share any room."""
    al, at, ar, ab = a.box()
    bl, bt, br, bb = b.box()
    return al < br + gap and bl < ar + gap and at < bb and bt < ab


def kind_name(kind: str) -> str:
    return KIND_NAMES.get(kind, kind.replace("_", " ").capitalize())


def _who(people: list[str]) -> str:
    return people[0] if len(people) == 1 else f"{len(people)} people"


def _days(lo: datetime, hi: datetime) -> str:
    """The window's days: "Wed 25 Nov", "Tue 24 – Wed 25 Nov", "Mon 30 Nov – Tue 1 Dec"."""
    last = f"{hi:%a} {hi.day} {hi:%b}"
    if lo.date() == hi.date():
        return last
    first = f"{lo:%a} {lo.day}" + (
        "" if (lo.year, lo.month) == (hi.year, hi.month) else f" {lo:%b}"
    )
    return f"{first} – {last}"


def _day(d: date) -> str:
    return f"{d:%a} {d.day} {d:%b}"


def _fit(text: str, room: float) -> str:
    """``text`` cut with an ellipsis to fit ``room`` units."""
    most = max(int(room // CHAR), 1)
    return text if len(text) <= most else text[: most - 1].rstrip() + "…"


def _clamp(left: float, width: float) -> float:
    return round(min(max(left, 0.0), WIDTH - width), 1)


def picture(
    started_at: datetime,
    now: datetime,
    actions: list[dict[str, Any]],
    decision_by: date | None = None,
    *,
    zone: tzinfo | None = None,
) -> Picture:
    """Lay out the interview, ``now``, ``decision_by`` and the actions' windows (Contract 2
    action dicts) on a shared axis. Days are those of ``zone``, the viewer's (by default the
    interview's)."""
    zone = zone or started_at.tzinfo
    assert zone is not None  # the record's moments are always aware
    groups: dict[tuple[str, str, str], list[str]] = {}
    for a in actions:
        groups.setdefault((a["kind"], a["not_before"], a["not_after"]), []).append(a["to"])
    windows = sorted(
        (
            (
                kind,
                datetime.fromisoformat(lo).astimezone(zone),
                datetime.fromisoformat(hi).astimezone(zone),
                people,
            )
            for (kind, lo, hi), people in groups.items()
        ),
        key=lambda w: (w[1], w[2]),
    )
    started_at, now = started_at.astimezone(zone), now.astimezone(zone)
    decided = datetime.combine(decision_by, time(17), zone) if decision_by else None
    moments = [started_at, now, *(w[1] for w in windows), *(w[2] for w in windows)]
    moments += [decided] if decided else []
    first, last = min(moments), max(moments)
    span = max(last - first, timedelta(hours=12))
    first, last = first - span * 0.03, last + span * 0.03
    scale = (WIDTH - 2 * MARGIN) / (last - first).total_seconds()

    def x(moment: datetime) -> float:
        return round(MARGIN + (moment - first).total_seconds() * scale, 1)

    # The axis: a thin line at every midnight; as many day labels as fit, the month named on
    # the first and wherever it changes.
    midnights = []
    day = datetime.combine(first.date() + timedelta(days=1), time(0), zone)
    while day < last:
        midnights.append(day)
        day = datetime.combine(day.date() + timedelta(days=1), time(0), zone)
    ticks: list[Mark] = []
    for step, weekday in TICKS:
        ticks = []
        month = None
        for when in midnights[::step]:
            words = f"{when:%a} " * weekday + str(when.day)
            words += "" if month == when.month else f" {when:%b}"
            month = when.month
            text = Label(words, x(when) + 4, FONT + 2, "tick")
            if text.x + text.width > WIDTH:
                break
            ticks.append(Mark(words, x(when), "day", text.y, text))
        if all(not overlaps(a.text, b.text, GAP) for a, b in pairwise(ticks) if a.text and b.text):
            break
    kept: list[Mark] = []  # (only a span of years gets here with labels still too close)
    for tick in ticks:
        if not kept or not overlaps(kept[-1].text, tick.text, GAP):  # type: ignore[arg-type]
            kept.append(tick)
    ticks = kept

    # The bars: a row each, the label inside the bar, beside it, or above it.
    bars = []
    top = AXIS + 6
    for kind, lo, hi, people in windows:
        words = f"{kind_name(kind)} to {_who(people)} · {_days(lo, hi)}"
        words = _fit(words, WIDTH)
        left, right = x(lo), max(x(hi), x(lo) + 6)
        width = len(words) * CHAR
        middle = top + BAR / 2 + 0.35 * FONT
        if width + 2 * 8 <= right - left:
            text = Label(words, left + 8, middle, f"bar inside {kind}")
        elif right + 8 + width <= WIDTH:
            text = Label(words, right + 8, middle, f"bar {kind}")
        elif left - 8 - width >= 0:
            text = Label(words, round(left - 8 - width, 1), middle, f"bar {kind}")
        else:
            text = Label(words, _clamp(left, width), top + FONT, f"bar {kind}")
            top += FONT + 8
        bars.append(Bar(words, left, round(right - left, 1), top, kind, lo, hi, text))
        top += BAR + 12

    # The moments' labels, in lanes under the bars: right of their line (left of it at the
    # right edge), in the first lane where they overlap no other label.
    named = [("interview", started_at), ("now", now)]
    if decided and decision_by:
        named.append(("decision", decided))
    named.sort(key=lambda n: x(n[1]))
    lanes: list[list[Label]] = []
    marks = []
    for kind, moment in named:
        words = MARK_NAMES[kind] + (
            f" {_day(decision_by)}" if kind == "decision" and decision_by else ""
        )
        width = len(words) * CHAR
        at = x(moment)
        left = at + 5 if at + 5 + width <= WIDTH else at - 5 - width
        for lane, placed in enumerate([*lanes, []]):
            text = Label(words, _clamp(left, width), top + FONT + lane * LANE, f"mark {kind}")
            if not any(overlaps(text, other, GAP) for other in placed):
                break
        if lane == len(lanes):
            lanes.append([])
        lanes[lane].append(text)
        marks.append(Mark(words, at, kind, text.y, text))
    height = top + max(len(lanes), 1) * LANE + 6

    entries = [Entry(k, MARK_NAMES[k], m, None, "", x(m), 0.0) for k, m in named]
    entries = [e for e in entries if e.kind != "decision"]
    if decided and decision_by:
        day_text = _day(decision_by)
        entries.append(
            Entry("decision", MARK_NAMES["decision"], None, None, day_text, x(decided), 0)
        )
    entries += [
        Entry(b.kind, f"{kind_name(b.kind)} to {', '.join(w[3])}", b.start, b.end, "", b.x, b.width)
        for b, w in zip(bars, windows, strict=True)
    ]
    entries.sort(key=lambda e: (e.x, e.kind not in MARK_NAMES))
    legend = [(k, kind_name(k)) for k in dict.fromkeys(w[0] for w in windows)]
    legend += [(k, LEGEND_MARKS[k]) for k, _ in named]
    said = [b.label for b in bars]
    said += [
        m.label if m.kind == "decision" else f"{m.label} {_day(mo.date())}"
        for m, (_, mo) in zip(marks, named, strict=True)
    ]
    caption = "Timeline: " + "; ".join(said) + "."
    days = [x(d) for d in midnights]
    return Picture(height, bars, marks, ticks, caption, days, entries, legend)
