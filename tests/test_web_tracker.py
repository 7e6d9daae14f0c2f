"""The tracker in the web app: its JSON resources and its pages (wizard, advice, editor), over
HTTP against a real SQLite file, with a real SMTP server on loopback for "Send now"."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from email import message_from_bytes
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from afterview.advice import advise
from afterview.drafting import draft_messages
from afterview.situation import situation_from_dict
from afterview.web import WebSettings, create_app
from afterview.web.timeline import WIDTH, picture

from helpers import WIZARD_FORM, data

NOW = datetime.fromisoformat("2026-12-01T19:00:00-05:00")  # the thank-you window is open
TOKEN = "a-long-enough-token-for-tests"


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    app = create_app(WebSettings(db=str(tmp_path / "afterview.db"), now=NOW))
    with TestClient(app, base_url="http://127.0.0.1") as c:
        yield c


def stored(client: TestClient, patch: dict[str, Any] | None = None, key: str = "k1") -> int:
    response = client.post("/api/interviews", json={"situation": data(patch), "key": key})
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def drafts(client: TestClient, interview_id: int) -> list[dict[str, Any]]:
    response = client.post(f"/api/interviews/{interview_id}/drafts", json={})
    assert response.status_code == 201, response.text
    return list(response.json()["messages"])


def csrf_of(client: TestClient, path: str = "/interviews/new") -> str:
    html = client.get(path).text
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]


# --- the JSON resources -------------------------------------------------------------------


def test_an_interview_is_stored_listed_and_advised_as_the_library_advises(
    client: TestClient,
) -> None:
    interview_id = stored(client)
    listed = client.get("/api/interviews").json()["interviews"]
    assert [(i["id"], i["company"]) for i in listed] == [(interview_id, "Northwind Health")]
    shown = client.get(f"/api/interviews/{interview_id}").json()
    expected = advise(situation_from_dict(data(), source="x"), now=NOW).to_dict()
    assert shown["advice"] == expected
    assert shown["messages"] == []


def test_storing_the_same_key_again_updates_instead_of_copying(client: TestClient) -> None:
    first = stored(client)
    again = client.post(
        "/api/interviews",
        json={"situation": data({"application.role": "Lead Data Analyst"}), "key": "k1"},
    )
    assert again.json() == {"id": first, "created": False}
    listed = client.get("/api/interviews").json()["interviews"]
    assert [i["role"] for i in listed] == ["Lead Data Analyst"]


def test_a_bad_situation_names_the_field_and_stores_nothing(client: TestClient) -> None:
    response = client.post(
        "/api/interviews", json={"situation": data({"interviewers.0.email": "nope"})}
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["field"] == "interviewers[0].email"
    assert "expected an email address" in error["message"]
    assert client.get("/api/interviews").json()["interviews"] == []


def test_drafts_are_saved_once_per_action(client: TestClient) -> None:
    interview_id = stored(client)
    saved = drafts(client, interview_id)
    record = situation_from_dict(data(), source="x")
    expected = draft_messages(record, now=NOW)
    assert [(m["kind"], m["to"], m["body"]) for m in saved] == [
        (str(d.kind), d.to, d.body) for d in expected
    ]
    assert all(m["state"] == "draft" and m["message_id"] for m in saved)
    assert [m["id"] for m in drafts(client, interview_id)] == [m["id"] for m in saved]
    assert len(client.get("/api/messages").json()["messages"]) == len(saved)


def test_a_draft_can_be_edited_until_it_is_sent(client: TestClient) -> None:
    message = drafts(client, stored(client))[0]
    url = f"/api/messages/{message['id']}"
    body = message["body"].replace("Thank you", "Many thanks", 1)
    edited = client.put(url, json={"subject": "Thank you", "body": body})
    assert edited.status_code == 200
    assert client.get(url).json()["body"] == body
    injected = client.put(url, json={"subject": "Hi\r\nBcc: x@evil.example", "body": body})
    assert injected.status_code == 422
    assert injected.json()["error"]["field"] == "subject"
    assert client.post(url + "/send", json={"via": "mailto"}).status_code == 200
    late = client.put(url, json={"subject": "Thank you", "body": "changed"})
    assert late.status_code == 409
    assert client.get(url).json()["body"] == body


def test_eml_is_handed_over_once_with_its_message_id(client: TestClient) -> None:
    message = drafts(client, stored(client))[0]
    url = f"/api/messages/{message['id']}/send"
    response = client.post(url, json={"via": "eml"})
    assert response.status_code == 200, response.text
    eml = message_from_bytes(response.json()["eml"].encode())
    assert eml["Message-ID"] == message["message_id"]
    assert eml["To"] == f'"{message["to"]}" <{message["address"]}>'
    assert response.json()["message"]["state"] == "handed_off"  # your mail client sends it
    again = client.post(url, json={"via": "eml"})
    assert again.status_code == 409
    assert "already handed to your mail client" in again.json()["error"]["message"]


def test_send_now_goes_through_a_real_smtp_server_once(
    client: TestClient, smtp: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    inbox, settings = smtp
    monkeypatch.setenv("AFTERVIEW_CONFIG", str(tmp_path / "none.toml"))
    monkeypatch.setenv("AFTERVIEW_SMTP_HOST", settings.host)
    monkeypatch.setenv("AFTERVIEW_SMTP_PORT", str(settings.port))
    monkeypatch.setenv("AFTERVIEW_SMTP_SECURITY", "none")
    message = drafts(client, stored(client))[0]
    url = f"/api/messages/{message['id']}/send"
    assert client.post(url, json={"via": "smtp"}).status_code == 200
    assert client.post(url, json={"via": "smtp"}).status_code == 409
    assert len(inbox.messages) == 1
    assert message_from_bytes(inbox.messages[0])["Message-ID"] == message["message_id"]


def test_no_contact_cancels_the_drafts_and_refuses_the_send(client: TestClient) -> None:
    interview_id = stored(client)
    message = drafts(client, interview_id)[0]
    stored(client, {"interview.no_contact_requested": True})  # the same key: an update
    url = f"/api/messages/{message['id']}"
    refused = client.post(url + "/send", json={"via": "eml", "force": True})
    assert refused.status_code == 409
    assert "no contact" in refused.json()["error"]["message"]
    assert client.get(url).json()["state"] == "cancelled"


def test_a_message_sent_by_hand_moves_the_agenda_on(client: TestClient) -> None:
    interview_id = stored(client)
    due = client.get("/api/agenda").json()["agenda"]
    assert ("thank_you", "Dr. Priya Nair") in {(a["kind"], a["to"]) for a in due}
    sent = client.post(
        f"/api/interviews/{interview_id}/sent",
        json={"kind": "thank_you", "to": "Dr. Priya Nair"},
    )
    assert sent.status_code == 201 and sent.json()["state"] == "sent"
    after = client.get("/api/agenda").json()["agenda"]
    assert ("thank_you", "Dr. Priya Nair") not in {(a["kind"], a["to"]) for a in after}


@pytest.mark.parametrize(
    "path", ["/api/interviews/999", "/api/messages/999", "/api/interviews/999/drafts"]
)
def test_unknown_ids_are_404_in_the_one_error_shape(client: TestClient, path: str) -> None:
    response = client.post(path, json={}) if path.endswith("drafts") else client.get(path)
    assert response.status_code == 404
    assert set(response.json()["error"]) == {"status", "message", "field"}


def test_the_api_only_accepts_json_so_other_sites_cannot_post_to_it(client: TestClient) -> None:
    body = '{"situation": {}, "key": "x"}'
    plain = client.post("/api/interviews", content=body, headers={"content-type": "text/plain"})
    assert plain.status_code == 415
    bare = client.post("/api/interviews", content=body)
    assert bare.status_code == 415
    cross = client.post(
        "/api/interviews", json={"situation": data()}, headers={"sec-fetch-site": "cross-site"}
    )
    assert cross.status_code == 403
    assert client.get("/api/interviews").json()["interviews"] == []


# --- the pages ----------------------------------------------------------------------------

WIZARD = WIZARD_FORM


def test_the_wizard_stores_the_interview_and_shows_the_advice(client: TestClient) -> None:
    form = {**WIZARD, "csrf": csrf_of(client), "key": "abc123"}
    response = client.post("/interviews/new", data=form, follow_redirects=False)
    assert response.status_code == 303
    page = client.get(response.headers["location"])
    assert "Northwind Health: Senior Data Analyst" in page.text
    assert 'class="verdict send"' in page.text
    assert page.text.count('<rect class="window') == 2  # thank-you and status check
    stored_ = client.get("/api/interviews").json()["interviews"]
    assert len(stored_) == 1
    again = client.post("/interviews/new", data=form, follow_redirects=False)  # double submit
    assert again.headers["location"] == response.headers["location"]
    assert len(client.get("/api/interviews").json()["interviews"]) == 1


def test_a_form_without_this_browsers_token_is_refused(client: TestClient) -> None:
    csrf_of(client)  # the browser has its cookie, but the form lacks the token
    for form in ({**WIZARD}, {**WIZARD, "csrf": "forged"}):
        response = client.post("/interviews/new", data=form)
        assert response.status_code == 403
        assert "text/html" in response.headers["content-type"]
    assert client.get("/api/interviews").json()["interviews"] == []


def test_a_wizard_mistake_names_the_field_keeps_the_answers_and_stores_nothing(
    client: TestClient,
) -> None:
    form = {**WIZARD, "csrf": csrf_of(client), "p0_email": "priya at northwind"}
    response = client.post("/interviews/new", data=form)
    assert response.status_code == 422
    assert 'id="p0_email-error"' in response.text  # the message below the field (test_web_wizard)
    assert "interviewers[0]" not in response.text and "form:" not in response.text
    assert re.search(r'id="p0_email"[^>]*aria-invalid="true"', response.text)
    assert 'value="Northwind Health"' in response.text
    assert client.get("/api/interviews").json()["interviews"] == []


def test_what_the_user_typed_is_escaped_everywhere(client: TestClient) -> None:
    evil = '<script>alert("x")</script>'
    form = {**WIZARD, "csrf": csrf_of(client), "company": evil, "notes": evil}
    location = client.post("/interviews/new", data=form, follow_redirects=False)
    for path in (location.headers["location"], "/"):
        html = client.get(path).text
        assert evil not in html
        assert "&lt;script&gt;alert(" in html


def test_an_invite_upload_becomes_an_interview(client: TestClient) -> None:
    from test_invite import ME, invite

    response = client.post(
        "/interviews/invite",
        data={"csrf": csrf_of(client), "me": ME},
        files={"invite": ("panel.ics", invite(), "text/calendar")},
        follow_redirects=False,
    )
    assert response.status_code == 303
    page = client.get(response.headers["location"]).text
    assert "Northwind Health: Senior Data Analyst" in page
    assert "Dr. Priya Nair" in page


def test_an_invite_that_is_not_one_is_explained(client: TestClient) -> None:
    response = client.post(
        "/interviews/invite",
        data={"csrf": csrf_of(client), "me": "a@b.example"},
        files={"invite": ("notes.ics", b"hello", "text/calendar")},
    )
    assert response.status_code == 422
    assert "cannot be read as a calendar invite" in response.text  # test_web_wizard has more


def test_the_editor_hands_the_message_to_the_mail_client_once(client: TestClient) -> None:
    message = drafts(client, stored(client))[0]
    url = f"/messages/{message['id']}"
    token = csrf_of(client, url)
    form = {"csrf": token, "action": "mailto", "subject": message["subject"]}
    response = client.post(url, data={**form, "body": message["body"]})
    assert response.status_code == 200
    link = re.search(r'id="open-mail" href="([^"]+)"', response.text).group(1)  # type: ignore[union-attr]
    assert link.startswith("mailto:priya.nair%40northwind.example?subject=Thank%20you")
    assert 'id="state"' in response.text
    assert "This message was handed to your mail client" in response.text
    again = client.post(url, data={**form, "body": message["body"]})  # an old page resent
    assert again.status_code == 200 and "Nothing new was done" in again.text
    assert "This message was handed to your mail client" in again.text


def test_live_check_highlights_a_misspelt_name(client: TestClient) -> None:
    message = drafts(client, stored(client))[0]
    body = message["body"].replace("Dear Dr. Nair", "Dear Dr. Niar")
    fragment = client.post(
        f"/messages/{message['id']}/check",
        data={"subject": message["subject"], "body": body},
        headers={"hx-request": "true"},
    ).text
    assert '<mark class="error" data-rule="name-mismatch"' in fragment
    assert ">Niar</mark>" in fragment
    assert client.get(f"/api/messages/{message['id']}").json()["body"] == message["body"]


def test_unknown_pages_get_a_friendly_page_and_the_api_json(client: TestClient) -> None:
    page = client.get("/interviews/999")
    assert page.status_code == 404
    assert "<h1>Not found</h1>" in page.text
    assert client.get("/api/interviews/999").json()["error"]["status"] == 404


def test_the_token_link_sets_a_cookie_that_opens_the_pages(tmp_path: Path) -> None:
    app = create_app(WebSettings(db=str(tmp_path / "a.db"), token=TOKEN))
    with TestClient(app, base_url="http://127.0.0.1") as c:
        refused = c.get("/", headers={"accept": "text/html"})
        assert refused.status_code == 401
        assert "text/html" in refused.headers["content-type"]
        login = c.get(f"/guide?token={TOKEN}", follow_redirects=False)
        assert login.status_code == 303
        assert login.headers["location"] == "/guide"
        assert "HttpOnly" in login.headers["set-cookie"]
        assert "SameSite=Strict" in login.headers["set-cookie"]
        assert c.get("/").status_code == 200  # the cookie is kept
        assert c.get("/?token=wrong-token-of-length", follow_redirects=False).status_code == 200


def test_every_route_has_its_own_name(client: TestClient) -> None:
    from afterview.ops.observe import leaves

    routes = leaves(list(client.app.app.routes))  # type: ignore[attr-defined]
    assert len(routes) > 40  # the routes themselves, not FastAPI's included routers
    names = [getattr(r, "name", None) for r in routes]
    named = [n for n in names if n]
    assert len(named) == len(set(named)), sorted(n for n in named if named.count(n) > 1)


# --- the timeline picture -----------------------------------------------------------------


def test_the_timeline_puts_each_window_between_the_interview_and_its_end() -> None:
    record = situation_from_dict(data(), source="x")
    advice = advise(record, now=NOW).to_dict()
    shape = picture(
        record.interview.started_at,
        NOW,
        advice["actions"],
        record.interview.decision_expected_by,
    )
    marks = {m.kind: m.x for m in shape.marks}
    assert 0 < marks["interview"] < marks["now"] < WIDTH
    assert len(shape.bars) == len({(a["kind"], a["not_before"]) for a in advice["actions"]})
    for bar in shape.bars:
        assert marks["interview"] <= bar.x and bar.x + bar.width <= WIDTH
    labels = [t.label for t in shape.ticks]
    assert labels[:2] == ["Tue 1 Dec", "Thu 3"]  # days in the zone, as many as fit, month named
    xs = [t.x for t in shape.ticks]
    assert xs == sorted(xs) and xs[0] > 0 and xs[-1] < WIDTH
    assert "Thank-you to Dr. Priya Nair" in shape.caption


# --- editing ------------------------------------------------------------------------------

EXAMPLES = sorted((Path(__file__).parent.parent / "examples").glob("*.*[lnm]"))


def _as_data(path: Path) -> dict[str, Any]:
    import json
    import tomllib

    text = path.read_text("utf-8")
    raw = json.loads(text) if path.suffix == ".json" else tomllib.loads(text)
    return dict(json.loads(json.dumps(raw, default=lambda v: v.isoformat())))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_saving_the_edit_form_unchanged_never_changes_the_advice(path: Path) -> None:
    from afterview.web.wizard import form_values, situation_data

    original = _as_data(path)
    at = datetime.fromisoformat(original["now"])
    edited = situation_data(form_values(original, "UTC"), original)
    before = advise(situation_from_dict(original, source="a"), now=at).to_dict()
    after = advise(situation_from_dict(edited, source="b"), now=at).to_dict()
    assert after == before


def test_an_imported_file_is_edited_in_place_keeping_what_the_form_does_not_show(
    client: TestClient, tmp_path: Path
) -> None:
    from afterview.store import open_store

    panel = Path(__file__).parent.parent / "examples" / "panel-interview.toml"
    the_store = open_store(str(tmp_path / "afterview.db"))  # the app's database, as the CLI sees it
    interview_id, _ = the_store.import_situation(panel, NOW)
    page = client.get(f"/interviews/{interview_id}/edit")
    assert page.status_code == 200
    assert 'value="Sofia Okafor"' in page.text and 'id="p2_name"' in page.text
    form = dict(re.findall(r'<input id="(\w+)" name="\1" type="[\w-]+" value="([^"]*)"', page.text))
    form.update(
        csrf=re.search(r'name="csrf" value="([^"]+)"', page.text).group(1),  # type: ignore[union-attr]
        p1_name="Marcus Chan",
        contact="no_contact",
        kind="panel",
        sector="private",
        notes="Discussed moving the claims dashboard to dbt",
    )
    saved = client.post(f"/interviews/{interview_id}/edit", data=form, follow_redirects=False)
    assert saved.status_code == 303, saved.text[:500]
    data = the_store.source_data(interview_id)
    assert [p["name"] for p in data["interviewers"]] == [
        "Dr. Priya Nair",
        "Marcus Chan",
        "Sofia Okafor",
    ]
    assert data["interviewers"][1]["linkedin"] == "https://www.linkedin.com/in/marcus-chen"
    assert "claims reporting" in data["application"]["posting_text"]
    assert data["interview"]["to_add"][0]["url"] == "https://example.com/case-study"
    assert len(client.get("/api/interviews").json()["interviews"]) == 1
    advice = client.get(f"/api/interviews/{interview_id}").json()["advice"]
    assert advice["verdict"] == "dont_send"


def test_a_reply_ends_the_status_check(client: TestClient) -> None:
    interview_id = stored(client)
    kinds = {
        a["kind"] for a in client.get(f"/api/interviews/{interview_id}").json()["advice"]["actions"]
    }
    assert "status_check" in kinds
    token = csrf_of(client, f"/interviews/{interview_id}")
    done = client.post(
        f"/interviews/{interview_id}/replied", data={"csrf": token}, follow_redirects=False
    )
    assert done.status_code == 303
    after = client.get(f"/api/interviews/{interview_id}").json()["advice"]["actions"]
    assert "status_check" not in {a["kind"] for a in after}
    assert "They replied on" in client.get(f"/interviews/{interview_id}").text


def test_the_api_replaces_an_interview_and_records_a_reply_with_a_new_date(
    client: TestClient,
) -> None:
    interview_id = stored(client)
    replaced = client.put(
        f"/api/interviews/{interview_id}",
        json={"situation": data({"application.role": "Lead Data Analyst"})},
    )
    assert replaced.status_code == 200 and replaced.json()["role"] == "Lead Data Analyst"
    reply = client.post(
        f"/api/interviews/{interview_id}/replied", json={"decision_by": "2026-12-18"}
    )
    assert reply.status_code == 200
    advice = client.get(f"/api/interviews/{interview_id}").json()["advice"]
    # a new date: the one status check moves after it (DESIGN.md, contract additions)
    checks = [a for a in advice["actions"] if a["kind"] == "status_check"]
    assert checks and all(a["not_before"][:10] > "2026-12-18" for a in checks)
    # another answer: no status check at all
    client.post(f"/api/interviews/{interview_id}/replied", json={"outcome": "next_round"})
    advice = client.get(f"/api/interviews/{interview_id}").json()["advice"]
    assert "status_check" not in {a["kind"] for a in advice["actions"]}
    bad = client.post(f"/api/interviews/{interview_id}/replied", json={"outcome": "ghosted"})
    assert bad.status_code == 422


def _editor_form(client: TestClient, message: dict[str, Any], action: str) -> dict[str, str]:
    token = csrf_of(client, f"/messages/{message['id']}")
    return {
        "csrf": token,
        "action": action,
        "subject": message["subject"],
        "body": message["body"],
    }


def test_send_now_in_the_editor_delivers_once_through_smtp(
    client: TestClient, smtp: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    inbox, settings = smtp
    message = drafts(client, stored(client))[0]
    url = f"/messages/{message['id']}"
    assert 'id="send-smtp"' not in client.get(url).text  # no server configured: no button
    monkeypatch.setenv("AFTERVIEW_CONFIG", str(tmp_path / "none.toml"))
    monkeypatch.setenv("AFTERVIEW_SMTP_HOST", settings.host)
    monkeypatch.setenv("AFTERVIEW_SMTP_PORT", str(settings.port))
    monkeypatch.setenv("AFTERVIEW_SMTP_SECURITY", "none")
    assert 'id="send-smtp"' in client.get(url).text
    edited = {**_editor_form(client, message, "smtp"), "body": message["body"] + "\nP.S. Thanks!"}
    sent = client.post(url, data=edited)
    assert sent.status_code == 200 and "This message is sent" in sent.text
    assert "Nothing new was done" in client.post(url, data=edited).text  # not sent again
    assert len(inbox.messages) == 1
    assert b"P.S. Thanks!" in inbox.messages[0]  # the edits were saved before the hand-off


def test_sent_by_hand_and_cancel_from_the_editor(client: TestClient) -> None:
    interview_id = stored(client)
    first, second, *_ = drafts(client, interview_id)
    by_hand = client.post(f"/messages/{first['id']}", data=_editor_form(client, first, "by_hand"))
    assert "Recorded as sent." in by_hand.text
    assert client.get(f"/api/messages/{first['id']}").json()["via"] == "by hand"
    cancelled = client.post(
        f"/messages/{second['id']}",
        data=_editor_form(client, second, "cancel"),
        follow_redirects=False,
    )
    assert cancelled.status_code == 303
    assert client.get(f"/api/messages/{second['id']}").json()["state"] == "cancelled"
