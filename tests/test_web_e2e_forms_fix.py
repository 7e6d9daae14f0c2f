"""The forms fixed for a newcomer, in a real browser (Debian's Chromium via Playwright): the
reply form's date refused below its field with the form open; "Add another person" without
losing an answer (with and without JavaScript); your own time zone on the form; an invite kept
for the second Import. Screenshots at 1100 and 390 px wide."""

from __future__ import annotations

import json
import re
import urllib.request
from typing import Any

import pytest

from e2e_support import fill_wizard, shot, skip_module_without_chromium

skip_module_without_chromium()

from playwright.sync_api import Page, expect  # noqa: E402  (after the skip)

ADVICE = re.compile(r"/interviews/\d+$")


# A form sent back with its errors (422) is expected here (e2e_support).
pytestmark = pytest.mark.usefixtures("forms_sent_back_are_expected")


def stored(base: str) -> list[dict[str, Any]]:
    with urllib.request.urlopen(base + "/api/interviews", timeout=10) as response:
        return list(json.loads(response.read())["interviews"])


def new_interview(page: Page, base: str, company: str) -> str:
    fill_wizard(page, base, company)
    page.get_by_role("button", name="Get the advice").click()
    page.wait_for_url(ADVICE)
    return page.url


def test_a_new_date_that_cannot_be_used_is_refused_below_the_date_field(
    page: Page, base: str
) -> None:
    advice = new_interview(page, base, "Harbor Light Studios")
    page.get_by_text("They replied?").click()
    page.get_by_label("They gave a new date").check()
    page.get_by_label("New decision date").fill("2026-11-20")  # before the interview
    page.get_by_role("button", name="Record their reply").click()
    page.wait_for_load_state()
    date = page.locator("#decision_by")
    error = page.locator("#decision_by-error")
    expect(error).to_contain_text("Enter a date on or after Tue 24 Nov 2026")
    expect(date).to_have_attribute("aria-invalid", "true")
    expect(date).to_have_attribute("aria-describedby", "decision_by-error")
    expect(date).to_be_focused()
    expect(date).to_have_value("2026-11-20")
    expect(page.get_by_label("They gave a new date")).to_be_checked()
    expect(page.locator("details.reply")).to_have_attribute("open", "")
    expect(page.locator("h1")).to_contain_text("Harbor Light Studios")  # the advice page
    expect(page.locator("body")).not_to_contain_text("--decision-by")
    shot(page, "forms-fix-reply-date-error")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "forms-fix-reply-date-error-phone")
    page.set_viewport_size({"width": 1100, "height": 900})
    # The date cleared: a new date without one is refused too, not stored as "a new date."
    date.fill("")
    page.get_by_role("button", name="Record their reply").click()
    page.wait_for_load_state()
    expect(error).to_contain_text("Enter the new date they gave")
    page.goto(advice)
    expect(page.locator("ul.replies")).to_have_count(0)  # nothing stored by either
    # A usable date is recorded and the page shows it, with no error.
    page.get_by_text("They replied?").click()
    page.get_by_label("They gave a new date").check()
    page.get_by_label("New decision date").fill("2026-12-04")
    page.get_by_role("button", name="Record their reply").click()
    page.wait_for_url(ADVICE)
    expect(page.locator("ul.replies")).to_contain_text("Fri 4 Dec")
    expect(page.locator("#decision_by-error")).to_have_count(0)


def test_a_panel_of_five_is_recorded_with_add_another_person(page: Page, base: str) -> None:
    fill_wizard(page, base, "Copperline Transit")
    page.locator("#p1_name").evaluate("e => e.closest('details').open = true")
    page.locator("#p1_name").fill("Ines Carvalho")
    page.locator("#p2_name").evaluate("e => e.closest('details').open = true")
    page.locator("#p2_name").fill("Wen Zhao")
    page.get_by_role("button", name="Add another person").click()
    page.wait_for_load_state()
    expect(page.locator("#p3_name")).to_be_focused()
    expect(page.locator("#p3_name")).to_have_value("")
    expect(page.locator("#p1_name")).to_have_value("Ines Carvalho")  # every answer kept
    expect(page.get_by_label("Company", exact=True)).to_have_value("Copperline Transit")
    assert [i for i in stored(base) if i["company"] == "Copperline Transit"] == []
    page.locator("#p3_name").fill("Kofi Mensah")
    page.get_by_role("button", name="Add another person").click()
    page.wait_for_load_state()
    page.locator("#p4_name").fill("Lea Roth")
    shot(page, "forms-fix-wizard-five-people")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "forms-fix-wizard-five-people-phone")
    page.get_by_role("button", name="Get the advice").click()
    page.wait_for_url(ADVICE)
    page.get_by_role("link", name="Edit").click()
    for n, name in enumerate(
        ["Dr. Priya Nair", "Ines Carvalho", "Wen Zhao", "Kofi Mensah", "Lea Roth"]
    ):
        expect(page.locator(f"#p{n}_name")).to_have_value(name)


