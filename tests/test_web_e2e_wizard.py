"""The new-interview wizard in a real browser (Debian's Chromium via Playwright): errors below
their fields with a linked summary that takes the focus; Back, refresh and a double press that
make no second interview; the time zone kept; a calendar invite imported with its kind chosen;
the posting's text turning the advice to don't send. Screenshots at 1100 and 390 px wide."""

from __future__ import annotations

import json
import re
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from e2e_support import SHOTS, fill_wizard, shot, skip_module_without_chromium

skip_module_without_chromium()

from playwright.sync_api import Page, expect  # noqa: E402  (after the skip)

ME = "alex.rivera@example.com"


def stored(base: str) -> list[dict[str, Any]]:
    with urllib.request.urlopen(base + "/api/interviews", timeout=10) as response:
        return list(json.loads(response.read())["interviews"])


def by_company(base: str, company: str) -> list[dict[str, Any]]:
    return [i for i in stored(base) if i["company"] == company]


ADVICE = re.compile(r"/interviews/\d+$")


# A form sent back with its errors (422) is expected here (e2e_support).
pytestmark = pytest.mark.usefixtures("forms_sent_back_are_expected")


def submit(page: Page) -> None:
    page.get_by_role("button", name="Get the advice").click()
    page.wait_for_load_state()


def open_row(page: Page, n: int) -> None:
    """Unfold interviewer row ``n`` (0-based) as a click on its summary would."""
    page.locator("details.person").nth(n - 1).evaluate("d => { d.open = true; }")


def make_mistakes(page: Page) -> None:
    page.get_by_label("Company", exact=True).fill("")
    page.locator("#p0_email").fill("priya at northwind")
    open_row(page, 1)
    page.locator("#p1_name").fill("Marcus Chen")
    page.locator("#p1_linkedin").fill("linkedin.com/in/marcus-chen")


def test_errors_sit_below_their_fields_with_a_linked_summary_that_takes_the_focus(
    page: Page, base: str
) -> None:
    fill_wizard(page, base, "Errors Ltd")
    make_mistakes(page)
    submit(page)
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading")).to_have_text("There are 3 problems")
    links = summary.get_by_role("link")
    expect(links).to_have_text(
        [
            "Enter the company's name.",
            "Interviewer 1: Enter an email address like name@example.com.",
            "Interviewer 2: Enter the address of their profile, like https://www.linkedin.com/in/name.",
        ]
    )
    # Each message is directly below its field's label, and the field is described by it.
    for field, message in [
        ("company", "Enter the company's name."),
        ("p0_email", "Enter an email address like name@example.com."),
        ("p1_linkedin", "Enter the address of their profile"),
    ]:
        box = page.locator(f"#{field}")
        expect(box).to_have_attribute("aria-invalid", "true")
        expect(box).to_have_accessible_description(re.compile(re.escape(message)))
        error = page.locator(f"#{field}-error")
        expect(error).to_contain_text(message)
        below = error.bounding_box()
        label = page.locator(f"label[for={field}]").bounding_box()
        field_box = box.bounding_box()
        assert below and label and field_box
        assert label["y"] < below["y"] < field_box["y"], field  # label, message, then the field
    expect(page.locator("[aria-invalid=true]")).to_have_count(3)
    # Answers kept.
    expect(page.get_by_label("Job title", exact=True)).to_have_value("Senior Data Analyst")
    expect(page.locator("#p0_email")).to_have_value("priya at northwind")
    expect(page.locator("#p1_name")).to_have_value("Marcus Chen")
    expect(page.get_by_label("Time zone", exact=True)).to_have_value("America/New_York")
    expect(page.locator("#notes")).to_have_value("Discussed moving the claims dashboard to dbt")
    assert "interviewers[" not in page.content() and "form:" not in page.inner_text("main")
    shot(page, "wizardweb-01-errors-desktop")
    # A summary link takes you to its field, in a row folded away or not.
    links.nth(2).click()
    expect(page.locator("#p1_linkedin")).to_be_focused()
    page.keyboard.type("https://www.linkedin.com/in/marcus-chen")
    links.nth(1).click()
    expect(page.locator("#p0_email")).to_be_focused()
    page.locator("#p0_email").fill("priya.nair@northwind.example")
    page.get_by_label("Company", exact=True).fill("Errors Ltd")
    submit(page)
    expect(page.locator("h1")).to_contain_text("Errors Ltd")
    assert len(by_company(base, "Errors Ltd")) == 1


