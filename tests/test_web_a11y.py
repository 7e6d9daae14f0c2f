"""Accessibility measured in a real browser: axe-core (vendored in tests/vendor/axe-core/,
injected by Playwright) runs on every page at desktop (1100 px) and phone (390 px) width with
the WCAG 2.1 A/AA rules (and 2.2's target size), and any serious or critical violation fails.
Beside it: no page scrolls sideways on a phone; the keyboard reaches every control in order
(Skip link, then the navigation, then the page), with a visible focus ring.

Screenshots: artifacts/screenshots/a11y-<page>-desktop.png and -phone.png.

The CSP (``script-src 'self'``) would refuse the injected axe script, so these browser
contexts bypass the CSP; nothing else about the pages changes."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from afterview.web import WebSettings, create_app
from e2e_support import NOW, SHOTS, SIZES, put, skip_module_without_chromium

from helpers import data
from web_server import running

skip_module_without_chromium()

from playwright.sync_api import Page  # noqa: E402  (after the skip)

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
REPORTS = SHOTS.parent / "axe"  # artifacts/axe/<page>-<size>.json: what axe found
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]  # 2.2 AA: target size
TOKEN = "a11y-token-0123456789abcdef"

# Violations in templates other helpers are rewriting now (page, axe rule id). TEMPORARY: the
# lead empties this after merging their work and fixing what is left.
# (PHONE_WIDTH is not axe's: the page is laid out 390 px wide and does not scroll sideways.)
PHONE_WIDTH = "phone-width"
KNOWN_ELSEWHERE: frozenset[tuple[str, str]] = frozenset(
    {
        # security.py's bare error page has no <meta name="viewport"> (and, behind the
        # token, no stylesheet): a phone draws it 980 px wide, shrunk to small print.
        ("token-required", PHONE_WIDTH),
    }
)

RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  const brief = (list) => list.map(v => ({id: v.id, impact: v.impact, help: v.help,
    url: v.helpUrl, targets: v.nodes.map(n => n.target.join(' '))}));
  return {violations: brief(result.violations), incomplete: brief(result.incomplete)};
}"""


def _situation(company: str, **patch: Any) -> dict[str, Any]:
    base = {
        "now": NOW.isoformat(),
        "application.company": company,
        "interview.started_at": "2026-11-24T10:00:00-05:00",
        "interview.ended_at": "2026-11-24T11:00:00-05:00",
    }
    return data({**base, **{k.replace("__", "."): v for k, v in patch.items()}})


def _store(base: str, key: str, situation: dict[str, Any]) -> int:
    return int(put(f"{base}/api/interviews", {"situation": situation, "key": key})["id"])


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """Three servers: with interviews, empty, and one that demands a token."""
    folder = tmp_path_factory.mktemp("a11y")
    with (
        running(create_app(WebSettings(db=str(folder / "full.db"), now=NOW))) as full,
        running(create_app(WebSettings(db=str(folder / "empty.db"), now=NOW))) as empty,
        running(create_app(WebSettings(db=str(folder / "t.db"), now=NOW, token=TOKEN))) as locked,
    ):
        yield {"full": full, "empty": empty, "locked": locked}


@pytest.fixture(scope="module")
def site(servers: dict[str, str]) -> dict[str, str]:
    """Every page worth visiting, by name: its URL (the interviews and messages made first)."""
    base = servers["full"]
    send = _store(base, "send", _situation("Northwind Health"))
    wait = _store(
        base,
        "wait",
        _situation(
            "Waiting Works",
            interview__started_at="2026-11-17T10:00:00-05:00",
            interview__ended_at="2026-11-17T11:00:00-05:00",
            interview__decision_expected_by="2026-12-11",
            sent=[
                {
                    "kind": "thank_you",
                    "to": "priya.nair@northwind.example",
                    "at": "2026-11-17T15:00:00-05:00",
                }
            ],
        ),
    )
    dont = _store(base, "dont", _situation("Fabrikam", interview__no_contact_requested=True))
    alternative = _store(
        base,
        "alternative",
        _situation(
            "Maple Analytics",
            interview__kind="informal",
            interviewers=[
                {
                    "name": "Tom Gagnon",
                    "title": "Data Team Lead",
                    "linkedin": "https://www.linkedin.com/in/tom-gagnon",
                }
            ],
        ),
    )
    draft = put(f"{base}/api/interviews/{send}/drafts", {})["messages"][0]["id"]
    handed = _store(base, "handed", _situation("Handoff Inc"))
    handed_msg = put(f"{base}/api/interviews/{handed}/drafts", {})["messages"][0]["id"]
    put(f"{base}/api/messages/{handed_msg}/send", {"via": "mailto"})
    cancelled = _store(base, "cancelled", _situation("Contoso"))
    cancelled_msg = put(f"{base}/api/interviews/{cancelled}/drafts", {})["messages"][0]["id"]
    _store(base, "cancelled", _situation("Contoso", interview__no_contact_requested=True))
    return {
        "home-empty": servers["empty"] + "/",
        "home": base + "/",
        "wizard-new": base + "/interviews/new",
        "wizard-edit": f"{base}/interviews/{send}/edit",
        "wizard-errors": base + "/interviews/new",  # then submitted empty
        "advice-send": f"{base}/interviews/{send}",
        "advice-wait": f"{base}/interviews/{wait}",
        "advice-dont-send": f"{base}/interviews/{dont}",
        "advice-alternative": f"{base}/interviews/{alternative}",
        "editor-draft": f"{base}/messages/{draft}",
        "editor-handed-off": f"{base}/messages/{handed_msg}",
        "editor-cancelled": f"{base}/messages/{cancelled_msg}",
        "check-empty": base + "/check",
        "check-findings": base + "/check",  # then a draft with a misspelt name
        "guide": base + "/guide",
        "account": base + "/account",
        "account-errors": base + "/account",  # then "Delete everything" without the word
        "not-found": base + "/interviews/999999",
        "token-required": servers["locked"] + "/",
    }


