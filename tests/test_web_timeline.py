"""The advice page's timeline (afterview.web.timeline): what it labels and where. The labels'
boxes are estimated from their length; the property test lays out arbitrary interviews, nows,
windows and decision dates and requires that no two labels share any room and that every
label lies inside the picture. (The browser's own boxes are checked in
test_web_e2e_timeline.py.)"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from itertools import combinations
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from afterview.web.timeline import KIND_NAMES, WIDTH, Label, Picture, overlaps, picture

NY = ZoneInfo("America/New_York")
START = datetime(2026, 11, 24, 10, 0, tzinfo=NY)


def action(kind: str, to: str, lo: datetime, hi: datetime) -> dict[str, Any]:
    return {"kind": kind, "to": to, "not_before": lo.isoformat(), "not_after": hi.isoformat()}


def assert_laid_out(shape: Picture) -> None:
    labels = shape.labels()
    for a, b in combinations(labels, 2):
        assert not overlaps(a, b), (a, b)
    for label in labels:
        left, top, right, bottom = label.box()
        assert left >= 0 and right <= WIDTH, label
        assert top >= 0 and bottom <= shape.height, label
    for bar in shape.bars:
        assert bar.x >= 0 and bar.x + bar.width <= WIDTH
    for mark in shape.marks:
        assert 0 <= mark.x <= WIDTH


# --- the property ----------------------------------------------------------------------------

NAMES = ["Dr. Priya Nair", "Li", "Maximiliane Schwarzenberg-Hohenlohe", "Sofia Okafor", "Jo Ng"]
ZONES = [NY, ZoneInfo("Asia/Kolkata"), ZoneInfo("Pacific/Auckland"), ZoneInfo("UTC")]
hours = st.integers(min_value=-24 * 60, max_value=24 * 120)


@st.composite
def windows(draw: st.DrawFn) -> dict[str, Any]:
    lo = START + timedelta(hours=draw(hours))
    hi = lo + timedelta(hours=draw(st.integers(min_value=0, max_value=24 * 40)))
    kind = draw(st.sampled_from(sorted(KIND_NAMES)))
    return action(kind, draw(st.sampled_from(NAMES)), lo, hi)


@settings(max_examples=300, deadline=None)
@given(
    now=hours,
    actions=st.lists(windows(), max_size=7),
    decision=st.none() | st.integers(min_value=-30, max_value=200),
    zone=st.sampled_from(ZONES),
)
def test_no_two_labels_ever_overlap_and_all_lie_inside(
    now: int, actions: list[dict[str, Any]], decision: int | None, zone: ZoneInfo
) -> None:
    decided = None if decision is None else START.date() + timedelta(days=decision)
    shape = picture(START, START + timedelta(hours=now), actions, decided, zone=zone)
    assert_laid_out(shape)
    assert len(shape.marks) == 2 + (decided is not None)
    assert len(shape.bars) == len({(a["kind"], a["not_before"], a["not_after"]) for a in actions})


def test_the_overlap_check_sees_overlaps_and_room() -> None:
    a = Label("Interview", 100, 50, "mark")
    assert overlaps(a, Label("Now", 110, 50, "mark"))  # same line, inside
    assert overlaps(a, Label("Now", 80, 60, "mark"))  # a little lower, starting before it
    assert not overlaps(a, Label("Now", 100 + a.width + 1, 50, "mark"))  # just after it
    assert overlaps(a, Label("Now", 100 + a.width + 1, 50, "mark"), gap=10)
    assert not overlaps(a, Label("Now", 100, 80, "mark"))  # the next lane


# --- what it shows ---------------------------------------------------------------------------


def test_now_at_the_interview_itself_takes_a_lane_of_its_own() -> None:
    shape = picture(START, START, [], None)
    interview, now = sorted(shape.marks, key=lambda m: m.kind)
    assert interview.x == now.x
    assert interview.y != now.y  # stacked, not drawn over each other
    assert_laid_out(shape)


def test_distant_moments_share_a_lane() -> None:
    shape = picture(START, START + timedelta(days=20), [], None)
    assert len({m.y for m in shape.marks}) == 1


def test_each_bar_is_labelled_with_who_and_its_days() -> None:
    lo, hi = START + timedelta(hours=3), START + timedelta(days=1, hours=7)
    people = ["Dr. Priya Nair", "Marcus Chen"]
    acts = [action("thank_you", p, lo, hi) for p in people]
    acts.append(
        action(
            "status_check", "Dr. Priya Nair", START + timedelta(days=14), START + timedelta(days=21)
        )
    )
    shape = picture(START, START + timedelta(hours=9), acts, date(2026, 12, 4))
    assert [b.label for b in shape.bars] == [
        "Thank-you to 2 people · Tue 24 – Wed 25 Nov",
        "Status check to Dr. Priya Nair · Tue 8 – Tue 15 Dec",
    ]
    assert [b.text.text for b in shape.bars] == [b.label for b in shape.bars]
    assert {m.label for m in shape.marks} == {"Interview", "Now", "Decision expected Fri 4 Dec"}
    assert shape.legend == [
        ("thank_you", "Thank-you"),
        ("status_check", "Status check"),
        ("interview", "Interview"),
        ("now", "Now"),
        ("decision", "Decision date"),
    ]
    # the phone list: in time order, every person named
    assert [e.text for e in shape.entries] == [
        "Interview",
        "Thank-you to Dr. Priya Nair, Marcus Chen",
        "Now",
        "Decision expected",
        "Status check to Dr. Priya Nair",
    ]
    assert "Thank-you to 2 people · Tue 24 – Wed 25 Nov" in shape.caption


def test_a_window_crossing_a_month_names_both_months() -> None:
    lo = datetime(2026, 11, 30, 9, tzinfo=NY)
    shape = picture(START, START, [action("value_add", "Jo Ng", lo, lo + timedelta(days=2))])
    assert shape.bars[0].label == "Value-add to Jo Ng · Mon 30 Nov – Wed 2 Dec"


def test_the_axis_names_the_month_at_the_start_and_where_it_changes() -> None:
    start = datetime(2026, 11, 27, 10, tzinfo=NY)
    shape = picture(start, start + timedelta(days=5), [], None)
    assert [t.label for t in shape.ticks] == [
        "Sat 28 Nov",
        "Sun 29",
        "Mon 30",
        "Tue 1 Dec",
        "Wed 2",
    ]
    assert [t.x for t in shape.ticks] == sorted(t.x for t in shape.ticks)


def test_a_long_span_thins_the_day_labels_but_keeps_months() -> None:
    shape = picture(START, START + timedelta(days=120), [], None)
    labels = [t.label for t in shape.ticks]
    assert 4 <= len(labels) <= 20
    assert {"Dec", "Jan", "Feb", "Mar"} <= {label.split()[-1] for label in labels}
    assert len(shape.days) > 100  # a thin line still marks every day
    assert_laid_out(shape)


def test_days_are_the_viewers() -> None:
    evening = datetime(2026, 11, 24, 20, tzinfo=NY)  # Wednesday morning in Tokyo
    acts = [action("thank_you", "Jo Ng", evening, evening + timedelta(hours=2))]
    here = picture(START, START, acts)
    tokyo = picture(START, START, acts, zone=ZoneInfo("Asia/Tokyo"))
    assert here.bars[0].label.endswith("Tue 24 Nov")
    assert tokyo.bars[0].label.endswith("Wed 25 Nov")
    assert tokyo.entries[-1].start is not None and tokyo.entries[-1].start.utcoffset() == timedelta(
        hours=9
    )


def test_a_name_too_long_for_the_picture_is_cut_with_an_ellipsis() -> None:
    acts = [action("thank_you", "Dr. " + "Very" * 80, START, START + timedelta(hours=3))]
    label = picture(START, START, acts).bars[0].text
    assert label.text.endswith("…") and label.x + label.width <= WIDTH


def test_the_old_call_still_works() -> None:  # interview_pages.py calls it positionally
    shape = picture(START, START + timedelta(hours=9), [], date(2026, 12, 4))
    assert {m.kind for m in shape.marks} == {"interview", "now", "decision"}


# --- the template ----------------------------------------------------------------------------


def test_the_template_draws_every_label_and_lists_every_entry_in_the_viewers_zone() -> None:
    from afterview.web.pages import templates

    lo, hi = START + timedelta(hours=3), START + timedelta(days=1)
    shape = picture(START, START + timedelta(hours=9), [action("thank_you", "Jo Ng", lo, hi)])
    html = templates.env.get_template("_timeline.html").render(picture=shape, viewer_zone=NY)
    texts = re.findall(r"<text class=\"label ([^\"]+)\"[^>]*>([^<]*)</text>", html)
    assert [t for _, t in texts] == [label.text for label in shape.labels()]
    assert 'class="label tick"' in html and 'aria-label="Timeline: ' in html
    items = re.findall(r'<span class="days">([^<]*)</span>', html)
    assert items == [
        "Tue 24 Nov 10:00 EST",
        "Tue 24 Nov 13:00 EST – Wed 25 Nov 10:00 EST",
        "Tue 24 Nov 19:00 EST",
    ]
    in_utc = templates.env.get_template("_timeline.html").render(
        picture=shape, viewer_zone=ZoneInfo("UTC")
    )
    assert "Tue 24 Nov 15:00 UTC" in in_utc and "10:00 EST" not in in_utc


# --- the stylesheet's colours (WCAG 2.1 AA: 4.5:1 for text, 3:1 for bars and field borders) --

CSS = (Path(__file__).parent.parent / "src/afterview/web/static/afterview.css").read_text("utf-8")
ROOT = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", CSS))
PAGE_BACKGROUNDS = [ROOT["paper"], ROOT["soft"]]


def luminance(colour: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def resolve(value: str) -> str | None:
    value = value.strip()
    found = re.fullmatch(r"var\(--([\w-]+)\)", value)
    if found:
        return ROOT.get(found.group(1))
    found = re.match(r"#[0-9a-fA-F]{6}\b", value)
    return found.group(0) if found else None


def rules() -> list[tuple[str, dict[str, str]]]:
    body = re.sub(r"/\*.*?\*/", "", CSS, flags=re.S)
    body = re.sub(r"@media[^{]*\{((?:[^{}]*\{[^}]*\})*)\s*\}", r"\1", body)
    return [
        (sel.strip(), dict(re.findall(r"([\w-]+)\s*:\s*([^;]+)", decls)))
        for sel, decls in re.findall(r"([^{}]+)\{([^}]*)\}", body)
    ]


def test_contrast_arithmetic() -> None:
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast("#767676", "#ffffff"), 2) == 4.54


def test_every_text_colour_reads_on_its_background() -> None:
    weak = []
    for selector, decls in rules():
        for prop in ("color", "fill"):
            ink = resolve(decls.get(prop, ""))
            if not ink or (prop == "fill" and "text" not in selector):
                continue
            if ".inside" in selector:  # white on a bar: the next test
                continue
            own = resolve(decls.get("background", decls.get("background-color", "")))
            for ground in [own] if own else PAGE_BACKGROUNDS:
                if contrast(ink, ground) < 4.5:
                    weak.append((selector, ink, ground, round(contrast(ink, ground), 2)))
    assert not weak


def test_the_timeline_colours_hold_white_labels_and_stand_out_from_the_page() -> None:
    colours = {k: v for k, v in ROOT.items() if k.startswith("tl-")}
    assert len(colours) == 7
    for name, colour in colours.items():
        assert contrast(colour, "#ffffff") >= 4.5, name  # a label inside a bar
        assert contrast(colour, ROOT["soft"]) >= 3, name  # a bar or line against the page


def test_field_borders_stand_out() -> None:  # WCAG 1.4.11: what shows a field is there
    borders = set(re.findall(r"border: (?:1|2)px solid (#[0-9a-fA-F]{6})", CSS))
    assert borders
    for colour in borders:
        assert contrast(colour, "#ffffff") >= 3, colour
