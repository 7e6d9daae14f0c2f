"""The job-search workspace in a real browser (issue 13, items 1, 3 and 6): times as entered,
each interview's progress and next step after every stage, an agenda item opening the due
draft, checking a draft against a recorded interview, a reply recorded and what it changes.
Screenshots (desktop and 390 px) go to artifacts/screenshots/dash-*.png.

The server's viewer lives in New York (a named zone, so times read "EST"); without Debian's
chromium these tests skip, except under CI=true."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from afterview.advice.verdicts import label
from afterview.web import WebSettings, create_app
from e2e_support import NOW, fill_wizard, put, shot, skip_module_without_chromium

from helpers import data
from web_server import running

skip_module_without_chromium()

from playwright.sync_api import Page, expect  # noqa: E402  (after the skip)

NEW_YORK = NOW.astimezone(ZoneInfo("America/New_York"))  # Tue 24 Nov 19:00 EST
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server whose viewer is in New York (the shared one's clock is a bare -05:00)."""
    db = tmp_path_factory.mktemp("e2e-dash") / "afterview.db"
    with running(create_app(WebSettings(db=str(db), now=NEW_YORK))) as url:
        yield url


def record_interview(page: Page, base: str, company: str, started: str = "2026-11-24T14:00") -> int:
    fill_wizard(page, base, company)
    page.get_by_label("Started at").fill(started)
    page.get_by_role("button", name="Get the advice").click()
    expect(page.locator("h1")).to_have_text(f"{company}: Senior Data Analyst")
    found = re.search(r"/interviews/(\d+)", page.url)
    assert found is not None
    return int(found.group(1))


def card(page: Page, company: str) -> Any:
    return page.locator("ul.interviews > li").filter(has_text=company)


def test_times_are_shown_as_entered_with_the_zone_named(page: Page, base: str) -> None:
    record_interview(page, base, "Northwind Health")
    expect(page.locator("p.where").first).to_contain_text("Tue 24 Nov 14:00 EST")
    expect(page.locator("table.actions")).to_contain_text("EST")
    assert "UTC" not in page.locator("main").inner_text()
    shot(page, "dash-01-advice-times")
    page.goto(base + "/")
    expect(card(page, "Northwind Health")).to_contain_text("video interview, Tue 24 Nov 14:00 EST")
    assert "UTC" not in page.locator("main").inner_text()
    assert "19:00" not in card(page, "Northwind Health").inner_text()  # not the UTC hour


def test_the_dashboard_shows_progress_and_the_next_step_after_each_stage(
    page: Page, base: str
) -> None:
    interview_id = record_interview(page, base, "Contoso Pharma")
    page.goto(base + "/")
    contoso = card(page, "Contoso Pharma")
    expect(contoso.locator(".progress")).to_have_text(
        re.compile(r"^Thank-you not sent yet, status check from \w{3} \d+ \w{3} \d\d:\d\d EST\.$")
    )
    expect(contoso.locator(".verdict")).to_have_text(label("send"))
    shot(page, "dash-02-dashboard-no-drafts")

    # 1. no drafts: the next step writes them (a form button on the dashboard)
    contoso.get_by_role("button", name="Write the drafts").click()
    expect(page.locator("h1")).to_contain_text("Dr. Priya Nair")
    editor_url = page.url
    assert "/messages/" in editor_url

    # 2. a draft is due: the next step and the agenda item both open it
    page.goto(base + "/")
    next_link = card(page, "Contoso Pharma").get_by_role(
        "link", name="Open the thank-you to Dr. Priya Nair"
    )
    expect(next_link).to_have_attribute("href", editor_url.removeprefix(base))
    agenda_item = page.locator(".agenda li").filter(has_text="Contoso Pharma").first
    expect(agenda_item.get_by_role("link")).to_have_attribute("href", editor_url.removeprefix(base))
    shot(page, "dash-03-dashboard-draft-due")
    agenda_item.get_by_role("link").click()
    expect(page).to_have_url(editor_url)  # the due draft, not the interview page

    # 3. handed to the mail client: the next step asks to confirm it went
    with page.expect_download():
        page.get_by_role("button", name="Download .eml").click()
    page.goto(base + "/")
    contoso = card(page, "Contoso Pharma")
    expect(contoso.locator(".progress")).to_contain_text(
        "Thank-you handed to your mail client, status check from"
    )
    expect(
        contoso.get_by_role("link", name="Confirm you sent the thank-you to Dr. Priya Nair")
    ).to_be_visible()
    shot(page, "dash-04-dashboard-handed-off")

    # 4. confirmed sent: nothing to do until the status check
    put(
        f"{base}/api/interviews/{interview_id}/sent",
        {"kind": "thank_you", "to": "Dr. Priya Nair", "at": "2026-11-24T18:30:00-05:00"},
    )
    page.reload()
    contoso = card(page, "Contoso Pharma")
    expect(contoso.locator(".progress")).to_contain_text("Thank-you sent, status check from")
    expect(contoso.locator(".next")).to_contain_text(
        "Nothing to do now: the status check to Dr. Priya Nair is due from"
    )
    shot(page, "dash-05-dashboard-sent")

    # 5. they replied with a next round: recorded on the advice page, and everything follows
    page.goto(f"{base}/interviews/{interview_id}")
    page.get_by_text("They replied?").click()
    page.get_by_label("They invited me to a next round").check()
    page.get_by_role("button", name="Record their reply").click()
    expect(page).to_have_url(f"{base}/interviews/{interview_id}")
    expect(page.locator("#reply")).to_contain_text(
        "They replied on Tue 24 Nov 19:00 EST: next round."
    )
    expect(page.locator("table.actions")).to_have_count(0)  # no status check after a reply
    expect(page.locator(".advice .progress")).to_contain_text("They replied: next round.")
    shot(page, "dash-06-advice-after-reply")
    page.reload()  # a refresh shows the same page; nothing is posted again
    expect(page.locator("#reply li")).to_have_count(1)
    page.goto(base + "/")
    contoso = card(page, "Contoso Pharma")
    expect(contoso.locator(".progress")).to_have_text(
        "Thank-you sent, status check cancelled. They replied: next round."
    )
    expect(contoso.get_by_role("link", name="record the next round")).to_be_visible()
    shot(page, "dash-07-dashboard-after-reply")