def _submit_the_wizard_empty(page: Page) -> None:
    page.evaluate(
        "() => { const f = document.querySelector('form.wizard'); "
        "f.noValidate = true; f.requestSubmit(); }"
    )
    page.wait_for_load_state("load")


def _check_a_misspelt_draft(page: Page) -> None:
    if page.locator("#situation").is_visible():  # no recorded interview: paste the details
        page.locator("#situation").fill(SITUATION_TOML)
    page.locator("#draft").fill("Subject: Thank you\n\nDear Dr. Niar,\n\nThank you.\n\nAlex Rivera")
    page.locator("#draft").press("End")
    page.locator("#findings mark, #findings .findings li").first.wait_for()


SITUATION_TOML = """format = 1
now = 2026-11-24T19:00:00-05:00
[candidate]
name = "Alex Rivera"
email = "alex.rivera@example.com"
timezone = "America/New_York"
[application]
company = "Northwind Health"
role = "Senior Data Analyst"
[interview]
kind = "video"
started_at = 2026-11-24T10:00:00-05:00
ended_at = 2026-11-24T11:00:00-05:00
[[interviewers]]
name = "Dr. Priya Nair"
email = "priya.nair@northwind.example"
"""


def _delete_without_the_word(page: Page) -> None:
    page.locator("button.danger").click()
    page.wait_for_load_state("load")
    page.locator("#confirm-problem").wait_for()


AFTER: dict[str, Callable[[Page], None]] = {
    "wizard-errors": _submit_the_wizard_empty,
    "account-errors": _delete_without_the_word,
    "check-findings": _check_a_misspelt_draft,
}
PAGES = [
    "account",
    "account-errors",
    "home-empty",
    "home",
    "wizard-new",
    "wizard-edit",
    "wizard-errors",
    "advice-send",
    "advice-wait",
    "advice-dont-send",
    "advice-alternative",
    "editor-draft",
    "editor-handed-off",
    "editor-cancelled",
    "check-empty",
    "check-findings",
    "guide",
    "not-found",
    "token-required",
]


def _visit(page: Page, site: dict[str, str], name: str) -> None:
    page.goto(site[name])
    if name in AFTER:
        AFTER[name](page)


def _axe(page: Page) -> dict[str, list[dict[str, Any]]]:
    """axe's violations and its "incomplete" (what it could not decide, e.g. the contrast of
    text over a picture) on the page as it is now."""
    page.add_script_tag(path=str(AXE))
    return dict(page.evaluate(RUN_AXE, TAGS))


def _violations(page: Page) -> list[dict[str, Any]]:
    return _axe(page)["violations"]


def _serious(name: str, found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        v
        for v in found
        if v["impact"] in ("serious", "critical") and (name, v["id"]) not in KNOWN_ELSEWHERE
    ]


def _described(found: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"  {v['id']} ({v['impact']}): {v['help']}\n    {v['url']}\n"
        + "".join(f"    - {t}\n" for t in v["targets"][:8])
        for v in found
    )


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("name", PAGES)
def test_no_serious_or_critical_axe_violation(
    context_for: Callable[[str], Any], site: dict[str, str], name: str, size: str
) -> None:
    page = context_for(size).new_page()
    _visit(page, site, name)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"a11y-{name}-{size}.png"), full_page=True)
    result = _axe(page)
    REPORTS.mkdir(parents=True, exist_ok=True)  # every impact, for reading; only some fail
    (REPORTS / f"{name}-{size}.json").write_text(json.dumps(result, indent=1), "utf-8")
    found = result["violations"]
    bad = _serious(name, found)
    assert not bad, f"{name} at {size}: axe found\n{_described(bad)}"
    if size == "phone" and (name, PHONE_WIDTH) not in KNOWN_ELSEWHERE:
        # without a viewport meta tag a phone lays the page out 980 px wide and shrinks it
        laid_out = page.evaluate("window.innerWidth")
        assert laid_out == 390, f"{name} is laid out {laid_out}px wide on a 390 px phone"
        wide = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert wide <= 0, f"{name} scrolls sideways by {wide}px on a 390 px phone"


