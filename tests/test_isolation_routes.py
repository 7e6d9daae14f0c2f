"""Every page and API route of a shared deployment, tried by one student with another's ids:
none answers with the other's data or changes it. The routes are enumerated from the app, so a
route added later is held to the rule without a line here. An advisor reads a student's
interview only while it is shared, and every look is audited. Real PostgreSQL, real sign-in
(local accounts, argon2), real HTTP through the app.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from afterview.store import open_store

from helpers import clean_postgres, data, shared_mode

PASSWORD = "correct horse battery staple"
IDS = ("interview_id", "message_id")


@pytest.fixture
def deployment(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    from afterview.accounts.users import create_user
    from afterview.web import WebSettings, create_app

    url = clean_postgres()
    shared_mode(monkeypatch, url)
    store = open_store(url, migrating=True)
    now = datetime.now(UTC)
    people = {
        "ana": create_user(store, "ana@uni.example", "Ana Lima", "student", now, PASSWORD),
        "bo": create_user(store, "bo@uni.example", "Bo Park", "student", now, PASSWORD),
        "vera": create_user(store, "vera@uni.example", "Vera Advisor", "advisor", now, PASSWORD),
    }
    app = create_app(WebSettings(db=url))
    clients = {}
    for name in people:
        clients[name] = TestClient(app, base_url="http://127.0.0.1").__enter__()
        answer = clients[name].post(
            "/signin",
            data={
                "email": f"{name}@uni.example",
                "password": PASSWORD,
                "csrf": token(clients[name], "/signin"),
            },
            follow_redirects=False,
        )
        assert answer.status_code == 303, answer.text[:300]
    ana = clients["ana"]
    secret = data()
    secret["application"]["company"] = "Zanzibar Secret Holdings"
    made = ana.post(
        "/api/interviews", json={"situation": secret, "key": "ana-1"}, headers=headers(ana)
    )
    assert made.status_code == 201, made.text
    interview = int(made.json()["id"])
    drafts = ana.post(f"/api/interviews/{interview}/drafts", json={}, headers=headers(ana))
    assert drafts.status_code == 201, drafts.text
    message = int(drafts.json()["messages"][0]["id"])
    yield {
        "app": app,
        "store": store,
        "people": people,
        "clients": clients,
        "ids": {"interview_id": interview, "message_id": message},
    }
    for c in clients.values():
        c.__exit__(None, None, None)


def token(client: TestClient, path: str = "/") -> str:
    page = client.get(path)
    found = re.search(r'name="csrf" value="([^"]+)"', page.text) or re.search(
        r'"X-CSRF-Token": "([^"]+)"', page.text
    )
    assert found, page.text[:300]
    return found.group(1)


def headers(client: TestClient) -> dict[str, str]:
    return {"X-CSRF-Token": token(client, "/check")}


def bodies(advisor: int) -> dict[str, dict[str, Any]]:
    """What a route wants to be valid, so the request reaches the store (where it must stop)."""
    return {
        "/api/interviews/{interview_id}/sent": {
            "kind": "thank_you",
            "to": "Dr. Priya Nair",
            "at": "2026-12-01T10:00:00-05:00",
        },
        "/api/messages/{message_id}/send": {"via": "eml"},
        "/api/messages/{message_id}/schedule": {"at": "2026-12-01T10:00:00-05:00"},
        "/api/interviews/{interview_id}": {"situation": data()},
        "/api/messages/{message_id}": {"subject": "Hijacked", "body": "Hijacked"},
        "/interviews/{interview_id}/share": {"advisor": str(advisor)},
        "/interviews/{interview_id}/unshare": {"advisor": str(advisor)},
        "/messages/{message_id}": {"action": "eml", "subject": "Hi", "body": "Hello"},
    }


def routes_with_ids(app: Any) -> list[tuple[str, str]]:
    """(method, path) of every route that takes an interview or message id."""
    fastapi_app = getattr(app, "app", app)
    while not hasattr(fastapi_app, "routes"):
        fastapi_app = fastapi_app.app
    from afterview.ops.observe import leaves

    found = []
    for route in leaves(list(fastapi_app.routes)):
        if not isinstance(route, APIRoute):
            continue
        if not any(f"{{{name}}}" in route.path for name in IDS):
            continue
        for method in sorted(route.methods - {"HEAD"}):
            found.append((method, route.path))
    return found


def test_another_students_ids_find_nothing_on_any_route(deployment: dict[str, Any]) -> None:
    routes = routes_with_ids(deployment["app"])
    assert len(routes) >= 15  # pages and API: the interview, its drafts, replies, messages ...
    ana, bo = deployment["clients"]["ana"], deployment["clients"]["bo"]
    ids = deployment["ids"]
    before = deployment["store"].of(deployment["people"]["ana"].id).export()
    form = {"csrf": token(bo, "/check")}
    wanted = bodies(deployment["people"]["vera"].id)
    leaks, answers = [], {}
    for method, path in routes:
        url = path
        for name, value in ids.items():
            url = url.replace(f"{{{name}}}", str(value))
        if method == "GET":
            answer = bo.get(url, follow_redirects=False)
        elif path.startswith("/api/"):
            body = wanted.get(path, {})
            answer = bo.request(method, url, json=body, headers=headers(bo), follow_redirects=False)
        else:
            body = {**form, **wanted.get(path, {})}
            answer = bo.request(method, url, data=body, follow_redirects=False)
        answers[(method, path)] = answer.status_code
        if "Zanzibar" in answer.text or answer.status_code < 300 or answer.status_code == 303:
            leaks.append((method, path, answer.status_code))
    assert leaks == [], leaks
    assert set(answers.values()) == {404}, {k: v for k, v in answers.items() if v != 404}
    assert deployment["store"].of(deployment["people"]["ana"].id).export() == before
    # and the same routes do answer their owner (so the 404s above mean something)
    own = ana.get(f"/interviews/{ids['interview_id']}")
    assert own.status_code == 200 and "Zanzibar" in own.text


def test_lists_show_only_your_own(deployment: dict[str, Any]) -> None:
    bo = deployment["clients"]["bo"]
    for path in ("/", "/api/interviews", "/api/agenda", "/api/messages", "/account"):
        answer = bo.get(path)
        assert answer.status_code == 200, (path, answer.status_code)
        assert "Zanzibar" not in answer.text, path
    assert "Zanzibar" not in bo.get("/account/afterview-data.json").text


def test_an_advisor_reads_only_while_shared_and_every_look_is_audited(
    deployment: dict[str, Any],
) -> None:
    from afterview.store import shares

    ana, vera = deployment["clients"]["ana"], deployment["clients"]["vera"]
    interview = deployment["ids"]["interview_id"]
    people = deployment["people"]
    shared_page = f"/advisor/interviews/{interview}"
    assert vera.get(shared_page).status_code == 404
    page = ana.get(f"/interviews/{interview}")
    assert "Share with an advisor" in page.text and "Vera Advisor" in page.text
    shared = ana.post(
        f"/interviews/{interview}/share",
        data={"csrf": token(ana, f"/interviews/{interview}"), "advisor": str(people["vera"].id)},
        follow_redirects=False,
    )
    assert shared.status_code == 303
    seen = vera.get(shared_page)
    assert seen.status_code == 200 and "Zanzibar" in seen.text
    assert "Send now" not in seen.text and "send-smtp" not in seen.text  # never sends
    assert "Zanzibar" in vera.get("/advisor").text
    commented = vera.post(
        f"{shared_page}/comments",
        data={"csrf": token(vera, shared_page), "body": "Name the dashboard project."},
        follow_redirects=False,
    )
    assert commented.status_code == 303
    assert "Name the dashboard project." in ana.get(f"/interviews/{interview}").text
    # the advisor's session cannot act on the student's message
    message = deployment["ids"]["message_id"]
    assert vera.get(f"/messages/{message}").status_code == 404
    looks = shares.audit_of(deployment["store"].engine, people["ana"].id)
    assert [a.action for a in looks][-1] == "read-share" and "comment" in [a.action for a in looks]
    assert "Vera Advisor" in ana.get("/account").text
    revoked = ana.post(
        f"/interviews/{interview}/unshare",
        data={"csrf": token(ana, f"/interviews/{interview}"), "advisor": str(people["vera"].id)},
        follow_redirects=False,
    )
    assert revoked.status_code == 303
    assert vera.get(shared_page).status_code == 404
    assert "Zanzibar" not in vera.get("/advisor").text
    # a student is not an advisor
    assert deployment["clients"]["bo"].get(shared_page).status_code == 404
