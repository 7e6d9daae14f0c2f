"""The editor and advice page fixes in a real browser (Debian's Chromium through Playwright):
a status check written early says when it is due and asks nothing of its text while the live
check still reports a real mistake in it; a finding about the whole message is listed without
a highlight; the advice page's next step agrees with its verdict; the timeline's decision date
follows their reply. Screenshots at desktop and phone width go to artifacts/screenshots/."""

from __future__ import annotations

from typing import Any

from e2e_support import put, shot, skip_module_without_chromium

from helpers import data

skip_module_without_chromium()

from playwright.sync_api import Page, expect  # noqa: E402  (after the skip)

TODAY = {
    "now": None,
    "interview.started_at": "2026-11-24T10:00:00-05:00",
    "interview.ended_at": "2026-11-24T11:00:00-05:00",
}


def both(page: Page, name: str) -> None:
    """Desktop and phone screenshots; nothing wider than the phone's screen."""
    shot(page, f"fix-editor-{name}-desktop")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, f"fix-editor-{name}-phone")
    page.set_viewport_size({"width": 1100, "height": 900})


def stored(base: str, key: str, **patch: Any) -> dict[str, Any]:
    situation = data({**TODAY, "application.company": f"Northwind {key}", **patch})
    return put(f"{base}/api/interviews", {"situation": situation, "key": key})


def test_a_status_check_written_early_waits_for_its_window_not_for_edits(
    page: Page, base: str
) -> None:
    row = stored(base, "early")
    made = put(f"{base}/api/interviews/{row['id']}/drafts", {})["messages"]
    thanks = next(m for m in made if m["kind"] == "thank_you")
    check = next(m for m in made if m["kind"] == "status_check")
    page.goto(f"{base}/messages/{thanks['id']}")
    page.get_by_role("button", name="I sent it myself").click()
    expect(page.locator("#state")).to_contain_text("This message is sent")

    page.goto(f"{base}/messages/{check['id']}")
    expect(page.locator("#not-due")).to_contain_text("Not due yet: send this from")
    expect(page.locator("#not-due")).to_contain_text("keeps it on your dashboard until then")
    expect(page.locator("#send-section")).not_to_contain_text("Fix the draft above")
    expect(page.locator("main")).not_to_contain_text("You wrote to")
    expect(page.locator("main")).not_to_contain_text("Asks about the decision")
    expect(page.get_by_role("button", name="Download .eml")).to_have_count(0)
    both(page, "not-due")

    body = page.locator("#body")
    body.fill(body.input_value().replace("Dear Dr. Nair", "Dear Mr. Okonkwo"))
    expect(page.locator("#send-section")).to_contain_text("Fix the draft above")
    expect(page.locator("#not-due")).to_contain_text("Not due yet")
    expect(page.locator("main")).not_to_contain_text("You wrote to")
    both(page, "not-due-with-a-text-error")


def test_a_finding_about_the_whole_message_is_listed_not_highlighted(page: Page, base: str) -> None:
    row = stored(base, "bland")
    made = put(f"{base}/api/interviews/{row['id']}/drafts", {})["messages"]
    page.goto(f"{base}/messages/{made[0]['id']}")
    page.locator("#body").fill(
        "Dear Dr. Nair,\n\nThank you for the interview.\n\nBest,\nAlex Rivera\n"
    )
    finding = page.locator('ol.findings li[data-rule="generic"]')
    expect(finding).to_contain_text("about the whole message")
    expect(page.locator('mark[data-rule="generic"]')).to_have_count(0)
    expect(page.locator("pre.draft mark")).to_have_count(0)  # "Dear Dr. Nair," not yellow
    both(page, "whole-message")


def test_the_advice_page_next_step_agrees_with_the_verdict_and_the_new_date(
    page: Page, base: str
) -> None:
    row = stored(base, "dates", **{"interview.decision_expected_by": "2026-12-11"})
    page.goto(f"{base}/interviews/{row['id']}")
    expect(page.locator(".verdict.send").first).to_have_text("Send")
    expect(page.locator(".next")).not_to_contain_text("Nothing to do now")
    expect(page.locator("figure.timeline")).to_contain_text("Fri 11 Dec")
    page.locator("details.reply summary").click()
    page.get_by_label("They gave a new date").check()
    page.locator("#decision_by").fill("2026-12-18")
    page.get_by_role("button", name="Record their reply").click()
    expect(page.locator("figure.timeline")).to_contain_text("Fri 18 Dec")
    expect(page.locator("figure.timeline")).not_to_contain_text("Fri 11 Dec")
    checklist = page.locator("dl.checklist")
    expect(checklist).not_to_contain_text("Yes:")
    expect(checklist).not_to_contain_text("status-check")
    both(page, "advice")