def test_axe_is_really_run_and_sees_a_violation(context_for: Callable[[str], Any]) -> None:
    """The measuring instrument works: a page with unlabelled input and grey-on-grey text
    fails, so a clean result above means something."""
    page = context_for("desktop").new_page()
    page.set_content(
        '<html lang="en"><head><title>t</title></head><body><main><h1>t</h1>'
        '<p style="color:#aaa;background:#bbb">faint</p><input type="text"></main></body></html>'
    )
    ids = {v["id"] for v in _serious("test", _violations(page))}
    assert {"color-contrast", "label"} <= ids


# --- the keyboard --------------------------------------------------------------------------

FOCUSABLE = """() => [...document.querySelectorAll(
  'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]')]
  .filter(e => e.tabIndex >= 0 && !e.disabled  // shown (not inside a closed details)
               && e.checkVisibility({visibilityProperty: true, contentVisibilityAuto: true}))
  .filter((e, _, all) => e.type !== 'radio'  // a radio group is one stop: its checked or first
    || e === (all.find(o => o.type === 'radio' && o.name === e.name && o.checked)
              || all.find(o => o.type === 'radio' && o.name === e.name)))
  .map((e, i) => { e.dataset.a11y = String(i); return i; })"""
ACTIVE = """() => { const e = document.activeElement;
  const style = getComputedStyle(e);
  const r = e.getBoundingClientRect();
  return {id: e.dataset.a11y ?? null, text: (e.textContent || e.name || '').trim().slice(0, 40),
          region: e.closest('nav') ? 'nav' : e.closest('main') ? 'main'
                  : e.closest('header') ? 'header' : e.closest('footer') ? 'footer' : 'body',
          outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
          shadow: style.boxShadow !== 'none',
          visible: r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0
                   && r.left < innerWidth};
}"""


@pytest.mark.parametrize(
    "name", ["home", "wizard-new", "advice-send", "editor-draft", "check-empty", "guide"]
)
@pytest.mark.parametrize("size", list(SIZES))
def test_the_keyboard_reaches_every_control_in_order_with_a_visible_ring(
    context_for: Callable[[str], Any], site: dict[str, str], name: str, size: str
) -> None:
    page = context_for(size).new_page()
    _visit(page, site, name)
    every = page.evaluate(FOCUSABLE)
    seen: list[dict[str, Any]] = []
    for _ in range(4 * len(every) + 10):  # a date field takes a Tab per part
        page.keyboard.press("Tab")
        here = page.evaluate(ACTIVE)
        if here["id"] is None or (seen and here["id"] == seen[0]["id"]):
            break  # out of the page, or round again
        if not seen or here["id"] != seen[-1]["id"]:
            seen.append(here)
    assert seen and seen[0]["text"] == "Skip to content", seen[:1]
    regions = [s["region"] for s in seen]
    # the Skip link, then the navigation, then the page, then the footer (nothing goes back)
    order = {"header": 0, "nav": 1, "main": 2, "footer": 3, "body": 3}
    ranks = [order[r] for r in regions[1:]]
    assert ranks == sorted(ranks), regions
    assert "nav" in regions
    missed = sorted(set(every) - {int(s["id"]) for s in seen})
    assert not missed, f"{name}: not reachable by Tab: {missed}"
    unringed = [s["text"] for s in seen if not (s["outline"] or s["shadow"])]
    assert not unringed, f"{name}: no visible focus style on {unringed}"
    hidden = [s["text"] for s in seen if not s["visible"]]
    assert not hidden, f"{name}: focused but off screen: {hidden}"


def test_the_skip_link_shows_when_focused_and_moves_to_the_page(
    context_for: Callable[[str], Any], site: dict[str, str]
) -> None:
    page = context_for("phone").new_page()
    page.goto(site["home"])
    skip = page.get_by_role("link", name="Skip to content")
    assert not skip.is_visible() or (skip.bounding_box() or {"x": -1})["x"] < 0
    page.keyboard.press("Tab")
    box = skip.bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0
    assert box["width"] >= 24 and box["height"] >= 24  # a target you can hit
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")


def test_the_pages_visited_cover_every_verdict_and_message_state(site: dict[str, str]) -> None:
    """What the names above promise: each advice page has its verdict, each editor page its
    message in the state named."""
    import urllib.request

    def api(url: str) -> dict[str, Any]:
        with urllib.request.urlopen(
            url.replace("/interviews/", "/api/interviews/").replace("/messages/", "/api/messages/"),
            timeout=10,
        ) as r:
            return dict(json.loads(r.read()))

    verdicts = {
        n: api(site[f"advice-{n}"])["advice"]["verdict"]
        for n in ("send", "wait", "dont-send", "alternative")
    }
    assert verdicts == {
        "send": "send",
        "wait": "wait",
        "dont-send": "dont_send",
        "alternative": "alternative",
    }
    states = {n: api(site[f"editor-{n}"])["state"] for n in ("draft", "handed-off", "cancelled")}
    assert states["draft"] == "draft" and states["cancelled"] == "cancelled"
    assert states["handed-off"] not in ("draft", "cancelled"), states
