"""End to end in a real browser: headless Chromium driven by Playwright, against a real server
on loopback with a real SQLite file. Screenshots of every page go to artifacts/screenshots/.

Needs Debian's chromium (RECIPES.md; ``.ci/run`` installs it). Without it these tests skip,
except under CI=true, where a missing browser fails the run."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from e2e_support import fill_wizard, put, shot, skip_module_without_chromium

from helpers import data

skip_module_without_chromium()

from playwright.sync_api import Page, expect  # noqa: E402  (after the skip)


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
    expect(page.get_by_text("formal-interview-thank-you")).to_be_hidden()  # in a toggle
    expect(page.locator(".reasons")).to_contain_text("a short, personal thank-you")
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


def test_a_no_contact_situation_shows_no_send_button(page: Page, base: str) -> None:
    fill_wizard(page, base, "Fabrikam", contact="no_contact")
    page.get_by_role("button", name="Get the advice").click()
    expect(page.locator(".verdict.dont_send")).to_have_text("Don't send")
    expect(page.get_by_role("button", name="Write the drafts")).to_have_count(0)
    shot(page, "07-advice-no-contact")

    # A draft written before the employer asked for no contact was cancelled, and says why.
    stored = put(f"{base}/api/interviews", {"situation": data(), "key": "later-no-contact"})
    drafts = put(f"{base}/api/interviews/{stored['id']}/drafts", {})
    put(
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
        drafts = put(
            f"{base}/api/interviews/"
            + str(put(f"{base}/api/interviews", {"situation": data(), "key": "phone"})["id"])
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
