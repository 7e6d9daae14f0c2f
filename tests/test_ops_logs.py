"""Structured logs (afterview.ops.logs, afterview.ops.observe) from the real web app: one JSON
object a line with the request fields, a request id taken or made and echoed, and never a
body, an address, a name, a password or a token in any line."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from afterview.errors import InputError
from afterview.ops import logs
from afterview.web import WebSettings, create_app

from helpers import WIZARD_FORM, data

NOW = datetime.fromisoformat("2026-12-01T19:00:00-05:00")
LOCAL = "http://127.0.0.1"
TOKEN = "app-token-Zq8wXv3Lm5Np"
TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")

# What a student types or a server holds, each unmistakable in a log.
DRAFT_BODY = "Thank you QuetzalBodyMarker for the conversation about the claims dashboard"
ADDRESS = "zelda.quokka-marker@student.example.edu"
NAME = "Philippa Quokkamarker"
PASSWORD = "pw-Xylophone-Marker-7731"
SECRETS = (
    DRAFT_BODY,
    "QuetzalBodyMarker",
    ADDRESS,
    "zelda.quokka",
    NAME,
    "Quokkamarker",
    PASSWORD,
    "Xylophone",
    TOKEN,
)


def inner(app: Any) -> Any:
    """The FastAPI app inside the observer and the guard."""
    return app.app


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    yield
    logs.configure("text", logging.WARNING)


def json_lines(err: str) -> list[dict[str, Any]]:
    lines = [line for line in err.splitlines() if line.strip()]
    return [json.loads(line) for line in lines]  # every line must be one JSON object


def drive_everything(client: TestClient) -> int:
    """Requests carrying a draft body, an address, a name, a password and the token in every
    place a request can carry them; returns how many requests were made."""
    situation = data({"candidate.name": NAME, "candidate.email": ADDRESS})
    auth = {"Authorization": f"Bearer {TOKEN}"}
    made = 0

    def go(response: Any) -> None:
        nonlocal made
        made += 1
        assert response.status_code < 600

    go(client.post("/login", data={"email": ADDRESS, "password": PASSWORD}))  # 401, no token
    go(client.get("/api/interviews", headers={"Authorization": f"Bearer {PASSWORD}-wrong"}))
    go(client.post("/api/check", json={"situation": situation, "text": DRAFT_BODY}, headers=auth))
    go(client.post("/api/draft", json={"situation": situation}, headers=auth))
    go(client.post("/api/check", json={"situation": situation, "text": 7}, headers=auth))  # 422
    go(client.get(f"/?token={TOKEN}"))  # the token login: 303 and a cookie
    go(client.get(f"/api/interviews?email={ADDRESS}&password={PASSWORD}", headers=auth))
    go(client.get(f"/{ADDRESS}/{PASSWORD}", headers=auth))  # a raw path full of secrets: 404
    go(client.get(f"/api/interviews/{ADDRESS}", headers=auth))  # 422: not an id
    go(client.get("/healthz", headers={"X-Request-ID": ADDRESS}))  # malformed: replaced
    go(client.get("/interviews/new", headers={**auth, "Cookie": f"session={PASSWORD}"}))
    form = {**WIZARD_FORM, "me_name": NAME, "me_email": ADDRESS, "notes": DRAFT_BODY}
    go(client.post("/interviews/new", data=form, headers=auth))  # no CSRF token: refused
    go(client.get("/boom", headers={**auth, "X-Draft": DRAFT_BODY}))  # an exception quoting it
    return made


def boom_app(tmp_path: Path) -> Any:
    app = create_app(WebSettings(db=str(tmp_path / "a.db"), now=NOW, token=TOKEN))

    @inner(app).get("/boom")
    def boom() -> None:
        raise RuntimeError(f"failed on {DRAFT_BODY} for {ADDRESS} with {PASSWORD}")

    inner(app).router.routes.insert(0, inner(app).router.routes.pop())  # before the pages
    return app


def test_json_lines_carry_the_request_fields_and_no_secret(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("AFTERVIEW_LOG_FORMAT", "json")
    app = boom_app(tmp_path)
    capsys.readouterr()
    with TestClient(
        app, base_url=LOCAL, raise_server_exceptions=False, follow_redirects=False
    ) as client:
        made = drive_everything(client)
    err = capsys.readouterr().err
    entries = json_lines(err)
    for secret in SECRETS:
        assert secret.casefold() not in err.casefold(), f"{secret!r} was logged"
    requests = [e for e in entries if e["logger"] == "afterview.request"]
    # every request has its line (the probe's at debug level, below the default info)
    assert len(requests) == made - 1
    for entry in entries:
        assert TIME.fullmatch(entry["time"])
        assert entry["level"] in {"debug", "info", "warning", "error"}
        assert set(entry) <= {
            "time",
            "level",
            "logger",
            "message",
            "request_id",
            "error",
            "method",
            "route",
            "status",
            "duration_ms",
        }
    for entry in requests:
        assert {"method", "route", "status", "duration_ms", "request_id"} <= set(entry)
        assert re.fullmatch(r"[0-9a-f]{32}", entry["request_id"])
        assert entry["duration_ms"] >= 0
    routes = {(e["method"], e["route"], e["status"]) for e in requests}
    assert ("POST", "/api/check", 200) in routes
    assert ("POST", "/api/check", 422) in routes
    assert ("GET", "/api/interviews/{interview_id}", 422) in routes  # the template, not the path
    assert ("GET", "unmatched", 404) in routes
    assert ("POST", "unmatched", 401) in routes  # refused by the guard before routing
    assert ("GET", "/api/interviews", 401) in routes  # a wrong token: refused, and named
    assert ("GET", "/boom", 500) in routes
    assert ("GET", "/", 303) in routes  # the guard's token login, named by the route it serves
    crashed = [e for e in entries if e.get("error")]
    assert crashed, "the exception was not logged"
    assert crashed[0]["error"]["type"] == "builtins.RuntimeError"
    assert any("boom" in frame for frame in crashed[0]["error"]["stack"])
    assert "message" not in crashed[0]["error"]  # its text quotes what was typed
    by_id = {e["request_id"] for e in requests}
    assert len(by_id) == len(requests)  # one id a request
    assert all(e["request_id"] in by_id for e in crashed)  # the error line has its request's id


def test_a_well_formed_request_id_is_kept_and_echoed_a_malformed_one_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("AFTERVIEW_LOG_FORMAT", "json")
    app = create_app(WebSettings(db=str(tmp_path / "a.db"), now=NOW))
    capsys.readouterr()
    with TestClient(app, base_url=LOCAL) as client:
        kept = client.get("/guide", headers={"X-Request-ID": "lb-4f2a.91_x"})
        assert kept.headers["x-request-id"] == "lb-4f2a.91_x"
        for bad in ["a b", "x" * 129, "id\nfake-line", "é", "", "<script>"]:
            response = client.get("/guide", headers={"X-Request-ID": bad.encode("utf-8")})
            assert re.fullmatch(r"[0-9a-f]{32}", response.headers["x-request-id"])
        made = client.get("/guide")
        assert re.fullmatch(r"[0-9a-f]{32}", made.headers["x-request-id"])
        assert len(made.headers.get_list("x-request-id")) == 1
    entries = json_lines(capsys.readouterr().err)
    ids = [e["request_id"] for e in entries if e["logger"] == "afterview.request"]
    assert ids[0] == "lb-4f2a.91_x"
    assert made.headers["x-request-id"] == ids[-1]
    assert "script" not in json.dumps(entries) and "fake-line" not in json.dumps(entries)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=st.text(alphabet=st.characters(categories=["L", "N"]), min_size=16, max_size=80))
def test_no_draft_text_ever_reaches_a_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], body: str
) -> None:
    app = _json_app(tmp_path)
    capsys.readouterr()
    with TestClient(app, base_url=LOCAL) as client:
        client.post("/api/check", json={"situation": data(), "text": body})
        client.post("/api/check", json={"situation": data(), "text": body, "kind": body})
    err = capsys.readouterr().err
    assert len(json_lines(err)) == 2
    assert body not in err


_APPS: dict[str, Any] = {}


def _json_app(tmp_path: Path) -> Any:
    import os

    if "app" not in _APPS:
        os.environ["AFTERVIEW_LOG_FORMAT"] = "json"
        try:
            _APPS["app"] = create_app(WebSettings(db=str(tmp_path / "h.db"), now=NOW))
        finally:
            del os.environ["AFTERVIEW_LOG_FORMAT"]
    logs.configure("json", logging.INFO)
    return _APPS["app"]


def test_the_format_follows_the_mode_and_the_variables() -> None:
    assert logs.log_format({}) == "text"
    assert logs.log_format({"AFTERVIEW_MODE": "local"}) == "text"
    assert logs.log_format({"AFTERVIEW_MODE": "shared"}) == "json"
    assert logs.log_format({"AFTERVIEW_MODE": "shared", "AFTERVIEW_LOG_FORMAT": "text"}) == "text"
    assert logs.log_format({"AFTERVIEW_LOG_FORMAT": " JSON "}) == "json"
    assert logs.log_level("json", {}) == logging.INFO
    assert logs.log_level("text", {}) == logging.WARNING
    assert logs.log_level("text", {"AFTERVIEW_LOG_LEVEL": "debug"}) == logging.DEBUG
    with pytest.raises(
        InputError, match=r"^AFTERVIEW_LOG_FORMAT: expected json or text; got 'xml'$"
    ):
        logs.log_format({"AFTERVIEW_LOG_FORMAT": "xml"})
    with pytest.raises(InputError, match="AFTERVIEW_LOG_LEVEL: expected debug"):
        logs.log_level("json", {"AFTERVIEW_LOG_LEVEL": "loud"})


def test_a_bad_format_stops_the_app_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AFTERVIEW_LOG_FORMAT", "yaml")
    with pytest.raises(InputError, match="AFTERVIEW_LOG_FORMAT"):
        create_app(WebSettings(db=str(tmp_path / "a.db")))


def test_shared_mode_logs_json_local_mode_stays_quiet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("AFTERVIEW_MODE", "shared")
    monkeypatch.setenv("AFTERVIEW_SECRET_KEY", "k" * 43)  # shared mode signs sessions with it
    monkeypatch.setenv("AFTERVIEW_PUBLIC_URL", "http://127.0.0.1")
    with TestClient(create_app(WebSettings(db=str(tmp_path / "a.db"))), base_url=LOCAL) as c:
        capsys.readouterr()
        c.get("/guide")
    assert json_lines(capsys.readouterr().err)[0]["route"] == "/guide"
    monkeypatch.delenv("AFTERVIEW_MODE")
    with TestClient(create_app(WebSettings(db=str(tmp_path / "a.db"))), base_url=LOCAL) as c:
        capsys.readouterr()
        c.get("/guide")
    assert capsys.readouterr().err == ""  # one person's terminal: no line a request


def test_text_lines_at_info_carry_the_same_fields_and_no_secret(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("AFTERVIEW_LOG_LEVEL", "info")
    app = create_app(WebSettings(db=str(tmp_path / "a.db"), now=NOW, token=TOKEN))
    capsys.readouterr()
    with TestClient(app, base_url=LOCAL, raise_server_exceptions=False) as client:
        client.get(f"/api/interviews/{ADDRESS}", headers={"Authorization": f"Bearer {TOKEN}"})
        client.get(f"/?token={TOKEN}")
    err = capsys.readouterr().err
    assert "afterview.request: GET /api/interviews/{interview_id} 422" in err
    assert "route=/api/interviews/{interview_id} status=422" in err
    assert re.search(r"request_id=[0-9a-f]{32}", err)
    assert ADDRESS not in err and TOKEN not in err


def test_the_formatter_adds_only_named_fields(capsys: pytest.CaptureFixture[str]) -> None:
    logs.configure("json", logging.INFO)
    log = logging.getLogger("afterview.test")
    log.info("saved", extra={"fields": {"count": 3, "message": "spoofed"}, "email": ADDRESS})
    entry = json_lines(capsys.readouterr().err)[-1]
    assert entry["message"] == "saved" and entry["count"] == 3
    assert "email" not in entry and ADDRESS not in json.dumps(entry)
    assert "request_id" not in entry  # outside a request


def test_a_real_server_writes_only_json_lines(tmp_path: Path) -> None:
    """``afterview serve`` (uvicorn configures its own logging after the app is made): every
    line on stderr is JSON, uvicorn's own warnings included, and no secret is in any."""
    import os
    import signal
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    from web_server import free_port

    port = free_port()
    # JSON as a shared deployment logs by default (shared mode itself needs PostgreSQL).
    env = {**os.environ, "AFTERVIEW_LOG_FORMAT": "json", "AFTERVIEW_TOKEN": TOKEN}
    env.pop("AFTERVIEW_MODE", None)
    err = tmp_path / "serve.err"
    with err.open("wb") as sink:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "afterview",
                "serve",
                "--port",
                str(port),
                "--db",
                str(tmp_path / "a.db"),
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=sink,
            start_new_session=True,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 30
            while True:
                try:
                    urllib.request.urlopen(base + "/healthz", timeout=2).close()
                    break
                except OSError:
                    assert process.poll() is None and time.monotonic() < deadline, err.read_text()
                    time.sleep(0.1)
            request = urllib.request.Request(
                f"{base}/api/interviews?email={ADDRESS}",
                headers={"Authorization": f"Bearer {TOKEN}"},
            )
            urllib.request.urlopen(request, timeout=5).close()
            with socket.create_connection(("127.0.0.1", port)) as raw:  # not HTTP at all
                raw.sendall(f"HELLO {PASSWORD}\r\n\r\n".encode())
                raw.settimeout(5)
                raw.recv(1024)
        finally:
            process.send_signal(signal.SIGINT)
            process.wait(timeout=20)
    lines = json_lines(err.read_text())  # every line parses
    assert any(e.get("route") == "/api/interviews" and e["status"] == 200 for e in lines)
    assert any(e["logger"].startswith("uvicorn") for e in lines), lines  # uvicorn's, in JSON
    text = err.read_text()
    assert ADDRESS not in text and PASSWORD not in text and TOKEN not in text
