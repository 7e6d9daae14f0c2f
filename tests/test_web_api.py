"""The web app's JSON API: same contracts as the CLI, one error shape, and its guard."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from afterview.advice import advise
from afterview.checks import check_text
from afterview.errors import InputError
from afterview.situation import load_situation, situation_from_dict
from afterview.web import WebSettings, create_app
from afterview.web.security import CSP

from helpers import SECOND, data
from web_server import free_port, running

EXAMPLES = Path(__file__).parent.parent / "examples"
TOKEN = "s3cret-token-0123456789"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    db = tmp_path_factory.mktemp("web") / "afterview.db"
    return TestClient(create_app(WebSettings(db=str(db))), base_url="http://127.0.0.1")


def post(client: TestClient, path: str, body: Any) -> Any:
    return client.post(path, json=body)


# --- the contracts ------------------------------------------------------------------------


def test_advise_returns_contract_2_as_the_library_does(client: TestClient) -> None:
    situation = json.loads((EXAMPLES / "uk-panel.json").read_text())
    response = post(client, "/api/advise", {"situation": situation})
    assert response.status_code == 200
    expected = advise(load_situation(EXAMPLES / "uk-panel.json")).to_dict()
    assert response.json() == json.loads(json.dumps(expected))
    assert response.json()["verdict"] == "send"
    # UK panel: one thank-you to the lead, then one status check.
    assert [a["kind"] for a in response.json()["actions"]] == ["thank_you", "status_check"]


def test_advise_now_overrides_the_situations_now(client: TestClient) -> None:
    # Three weeks later: the thank-you is long past due.
    later = "2026-12-22T14:00:00-05:00"
    response = post(client, "/api/advise", {"situation": data(), "now": later})
    expected = advise(situation_from_dict(data()), now=datetime.fromisoformat(later)).to_dict()
    assert response.json() == json.loads(json.dumps(expected))
    assert response.json() != post(client, "/api/advise", {"situation": data()}).json()


def test_no_contact_situation_advises_dont_send(client: TestClient) -> None:
    body = {"situation": data({"application.contact_policy": "no_contact"})}
    advice = post(client, "/api/advise", body).json()
    assert advice["verdict"] == "dont_send"
    assert advice["actions"] == []


def test_draft_writes_one_distinct_draft_per_interviewer(client: TestClient) -> None:
    panel = data({"interview.kind": "panel"})
    panel["interviewers"].append(SECOND)
    drafts = post(client, "/api/draft", {"situation": panel}).json()["drafts"]
    thanks = [d for d in drafts if d["kind"] == "thank_you"]
    assert [d["to"] for d in thanks] == ["Dr. Priya Nair", "Marcus Chen"]
    assert thanks[0]["body"] != thanks[1]["body"]
    assert "Dr. Nair" in thanks[0]["body"] and "Marcus" in thanks[1]["body"]


def test_a_fresh_draft_checks_clean_and_a_misspelt_name_is_found(client: TestClient) -> None:
    situation = data()
    draft = post(client, "/api/draft", {"situation": situation}).json()["drafts"][0]
    text = f"Subject: {draft['subject']}\n\n{draft['body']}"
    clean = post(client, "/api/check", {"situation": situation, "text": text}).json()
    assert [f for f in clean["findings"] if f["severity"] == "error"] == []

    wrong = text.replace("Dr. Nair", "Dr. Nayr")
    assert wrong != text
    result = post(client, "/api/check", {"situation": situation, "text": wrong}).json()
    names = [f for f in result["findings"] if f["rule"] == "name-mismatch"]
    assert names and wrong[names[0]["start"] : names[0]["end"]] == "Nayr"
    library = check_text(wrong, situation_from_dict(situation), path="draft").to_dict()
    assert result == json.loads(json.dumps(library))


def test_check_takes_the_message_kind(client: TestClient) -> None:
    body = {"situation": data(), "text": "Hi Dr. Nair, any update on my application?"}
    as_status = post(client, "/api/check", {**body, "kind": "status_check"}).json()
    assert any(f["rule"] == "too-soon" for f in as_status["findings"])
    bad = post(client, "/api/check", {**body, "kind": "postcard"})
    assert bad.status_code == 422
    assert bad.json()["error"]["field"] == "kind"


def test_rules_lists_every_advice_and_check_rule(client: TestClient) -> None:
    listed = client.get("/api/rules").json()
    ids = {r["id"] for r in listed["check"]}
    assert {"spelling", "name-mismatch", "no-contact", "too-long"} <= ids
    assert len(listed["check"]) == len(list((Path("docs/rules")).glob("*.md"))) - 1
    assert "employer-replied" in {r["id"] for r in listed["advice"]}


def test_openapi_documents_every_endpoint(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/advise", "/api/draft", "/api/check", "/api/rules"} <= set(paths)


# --- errors: one shape ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"situation": data({"interview.kind": "bogus"})}, "interview.kind", "panel"),
        ({"situation": data({"candidate.timezone": "Mars/Base"})}, "candidate.timezone", "zone"),
        ({"situation": data({"application.company": None})}, "application.company", "required"),
        ({"situation": data({"colour": "blue"})}, "colour", "unknown"),
        ({"nothing": 1}, "situation", "required"),
        ({"situation": data(), "now": "2026-12-01T10:00:00"}, "now", "timezone"),
    ],
)
def test_bad_input_is_one_422_naming_the_field(
    client: TestClient, body: Any, field: str, words: str
) -> None:
    response = post(client, "/api/advise", body)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["status"] == 422
    assert error["field"] == field
    assert words in error["message"].lower()


def test_body_that_is_not_json_is_refused(client: TestClient) -> None:
    response = client.post(
        "/api/check", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    assert set(response.json()["error"]) == {"status", "message", "field"}


def test_unknown_path_and_wrong_method_use_the_error_shape(client: TestClient) -> None:
    assert client.get("/api/nope").json()["error"]["status"] == 404
    wrong = client.get("/api/check")
    assert wrong.status_code == 405
    assert wrong.json()["error"]["status"] == 405


# --- the guard -----------------------------------------------------------------------------


def test_security_headers_on_success_and_error(client: TestClient) -> None:
    for response in (client.get("/api/rules"), client.get("/api/nope")):
        assert response.headers["content-security-policy"] == CSP
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"
    assert "script-src 'self'" in CSP and "unsafe-inline" not in CSP


def test_oversized_body_is_refused_declared_or_streamed(client: TestClient) -> None:
    big = b'{"situation": {}, "text": "' + b"a" * 300_000 + b'"}'
    declared = client.post("/api/check", content=big, headers={"content-type": "application/json"})
    assert declared.status_code == 413
    assert declared.json()["error"]["status"] == 413

    def chunks() -> Any:  # no content-length: the limit applies while the body streams in
        for n in range(0, len(big), 16_384):
            yield big[n : n + 16_384]

    streamed = client.post(
        "/api/check", content=chunks(), headers={"content-type": "application/json"}
    )
    assert streamed.status_code == 413


def test_long_draft_text_is_refused_by_field(client: TestClient) -> None:
    response = post(client, "/api/check", {"situation": data(), "text": "word " * 5000})
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "text"


def test_foreign_host_header_is_refused(client: TestClient) -> None:
    # DNS rebinding: a page on evil.example resolving to 127.0.0.1 must not reach the API.
    response = client.get("/api/rules", headers={"host": "evil.example"})
    assert response.status_code == 400


def test_token_is_required_when_configured() -> None:
    guarded = TestClient(create_app(WebSettings(token=TOKEN)), base_url="http://127.0.0.1")
    assert guarded.get("/api/rules").status_code == 401
    assert guarded.get("/api/rules").json()["error"]["status"] == 401
    wrong = guarded.get("/api/rules", headers={"authorization": "Bearer nope"})
    assert wrong.status_code == 401
    ok = guarded.get("/api/rules", headers={"authorization": f"Bearer {TOKEN}"})
    assert ok.status_code == 200
    guarded.cookies.set("afterview_token", TOKEN)
    assert guarded.get("/api/rules").status_code == 200


def test_non_local_bind_needs_a_token() -> None:
    with pytest.raises(InputError, match="access token"):
        WebSettings(host="0.0.0.0")
    with pytest.raises(InputError, match="16 characters"):
        WebSettings(host="0.0.0.0", token="short")
    assert WebSettings(host="0.0.0.0", token=TOKEN).allowed_hosts == ["*"]
    assert WebSettings(host="::1").token is None


def test_serve_refuses_a_public_bind_without_token_in_one_line() -> None:
    env = {k: v for k, v in os.environ.items() if k != "AFTERVIEW_TOKEN"}
    result = subprocess.run(
        [sys.executable, "-m", "afterview", "serve", "--host", "0.0.0.0"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "--host: 0.0.0.0 is not a loopback address" in result.stderr


# --- a real server on loopback -------------------------------------------------------------


def test_a_real_server_answers_on_loopback(tmp_path: Path) -> None:
    with running(create_app(WebSettings(db=str(tmp_path / "a.db")))) as base:
        body = json.dumps({"situation": data(), "text": "Dear Dr. Nair, thank you."}).encode()
        request = urllib.request.Request(
            f"{base}/api/check", data=body, headers={"content-type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 200
            assert "findings" in json.loads(response.read())
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"{base}/api/nope", timeout=10)
        assert refused.value.code == 404


# --- reuse across requests -----------------------------------------------------------------


def test_the_same_situation_reuses_its_checker_and_a_changed_one_does_not() -> None:
    from afterview.web import memo

    at = datetime.fromisoformat("2026-12-01T15:00:00-05:00")
    first = memo.checker_for(data(), "thank_you", at)
    assert memo.checker_for(data(), "thank_you", at) is first
    assert memo.checker_for(data(), "status_check", at) is not first
    changed = memo.checker_for(data({"application.company": "Contoso"}), "thank_you", at)
    assert changed is not first
    assert changed.ctx.situation.application.company == "Contoso"
    for n in range(memo.SIZE + 1):  # bounded: the oldest is dropped
        memo.checker_for(data({"application.company": f"Company {n}"}), "thank_you", at)
    assert memo.checker_for(data(), "thank_you", at) is not first


def test_a_bad_situation_is_not_remembered(client: TestClient) -> None:
    bad = {"situation": data({"interview.kind": "bogus"}), "text": "Dear Dr. Nair,"}
    for _ in range(2):
        assert post(client, "/api/check", bad).status_code == 422


def test_suggestions_are_memoised_and_not_shared_mutably() -> None:
    from afterview.checks.spelling_engine import SpellEngine

    spell = SpellEngine()
    first = spell.suggest("recieve")
    assert first[0] == "receive"
    first.clear()
    assert spell.suggest("recieve")[0] == "receive"
    assert ("recieve", 5, 2) in spell._suggested


def test_serve_with_two_workers_answers_and_keeps_the_token() -> None:
    port = free_port()
    env = {**os.environ, "AFTERVIEW_TOKEN": TOKEN, "NO_COLOR": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "afterview", "serve", "--port", str(port), "--workers", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                time.sleep(0.1)
        url = f"http://127.0.0.1:{port}/api/rules"
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(url, timeout=10)
        assert refused.value.code == 401  # the workers got the token from the parent
        request = urllib.request.Request(url, headers={"authorization": f"Bearer {TOKEN}"})
        with urllib.request.urlopen(request, timeout=10) as response:
            assert "advice" in json.loads(response.read())
    finally:
        server.terminate()
        server.wait(timeout=15)
