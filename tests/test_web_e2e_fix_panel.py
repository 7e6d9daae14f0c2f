"""The editor in a real browser after one note of a panel was marked "I sent it myself": the
other note is as it was, and pasting the sent note into it is flagged as a copy of the note
already sent. Screenshots at desktop and phone width go to artifacts/screenshots/."""

from __future__ import annotations

import json
import urllib.request
from typing import Any

from e2e_support import put, shot, skip_module_without_chromium

from helpers import data

skip_module_without_chromium()

from playwright.sync_api import Page, expect  # noqa: E402  (after the skip)

PANEL = [
    {"name": "Sanne de Vries", "email": "sanne@northwind.example"},
    {"name": "Oluwaseun Adeyemi", "email": "oluwaseun@northwind.example"},
]
TODAY = {
    "now": None,
    "interview.started_at": "2026-11-24T10:00:00-05:00",
    "interview.ended_at": "2026-11-24T11:00:00-05:00",
    "interview.kind": "panel",
    "interview.notes": [],
    "interviewers": PANEL,
}


def get(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.loads(response.read())


def test_one_note_sent_leaves_the_other_and_a_copy_of_it_is_flagged(page: Page, base: str) -> None:
    stored = put(f"{base}/api/interviews", {"situation": data(TODAY), "key": "panel"})
    made = put(f"{base}/api/interviews/{stored['id']}/drafts", {})["messages"]
    notes = {m["to"]: m for m in made if m["kind"] == "thank_you"}
    sanne, olu = notes["Sanne de Vries"], notes["Oluwaseun Adeyemi"]
    page.goto(f"{base}/messages/{sanne['id']}")
    page.get_by_role("button", name="I sent it myself").click()
    expect(page.locator("#notice")).to_have_text("Recorded as sent.")
    assert get(f"{base}/api/messages/{olu['id']}")["body"] == olu["body"]  # untouched
    page.goto(f"{base}/messages/{olu['id']}")
    body = page.locator("#body")
    assert body.input_value() == olu["body"]
    expect(page.locator("#findings")).not_to_contain_text("already sent to")
    body.fill(sanne["body"].replace("Dear Sanne,", "Dear Oluwaseun,"))
    expect(page.locator("#findings")).to_contain_text("already sent to Sanne de Vries")
    # a near-copy of a sent note is an error: afterview will not hand it off
    expect(page.locator("#refused")).to_be_visible()
    expect(page.get_by_role("button", name="Download .eml")).to_have_count(0)
    shot(page, "fix-panel-copy-of-sent-desktop")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "fix-panel-copy-of-sent-phone")
