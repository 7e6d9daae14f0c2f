"""A student's own time zone in a shared deployment (issue 15): the server's zone is the
centre's, but a student who lives elsewhere sets theirs on the account page and every time on
their pages is shown in it, the zone named. A zone that is not one is said beside the field.
Real PostgreSQL, real sign-in.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from html import unescape
from typing import Any

import pytest
from fastapi.testclient import TestClient

from afterview.store import open_store

from helpers import clean_postgres, csrf_token, data, shared_mode, signed_in

PASSWORD = "correct horse battery staple"


@pytest.fixture
def clients(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, TestClient]]:
    from afterview.accounts.users import create_user
    from afterview.web import WebSettings, create_app

    url = clean_postgres()
    shared_mode(monkeypatch, url)
    store = open_store(url, migrating=True)
    now = datetime.now(UTC)
    for name in ("ana", "bo"):
        create_user(store, f"{name}@uni.example", name.title(), "student", now, PASSWORD)
    app = create_app(WebSettings(db=url))
    made = {name: signed_in(app, f"{name}@uni.example", PASSWORD) for name in ("ana", "bo")}
    yield made
    for client in made.values():
        client.__exit__(None, None, None)


def _set(client: TestClient, zone: str) -> Any:
    return client.post(
        "/account/timezone", data={"csrf": csrf_token(client, "/account"), "timezone": zone}
    )


def _interview(client: TestClient) -> str:
    made = client.post(
        "/api/interviews",
        json={"situation": data(), "key": "one"},
        headers={"X-CSRF-Token": csrf_token(client, "/check")},
    )
    assert made.status_code == 201, made.text
    return str(client.get(f"/interviews/{made.json()['id']}").text)


def test_each_student_sees_times_in_their_own_zone(clients: dict[str, TestClient]) -> None:
    ana, bo = clients["ana"], clients["bo"]
    saved = _set(ana, "Asia/Tokyo")
    assert saved.status_code == 200 and "your zone, Asia/Tokyo" in saved.text
    assert "Saved: your pages show times in your zone." in saved.text
    assert _set(bo, "America/Chicago").status_code == 200
    tokyo, chicago = _interview(ana), _interview(bo)
    # The same interview, the same windows: each shown in the student's zone, named.
    assert re.search(r"\d\d:\d\d JST", tokyo) and not re.search(r"\d\d:\d\d C[SD]T", tokyo)
    assert re.search(r"\d\d:\d\d C[SD]T", chicago) and not re.search(r"\d\d:\d\d JST", chicago)

    # Empty: back to the centre's zone.
    back = _set(ana, "")
    assert back.status_code == 200 and "the centre's zone" in unescape(back.text)
    assert not re.search(r"\d\d:\d\d JST", str(ana.get("/").text))


@pytest.mark.parametrize(
    ("typed", "hint"),
    [("Mars/Olympus", None), ("berlin", "Europe/Berlin"), ("EST5EDT; drop", None)],
)
def test_a_zone_that_is_not_one_is_said_beside_the_field(
    clients: dict[str, TestClient], typed: str, hint: str | None
) -> None:
    ana = clients["ana"]
    answer = _set(ana, typed)
    assert answer.status_code == 422
    said = re.search(r'id="timezone-problem">(.*?)</span>\s*</?', answer.text, re.S)
    assert said and "Enter a time zone like Europe/Berlin" in said.group(1)
    if hint:
        assert f"Did you mean {hint}" in said.group(1)
    assert 'aria-invalid="true"' in answer.text
    assert "the centre's zone" in unescape(answer.text)  # nothing was stored


def test_the_zone_given_in_the_wizard_becomes_the_students(clients: dict[str, TestClient]) -> None:
    """A student with no zone of their own who says where they are in the wizard: their pages
    show times there from then on; one who already chose a zone keeps it."""
    from helpers import WIZARD_FORM

    ana, bo = clients["ana"], clients["bo"]
    assert _set(bo, "America/Chicago").status_code == 200
    for client in (ana, bo):
        form = {**WIZARD_FORM, "me_timezone": "Europe/Berlin"}
        form["csrf"] = csrf_token(client, "/interviews/new")
        made = client.post("/interviews/new", data=form, follow_redirects=False)
        assert made.status_code == 303, made.text[:500]
    assert "your zone, Europe/Berlin" in ana.get("/account").text
    assert "your zone, America/Chicago" in bo.get("/account").text
    # and the wizard's next form starts from it
    assert re.search(r'id="me_timezone"[^>]*value="Europe/Berlin"', ana.get("/interviews/new").text)
