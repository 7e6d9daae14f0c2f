"""The web app's weak spots, closed (issue 13, item 7): the token login redirects only to a path
on this server; the forms' CSRF tokens are signed with a server-side key, so a cookie planted
from another port cannot pass; the test-only Host is gone; and a message is never recorded as
sent by hand when the advice forbids sending it (editor, API, CLI alike)."""

from __future__ import annotations

import asyncio
import http.client
import json
import logging
import os
import re
import secrets
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from afterview.cli import app as cli
from afterview.errors import InputError
from afterview.outbox import Refused, record_by_hand
from afterview.web import WebSettings, create_app
from afterview.web import csrf as csrf_module
from afterview.web.security import Guard, same_origin_path

from helpers import WIZARD_FORM, data
from web_server import free_port, running

NOW = datetime.fromisoformat("2026-12-01T19:00:00-05:00")  # the thank-you window is open
TOKEN = "a-long-enough-token-for-tests"
LOCAL = "http://127.0.0.1"
WIZARD = {**WIZARD_FORM, "company": "Tailspin Toys"}


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    app = create_app(WebSettings(db=str(tmp_path / "afterview.db"), now=NOW))
    with TestClient(app, base_url=LOCAL) as c:
        yield c


def form_token(client: TestClient, path: str = "/interviews/new") -> str:
    """The token a page gives its forms (every page has it for HTMX, even one without forms)."""
    html = client.get(path).text
    return re.search(r'"X-CSRF-Token": "([^"]+)"', html).group(1)  # type: ignore[union-attr]


def interviews(client: TestClient) -> list[dict[str, Any]]:
    return list(client.get("/api/interviews").json()["interviews"])


def stored(client: TestClient, patch: dict[str, Any] | None = None, key: str = "k1") -> int:
    response = client.post("/api/interviews", json={"situation": data(patch), "key": key})
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


# --- 1. the token login never redirects off this server -------------------------------------


def _browser_reads(location: str) -> str:
    """What a browser makes of a Location: tabs and newlines dropped, backslashes as slashes."""
    return re.sub(r"[\t\n\r]", "", location).replace("\\", "/")


def _only_here(location: str) -> None:
    assert location.startswith("/") and not location.startswith(("//", "/\\"))
    parts = urlsplit(location)
    assert parts.scheme == "" and parts.netloc == ""
    seen = _browser_reads(location)
    assert not seen.startswith("//")
    here = "http://127.0.0.1:8765/interviews/"
    assert urlsplit(urljoin(here, seen)).netloc == "127.0.0.1:8765"
    assert all(0x20 < ord(c) < 0x7F and c != "\\" for c in location)


@given(st.text())
@settings(max_examples=2000, deadline=None)
def test_any_path_becomes_a_location_on_this_server(path: str) -> None:
    _only_here(same_origin_path(path))


@given(st.text(alphabet=st.sampled_from("/\\\t\n\r%:.@?#aé \x00\x7f"), max_size=12))
@settings(max_examples=2000, deadline=None)
def test_paths_made_of_the_tricky_characters_stay_here(path: str) -> None:
    _only_here(same_origin_path(path))


def _login_location(path: str, query: str) -> str | None:
    """Run the guard's token login on a request for ``path`` (as the server decoded it)."""
    sent: list[dict[str, Any]] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:  # never reached by a login
        raise AssertionError("the token login should have answered")

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b""}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "method": "GET",
        "path": path,
        "query_string": query.encode(),
        "headers": [(b"host", b"127.0.0.1:8765")],
    }
    asyncio.run(Guard(app, max_body=1024, token=TOKEN)(scope, receive, send))
    assert sent[0]["status"] == 303
    return dict(sent[0]["headers"])[b"location"].decode("latin-1")  # type: ignore[no-any-return]


@given(st.text(), st.sampled_from(["", "&next=1", "&a=%2F%2Fevil.example"]))
@settings(max_examples=300, deadline=None)
def test_the_login_redirect_stays_here_for_any_path(path: str, extra: str) -> None:
    location = _login_location(path, f"token={TOKEN}{extra}")
    assert location is not None
    _only_here(location)
    assert "token=" not in location


