"""End to end in a real browser: headless Chromium driven by Playwright, against a real server
on loopback with a real SQLite file. Screenshots of every page go to artifacts/screenshots/.

Needs Debian's chromium (RECIPES.md; ``.ci/run`` installs it). Without it these tests skip,
except under CI=true, where a missing browser fails the run."""

from __future__ import annotations

import json
import os
import urllib.request
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from afterview.web import WebSettings, create_app

from helpers import data
from web_server import running

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARGS = ["--disable-gpu", "--disable-quic"]
SHOTS = Path(__file__).parent.parent / "artifacts" / "screenshots"
NOW = datetime.fromisoformat("2026-11-24T19:00:00-05:00")  # the evening after the interview

if not Path(CHROMIUM).exists():
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but no Chromium at {CHROMIUM} (.ci/run installs it)")
    pytest.skip(f"no Chromium at {CHROMIUM}: apt-get install chromium", allow_module_level=True)

from playwright.sync_api import Page, expect, sync_playwright  # noqa: E402


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("e2e") / "afterview.db"
    with running(create_app(WebSettings(db=str(db), now=NOW))) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Page]:
    context = browser.new_context(accept_downloads=True, viewport={"width": 1100, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.console_errors = errors  # type: ignore[attr-defined]
    yield page
    context.close()
    assert not errors, f"browser console errors (a CSP violation?): {errors}"


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def fill_wizard(page: Page, base: str, company: str, contact: str = "unknown") -> None:
    page.goto(f"{base}/interviews/new")
    if contact == "no_contact":
        page.get_by_label("They asked candidates not to contact them").check()
    page.get_by_label("Company", exact=True).fill(company)
    page.get_by_label("Job title", exact=True).fill("Senior Data Analyst")
    page.get_by_label("Kind of interview").select_option("video")
    page.get_by_label("Started at").fill("2026-11-24T10:00")
    page.get_by_label("Length in minutes").fill("60")
    page.get_by_label("Time zone").fill("America/New_York")
    page.locator("#p0_name").fill("Dr. Priya Nair")
    page.locator("#p0_title").fill("Director of Analytics")
    page.locator("#p0_email").fill("priya.nair@northwind.example")
    page.locator("#p0_notes").fill("Asked how I handle conflicting stakeholder requests")
    page.locator("#notes").fill("Discussed moving the claims dashboard to dbt")
    page.get_by_label("Your name", exact=True).fill("Alex Rivera")
    page.get_by_label("Your email", exact=True).fill("alex.rivera@example.com")


def test_a_new_user_goes_from_the_wizard_to_a_checked_draft_and_a_recorded_send(
    page: Page, base: str, tmp_path: Path
) -> None:
    page.goto(base + "/")
    shot(page, "01-home")
    page.get_by_role("link", name="Record your interview").click()
    fill_wizard(page, base, "Northwind Health")
    shot(page, "02-wizard")
    page.get_by_role("button", name="Get the advice").click()

    expect(page.locator("h1")).to_have_text("Northwind Health: Senior Data Analyst")
    expect(page.locator(".verdict.send")).to_have_text("Send")
    expect(page.locator("figure.timeline svg rect.window")).to_have_count(2)  # thank-you, status
    expect(page.get_by_text("formal-interview-thank-you")).to_be_visible()
    shot(page, "03-advice")

    page.get_by_role("button", name="Write the drafts").click()
    expect(page.locator("h1")).to_have_text("Thank you to Dr. Priya Nair")
    expect(page.locator("#findings .summary")).to_have_text("No findings: ready to send.")
    assert "Dear Dr. Nair" in page.locator("#body").input_value()
    shot(page, "04-editor")

    with page.expect_download() as download:
        page.get_by_role("button", name="Download .eml").click()
    saved = tmp_path / "thank-you.eml"
    download.value.save_as(saved)
    eml = saved.read_text("utf-8")
    assert 'To: "Dr. Priya Nair" <priya.nair@northwind.example>' in eml
    assert "Message-ID: <" in eml

    page.reload()
    expect(page.locator("#state")).to_contain_text("handed to your mail client")
    expect(page.get_by_role("button", name="Download .eml")).to_have_count(0)  # never twice
    page.goto(base + "/")
    expect(page.locator(".agenda")).to_contain_text("status check to Dr. Priya Nair")
    shot(page, "05-dashboard")


def test_a_misspelt_name_is_highlighted_live_in_the_editor(page: Page, base: str) -> None:
    fill_wizard(page, base, "Contoso Health")
    page.get_by_role("button", name="Get the advice").click()
    page.get_by_role("button", name="Write the drafts").click()
    body = page.locator("#body")
    body.fill(body.input_value().replace("Dear Dr. Nair", "Dear Dr. Niar"))
    mark = page.locator('#findings mark.error[data-rule="name-mismatch"]')
    expect(mark).to_have_text("Niar")
    expect(page.locator("#findings")).to_contain_text("the interviewer is Dr. Priya Nair")
    expect(page.locator("#findings")).to_contain_text("Suggestion: Nair")
    shot(page, "06-editor-misspelt-name")
    body.fill(body.input_value().replace("Dear Dr. Niar", "Dear Dr. Nair"))
    expect(mark).to_have_count(0)


def _put(url: str, data: dict[str, Any]) -> dict[str, Any]:
    request = urllib.request.Request(
        url, json.dumps(data).encode(), {"content-type": "application/json"}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())  # type: ignore[no-any-return]


def test_a_no_contact_situation_shows_no_send_button(page: Page, base: str) -> None:
    fill_wizard(page, base, "Fabrikam", contact="no_contact")
    page.get_by_role("button", name="Get the advice").click()
    expect(page.locator(".verdict.dont_send")).to_have_text("Don't send")
    expect(page.get_by_role("button", name="Write the drafts")).to_have_count(0)
    shot(page, "07-advice-no-contact")

    # A draft written before the employer asked for no contact was cancelled, and says why.
    stored = _put(f"{base}/api/interviews", {"situation": data(), "key": "later-no-contact"})
    drafts = _put(f"{base}/api/interviews/{stored['id']}/drafts", {})
    _put(
        f"{base}/api/interviews",
        {"situation": data({"interview.no_contact_requested": True}), "key": "later-no-contact"},
    )
    page.goto(f"{base}/messages/{drafts['messages'][0]['id']}")
    expect(page.locator("#state")).to_contain_text("This message is cancelled")
    expect(page.locator("#state")).to_contain_text("no contact")
    for name in ("Open in mail client", "Download .eml", "Send now", "I sent it myself"):
        expect(page.get_by_role("button", name=name)).to_have_count(0)
    shot(page, "08-editor-no-contact")


def test_the_other_pages_render_and_errors_are_friendly(page: Page, base: str) -> None:
    for path, name in [("/guide", "09-guide"), ("/check", "10-check")]:
        page.goto(base + path)
        expect(page.locator("main h1, main h2").first).to_be_visible()
        shot(page, name)
    response = page.goto(base + "/interviews/999")
    assert response is not None and response.status == 404
    page.console_errors.clear()  # type: ignore[attr-defined]  # the 404 itself is logged
    expect(page.locator("h1")).to_have_text("Not found")
    shot(page, "11-not-found")


UNLABELLED = """() => [...document.querySelectorAll('input, select, textarea')]
  .filter(e => e.type !== 'hidden' && !(e.labels && e.labels.length) && !e.getAttribute('aria-label'))
  .map(e => e.id || e.name)"""


def test_every_control_is_labelled_keyboard_reachable_and_fits_a_phone(
    browser: Any, base: str
) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    try:
        drafts = _put(
            f"{base}/api/interviews/"
            + str(_put(f"{base}/api/interviews", {"situation": data(), "key": "phone"})["id"])
            + "/drafts",
            {},
        )
        pages = {
            "12-phone-home": "/",
            "13-phone-wizard": "/interviews/new",
            "14-phone-editor": f"/messages/{drafts['messages'][0]['id']}",
            "15-phone-check": "/check",
        }
        for name, path in pages.items():
            page.goto(base + path)
            assert page.evaluate(UNLABELLED) == [], path
            wide = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert wide <= 0, f"{path} scrolls sideways by {wide}px on a phone"
            shot(page, name)
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    finally:
        context.close()
