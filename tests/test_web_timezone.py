"""A student's own time zone in a shared deployment (issue 15): the server's zone is the
centre's, but a student who lives elsewhere sets theirs on the account page and every time on
their pages is shown in it, the zone named. A zone that is not one is said beside the field.
Real PostgreSQL, real sign-in.
"""

from __future__ import annotations

import base64
import os
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from html import unescape
from typing import Any

import pytest
from fastapi.testclient import TestClient

from afterview.store import open_store

from helpers import clean_postgres, data

PASSWORD = "correct horse battery staple"


def _token(client: TestClient, path: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', client.get(path).text)
    assert found
    return found.group(1)


@pytest.fixture
def clients(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, TestClient]]:
    from afterview.accounts.users import create_user
    from afterview.web import WebSettings, create_app

    url = clean_postgres()
    monkeypatch.setenv("AFTERVIEW_MODE", "shared")
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("AFTERVIEW_SECRET_KEY", base64.urlsafe_b64encode(os.urandom(32)).decode())
    monkeypatch.setenv("AFTERVIEW_PUBLIC_URL", "http://127.0.0.1")
    for name in ("AFTERVIEW_OIDC_ISSUER", "AFTERVIEW_OIDC_CLIENT_ID", "AFTERVIEW_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    store = open_store(url, migrating=True)
    now = datetime.now(UTC)
    for name in ("ana", "bo"):
        create_user(store, f"{name}@uni.example", name.title(), "student", now, PASSWORD)
    app = create_app(WebSettings(db=url))
    made = {}
    for name in ("ana", "bo"):
        client = TestClient(app, base_url="http://127.0.0.1").__enter__()
        signed = client.post(
            "/signin",
            data={
                "email": f"{name}@uni.example",
                "password": PASSWORD,
                "csrf": _token(client, "/signin"),
            },
            follow_redirects=False,
        )
        assert signed.status_code == 303
        made[name] = client
    yield made
    for client in made.values():
        client.__exit__(None, None, None)


def _set(client: TestClient, zone: str) -> Any:
    return client.post(
        "/account/timezone", data={"csrf": _token(client, "/account"), "timezone": zone}
    )


def _interview(client: TestClient) -> str:
    made = client.post(
        "/api/interviews",
        json={"situation": data(), "key": "one"},
        headers={"X-CSRF-Token": _token(client, "/check")},
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