SHAPES = [  # how the path arrives on the wire
    "//evil.example/",
    "///evil.example/",
    "/\\evil.example/",
    "/\\\\evil.example/",
    "/%2F%2Fevil.example/",
    "/%2f/evil.example/",
    "/%5Cevil.example/",
    "/%5C%5Cevil.example/",
    "/%09/evil.example/",
    "/%0A/evil.example/",
    "/%0D%0A/evil.example/",
    "/%00/evil.example/",
]


def _raw_get(base: str, path: str, host: str | None = None) -> http.client.HTTPResponse:
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    headers = {"Host": host} if host else {}
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


@pytest.fixture
def guarded(tmp_path: Path) -> Iterator[str]:
    app = create_app(WebSettings(db=str(tmp_path / "a.db"), now=NOW, token=TOKEN))
    with running(app) as base:
        yield base


def test_the_open_redirect_is_closed_on_a_real_server(guarded: str) -> None:
    for shape in SHAPES:
        response = _raw_get(guarded, f"{shape}?token={TOKEN}")
        assert response.status == 303, shape
        assert response.headers["location"] == "/", shape
        assert f"afterview_token={TOKEN}" in response.headers["set-cookie"]


def test_an_ordinary_login_link_keeps_its_page_and_query(guarded: str) -> None:
    cases = {
        f"/?token={TOKEN}": "/",
        f"/interviews/new?token={TOKEN}": "/interviews/new",
        f"/guide?x=1&token={TOKEN}": "/guide?x=1",
        f"/caf%C3%A9/a%20b?token={TOKEN}": "/caf%C3%A9/a%20b",
        f"/a//b?token={TOKEN}": "/a//b",  # a double slash after the first segment is harmless
    }
    for path, location in cases.items():
        response = _raw_get(guarded, path)
        assert (response.status, response.headers["location"]) == (303, location), path
    wrong = _raw_get(guarded, "//evil.example/?token=not-the-token")
    assert wrong.status == 401 and wrong.headers["location"] is None


# --- 2. CSRF tokens are signed with the server's key ----------------------------------------


def test_a_legitimate_form_passes(client: TestClient) -> None:
    form = {**WIZARD, "csrf": form_token(client), "key": "legit1"}
    response = client.post("/interviews/new", data=form, follow_redirects=False)
    assert response.status_code == 303
    assert [i["company"] for i in interviews(client)] == ["Tailspin Toys"]


def _planted(client: TestClient, session: str, token: str) -> int:
    """A cookie the attacker chose and a token the attacker made, posted to the wizard."""
    client.cookies.clear()
    client.cookies.set(csrf_module.COOKIE, session)
    form = {**WIZARD, "csrf": token, "company": "Planted Cookie Inc"}
    return client.post("/interviews/new", data=form).status_code


def test_a_planted_cookie_with_a_token_the_attacker_made_is_refused(client: TestClient) -> None:
    session = secrets.token_urlsafe(32)  # the shape afterview's sessions have
    attacker_key = secrets.token_bytes(32)
    assert _planted(client, session, session) == 403  # the old double submit: cookie == token
    assert _planted(client, session, csrf_module.sign(attacker_key, session)) == 403
    assert _planted(client, "x", "x") == 403
    assert _planted(client, "", "") == 403
    # a token this server signed, but for another browser's session
    client.cookies.clear()
    someone_elses = form_token(client)
    assert _planted(client, secrets.token_urlsafe(32), someone_elses) == 403
    assert interviews(client) == []


def test_a_token_from_another_afterview_is_refused(client: TestClient, tmp_path: Path) -> None:
    other = create_app(WebSettings(db=str(tmp_path / "other.db"), now=NOW))
    with TestClient(other, base_url=LOCAL) as elsewhere:
        token = form_token(elsewhere)
        session = elsewhere.cookies[csrf_module.COOKIE]
    assert _planted(client, session, token) == 403
    assert interviews(client) == []


def test_the_htmx_header_carries_the_token(client: TestClient) -> None:
    interview_id = stored(client)
    url = f"/interviews/{interview_id}/replied"
    token = form_token(client, f"/interviews/{interview_id}")
    forged = client.post(url, headers={"x-csrf-token": "forged"}, follow_redirects=False)
    assert forged.status_code == 403
    done = client.post(url, headers={"x-csrf-token": token}, follow_redirects=False)
    assert done.status_code == 303


