"""The draft editor in a real browser (Debian's Chromium through Playwright): the state it shows
after each hand-off (.eml, mail link, by hand, SMTP through a real loopback server, cancel),
refresh and Back after each creating nothing new and showing no error page, the live check
flipping the refusal both ways, line numbers that match the textarea, errors before warnings.
Screenshots of each state, at desktop and phone width, go to artifacts/screenshots/."""

from __future__ import annotations

import json
import re
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from e2e_support import put, shot, skip_module_without_chromium

from helpers import SECOND, data

skip_module_without_chromium()

from playwright.sync_api import Page, expect  # noqa: E402  (after the skip)

# The interview this morning (the fixed clock is 19:00 the same day): thank-yous are due now.
TODAY = {
    "now": None,
    "interview.started_at": "2026-11-24T10:00:00-05:00",
    "interview.ended_at": "2026-11-24T11:00:00-05:00",
}
SEND_BUTTONS = ("Open in mail client", "Download .eml", "Send now", "I sent it myself")


def get(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.loads(response.read())


def interview(base: str, key: str, company: str, panel: bool = False) -> list[dict[str, Any]]:
    """An interview stored through the API, with its drafts (a thank-you per interviewer)."""
    patch: dict[str, Any] = {**TODAY, "application.company": company}
    if panel:
        patch["interviewers"] = [data()["interviewers"][0], SECOND]
    stored = put(f"{base}/api/interviews", {"situation": data(patch), "key": key})
    return list(put(f"{base}/api/interviews/{stored['id']}/drafts", {})["messages"])


def state_of(base: str, message: dict[str, Any]) -> dict[str, Any]:
    return get(f"{base}/api/messages/{message['id']}")  # type: ignore[no-any-return]


def phone(page: Page, name: str) -> None:
    """The same page at 390 px too; nothing wider than the screen."""
    shot(page, f"editor-{name}-desktop")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, f"editor-{name}-phone")
    page.set_viewport_size({"width": 1100, "height": 900})


def no_error_page(page: Page) -> None:
    expect(page.locator("h1")).not_to_have_text("Refused")
    expect(page.locator("#refusal")).to_have_count(0)
    expect(page.locator("#state")).to_be_visible()


def refresh_and_back_change_nothing(page: Page, base: str, message: dict[str, Any]) -> None:
    """Reload and Back/Forward after an action: no error page, no second hand-off, and the
    message stays as it is."""
    before = state_of(base, message)
    response = page.reload()
    assert response is not None and response.status == 200
    assert "done=" not in page.url  # the one-time notice does not come back
    no_error_page(page)
    page.go_back()
    page.go_forward()
    no_error_page(page)
    assert state_of(base, message) == before


def test_download_eml_shows_handed_off_and_gives_the_file(
    page: Page, base: str, tmp_path: Path
) -> None:
    first, second = interview(base, "eml", "Northwind Health", panel=True)[:2]
    page.goto(f"{base}/messages/{first['id']}")
    expect(page.locator("#state")).to_contain_text("Draft. Nothing has been sent yet.")
    phone(page, "draft")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download .eml").click()
    saved = tmp_path / "first.eml"
    download.value.save_as(saved)
    eml = saved.read_text("utf-8")
    assert "X-Unsent: 1" in eml and "Dear Dr. Nair" in eml
    expect(page.locator("#notice")).to_have_text("Your .eml file is downloading.")
    state = page.locator("#state")
    expect(state).to_contain_text("Handed off. This message was handed to your mail client on")
    expect(state).to_contain_text("as an .eml file")
    expect(state).to_contain_text("Press Send there.")
    for name in SEND_BUTTONS:  # never handed off twice
        expect(page.get_by_role("button", name=name, exact=True)).to_have_count(0)
    expect(page.get_by_role("button", name="I sent it", exact=True)).to_be_visible()
    # the next draft of this interview is offered: the other panel member's thank-you
    expect(page.locator("#next-draft")).to_have_attribute("href", f"/messages/{second['id']}")
    expect(page.locator(".next-draft")).to_contain_text("thank-you to Marcus Chen")
    phone(page, "handed-off-eml")
    stored = state_of(base, first)
    assert stored["state"] == "handed_off" and stored["via"] == "eml"

    # the same stored message again: same Message-ID, still handed off once
    with page.expect_download() as again:
        page.get_by_role("link", name="Download the .eml again").click()
    copy = tmp_path / "again.eml"
    again.value.save_as(copy)
    ids = [
        [h for h in text.splitlines() if h.startswith("Message-ID:")]
        for text in (eml, copy.read_text("utf-8"))
    ]
    assert ids[0] and ids[0] == ids[1]
    assert state_of(base, first) == stored
    refresh_and_back_change_nothing(page, base, first)

    # then: I sent it
    page.get_by_role("button", name="I sent it", exact=True).click()
    expect(page.locator("#notice")).to_have_text("Recorded as sent.")
    expect(page.locator("#state")).to_contain_text(
        "This message is sent (from your mail client, as an .eml file;"
    )
    confirmed = state_of(base, first)
    assert confirmed["state"] == "sent" and confirmed["sent_at"] == stored["sent_at"]
    phone(page, "sent-confirmed")
    refresh_and_back_change_nothing(page, base, first)


