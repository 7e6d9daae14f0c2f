"""The shared deployment's own pages, in a real browser, as test_web_a11y.py holds the local
ones: sign-in, a student's dashboard, an interview shared with an advisor, the editor's "Send it
later" (offered, with a wrong time beside the field, scheduled), the account page, and the
advisor's list and view with a comment. axe-core (WCAG 2.1 A/AA, 2.2 target size) at desktop
and phone width: no serious or critical violation, nothing scrolls sideways on a phone.

Screenshots: artifacts/screenshots/shared-<page>-desktop.png and -phone.png. Real PostgreSQL,
the web process logged in as the role under row-level security, real sign-in.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from e2e_support import SHOTS, SIZES, skip_module_without_chromium

from helpers import fresh_panel, migrated_for_web, shared_mode
from web_server import running

skip_module_without_chromium()

from playwright.sync_api import Page  # noqa: E402  (after the skip)

from test_web_a11y import REPORTS, _axe, _described, _serious  # noqa: E402  (the same axe)

PASSWORD = "a long enough password for the centre"
SMTP = {  # set, so that sends can be scheduled (nothing is sent here)
    "AFTERVIEW_SMTP_HOST": "127.0.0.1",
    "AFTERVIEW_SMTP_PORT": "2525",
    "AFTERVIEW_SMTP_SECURITY": "none",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """A shared deployment with a student (an interview shared with an advisor, drafts, one
    scheduled) and the advisor, who has commented."""
    from afterview.accounts.users import create_user
    from afterview.outbox import save_drafts
    from afterview.store import open_store
    from afterview.store.shares import comment, share
    from afterview.web import WebSettings, create_app
    from afterview.worker.jobs import close_opened, opened
    from afterview.worker.scheduling import schedule_send

    url = migrated_for_web()
    web_url = os.environ.get("DATABASE_WEB_URL", "")
    if not web_url:
        pytest.skip("no PostgreSQL role that is not the owner (DATABASE_WEB_URL)")
    folder = tmp_path_factory.mktemp("shared-a11y")
    with pytest.MonkeyPatch.context() as env:
        shared_mode(env, web_url)
        for name, value in SMTP.items():
            env.setenv(name, value)
        owner = open_store(url)
        now = datetime.now(UTC)
        ana = create_user(owner, "ana@uni.example", "Ana Lima", "student", now, PASSWORD).id
        vera = create_user(owner, "vera@uni.example", "Vera Costa", "advisor", now, PASSWORD).id
        create_user(owner, "cy@uni.example", "Cy Rao", "student", now, PASSWORD)  # nothing yet
        mine = owner.of(ana)
        interview, _ = mine.import_situation(fresh_panel(folder), now)
        drafts = save_drafts(mine, interview, now)
        share(owner.engine, ana, interview, vera, now)
        note = "Good start: name the dashboard project in the first line."
        comment(owner.engine, vera, interview, note, now)
        opened(url)
        latest = now + timedelta(hours=2)
        schedule_send(mine, drafts[1].id, latest, now=now)
        with running(create_app(WebSettings(db=web_url))) as base:
            yield {
                "base": base,
                "pages": {
                    "signin": "/signin",
                    "home": "/",
                    "interview-shared": f"/interviews/{interview}",
                    "editor-later": f"/messages/{drafts[0].id}",
                    "editor-later-error": f"/messages/{drafts[0].id}",
                    "editor-scheduled": f"/messages/{drafts[1].id}",
                    "account": "/account",
                    "advisor": "/advisor",
                    "advisor-interview": f"/advisor/interviews/{interview}",
                },
            }
        close_opened()


WHO = {"advisor": "vera", "advisor-interview": "vera", "signin": None}


def _sign_in(page: Page, base: str, who: str) -> None:
    page.goto(base + "/signin")
    page.fill("input[name=email]", f"{who}@uni.example")
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_load_state()


def _wrong_time(page: Page) -> None:
    page.fill("#send-at", "2020-01-01T09:00")
    page.click("#schedule-send")
    page.wait_for_selector("#send-at-error")


AFTER: dict[str, Callable[[Page], None]] = {"editor-later-error": _wrong_time}


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize(
    "name",
    [
        "signin",
        "home",
        "interview-shared",
        "editor-later",
        "editor-later-error",
        "editor-scheduled",
        "account",
        "advisor",
        "advisor-interview",
    ],
)
def test_shared_pages_have_no_serious_axe_violation(
    context_for: Callable[[str], Any], site: dict[str, Any], name: str, size: str
) -> None:
    page = context_for(size).new_page()
    who = WHO.get(name, "ana")
    if who:
        _sign_in(page, site["base"], who)
    page.goto(site["base"] + site["pages"][name])
    if name in AFTER:
        AFTER[name](page)
    expected = {
        "editor-later": "Send it later",
        "editor-later-error": "Choose a time between",
        "editor-scheduled": "Scheduled for",
        "advisor-interview": "name the dashboard project",
        "interview-shared": "Vera Costa",
    }.get(name)
    if expected:
        assert expected in page.content(), f"{name}: {expected!r} not on the page"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"shared-{name}-{size}.png"), full_page=True)
    result = _axe(page)
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / f"shared-{name}-{size}.json").write_text(json.dumps(result, indent=1), "utf-8")
    bad = _serious(name, result["violations"])
    assert not bad, f"{name} at {size}: axe found\n{_described(bad)}"
    if size == "phone":
        wide = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert wide <= 0, f"{name} scrolls sideways by {wide}px on a 390 px phone"


def test_a_new_students_zone_is_filled_in_from_their_browser(
    browser: Any, site: dict[str, Any]
) -> None:
    """A student who has not said their zone: the wizard's "Your time zone" holds the
    browser's, said beside the field, not the server's; the account page offers it."""
    context = browser.new_context(timezone_id="Asia/Kolkata")
    try:
        page = context.new_page()
        _sign_in(page, site["base"], "cy")
        page.goto(site["base"] + "/interviews/new")
        assert page.input_value("#me_timezone") == "Asia/Kolkata"
        assert "Filled in from your browser (Asia/Kolkata)" in page.inner_text("#me_timezone-guess")
        page.goto(site["base"] + "/account")
        assert page.input_value("#timezone") == ""  # never set unasked ...
        page.click("#timezone-guess button")  # ... offered with one press
        assert page.input_value("#timezone") == "Asia/Kolkata"
    finally:
        context.close()