def test_every_verdict_badge_has_words(page: Page, base: str) -> None:
    linkedin_only = {
        "interviewers": [{"name": "Tom Gagnon", "linkedin": "https://www.linkedin.com/in/tom"}],
        "interview.kind": "phone_screen",
        "application.company": "Tailspin Toys",
        "interview.started_at": "2026-11-24T10:00:00-05:00",
        "interview.ended_at": "2026-11-24T10:30:00-05:00",
    }
    put(f"{base}/api/interviews", {"situation": data(linkedin_only), "key": "alt"})
    put(
        f"{base}/api/interviews",
        {
            "situation": data(
                {
                    "application.company": "Fabrikam",
                    "interview.no_contact_requested": True,
                    "interview.started_at": "2026-11-24T10:00:00-05:00",
                    "interview.ended_at": "2026-11-24T11:00:00-05:00",
                }
            ),
            "key": "nc",
        },
    )
    page.goto(base + "/")
    expect(card(page, "Tailspin Toys").locator(".verdict")).to_have_text(label("alternative"))
    expect(card(page, "Fabrikam").locator(".verdict")).to_have_text(label("dont_send"))
    expect(card(page, "Fabrikam").locator(".next")).to_contain_text("no contact")
    for badge in page.locator(".verdict").all():
        assert badge.inner_text().strip(), "an empty verdict badge"
    assert "dont send" not in page.locator("main").inner_text().lower()
    nav = page.locator("nav[aria-label=Main]").inner_text()
    assert "API" not in nav
    expect(
        page.locator("footer").get_by_role("link", name="For developers: the HTTP API")
    ).to_be_visible()
    shot(page, "dash-08-dashboard-verdicts")


def test_check_a_draft_against_a_recorded_interview(page: Page, base: str) -> None:
    interview_id = record_interview(page, base, "Litware Analytics")
    page.goto(base + "/check")
    expect(page.locator("details.advanced")).not_to_have_attribute("open", "")
    page.get_by_label("Interview", exact=True).select_option(str(interview_id))
    page.get_by_label("Kind of message").select_option("thank_you")
    page.get_by_label("Your draft").fill(
        "Dear Dr. Niar,\n\nThank you for talking with me about moving the claims dashboard to "
        "dbt. I am keen to join Litware Analytics as a Senior Data Analyst.\n\nAlex Rivera"
    )
    mark = page.locator('#findings mark.error[data-rule="name-mismatch"]')
    expect(mark).to_have_text("Niar")
    expect(page.locator("#findings")).to_contain_text("the interviewer is Dr. Priya Nair")
    shot(page, "dash-09-check-recorded-interview")
    draft = page.get_by_label("Your draft")
    draft.fill(draft.input_value().replace("Niar", "Nair"))
    expect(mark).to_have_count(0)
    expect(page.locator('#findings [data-rule="wrong-company"]')).to_have_count(0)


def test_the_workspace_fits_a_phone(browser: Any, base: str) -> None:
    context = browser.new_context(viewport=PHONE, is_mobile=True)
    page = context.new_page()
    try:
        interview_id = record_interview(page, base, "Adatum Phone")
        pages = {
            "dash-10-phone-dashboard": "/",
            "dash-11-phone-advice": f"/interviews/{interview_id}",
            "dash-12-phone-check": f"/check?interview={interview_id}",
        }
        for name, path in pages.items():
            page.goto(base + path)
            # against the phone's width: a mobile page that overflows widens its own viewport
            wide = page.evaluate("document.documentElement.scrollWidth") - PHONE["width"]
            assert wide <= 0, f"{path} scrolls sideways by {wide}px on a phone"
            shot(page, name)
        page.goto(base + "/")
        expect(card(page, "Adatum Phone").locator(".next")).to_be_visible()
    finally:
        context.close()
