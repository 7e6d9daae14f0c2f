"""What the browser tests share: headless Chromium driven by Playwright (Debian's chromium, no
browser download), a real server on loopback with a real SQLite file, screenshots to
artifacts/screenshots/, and the wizard filled in as a person would.

The fixtures (``base``: the server's URL; ``browser``; ``page``: a fresh desktop page that fails
the test on any console error) are registered for every test by conftest.py. Without Chromium
a test that uses them skips, except under CI=true, where it fails."""

from __future__ import annotations

import json
import os
import urllib.request
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from afterview.web import WebSettings, create_app

from web_server import running

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARGS = ["--disable-gpu", "--disable-quic"]
SHOTS = Path(__file__).parent.parent / "artifacts" / "screenshots"
# The evening after the interview, in the viewer's named zone (pages say "EST", not "UTC-05:00").
NOW = datetime(2026, 11, 24, 19, 0, tzinfo=ZoneInfo("America/New_York"))


def skip_module_without_chromium() -> None:
    """At the top of a browser-test module: skip it (fail it under CI=true) without Chromium."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but no Chromium at {CHROMIUM} (.ci/run installs it)")
        pytest.skip(f"no Chromium at {CHROMIUM}: apt-get install chromium", allow_module_level=True)


def need_chromium() -> None:
    """Skip (fail under CI=true) when Debian's chromium is missing."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but no Chromium at {CHROMIUM} (.ci/run installs it)")
        pytest.skip(f"no Chromium at {CHROMIUM}: apt-get install chromium")


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("e2e") / "afterview.db"
    with running(create_app(WebSettings(db=str(db), now=NOW))) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(accept_downloads=True, viewport={"width": 1100, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.console_errors = errors  # type: ignore[attr-defined]
    yield page
    context.close()
    assert not errors, f"browser console errors (a CSP violation?): {errors}"


@pytest.fixture
def forms_sent_back_are_expected(request: pytest.FixtureRequest) -> Iterator[None]:
    """A form sent back with its errors has status 422, which Chromium logs as a console
    error; that one is expected here, any other still fails the test (use it with pytest.mark.usefixtures)."""
    page = request.getfixturevalue("page") if "page" in request.fixturenames else None
    yield
    errors = getattr(page, "console_errors", None)
    if errors is not None:
        errors[:] = [e for e in errors if "status of 422" not in e]


# The two sizes pages are tried at (the accessibility tests): desktop and phone.
SIZES = {"desktop": {"width": 1100, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture
def context_for(browser: Any) -> Iterator[Any]:
    """A function making a browser context at a size ("desktop" or "phone"), CSP bypassed
    (axe-core is injected), closed after the test."""
    made: list[Any] = []

    def make(size: str) -> Any:
        context = browser.new_context(
            viewport=SIZES[size], is_mobile=size == "phone", bypass_csp=True
        )
        made.append(context)
        return context

    yield make
    for context in made:
        context.close()


def shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def fill_wizard(page: Any, base: str, company: str, contact: str = "unknown") -> None:
    page.goto(f"{base}/interviews/new")
    if contact == "no_contact":
        page.get_by_label("They asked candidates not to contact them").check()
    page.get_by_label("Company", exact=True).fill(company)
    page.get_by_label("Job title", exact=True).fill("Senior Data Analyst")
    page.get_by_label("Kind of interview", exact=True).select_option("video")
    page.get_by_label("Started at").fill("2026-11-24T10:00")
    page.get_by_label("Length in minutes").fill("60")
    page.get_by_label("Time zone", exact=True).fill("America/New_York")
    page.locator("#p0_name").fill("Dr. Priya Nair")
    page.locator("#p0_title").fill("Director of Analytics")
    page.locator("#p0_email").fill("priya.nair@northwind.example")
    page.locator("#p0_notes").fill("Asked how I handle conflicting stakeholder requests")
    page.locator("#notes").fill("Discussed moving the claims dashboard to dbt")
    page.get_by_label("Your name", exact=True).fill("Alex Rivera")
    page.get_by_label("Your email", exact=True).fill("alex.rivera@example.com")


def put(url: str, data: dict[str, Any]) -> dict[str, Any]:
    """POST JSON to the API (a quick way to set up an interview or drafts)."""
    request = urllib.request.Request(
        url, json.dumps(data).encode(), {"content-type": "application/json"}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())  # type: ignore[no-any-return]