def test_open_in_mail_client_shows_handed_off_with_the_link(page: Page, base: str) -> None:
    message = interview(base, "mailto", "Contoso Health")[0]
    page.goto(f"{base}/messages/{message['id']}")
    page.get_by_role("button", name="Open in mail client").click()
    expect(page.locator("#notice")).to_have_text(
        "Handed to your mail client: open it there and send it."
    )
    expect(page.locator("#state")).to_contain_text("as a mail link")
    link = page.get_by_role("link", name="Open in your mail client")
    expect(link).to_have_attribute("href", re.compile(re.escape(_MAILTO) + ".*Contoso%20Health"))
    for name in SEND_BUTTONS:
        expect(page.get_by_role("button", name=name, exact=True)).to_have_count(0)
    phone(page, "handed-off-mailto")
    assert state_of(base, message)["state"] == "handed_off"
    refresh_and_back_change_nothing(page, base, message)
    # the page as it was before the hand-off, still open in another tab: pressing a send
    # button there hands nothing off again and shows where the message stands
    stale = page.context.new_page()
    other = interview(base, "mailto-stale", "Contoso Retail")[0]
    stale.goto(f"{base}/messages/{other['id']}")
    page.goto(f"{base}/messages/{other['id']}")
    page.get_by_role("button", name="Open in mail client").click()
    handed = state_of(base, other)
    stale.get_by_role("button", name="Download .eml").click()
    expect(stale.locator("#notice")).to_contain_text("Nothing new was done")
    expect(stale.locator("#state")).to_contain_text("as a mail link")
    no_error_page(stale)
    assert state_of(base, other) == handed
    shot(stale, "editor-already-desktop")
    stale.close()


_MAILTO = "mailto:priya.nair%40northwind.example?subject=Thank%20you%20%E2%80%93%20Senior%20Data"


def test_i_sent_it_myself_then_refresh_is_not_a_409(page: Page, base: str) -> None:
    message = interview(base, "by-hand", "Fabrikam Health")[0]
    page.goto(f"{base}/messages/{message['id']}")
    page.get_by_role("button", name="I sent it myself").click()
    expect(page.locator("#notice")).to_have_text("Recorded as sent.")
    expect(page.locator("#state")).to_contain_text(
        "This message is sent (by you, outside afterview;"
    )
    expect(page.locator("#state")).to_contain_text("Next for this interview: status check to")
    phone(page, "sent-by-hand")
    refresh_and_back_change_nothing(page, base, message)


