"""Your data in the web app: download it (the JSON backup), delete it only once you typed the
word, and the pages an advisor may not open. Over HTTP against a real SQLite file."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from afterview.web import WebSettings, create_app

from helpers import data

NOW = datetime.fromisoformat("2026-12-01T19:00:00-05:00")


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    app = create_app(WebSettings(db=str(tmp_path / "afterview.db"), now=NOW))
    with TestClient(app, base_url="http://127.0.0.1") as c:
        yield c


def stored(client: TestClient, patch: dict[str, Any] | None = None, key: str = "k1") -> int:
    response = client.post("/api/interviews", json={"situation": data(patch), "key": key})
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def csrf_of(client: TestClient, path: str) -> str:
    html = client.get(path).text
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]


def test_the_download_is_the_backup_and_restores(client: TestClient, tmp_path: Path) -> None:
    first = stored(client)
    page = client.get("/account")
    assert page.status_code == 200 and "1 interview " in page.text
    got = client.get("/account/afterview-data.json")
    assert got.status_code == 200
    assert "attachment" in got.headers["content-disposition"]
    backup = got.json()
    assert backup["format"] == "afterview-backup" and [i["id"] for i in backup["interviews"]] == [
        first
    ]
    from afterview.store import open_store

    fresh = open_store(str(tmp_path / "restored.db"))
    fresh.restore(json.loads(got.text), "afterview-data.json")
    assert [r.id for r in fresh.interviews()] == [first]


@pytest.mark.parametrize("typed", ["", "yes", "delet", "delete everything"])
def test_nothing_is_deleted_without_the_word(client: TestClient, typed: str) -> None:
    stored(client)
    token = csrf_of(client, "/account")
    response = client.post("/account/forget", data={"csrf": token, "confirm": typed})
    assert response.status_code == 422
    assert "Type delete to confirm: nothing was deleted." in response.text
    assert 'aria-invalid="true"' in response.text
    assert len(client.get("/api/interviews").json()["interviews"]) == 1


def test_the_word_deletes_everything_and_says_so(client: TestClient) -> None:
    stored(client)
    other = data()
    other["application"]["company"] = "Kestrel Analytics"
    assert client.post("/api/interviews", json={"situation": other, "key": "k2"}).status_code == 201
    token = csrf_of(client, "/account")
    response = client.post(
        "/account/forget", data={"csrf": token, "confirm": " Delete "}, follow_redirects=False
    )
    assert response.status_code == 303 and response.headers["location"] == "/account?done=deleted"
    assert "Everything you stored was deleted." in client.get("/account?done=deleted").text
    assert client.get("/api/interviews").json() == {"interviews": []}
    assert "0 interviews" in client.get("/account").text


def test_forgetting_needs_the_forms_token(client: TestClient) -> None:
    stored(client)
    response = client.post("/account/forget", data={"confirm": "delete"})
    assert response.status_code == 403
    assert len(client.get("/api/interviews").json()["interviews"]) == 1


def test_advisor_pages_are_not_there_for_a_student(client: TestClient) -> None:
    first = stored(client)
    assert client.get("/advisor").status_code == 404
    assert client.get(f"/advisor/interviews/{first}").status_code == 404
    assert "Share with an advisor" not in client.get(f"/interviews/{first}").text  # local mode