def test_add_another_person_works_without_javascript(browser: Any, base: str) -> None:
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1100, "height": 900}
    )
    page = context.new_page()
    try:
        page.goto(f"{base}/interviews/new")
        page.get_by_label("Company", exact=True).fill("Quietwater Labs")
        page.locator("#p0_name").fill("Sana Malik")
        page.get_by_role("button", name="Add another person").click()
        page.wait_for_load_state()
        expect(page.locator("#p3_name")).to_be_visible()
        expect(page.locator("#p0_name")).to_have_value("Sana Malik")
        expect(page.locator(".field-error")).to_have_count(0)
    finally:
        context.close()


def test_your_time_zone_is_on_the_form_filled_in(page: Page, base: str) -> None:
    page.goto(f"{base}/interviews/new")
    mine = page.get_by_label("Your time zone")
    expect(mine).to_be_visible()
    expect(mine).not_to_have_value("")
    expect(page.locator("main")).to_contain_text("Five short steps")
    fill_wizard(page, base, "Birchwood Clinics")  # a fresh page: fill everything again
    page.get_by_label("Your time zone").fill("Europe/Atlantis")
    page.get_by_role("button", name="Get the advice").click()
    page.wait_for_load_state()
    expect(page.locator("#me_timezone-error")).to_contain_text("Enter a time zone from the list")
    expect(page.get_by_label("Your time zone")).to_have_attribute("aria-invalid", "true")
    page.locator("#me_timezone").scroll_into_view_if_needed()
    shot(page, "forms-fix-wizard-your-zone-error")
    page.get_by_label("Your time zone").fill("Europe/Lisbon")
    page.get_by_role("button", name="Get the advice").click()
    page.wait_for_url(ADVICE)
    expect(page.locator("main")).not_to_contain_text("candidate.timezone")


INVITE = (
    b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//forms fix e2e//EN\r\n"
    b"BEGIN:VEVENT\r\nUID:fernhill-call-3@cal.example\r\n"
    b"SUMMARY:Call with Rosa\r\n"
    b"DTSTART;TZID=America/Denver:20261124T110000\r\n"
    b"DTEND;TZID=America/Denver:20261124T114500\r\n"
    b"LOCATION:https://meet.example/fern-hill\r\n"
    b"ORGANIZER;CN=Rosa Delgado:mailto:rosa.delgado@fernhill.example\r\n"
    b"ATTENDEE;CN=Jamie Park:mailto:jamie.park@example.net\r\n"
    b"END:VEVENT\r\nEND:VCALENDAR\r\n"
)


def test_an_invite_is_kept_while_you_add_the_company_and_title(page: Page, base: str) -> None:
    page.goto(f"{base}/interviews/new")
    page.get_by_text("Have the calendar invite?").click()
    page.locator("#invite").set_input_files(
        {"name": "interview.ics", "mimeType": "text/calendar", "buffer": INVITE}
    )
    page.get_by_label("Your email address in the invite").fill("jamie.park@example.net")
    page.locator("#i_kind").select_option("video")
    page.get_by_role("button", name="Import the invite").click()
    page.wait_for_load_state()
    expect(page.locator("#i_company-error")).to_be_visible()
    expect(page.locator("#kept-invite")).to_contain_text(
        "Your file interview.ics is kept; fill in what is missing and press Import."
    )
    expect(page.locator("label[for=i_company]")).to_contain_text("most invites do not say")
    shot(page, "forms-fix-invite-kept")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "forms-fix-invite-kept-phone")
    page.locator("#i_company").fill("Fern Hill Cooperative")
    page.locator("#i_role").fill("Grants Coordinator")
    page.get_by_role("button", name="Import the invite").click()  # no file chosen again
    page.wait_for_url(ADVICE)
    expect(page.locator("h1")).to_contain_text("Fern Hill Cooperative")