def test_errors_at_phone_width(browser: Any, base: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    try:
        fill_wizard(page, base, "Phone Errors")
        page.locator("summary", has_text="Interviewer 2").click()
        make_mistakes(page)
        submit(page)
        expect(page.locator("#error-summary")).to_be_focused()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the page is {width} px wide at 390 px"
        shot(page, "wizardweb-02-errors-phone")
        page.screenshot(path=str(SHOTS / "wizardweb-02b-errors-phone-top.png"))  # what one sees
    finally:
        context.close()


def test_without_javascript_the_summary_comes_first_and_links_to_the_fields(
    browser: Any, base: str
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        fill_wizard(page, base, "No Script Ltd")
        make_mistakes(page)
        page.get_by_role("button", name="Get the advice").click()
        first = page.locator("main > *").first
        expect(first).to_have_id("error-summary")
        expect(page.locator("#error-summary a[href='#company']")).to_have_count(1)
        assert by_company(base, "No Script Ltd") == []
    finally:
        context.close()


def test_back_and_submit_again_or_a_double_press_make_no_second_interview(
    page: Page, base: str
) -> None:
    fill_wizard(page, base, "Backtrack Ltd")
    page.get_by_label("Time zone", exact=True).fill("America/Los_Angeles")
    submit(page)
    expect(page.locator("h1")).to_contain_text("Backtrack Ltd")
    (first,) = by_company(base, "Backtrack Ltd")
    assert first["started_at"] == "2026-11-24T18:00:00+00:00"  # 10:00 in Los Angeles
    page.go_back()
    page.wait_for_load_state()
    # The browser's Back lands on the interview's edit page, told it is already recorded.
    expect(page.locator("#already-recorded")).to_be_visible()
    assert page.url.endswith(f"/interviews/{first['id']}/edit?again=1")
    expect(page.get_by_label("Time zone", exact=True)).to_have_value("America/Los_Angeles")
    expect(page.get_by_label("Company", exact=True)).to_have_value("Backtrack Ltd")
    shot(page, "wizardweb-03-back-after-submit")
    page.get_by_role("button", name="Save and see the advice").click()
    page.wait_for_load_state()
    page.reload()
    page.go_back()
    page.wait_for_load_state()
    page.go_forward()
    page.wait_for_load_state()
    (after,) = by_company(base, "Backtrack Ltd")
    assert after["id"] == first["id"] and after["started_at"] == first["started_at"]
    # A double press on a fresh form sends it once.
    fill_wizard(page, base, "Double Press Ltd")
    page.evaluate(
        "() => { const f = document.querySelector('form[data-once]');"
        " f.requestSubmit(); f.requestSubmit(); }"
    )
    page.wait_for_url(ADVICE)
    assert len(by_company(base, "Double Press Ltd")) == 1


def test_a_form_left_and_come_back_to_keeps_its_time_zone_and_key(page: Page, base: str) -> None:
    fill_wizard(page, base, "Round Trip Ltd")
    page.get_by_label("Time zone", exact=True).fill("America/Los_Angeles")
    key = page.locator("input[name=key]").input_value()
    page.get_by_role("link", name="Guide").click()
    page.wait_for_load_state()
    page.go_back()
    page.wait_for_load_state()
    # Not this machine's zone: the one typed, restored with every other answer and the key.
    expect(page.get_by_label("Time zone", exact=True)).to_have_value("America/Los_Angeles")
    expect(page.get_by_label("Company", exact=True)).to_have_value("Round Trip Ltd")
    expect(page.locator("input[name=key]")).to_have_value(key)
    submit(page)
    (row,) = by_company(base, "Round Trip Ltd")
    assert row["started_at"] == "2026-11-24T18:00:00+00:00"


def test_a_page_kept_in_the_browser_cache_sent_again_updates_the_same_interview(
    page: Page, base: str
) -> None:
    # Whatever the browser does with the old page, the form's key sends it to one interview:
    # the same form, as the browser would send it again from a page it kept, with a change.
    fill_wizard(page, base, "Cached Page Ltd")
    sent = page.evaluate(
        "() => Object.fromEntries(new FormData(document.querySelector('form[data-once]')))"
    )
    submit(page)
    (first,) = by_company(base, "Cached Page Ltd")
    again = page.request.post(
        base + "/interviews/new", form={**sent, "role": "Lead Analyst"}, max_redirects=0
    )
    assert again.status == 303 and again.headers["location"] == f"/interviews/{first['id']}"
    (after,) = by_company(base, "Cached Page Ltd")
    assert after["id"] == first["id"] and after["role"] == "Lead Analyst"


def ada_obi_invite(tmp_path: Path) -> Path:
    path = tmp_path / "ada-obi.ics"
    path.write_bytes(
        (
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//afterview e2e//EN\r\n"
            "BEGIN:VEVENT\r\nUID:ada-obi-e2e@calendar.example\r\n"
            "SUMMARY:Interview with Ada Obi\r\n"
            "DTSTART;TZID=Europe/London:20261124T150000\r\n"
            "DTEND;TZID=Europe/London:20261124T160000\r\n"
            "ORGANIZER;CN=Ada Obi:mailto:ada.obi@lumen.example\r\n"
            f"ATTENDEE;CN=Alex Rivera:mailto:{ME}\r\n"
            "END:VEVENT\r\nEND:VCALENDAR\r\n"
        ).encode()
    )
    return path


def test_an_invite_is_imported_from_the_browser_with_its_kind_chosen(
    page: Page, base: str, tmp_path: Path
) -> None:
    page.goto(base + "/interviews/new")
    page.get_by_text("Have the calendar invite?").click()
    page.get_by_label("Invite file (.ics)").set_input_files(str(ada_obi_invite(tmp_path)))
    page.get_by_label("Your email address in the invite").fill(ME)
    page.locator("#i_company").fill("Lumen Health")
    page.locator("#i_role").fill("Product Analyst")
    page.get_by_role("button", name="Import the invite").click()
    page.wait_for_load_state()
    # The kind is asked for beside its select, in plain words; the rest is kept.
    expect(page.locator("#error-summary")).to_be_focused()
    message = "The invite does not say what kind of interview it was. Choose one."
    expect(page.locator("#i_kind-error")).to_contain_text(message)
    expect(page.locator("#i_kind")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#i_company")).to_have_value("Lumen Health")
    assert "--kind" not in page.inner_text("main")
    shot(page, "wizardweb-04-invite-asks-kind")
    page.locator("#error-summary a").click()
    expect(page.locator("#i_kind")).to_be_focused()
    page.locator("#i_kind").select_option("onsite")
    page.get_by_label("Invite file (.ics)").set_input_files(str(ada_obi_invite(tmp_path)))
    page.get_by_role("button", name="Import the invite").click()
    page.wait_for_load_state()
    expect(page.locator("h1")).to_contain_text("Lumen Health")
    expect(page.locator("main")).to_contain_text("Ada Obi")
    (row,) = by_company(base, "Lumen Health")
    assert row["kind"] == "onsite"


def test_the_posting_text_turns_the_advice_to_dont_send(page: Page, base: str) -> None:
    fill_wizard(page, base, "Quiet Posting Ltd")
    page.get_by_label("The job posting's text").fill(
        "Senior Data Analyst, claims reporting.\n"
        "Please do not contact us about your application; we reply to everyone by email."
    )
    page.locator("#topics").fill("your plan to move the claims dashboard to dbt")
    submit(page)
    expect(page.locator(".verdict")).to_have_class("verdict dont_send")
    shot(page, "wizardweb-05-posting-dont-send")
    fill_wizard(page, base, "Open Posting Ltd")
    submit(page)
    expect(page.locator(".verdict")).to_have_class("verdict send")