def test_a_page_on_another_port_cannot_post_even_with_a_good_token(client: TestClient) -> None:
    form = {**WIZARD, "csrf": form_token(client)}
    for site in ("same-site", "cross-site"):  # 127.0.0.1:9999 is the same *site* as :8765
        refused = client.post("/interviews/new", data=form, headers={"sec-fetch-site": site})
        assert refused.status_code == 403, site
        said = refused.json()["error"]["message"]
        assert said.startswith("Refused: this came from a page that is not afterview's own")
    assert interviews(client) == []
    ours = client.post(
        "/interviews/new",
        data=form,
        headers={"sec-fetch-site": "same-origin"},
        follow_redirects=False,
    )
    assert ours.status_code == 303


def test_a_key_file_is_made_once_private_and_shared(tmp_path: Path) -> None:
    path = tmp_path / "data" / csrf_module.KEY_FILE
    with ThreadPoolExecutor(8) as pool:  # processes starting at once agree on one key
        keys = set(pool.map(lambda _: csrf_module.install_key(path), range(16)))
    assert len(keys) == 1 and len(keys.pop()) == 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert sorted(p.name for p in path.parent.iterdir()) == [csrf_module.KEY_FILE]
    path.chmod(0o644)
    csrf_module.install_key(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600  # tightened


def test_a_damaged_key_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / csrf_module.KEY_FILE
    path.write_text("not a key\n")
    with pytest.raises(InputError, match=re.escape(str(path)) + ".*64 hex digits"):
        csrf_module.install_key(path)


def test_the_key_lives_beside_the_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    beside = tmp_path / "jobs" / csrf_module.KEY_FILE
    assert csrf_module.key_path(str(tmp_path / "jobs" / "afterview.db")) == beside
    assert csrf_module.key_path(f"sqlite:///{tmp_path}/jobs/afterview.db") == beside
    default = tmp_path / "xdg" / "afterview" / csrf_module.KEY_FILE
    assert csrf_module.key_path(None) == default  # beside the default database
    assert csrf_module.key_path("postgresql+psycopg://u@db.example/afterview") == default
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/env/x.db")
    assert csrf_module.key_path(None) == tmp_path / "env" / csrf_module.KEY_FILE
    assert not (tmp_path / "xdg").exists()  # nothing is made until a page needs the key


def test_apps_sharing_a_key_file_accept_each_others_forms(tmp_path: Path) -> None:
    """What a restart of ``afterview serve`` (or a second worker) sees."""
    key = str(tmp_path / csrf_module.KEY_FILE)
    db = str(tmp_path / "afterview.db")
    with TestClient(create_app(WebSettings(db=db, now=NOW, key_file=key)), LOCAL) as first:
        token = form_token(first)
        session = first.cookies[csrf_module.COOKIE]
    with TestClient(create_app(WebSettings(db=db, now=NOW, key_file=key)), LOCAL) as second:
        second.cookies.set(csrf_module.COOKIE, session)
        form = {**WIZARD, "csrf": token}
        assert second.post("/interviews/new", data=form, follow_redirects=False).status_code == 303
    fresh = create_app(WebSettings(db=str(tmp_path / "b.db"), now=NOW))  # no key file: its own
    with TestClient(fresh, LOCAL) as third:
        assert _planted(third, session, token) == 403


def test_a_key_file_that_cannot_be_kept_leaves_forms_working(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    key = str(blocked / csrf_module.KEY_FILE)  # its folder is a file
    app = create_app(WebSettings(db=str(tmp_path / "a.db"), now=NOW, key_file=key))
    with caplog.at_level(logging.WARNING, "afterview.web"), TestClient(app, LOCAL) as c:
        form = {**WIZARD, "csrf": form_token(c)}
        assert c.post("/interviews/new", data=form, follow_redirects=False).status_code == 303
    assert "signing key" in caplog.text and "forms expire when the server restarts" in caplog.text


def _wait_for(port: int, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert server.poll() is None, "afterview serve exited"
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("afterview serve did not start")


def _serve(port: int, db: Path, workers: int) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "afterview", "serve", "--port", str(port), "--db", str(db)]
    env = {k: v for k, v in os.environ.items() if k not in ("AFTERVIEW_TOKEN", "DATABASE_URL")}
    server = subprocess.Popen(
        [*command, "--workers", str(workers)], stdout=subprocess.DEVNULL, env=env
    )
    _wait_for(port, server)
    return server


def _http(base: str, path: str, form: dict[str, str] | None = None, cookie: str = "") -> Any:
    """A request as a browser without JavaScript makes it: (status, headers, body)."""
    from urllib.parse import urlencode

    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    headers = {"cookie": f"{csrf_module.COOKIE}={cookie}"} if cookie else {}
    if form is None:
        connection.request("GET", path, headers=headers)
    else:
        headers["content-type"] = "application/x-www-form-urlencoded"
        connection.request("POST", path, urlencode(form), headers)
    response = connection.getresponse()
    body = response.read().decode("utf-8")
    connection.close()
    return response.status, response.headers, body


def test_serve_keeps_forms_valid_across_a_restart_and_its_workers(tmp_path: Path) -> None:
    db = tmp_path / "afterview.db"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = _serve(port, db, 1)
    try:
        status, headers, page = _http(base, "/interviews/new")
        if status == 303:  # the wizard gives each form its own address (?key=K)
            status, headers, page = _http(base, headers["location"])
        token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
        session = re.search(rf"{csrf_module.COOKIE}=([^;]+)", headers["set-cookie"]).group(1)  # type: ignore[union-attr]
    finally:
        server.terminate()
        server.wait(timeout=15)
    key = tmp_path / csrf_module.KEY_FILE
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert key.read_text().strip() not in page  # the key itself is never shown
    server = _serve(port, db, 2)
    try:
        bad = {"csrf": token, "company": ""}  # passes the token check, then fails as input
        answers = {_http(base, "/interviews/new", bad, session)[0] for _ in range(8)}
        assert answers == {422}  # every worker, after a restart, accepts the old token
        forged = _http(base, "/interviews/new", {**bad, "csrf": session}, session)
        assert forged[0] == 403
    finally:
        server.terminate()
        server.wait(timeout=15)


# --- 3. Host: only this machine's names ------------------------------------------------------


def test_the_test_only_host_is_gone_from_the_defaults() -> None:
    assert "testserver" not in WebSettings().allowed_hosts
    assert sorted(WebSettings().allowed_hosts) == ["127.0.0.1", "[::1]", "localhost"]
    default = TestClient(create_app(WebSettings()))  # Starlette's default Host: testserver
    assert default.get("/api/rules").status_code == 400


def test_a_real_server_with_default_settings_refuses_host_testserver(tmp_path: Path) -> None:
    with running(create_app(WebSettings(db=str(tmp_path / "a.db")))) as base:
        port = urlsplit(base).port
        for host in ("testserver", f"testserver:{port}", "evil.example", "127.0.0.1.evil.example"):
            assert _raw_get(base, "/api/rules", host=host).status == 400, host
        for host in (f"127.0.0.1:{port}", f"localhost:{port}", "127.0.0.1"):
            assert _raw_get(base, "/api/rules", host=host).status == 200, host


# --- 4. "I sent it myself" is refused where a send would be --------------------------------


NO_CONTACT = {"interview.no_contact_requested": True}


def test_the_api_refuses_to_record_a_message_on_a_no_contact_interview(
    client: TestClient,
) -> None:
    interview_id = stored(client, NO_CONTACT)
    url = f"/api/interviews/{interview_id}/sent"
    body = {"kind": "thank_you", "to": "priya.nair@northwind.example"}
    refused = client.post(url, json=body)
    assert refused.status_code == 409
    message = refused.json()["error"]["message"]
    assert message.startswith("Not recorded as sent: The employer asked for no contact")
    assert client.get(f"/api/interviews/{interview_id}").json()["messages"] == []


def test_the_api_records_an_ordinary_message_sent_by_hand(client: TestClient) -> None:
    interview_id = stored(client)
    url = f"/api/interviews/{interview_id}/sent"
    done = client.post(url, json={"kind": "thank_you", "to": "Priya"})
    assert done.status_code == 201
    assert (done.json()["state"], done.json()["via"]) == ("sent", "by hand")


def test_a_second_status_check_is_not_recorded_either(client: TestClient) -> None:
    two = {"interviewers": [data()["interviewers"][0], {"name": "Marcus Chen"}]}
    interview_id = stored(client, two)
    url = f"/api/interviews/{interview_id}/sent"
    first = client.post(url, json={"kind": "status_check", "to": "Priya"})
    assert first.status_code == 201
    second = client.post(url, json={"kind": "status_check", "to": "Marcus Chen"})
    assert second.status_code == 409
    assert "already sent your status check" in second.json()["error"]["message"]


def _editor_post(client: TestClient, message: dict[str, Any], action: str) -> Any:
    token = form_token(client, f"/messages/{message['id']}")
    form = {"csrf": token, "action": action, "subject": message["subject"] or ""}
    return client.post(f"/messages/{message['id']}", data={**form, "body": message["body"]})


def test_the_editor_refuses_i_sent_it_myself_on_a_no_contact_interview(
    client: TestClient,
) -> None:
    interview_id = stored(client)
    message = client.post(f"/api/interviews/{interview_id}/drafts", json={}).json()["messages"][0]
    stored(client, NO_CONTACT)  # the same key: the employer asked for no contact since
    page = client.get(f"/messages/{message['id']}").text
    assert 'value="by_hand"' not in page  # the button is not offered
    crafted = _editor_post(client, message, "by_hand")
    # The draft was cancelled when the employer asked for no contact: a crafted post changes
    # nothing and lands on the message as it stands (cancelled, and why).
    assert crafted.status_code == 200 and "Nothing new was done" in crafted.text
    assert "no contact" in crafted.text
    after = client.get(f"/api/messages/{message['id']}").json()
    assert after["state"] == "cancelled" and after["sent_at"] is None


def test_the_editor_still_records_an_ordinary_message(client: TestClient) -> None:
    interview_id = stored(client)
    message = client.post(f"/api/interviews/{interview_id}/drafts", json={}).json()["messages"][0]
    done = _editor_post(client, message, "by_hand")
    assert done.status_code == 200 and "Recorded as sent." in done.text
    assert client.get(f"/api/messages/{message['id']}").json()["state"] == "sent"
    again = _editor_post(client, message, "by_hand")  # a second press: nothing new
    assert again.status_code == 200 and "Nothing new was done" in again.text
    assert client.get(f"/api/messages/{message['id']}").json()["state"] == "sent"


runner = CliRunner()


def _imported(tmp_path: Path, patch: dict[str, Any] | None) -> str:
    db = str(tmp_path / "cli.db")
    situation = tmp_path / "situation.json"
    situation.write_text(json.dumps(data(patch)))
    assert runner.invoke(cli, ["import", str(situation), "--db", db]).exit_code == 0
    return db


def test_the_cli_refuses_sent_on_a_no_contact_interview_in_one_line(tmp_path: Path) -> None:
    db = _imported(tmp_path, NO_CONTACT)
    result = subprocess.run(
        [sys.executable, "-m", "afterview", "sent", "1", "--to", "Priya", "--db", db],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr.startswith("afterview: Not recorded as sent: The employer")
    assert result.stderr.count("\n") == 1 and result.stdout == ""
    outbox = runner.invoke(cli, ["outbox", "--db", db, "--json"])
    assert json.loads(outbox.stdout) == []


def test_the_cli_records_an_ordinary_message(tmp_path: Path) -> None:
    db = _imported(tmp_path, None)
    result = runner.invoke(cli, ["sent", "1", "--to", "Priya", "--db", db])
    assert result.exit_code == 0 and "Recorded message 1 on interview 1." in result.stdout
    outbox = runner.invoke(cli, ["outbox", "--db", db, "--json"])
    assert "by hand" in outbox.stdout


def test_the_library_checks_the_draft_belongs_to_the_interview(tmp_path: Path) -> None:
    from afterview.outbox import save_drafts
    from afterview.store import open_store

    store = open_store(str(tmp_path / "lib.db"))
    first, _ = store.import_data(data(), "one", NOW)
    second, _ = store.import_data(data({"application.company": "Contoso"}), "two", NOW)
    draft = save_drafts(store, first, NOW)[0]
    with pytest.raises(InputError, match="not a message of interview"):
        record_by_hand(store, second, "thank_you", "Priya", NOW, NOW, draft=draft.id)
    store.import_data(data(NO_CONTACT), "two", NOW)
    with pytest.raises(Refused, match="no contact"):
        record_by_hand(store, second, "thank_you", "Priya", NOW, NOW)
    assert record_by_hand(store, first, "thank_you", "Priya", NOW, NOW, draft=draft.id) == draft.id
    assert store.message(draft.id).state == "sent"
