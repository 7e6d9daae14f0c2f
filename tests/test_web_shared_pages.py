"""A shared deployment's pages as its people meet them (issue 15, from a newcomer's trial):
an advisor lands on what students share with them; a comment about one draft says which and
is shown on that draft; signed out, the navigation offers nothing but signing in; a disabled
account is told so. Real PostgreSQL, real sign-in."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from afterview.store import open_store

from helpers import clean_postgres, fresh_panel, shared_mode, signed_in

PASSWORD = "correct horse battery staple"


@pytest.fixture
def centre(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[dict[str, Any]]:
    from afterview.accounts.users import create_user
    from afterview.outbox import save_drafts
    from afterview.store.shares import comment, share
    from afterview.web import WebSettings, create_app

    url = clean_postgres()
    shared_mode(monkeypatch, url)
    store = open_store(url, migrating=True)
    now = datetime.now(UTC)
    ana = create_user(store, "ana@uni.example", "Ana Lima", "student", now, PASSWORD).id
    vera = create_user(store, "vera@uni.example", "Vera Costa", "advisor", now, PASSWORD).id
    mine = store.of(ana)
    interview, _ = mine.import_situation(fresh_panel(tmp_path), now)
    drafts = save_drafts(mine, interview, now)
    share(store.engine, ana, interview, vera, now)
    comment(
        store.engine,
        vera,
        interview,
        "Say which dashboard.",
        now,
        message_id=drafts[1].id,
        suggested_body="Dear Marcus,\n\nThank you for the walkthrough of the claims dashboard.",
    )
    app = create_app(WebSettings(db=url))
    yield {"app": app, "store": store, "interview": interview, "drafts": drafts, "ana": ana}


def test_an_advisors_home_is_what_students_share(centre: dict[str, Any]) -> None:
    vera = signed_in(centre["app"], "vera@uni.example", PASSWORD)
    try:
        home = vera.get("/", follow_redirects=False)
        assert home.status_code == 303 and home.headers["location"] == "/advisor"
    finally:
        vera.__exit__(None, None, None)


def test_a_comment_about_a_draft_says_which_and_is_on_that_draft(centre: dict[str, Any]) -> None:
    ana = signed_in(centre["app"], "ana@uni.example", PASSWORD)
    first, second = centre["drafts"][0], centre["drafts"][1]
    try:
        page = ana.get(f"/interviews/{centre['interview']}").text
        assert f'about <a href="/messages/{second.id}">the thank-you to {second.to}</a>' in page
        assert "Say which dashboard." in ana.get(f"/messages/{second.id}").text
        assert "Say which dashboard." not in ana.get(f"/messages/{first.id}").text
    finally:
        ana.__exit__(None, None, None)


def test_signed_out_the_navigation_offers_only_signing_in(centre: dict[str, Any]) -> None:
    with TestClient(centre["app"], base_url="http://127.0.0.1") as client:
        page = client.get("/signin").text
        for link in ("New interview", "Check a draft", "Your data"):
            assert link not in page


def test_a_disabled_account_is_told_so(centre: dict[str, Any]) -> None:
    from afterview.accounts.users import disable

    ana = signed_in(centre["app"], "ana@uni.example", PASSWORD)
    try:
        disable(centre["store"], "ana@uni.example", datetime.now(UTC))
        page = ana.get("/")
        assert page.url.path == "/signin"
        assert "This account is disabled" in page.text
    finally:
        ana.__exit__(None, None, None)


def test_the_student_takes_a_suggested_text_with_one_press(centre: dict[str, Any]) -> None:
    import re
    from html import unescape

    ana = signed_in(centre["app"], "ana@uni.example", PASSWORD)
    second = centre["drafts"][1]
    try:
        page = ana.get(f"/messages/{second.id}").text
        form = re.search(r'<form method="post" action="/messages/\d+">\s*(.*?)</form>', page, re.S)
        assert form and "Use this text" in form.group(1)
        fields = {
            k: unescape(v) for k, v in re.findall(r'name="(\w+)" value="([^"]*)"', form.group(1))
        }
        taken = ana.post(f"/messages/{second.id}", data={**fields, "action": "save"})
        assert taken.status_code == 200 and "Saved." in taken.text
        stored = centre["store"].of(centre["ana"]).message(second.id)
        assert (
            stored.body == "Dear Marcus,\n\nThank you for the walkthrough of the claims dashboard."
        )
        assert stored.subject == second.subject and stored.state == "draft"
    finally:
        ana.__exit__(None, None, None)


def test_a_send_that_did_not_finish_tells_the_student_the_centre_settles_it(
    centre: dict[str, Any],
) -> None:
    """The centre's relay keeps no copy in the student's Sent folder: the page says the centre
    settles it, and the dashboard's next step points at it rather than at writing drafts."""
    from sqlalchemy import text

    first = centre["drafts"][0]
    with centre["store"].engine.begin() as connection:
        connection.execute(
            text(
                "UPDATE messages SET state = 'sending', via = 'smtp', lease_pid = 999999, "
                "lease_host = 'gone', lease_started = now() WHERE id = :m"
            ),
            {"m": first.id},
        )
    ana = signed_in(centre["app"], "ana@uni.example", PASSWORD)
    try:
        page = ana.get(f"/messages/{first.id}").text
        assert "the centre checks its server" in page and "Sent folder before" not in page
        home = ana.get("/").text
        assert f"A send of the thank-you to {first.to} did not finish" in home
    finally:
        ana.__exit__(None, None, None)


def test_who_looked_names_the_interview_by_its_company(centre: dict[str, Any]) -> None:
    vera = signed_in(centre["app"], "vera@uni.example", PASSWORD)
    ana = signed_in(centre["app"], "ana@uni.example", PASSWORD)
    try:
        assert vera.get(f"/advisor/interviews/{centre['interview']}").status_code == 200
        page = ana.get("/account").text
        assert "read your Northwind Health interview" in page
    finally:
        vera.__exit__(None, None, None)
        ana.__exit__(None, None, None)
