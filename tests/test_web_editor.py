"""The draft editor over HTTP (a real SQLite file, a real loopback SMTP server): every action
answers with a redirect to the message's page showing its new state; a second post changes
nothing; the live check carries the send section; findings say where they are as the person
sees the draft, errors first, rule ids only behind a toggle; "Next draft"."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from afterview import outbox
from afterview.store.repo import OutboxMessage
from afterview.web import WebSettings, create_app
from afterview.web.highlight import Layout, pieces

from helpers import SECOND, data

NOW = datetime.fromisoformat("2026-11-24T19:00:00-05:00")  # the evening after the interview
TODAY = {
    "now": None,
    "interview.started_at": "2026-11-24T10:00:00-05:00",
    "interview.ended_at": "2026-11-24T11:00:00-05:00",
}


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    app = create_app(WebSettings(db=str(tmp_path / "afterview.db"), now=NOW))
    with TestClient(app, base_url="http://127.0.0.1") as c:
        yield c


def drafts(
    client: TestClient, key: str = "k", panel: bool = False, **patch: Any
) -> list[dict[str, Any]]:
    full: dict[str, Any] = {**TODAY, **patch}
    if panel:
        full["interviewers"] = [data()["interviewers"][0], SECOND]
    stored = client.post("/api/interviews", json={"situation": data(full), "key": key})
    assert stored.status_code == 201, stored.text
    made = client.post(f"/api/interviews/{stored.json()['id']}/drafts", json={})
    return list(made.json()["messages"])


def form(client: TestClient, message: dict[str, Any], action: str, **extra: str) -> dict[str, str]:
    html = client.get(f"/messages/{message['id']}").text
    token = re.search(r'name="csrf" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]
    return {
        "csrf": token,
        "action": action,
        "subject": message["subject"] or "",
        "body": message["body"],
        **extra,
    }


def post(client: TestClient, message: dict[str, Any], action: str, **extra: str) -> Any:
    return client.post(
        f"/messages/{message['id']}",
        data=form(client, message, action, **extra),
        follow_redirects=False,
    )


def stored(client: TestClient, message: dict[str, Any]) -> dict[str, Any]:
    return client.get(f"/api/messages/{message['id']}").json()  # type: ignore[no-any-return]


def visible(html: str) -> str:
    """The words of a page a person reads: no tags, attributes or <details> bodies."""
    html = re.sub(r"(?s)<details.*?</details>", "", html)
    html = re.sub(r"(?s)<(script|style|head)\b.*?</\1>", "", html)
    return re.sub(r"<[^>]+>", " ", html)


@pytest.fixture
def smtp_env(smtp: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Any:
    inbox, server = smtp
    monkeypatch.setenv("AFTERVIEW_CONFIG", str(tmp_path / "none.toml"))
    monkeypatch.setenv("AFTERVIEW_SMTP_HOST", server.host)
    monkeypatch.setenv("AFTERVIEW_SMTP_PORT", str(server.port))
    monkeypatch.setenv("AFTERVIEW_SMTP_SECURITY", "none")
    return inbox


# --- every action: a redirect to the message's page, in its new state ---------------------

OUTCOMES = {
    "mailto": ("handed_off", "This message was handed to your mail client"),
    "eml": ("handed_off", "as an .eml file"),
    "smtp": ("sent", "This message is sent (through your mail server;"),
    "by_hand": ("sent", "This message is sent (by you, outside afterview;"),
    "cancel": ("cancelled", "This message is cancelled: it will not be sent."),
}


@pytest.mark.parametrize("action", list(OUTCOMES))
def test_each_hand_off_redirects_to_the_page_showing_the_new_state(
    client: TestClient, smtp_env: Any, action: str
) -> None:
    message = drafts(client)[0]
    response = post(client, message, action)
    assert response.status_code == 303
    assert response.headers["location"] == f"/messages/{message['id']}?done={action}"
    state, words = OUTCOMES[action]
    assert stored(client, message)["state"] == state
    page = client.get(response.headers["location"])
    assert page.status_code == 200
    assert words in page.text
    assert 'role="status" id="notice"' in page.text
    for button in ("send-mailto", "send-eml", "send-smtp", "send-by-hand"):
        assert f'id="{button}"' not in page.text  # nothing is offered twice
    assert len(smtp_env.messages) == (1 if action == "smtp" else 0)


@pytest.mark.parametrize("action", list(OUTCOMES))
def test_posting_again_after_it_went_changes_nothing_and_is_no_error(
    client: TestClient, smtp_env: Any, action: str
) -> None:
    message = drafts(client)[0]
    old_form = form(client, message, action)  # the page before the action (Back, a 2nd tab)
    assert post(client, message, action).status_code == 303
    before = stored(client, message)
    for again in ("mailto", "eml", "smtp", "by_hand", "cancel", "save"):
        response = client.post(
            f"/messages/{message['id']}", data={**old_form, "action": again, "body": "changed"}
        )
        assert response.status_code == 200, again  # followed to the message's page
        assert "Nothing new was done" in response.text
        assert stored(client, message) == before  # not re-sent, not edited, not re-dated
    assert len(smtp_env.messages) == (1 if action == "smtp" else 0)


def test_save_redirects_and_keeps_a_draft(client: TestClient) -> None:
    message = drafts(client)[0]
    response = post(client, message, "save", body=message["body"] + "\nP.S. Thanks again.")
    assert response.headers["location"] == f"/messages/{message['id']}?done=save"
    assert stored(client, message)["state"] == "draft"
    assert stored(client, message)["body"].endswith("P.S. Thanks again.")
    assert "Saved." in client.get(response.headers["location"]).text


def test_a_notice_shows_only_in_the_state_its_action_leads_to(client: TestClient) -> None:
    message = drafts(client)[0]
    url = f"/messages/{message['id']}"
    for done in ("smtp", "by_hand", "eml", "cancel", "already", "nonsense", "<b>x</b>"):
        page = client.get(url, params={"done": done})
        assert page.status_code == 200
        assert 'id="notice"' not in page.text, done
        assert "<b>x</b>" not in page.text
    assert 'id="notice"' in client.get(url, params={"done": "save"}).text


def test_a_subject_with_a_line_break_is_refused_and_nothing_is_stored(client: TestClient) -> None:
    message = drafts(client)[0]
    response = post(client, message, "eml", subject="Thanks\r\nBcc: x@evil.example")
    assert response.status_code == 422
    assert "Subject: expected one line" in response.text
    assert stored(client, message)["state"] == "draft"
    assert stored(client, message)["subject"] == message["subject"]


# --- .eml: the page downloads the stored message --------------------------------------------


def test_the_eml_page_downloads_the_stored_message_again_with_the_same_message_id(
    client: TestClient,
) -> None:
    message = drafts(client)[0]
    response = post(client, message, "eml")
    page = client.get(response.headers["location"]).text
    link = f"/messages/{message['id']}/message.eml"
    assert f'<meta http-equiv="refresh" content="0; url={link}">' in page
    assert "Download the .eml again" in page
    first, second = client.get(link), client.get(link)
    assert first.status_code == 200
    assert first.headers["content-type"].startswith("message/rfc822")
    assert "attachment" in first.headers["content-disposition"]
    assert first.content == second.content
    raw = first.text
    assert f"Message-ID: {stored(client, message)['message_id']}" in raw
    assert "X-Unsent: 1" in raw and "Dear Dr. Nair" in raw
    assert stored(client, message)["state"] == "handed_off"
    # the page without ?done=eml does not download again by itself
    assert "http-equiv" not in client.get(f"/messages/{message['id']}").text


def test_no_eml_for_a_message_not_handed_off_as_one(client: TestClient) -> None:
    first, second = drafts(client, panel=True)[:2]
    assert client.get(f"/messages/{first['id']}/message.eml").status_code == 409
    assert stored(client, first)["state"] == "draft"  # asking for it hands nothing off
    post(client, second, "mailto")
    assert client.get(f"/messages/{second['id']}/message.eml").status_code == 409


def test_eml_again_is_the_file_the_first_hand_off_wrote(tmp_path: Path) -> None:
    from afterview.store import open_store

    db = open_store(str(tmp_path / "a.db"))
    path = tmp_path / "s.json"
    import json

    path.write_text(json.dumps(data(TODAY)))
    interview_id, _ = db.import_situation(path, NOW)
    message = outbox.save_drafts(db, interview_id, NOW)[0]
    buffer = BytesIO()
    outbox.send(db, message.id, "eml", NOW, out=buffer)
    name, raw = outbox.eml_again(db, message.id, NOW.tzinfo)
    assert raw == buffer.getvalue()
    assert name == f"message-{message.id}.eml"
    assert db.message(message.id).state == "handed_off"


# --- confirming a hand-off -------------------------------------------------------------------


def test_i_sent_it_confirms_a_hand_off_keeping_when_and_how(client: TestClient) -> None:
    message = drafts(client)[0]
    post(client, message, "eml")
    handed = stored(client, message)
    response = post(client, message, "confirm")
    assert response.headers["location"] == f"/messages/{message['id']}?done=confirm"
    confirmed = stored(client, message)
    assert confirmed["state"] == "sent"
    assert (confirmed["sent_at"], confirmed["via"]) == (handed["sent_at"], "eml")
    page = client.get(response.headers["location"]).text
    assert "This message is sent (from your mail client, as an .eml file;" in page


def test_i_sent_it_does_not_confirm_a_draft(client: TestClient) -> None:
    message = drafts(client)[0]
    response = post(client, message, "confirm")
    assert response.status_code == 409
    assert stored(client, message)["state"] == "draft"


# --- refusals on a draft ----------------------------------------------------------------------


def test_warnings_refuse_a_send_in_plain_words_until_send_anyway(client: TestClient) -> None:
    message = drafts(client)[0]
    casual = message["body"].replace("Dear Dr. Nair,", "Hey Dr. Nair,")
    refused = post(client, message, "mailto", body=casual)
    assert refused.status_code == 409
    words = visible(refused.text)
    assert 'Tick "Send anyway"' in words.replace("&#34;", '"') or "Send anyway" in words
    assert "--force" not in words and "too-casual" not in words
    assert stored(client, message)["state"] == "draft"
    assert stored(client, message)["body"] == casual  # the edit was kept
    sent = post(client, message, "mailto", body=casual, force="1")
    assert sent.status_code == 303
    assert stored(client, message)["state"] == "handed_off"


def test_an_error_refuses_the_send_and_names_it_without_its_rule_id(client: TestClient) -> None:
    message = drafts(client)[0]
    wrong = message["body"].replace("Dear Dr. Nair", "Dear Dr. Niar")
    refused = post(client, message, "eml", body=wrong, force="1")
    assert refused.status_code == 409
    words = visible(refused.text)
    assert "afterview will not send this" in words
    assert "Greets 'Niar'" in words.replace("&#39;", "'")
    assert "name-mismatch" not in words
    assert 'data-rule="name-mismatch"' in refused.text
    assert stored(client, message)["state"] == "draft"


# --- the live check ------------------------------------------------------------------------


def live(client: TestClient, message: dict[str, Any], body: str, **extra: str) -> str:
    response = client.post(
        f"/messages/{message['id']}/check",
        data={"subject": message["subject"], "body": body, **extra},
        headers={"hx-request": "true"},
    )
    assert response.status_code == 200
    return response.text


def test_the_live_check_swaps_the_send_section_both_ways(client: TestClient) -> None:
    message = drafts(client)[0]
    wrong = live(client, message, message["body"].replace("Dear Dr. Nair", "Dear Dr. Niar"))
    assert '<div id="send-section" hx-swap-oob="true">' in wrong
    assert "afterview will not send this" in wrong
    assert 'id="send-eml"' not in wrong and 'id="send-by-hand"' not in wrong
    right = live(client, message, message["body"])
    assert '<div id="send-section" hx-swap-oob="true">' in right
    assert "afterview will not send this" not in right
    assert 'id="send-eml"' in right and 'id="send-mailto"' in right
    assert stored(client, message)["body"] == message["body"]  # nothing stored


def test_the_live_check_keeps_send_anyway_ticked(client: TestClient) -> None:
    message = drafts(client)[0]
    casual = message["body"].replace("Dear Dr. Nair,", "Hey Dr. Nair,")
    assert 'id="force" checked' in live(client, message, casual, force="1")
    assert 'id="force" checked' not in live(client, message, casual)


def test_the_live_check_offers_no_send_for_a_message_already_handed_off(
    client: TestClient,
) -> None:
    message = drafts(client)[0]
    post(client, message, "mailto")
    fragment = live(client, message, message["body"])
    assert "send-section" not in fragment


# --- where findings are, and their order ------------------------------------------------------


def test_findings_count_the_lines_of_the_textarea_not_the_hidden_headers(
    client: TestClient,
) -> None:
    message = drafts(client)[0]
    body = message["body"].replace("Dear Dr. Nair", "Dear Dr. Niar")
    fragment = live(client, message, body)
    assert "(line 1, column 10)" in fragment  # "Niar" on the textarea's first line
    assert "line 4," not in fragment  # where it stands after the To:/Subject: lines
    subject = live(client, {**message, "subject": "Thank you for the intervew"}, message["body"])
    assert "(subject, column 19)" in subject


def test_findings_list_errors_first_in_the_editor_and_on_the_check_page(
    client: TestClient,
) -> None:
    import json

    message = drafts(client)[0]
    body = message["body"].replace("Dear Dr. Nair,", "Hey Dr. Nair,") + "\nThanks to Dr. Niar.\n"
    editor = live(client, message, body)
    check = client.post(
        "/check",
        data={"situation": json.dumps(data(TODAY)), "draft": body, "kind": "thank_you"},
        headers={"hx-request": "true"},
    ).text
    for html in (editor, check):
        order = re.findall(r'<li class="(error|warning)" data-rule', html)
        assert "error" in order and "warning" in order
        assert order == sorted(order), order  # "error" < "warning": every error first
        assert order[0] == "error"
        words = visible(html)
        assert "name-mismatch" not in words and "too-casual" not in words
        assert "Why is this flagged?" in html and "Rule id: <code>name-mismatch</code>" in html


@given(
    address=st.one_of(st.none(), st.just("priya.nair@northwind.example")),
    subject=st.one_of(st.none(), st.text(st.characters(blacklist_characters="\r\n"), max_size=30)),
    body=st.text(st.sampled_from("ab \n"), max_size=60),
    data_=st.data(),
)
@settings(max_examples=200, deadline=None)
def test_layout_places_every_offset_where_the_person_sees_it(
    address: str | None, subject: str | None, body: str, data_: Any
) -> None:
    subject = subject.strip() or None if subject else None
    layout = Layout.of(address, subject, body)
    message = OutboxMessage(
        1, 1, "thank_you", "P", address, subject, body, "draft", None, None, None
    )
    assert layout.text == message.as_text()  # the same text the checker reads
    offset = data_.draw(st.integers(0, len(body)))
    line = body[:offset].count("\n") + 1
    column = offset - (body.rfind("\n", 0, offset) + 1) + 1
    at = layout.body_start + offset
    assert layout.where(at, at + 1) == f"line {line}, column {column}"
    if subject:
        col = data_.draw(st.integers(0, len(subject) - 1))
        assert layout.subject_start is not None
        assert layout.where(layout.subject_start + col) == f"subject, column {col + 1}"
    if address:
        assert layout.where(len("To: ")) == "the To: address"


def test_pieces_keep_each_region_whole_and_clip_spans_at_its_edge() -> None:
    layout = Layout.of("a@b.example", "Hello there", "Hi Bob,\nThanks.")
    finding = {"severity": "warning", "start": layout.body_start - 1, "end": layout.body_start + 2}
    body = pieces(layout.text, [finding], layout.body_start)
    assert "".join(p.text for p in body) == "Hi Bob,\nThanks."
    assert [p.text for p in body if p.finding] == ["Hi"]
    assert layout.where(finding["start"], finding["end"]) == "line 1, column 1"
    assert pieces(layout.text, [finding], layout.subject_start or 0, layout.subject_end) == [
        pieces(layout.text, [], layout.subject_start or 0, layout.subject_end)[0]
    ]


# --- next draft -------------------------------------------------------------------------------


def next_link(client: TestClient, message: dict[str, Any]) -> str | None:
    found = re.search(
        r'id="next-draft" href="([^"]+)"', client.get(f"/messages/{message['id']}").text
    )
    return found.group(1) if found else None


def test_next_draft_is_the_same_interviews_then_another_interviews_due_draft(
    client: TestClient,
) -> None:
    first, second, *rest = drafts(client, "a", panel=True)
    assert next_link(client, first) == f"/messages/{second['id']}"
    assert next_link(client, second) == f"/messages/{(rest or [first])[0]['id']}"
    other = drafts(client, "b", **{"application.company": "Contoso Health"})[0]
    for message in (first, second, *rest):
        post(client, message, "cancel")
    # this interview has no draft left: the other interview's due thank-you
    assert next_link(client, first) == f"/messages/{other['id']}"
    assert "(Contoso Health)" in client.get(f"/messages/{first['id']}").text
    post(client, other, "cancel")
    assert next_link(client, first) is None  # nothing left: no link


def test_a_message_without_an_address_offers_only_i_sent_it_myself(client: TestClient) -> None:
    linkedin = "https://www.linkedin.com/in/priya-nair"
    message = drafts(client, **{"interviewers.0.email": None, "interviewers.0.linkedin": linkedin})[
        0
    ]
    assert message["kind"] == "linkedin_note" and "@" not in message["address"]
    page = client.get(f"/messages/{message['id']}").text
    assert 'id="send-by-hand"' in page
    for button in ("send-mailto", "send-eml", "send-smtp"):
        assert f'id="{button}"' not in page
    assert "This one does not go by email: copy the text, send it on LinkedIn" in page
    assert post(client, message, "by_hand").status_code == 303
    assert stored(client, message)["state"] == "sent"
