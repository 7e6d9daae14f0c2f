"""The advice page's timeline in a real browser (Debian's Chromium via Playwright): on a
390 px phone the list shows every label at a legible size with nothing overlapping, and on a
desktop the SVG does the same, measured by the browser's own boxes, not by the layout's
estimate. Four cases: a panel of five, a late interview, a decision weeks away, a span across
a month end. Screenshots: artifacts/screenshots/timeline-<case>-{desktop,phone}.png."""

from __future__ import annotations

from typing import Any

import pytest

from e2e_support import SHOTS, put, skip_module_without_chromium

from helpers import data

skip_module_without_chromium()

from playwright.sync_api import Page, expect  # noqa: E402  (after the skip)

PANEL = [
    ("Dr. Priya Nair", "priya.nair"),
    ("Marcus Chen", "marcus.chen"),
    ("Sofia Okafor", "sofia.okafor"),
    ("Jamal Idris", "jamal.idris"),
    ("Hannah Berg", "hannah.berg"),
]


def _interview(company: str, start: str, end: str, **more: Any) -> dict[str, Any]:
    patch: dict[str, Any] = {
        "now": "2026-11-24T19:00:00-05:00",  # the e2e server's clock
        "application.company": company,
        "interview.started_at": start,
        "interview.ended_at": end,
    }
    patch.update({k.replace("__", "."): v for k, v in more.items()})
    return data(patch)


CASES = {
    "panel": _interview(
        "Panel Health",
        "2026-11-24T10:00:00-05:00",
        "2026-11-24T11:30:00-05:00",
        interview__kind="panel",
        interview__decision_expected_by="2026-12-04",
        interviewers=[{"name": n, "email": f"{e}@northwind.example"} for n, e in PANEL],
    ),
    "late": _interview("Late Labs", "2026-11-09T10:00:00-05:00", "2026-11-09T11:00:00-05:00"),
    "decision-far": _interview(
        "Faraway Insurance",
        "2026-11-24T10:00:00-05:00",
        "2026-11-24T11:00:00-05:00",
        interview__decision_expected_by="2027-01-08",
    ),
    "month-end": _interview(
        "Monthend Bank",
        "2026-11-23T15:00:00-05:00",
        "2026-11-23T16:00:00-05:00",
        interview__decision_expected_by="2026-12-02",
    ),
}

# Every text box inside the element, as the browser lays it out (CSS px), with its font size
# as drawn (an SVG's text is scaled with the SVG).
BOXES = """(root) => [...root.querySelectorAll('text, .what, .days, .timeline-legend li')]
  .filter(e => e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden')
  .map(e => {
    const r = e.getBoundingClientRect();
    const size = parseFloat(getComputedStyle(e).fontSize);
    const scale = e.getScreenCTM ? e.getScreenCTM().a : 1;
    return {text: e.textContent.trim(), x: r.left, y: r.top, r: r.right, b: r.bottom,
            px: size * scale};
  })"""


def _overlapping(boxes: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [
        (a["text"], b["text"])
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if a["x"] < b["r"] - 0.5
        and b["x"] < a["r"] - 0.5
        and a["y"] < b["b"] - 0.5
        and b["y"] < a["b"] - 0.5
    ]


@pytest.fixture(scope="module")
def advice_pages(base: str) -> dict[str, str]:
    return {
        name: f"{base}/interviews/{put(f'{base}/api/interviews', {'situation': s, 'key': 'tl-' + name})['id']}"
        for name, s in CASES.items()
    }


def _check(page: Page, url: str, shot: str) -> list[dict[str, Any]]:
    page.goto(url)
    figure = page.locator("figure.timeline")
    expect(figure).to_be_visible()
    boxes = page.evaluate(BOXES, figure.element_handle())
    assert boxes, "the timeline shows no text"
    small = [(b["text"], round(b["px"], 1)) for b in boxes if b["px"] < 12]
    assert not small, f"text under 12 px: {small}"
    assert _overlapping(boxes) == []
    wide = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert wide <= 0, f"the page scrolls sideways by {wide}px"
    SHOTS.mkdir(parents=True, exist_ok=True)
    figure.screenshot(path=str(SHOTS / f"{shot}.png"))
    return boxes


@pytest.mark.parametrize("case", list(CASES))
def test_on_a_phone_the_timeline_is_a_legible_list_with_nothing_overlapping(
    browser: Any, advice_pages: dict[str, str], case: str
) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    try:
        boxes = _check(page, advice_pages[case], f"timeline-{case}-phone")
        expect(page.locator("svg.timeline-wide")).to_be_hidden()
        texts = [b["text"] for b in boxes]
        assert "Interview" in texts and "Now" in texts
        assert any(t.startswith("Thank-you to ") for t in texts), texts
        for legend in ("Thank-you", "Interview", "Now"):
            expect(page.locator(".timeline-legend")).to_contain_text(legend)
        # the times are the viewer's (the server's clock reads 19:00, -05:00), zone named
        now = page.locator(".timeline-list .entry.now .days").inner_text()
        assert now.startswith("Tue 24 Nov 19:00 "), now
    finally:
        context.close()


@pytest.mark.parametrize("case", list(CASES))
def test_on_a_desktop_the_svg_labels_every_bar_and_moment_without_overlap(
    page: Page, advice_pages: dict[str, str], case: str
) -> None:
    boxes = _check(page, advice_pages[case], f"timeline-{case}-desktop")
    expect(page.locator("figure.timeline figcaption")).to_be_hidden()
    texts = [b["text"] for b in boxes]
    assert "Interview" in texts and "Now" in texts
    bars = page.locator("svg.timeline-wide rect.window").count()
    assert (
        sum(t.startswith(("Thank-you to", "Status check to", "Value-add to")) for t in texts)
        == bars
    )
    assert any(t.endswith(("Nov", "Dec", "Jan")) for t in texts)  # a month on the axis
    # every label lies inside the picture
    svg = page.locator("svg.timeline-wide").bounding_box()
    assert svg is not None
    for b in boxes:
        if b["text"] in texts and b["y"] >= svg["y"]:
            assert svg["x"] - 0.5 <= b["x"] and b["r"] <= svg["x"] + svg["width"] + 0.5, b


def test_the_panel_names_its_decision_date_and_the_month_it_crosses(
    page: Page, advice_pages: dict[str, str]
) -> None:
    page.goto(advice_pages["panel"])
    svg = page.locator("svg.timeline-wide")
    expect(svg.locator("text.mark.decision")).to_have_text("Decision expected Fri 4 Dec")
    expect(svg.locator("text.bar.thank_you, text.inside.thank_you")).to_have_text(
        "Thank-you to 5 people · Tue 24 – Wed 25 Nov"
    )
    ticks = svg.locator("text.tick").all_text_contents()
    assert ticks[0].endswith("Nov") and any(t.endswith("Dec") for t in ticks), ticks