def test_send_now_through_a_real_smtp_server_shows_sent(
    page: Page, base: str, smtp: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    inbox, settings = smtp
    monkeypatch.setenv("AFTERVIEW_CONFIG", str(tmp_path / "none.toml"))
    monkeypatch.setenv("AFTERVIEW_SMTP_HOST", settings.host)
    monkeypatch.setenv("AFTERVIEW_SMTP_PORT", str(settings.port))
    monkeypatch.setenv("AFTERVIEW_SMTP_SECURITY", "none")
    message = interview(base, "smtp", "Tailspin Health")[0]
    page.goto(f"{base}/messages/{message['id']}")
    page.get_by_role("button", name="Send now").click()
    expect(page.locator("#notice")).to_have_text("Your mail server accepted it.")
    expect(page.locator("#state")).to_contain_text(
        "This message is sent (through your mail server;"
    )
    expect(page.locator("#state")).to_contain_text("Next for this interview: status check to")
    assert len(inbox.messages) == 1
    phone(page, "sent-smtp")
    refresh_and_back_change_nothing(page, base, message)
    assert len(inbox.messages) == 1  # never twice


def test_cancel_shows_cancelled_and_offers_the_next_draft(page: Page, base: str) -> None:
    first, second = interview(base, "cancel", "Wingtip Health", panel=True)[:2]
    page.goto(f"{base}/messages/{first['id']}")
    page.get_by_role("button", name="Cancel this message").click()
    expect(page.locator("#notice")).to_have_text("Cancelled: nothing was sent.")
    expect(page.locator("#state")).to_contain_text(
        "This message is cancelled: it will not be sent."
    )
    expect(page.locator("#next-draft")).to_have_attribute("href", f"/messages/{second['id']}")
    phone(page, "cancelled")
    refresh_and_back_change_nothing(page, base, first)
    page.locator("#next-draft").click()
    expect(page.locator("h1")).to_have_text("Thank you to Marcus Chen")


def test_live_check_flips_the_refusal_both_ways(page: Page, base: str) -> None:
    message = interview(base, "live", "Litware Health")[0]
    page.goto(f"{base}/messages/{message['id']}")
    body = page.locator("#body")
    good = body.input_value()
    expect(page.locator("#refused")).to_have_count(0)
    expect(page.get_by_role("button", name="Download .eml")).to_be_visible()
    body.fill(good.replace("Dear Dr. Nair", "Dear Dr. Niar"))
    expect(page.locator("#refused")).to_contain_text("afterview will not send this")
    expect(page.locator("#refused")).to_contain_text("the interviewer is Dr. Priya Nair")
    for name in SEND_BUTTONS:
        expect(page.get_by_role("button", name=name, exact=True)).to_have_count(0)
    # the line number counts the textarea's lines: the greeting is its first line
    expect(page.locator("#findings li.error").first).to_contain_text("(line 1, column 10)")
    phone(page, "live-refused")
    body.fill(good)
    expect(page.locator("#refused")).to_have_count(0)
    expect(page.get_by_role("button", name="Download .eml")).to_be_visible()
    assert state_of(base, message)["body"] == message["body"]  # the live check stores nothing


def test_findings_list_errors_before_warnings_with_textarea_line_numbers(
    page: Page, base: str
) -> None:
    message = interview(base, "order", "Adatum Health")[0]
    page.goto(f"{base}/messages/{message['id']}")
    body = page.locator("#body")
    lines = body.input_value().split("\n")
    lines[0] = "Hey Dr. Nair,"  # a warning (too casual) on line 1
    lines.append("Please thank Dr. Niar for me.")  # an error further down
    body.fill("\n".join(lines))
    items = page.locator("#findings ol.findings > li")
    expect(items.first).to_have_class("error")
    expect(page.locator("#findings li.warning")).not_to_have_count(0)
    classes = items.evaluate_all("els => els.map(e => e.className)")
    assert classes == sorted(classes, key=lambda c: c != "error"), classes
    # each line number is where the text is in the textarea, not in the text with the
    # hidden To:/Subject: lines the checker reads
    niar = f"line {len(lines)}, column {lines[-1].index('Niar') + 1}"
    expect(page.locator('#findings li.error[data-rule="name-mismatch"] .where')).to_have_text(
        f"({niar})"
    )
    expect(page.locator('#findings li.warning[data-rule="too-casual"] .where')).to_have_text(
        "(line 1, column 1)"
    )
    expect(page.locator('#findings mark[data-rule="too-casual"]')).to_have_text("Hey")
    # no rule id in the words shown; it is behind "Why is this flagged?"
    visible = page.locator("#findings ol.findings").evaluate(
        "el => { const c = el.cloneNode(true); c.querySelectorAll('details').forEach(d => d.remove());"
        " return c.innerText; }"
    )
    assert "too-casual" not in visible and "name-mismatch" not in visible
    first_details = page.locator("#findings details.why").first
    first_details.locator("summary").click()
    expect(first_details).to_contain_text("Rule id:")
    phone(page, "findings-ordered")


def test_the_check_page_lists_errors_first(page: Page, base: str) -> None:
    page.goto(f"{base}/check")
    if page.locator("#interview").count():  # interviews are recorded: paste the details instead
        page.locator("#interview").select_option("")
        page.get_by_text("Advanced: paste the interview's details instead").click()
    page.locator("#situation").fill(json.dumps(data()))
    page.locator("#draft").fill(
        "Subject: Thank you\n\nHey Dr. Nair,\n\nThanks for the chat about dbt.\n\n"
        "Please pass my thanks to Dr. Niar.\n\nAlex Rivera"
    )
    items = page.locator("#findings ol.findings > li")
    expect(items.first).to_have_class("error")
    classes = items.evaluate_all("els => els.map(e => e.className)")
    assert "warning" in classes
    assert classes == sorted(classes, key=lambda c: c != "error"), classes
    shot(page, "check-errors-first")


def test_without_javascript_the_hand_off_and_save_show_the_new_state(
    browser: Any, base: str, tmp_path: Path
) -> None:
    context = browser.new_context(
        java_script_enabled=False, accept_downloads=True, viewport={"width": 1100, "height": 900}
    )
    page = context.new_page()
    first, second = interview(base, "no-js", "Proseware Health", panel=True)[:2]
    page.goto(f"{base}/messages/{first['id']}")
    with page.expect_download() as download:  # the page's refresh fetches the stored .eml
        page.get_by_role("button", name="Download .eml").click()
    download.value.save_as(tmp_path / "no-js.eml")
    assert "Dear Dr. Nair" in (tmp_path / "no-js.eml").read_text("utf-8")
    expect(page.locator("#state")).to_contain_text("This message was handed to your mail client")
    handed = state_of(base, first)
    with page.expect_download():  # a refresh fetches the same stored file; it sends nothing
        page.reload()
    expect(page.locator("#state")).to_contain_text("as an .eml file")
    assert state_of(base, first) == handed

    # Save does what the live check does with JS: the refusal follows the draft
    page.goto(f"{base}/messages/{second['id']}")
    body = page.locator("#body")
    good = body.input_value()
    body.fill(good.replace("Dear Marcus Chen", "Dear Marcus Chne"))
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#notice")).to_have_text("Saved.")
    expect(page.locator("#refused")).to_contain_text("afterview will not send this")
    expect(page.get_by_role("button", name="Download .eml")).to_have_count(0)
    page.locator("#body").fill(good)
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#refused")).to_have_count(0)
    expect(page.get_by_role("button", name="Download .eml")).to_be_visible()
    context.close()


def test_a_refused_send_says_why_in_plain_words_and_send_anyway_then_works(
    page: Page, base: str, tmp_path: Path
) -> None:
    message = interview(base, "refused", "Northwind Labs")[0]
    page.goto(f"{base}/messages/{message['id']}")
    body = page.locator("#body")
    body.fill(body.input_value().replace("Dear Dr. Nair,", "Hey Dr. Nair,"))
    expect(page.locator("#force")).to_be_visible()  # the live check found the warning
    page.get_by_role("button", name="Download .eml").click()
    expect(page.locator("#refusal")).to_contain_text("Not sent: it has warnings (below).")
    page.console_errors.clear()  # type: ignore[attr-defined]  # the 409 itself is logged
    expect(page.locator("#refusal")).not_to_contain_text("--force")
    expect(page.locator("#state")).to_contain_text("Draft. Nothing has been sent yet.")
    assert state_of(base, message)["state"] == "draft"
    phone(page, "refused-warnings")
    page.locator("#force").check()
    with page.expect_download():
        page.get_by_role("button", name="Download .eml").click()
    expect(page.locator("#state")).to_contain_text("as an .eml file")
    assert state_of(base, message)["state"] == "handed_off"
