"""The editor's "Send it later" (issue 15): a student schedules a draft's send from the page, a
worker sends it then. Real PostgreSQL, the web process logged in as the role under row-level
security (as docs/deploy.md runs it), real sign-in, the queue's real tables.

Must: offered only where a worker can send (PostgreSQL with the queue, an SMTP server set),
never on a local SQLite store; the typed time is the viewer's zone; a time outside the window or
not a time at all is said beside the field and nothing is queued; a scheduled draft shows when it
goes and can be taken off the queue; what a worker wrote on a draft it did not send is shown;
another student's message cannot be scheduled.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from afterview.store import open_store, queue

from helpers import csrf_token, fresh_panel, migrated_for_web, shared_mode, signed_in

PASSWORD = "correct horse battery staple"


@pytest.fixture
def deployment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[dict[str, Any]]:
    from afterview.accounts.users import create_user
    from afterview.outbox import save_drafts
    from afterview.web import WebSettings, create_app

    url = migrated_for_web()
    web_url = os.environ.get("DATABASE_WEB_URL", "")
    if not web_url:
        pytest.skip("no PostgreSQL role that is not the owner (DATABASE_WEB_URL)")
    shared_mode(monkeypatch, web_url)
    monkeypatch.setenv("AFTERVIEW_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("AFTERVIEW_SMTP_PORT", "2525")
    monkeypatch.setenv("AFTERVIEW_SMTP_SECURITY", "none")
    owner = open_store(url)
    now = datetime.now(UTC)
    ana = create_user(owner, "ana@uni.example", "Ana Lima", "student", now, PASSWORD).id
    create_user(owner, "bo@uni.example", "Bo Park", "student", now, PASSWORD)
    mine = owner.of(ana)
    interview, _ = mine.import_situation(fresh_panel(tmp_path), now)
    drafts = save_drafts(mine, interview, now)
    app = create_app(WebSettings(db=web_url))
    clients = {n: signed_in(app, f"{n}@uni.example", PASSWORD) for n in ("ana", "bo")}
    yield {"url": url, "clients": clients, "message": drafts[0], "owner": mine}
    for client in clients.values():
        client.__exit__(None, None, None)
    from afterview.worker.jobs import close_opened

    close_opened()


def _waiting(url: str, message_id: int) -> dict[int, tuple[int, datetime]]:
    """What the queue holds for the message (as the owner's role reads it)."""
    engine = queue.engine_for(url)
    try:
        return queue.scheduled(engine, [message_id])
    finally:
        engine.dispose()


def _form(client: TestClient, message: Any, **fields: str) -> dict[str, str]:
    return {
        "csrf": csrf_token(client, f"/messages/{message.id}"),
        "subject": message.subject or "",
        "body": message.body or "",
        **fields,
    }


def _field_value(page: str) -> str:
    found = re.search(r'id="send-at" name="send_at"[^>]*value="([^"]+)"', page, re.S)
    assert found, page
    return found.group(1)


def test_schedule_from_the_editor_then_take_it_off(deployment: dict[str, Any]) -> None:
    ana, message, url = deployment["clients"]["ana"], deployment["message"], deployment["url"]
    page = ana.get(f"/messages/{message.id}").text
    assert "Send it later" in page and 'type="datetime-local"' in page
    assert re.search(r"Send at \([^)]+\)", page), "the field names the zone"
    typed = _field_value(page)

    done = ana.post(
        f"/messages/{message.id}",
        data=_form(ana, message, action="schedule", send_at=typed),
        follow_redirects=False,
    )
    assert done.status_code == 303, done.text[:500]
    waiting = _waiting(url, message.id)
    assert list(waiting) == [message.id]
    # The typed time is the viewer's (this machine's) zone.
    assert waiting[message.id][1] == datetime.fromisoformat(typed).astimezone()
    page = ana.get(done.headers["location"]).text
    assert "Scheduled for" in page and 'id="unschedule"' in page
    assert 'id="send-smtp"' not in page, "one way out at a time: cancel it to send now"
    assert "Draft, scheduled." in page  # the message's state says it
    # The dashboard and the interview page say it beside the draft.
    when = re.search(r"Scheduled for ([^<]+)\.</strong>", page)
    assert when
    assert f"scheduled for {when.group(1)}" in ana.get("/").text
    assert f"scheduled for {when.group(1)}" in ana.get(f"/interviews/{message.interview_id}").text

    # A second schedule from an old page queues nothing more.
    again = ana.post(
        f"/messages/{message.id}", data=_form(ana, message, action="schedule", send_at=typed)
    )
    assert again.status_code == 422 and "already scheduled" in again.text
    assert len(_waiting(url, message.id)) == 1

    off = ana.post(f"/messages/{message.id}", data=_form(ana, message, action="unschedule"))
    assert off.status_code == 200 and "The scheduled send is cancelled" in off.text
    assert _waiting(url, message.id) == {}
    assert "Send it later" in off.text
    assert deployment["owner"].message(message.id).state == "draft"


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("soon", "expected a date and a time"),
        ("2026-13-40T09:00", "expected a date and a time"),
        ((datetime.now() + timedelta(days=40)).strftime("%Y-%m-%dT%H:%M"), "Choose a time between"),
        ((datetime.now() - timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"), "Choose a time between"),
    ],
)
def test_a_time_it_cannot_take_is_said_beside_the_field(
    deployment: dict[str, Any], typed: str, said: str
) -> None:
    ana, message, url = deployment["clients"]["ana"], deployment["message"], deployment["url"]
    answer = ana.post(
        f"/messages/{message.id}", data=_form(ana, message, action="schedule", send_at=typed)
    )
    assert answer.status_code == 422
    error = re.search(r'<p class="field-error" id="send-at-error"[^>]*>([^<]+)</p>', answer.text)
    assert error and said in error.group(1), answer.text
    assert f'value="{typed}"' in answer.text, "what was typed stays in the field"
    assert _waiting(url, message.id) == {}


def test_what_a_worker_wrote_on_a_draft_is_shown(deployment: dict[str, Any]) -> None:
    ana, message, url = deployment["clients"]["ana"], deployment["message"], deployment["url"]
    engine = queue.engine_for(url)
    try:
        assert queue.note_refusal(engine, message.id, "refused: its window closed at 17:00")
    finally:
        engine.dispose()
    page = ana.get(f"/messages/{message.id}").text
    assert "The last try to send it did not go: Refused: its window closed at 17:00." in page


def test_another_students_message_cannot_be_scheduled(deployment: dict[str, Any]) -> None:
    bo, message, url = deployment["clients"]["bo"], deployment["message"], deployment["url"]
    answer = bo.post(
        f"/messages/{message.id}",
        data={
            "csrf": csrf_token(bo, "/"),
            "action": "schedule",
            "send_at": (datetime.now() + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert answer.status_code == 404
    assert _waiting(url, message.id) == {}


def _local(folder: Path) -> tuple[Any, Any, Any]:
    """A local store (SQLite) with a due draft, and the app on it: (store, draft, app)."""
    from afterview.outbox import save_drafts
    from afterview.web import WebSettings, create_app

    db = f"sqlite:///{folder / 'local.db'}"
    store = open_store(db)
    now = datetime.now(UTC)
    interview, _ = store.import_situation(fresh_panel(folder), now)
    return store, save_drafts(store, interview, now)[0], create_app(WebSettings(db=db))


def test_no_send_later_on_a_local_sqlite_store(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setenv("AFTERVIEW_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("AFTERVIEW_SMTP_SECURITY", "none")
    monkeypatch.delenv("AFTERVIEW_MODE", raising=False)
    store, message, app = _local(tmp_path)
    with TestClient(app, base_url="http://127.0.0.1") as client:
        page = client.get(f"/messages/{message.id}").text
        assert 'id="send-smtp"' in page  # the send section is there ...
        assert "Send it later" not in page  # ... without a queue to schedule on
        # A post without the text (a script, another page's button) keeps the stored text.
        found = re.search(r'name="csrf" value="([^"]+)"', page)
        assert found
        kept = client.post(
            f"/messages/{message.id}", data={"csrf": found.group(1), "action": "save"}
        )
        assert kept.status_code == 200
        assert store.message(message.id).body == message.body
        assert store.message(message.id).subject == message.subject


def test_a_refusal_with_no_field_to_stand_beside_is_said_at_the_top(
    deployment: dict[str, Any],
) -> None:
    """When the box is not on the page (here: the window has closed since the page was
    loaded), what went wrong is still said, at the top, and nothing is queued."""
    ana, message, url = deployment["clients"]["ana"], deployment["message"], deployment["url"]
    typed = _field_value(ana.get(f"/messages/{message.id}").text)
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "UPDATE actions SET not_after = now() - interval '1 hour' WHERE interview_id = :i"
            ),
            {"i": message.interview_id},
        )
    engine.dispose()
    answer = ana.post(
        f"/messages/{message.id}", data=_form(ana, message, action="schedule", send_at=typed)
    )
    assert answer.status_code == 422
    said = re.search(r'<p class="error" role="alert" id="refusal">([^<]+)</p>', answer.text)
    assert said and "can no longer be scheduled" in said.group(1), answer.text
    assert 'id="send-at"' not in answer.text
    assert _waiting(url, message.id) == {}


def test_the_api_schedules_refuses_and_cancels(deployment: dict[str, Any]) -> None:
    ana, message, url = deployment["clients"]["ana"], deployment["message"], deployment["url"]
    headers = {"X-CSRF-Token": csrf_token(ana, "/check")}
    path = f"/api/messages/{message.id}/schedule"
    at = (datetime.now(UTC) + timedelta(minutes=30)).replace(microsecond=0)
    outside = ana.post(path, json={"at": (at + timedelta(days=30)).isoformat()}, headers=headers)
    assert outside.status_code == 409 and "outside message" in outside.text
    naive = ana.post(path, json={"at": at.replace(tzinfo=None).isoformat()}, headers=headers)
    assert naive.status_code == 422  # a time without its offset is not one
    made = ana.post(path, json={"at": at.isoformat()}, headers=headers)
    assert made.status_code == 201, made.text
    assert datetime.fromisoformat(made.json()["at"]) == at
    opens = datetime.fromisoformat(made.json()["window"]["opens"])
    closes = datetime.fromisoformat(made.json()["window"]["closes"])
    assert opens <= at <= closes
    again = ana.post(path, json={"at": at.isoformat()}, headers=headers)
    assert again.status_code == 409 and "already scheduled" in again.text
    assert _waiting(url, message.id)[message.id][1] == at
    off = ana.request("DELETE", path, json={}, headers=headers)
    assert off.json() == {"cancelled": 1}
    assert ana.request("DELETE", path, json={}, headers=headers).json() == {"cancelled": 0}
    assert _waiting(url, message.id) == {}


def test_the_api_says_why_a_local_store_cannot_schedule(tmp_path: Path) -> None:
    _, message, app = _local(tmp_path)
    with TestClient(app, base_url="http://127.0.0.1") as client:
        answer = client.post(
            f"/api/messages/{message.id}/schedule",
            json={"at": (datetime.now(UTC) + timedelta(hours=1)).isoformat()},
        )
        assert answer.status_code == 409
        assert "scheduled sends need a PostgreSQL store" in answer.text


def test_a_send_that_did_not_go_is_marked_where_the_draft_is_listed(
    deployment: dict[str, Any],
) -> None:
    ana, message, url = deployment["clients"]["ana"], deployment["message"], deployment["url"]
    engine = queue.engine_for(url)
    try:
        assert queue.note_refusal(engine, message.id, "refused: name-mismatch: Dr. Nair")
    finally:
        engine.dispose()
    assert "its last send did not go" in ana.get(f"/interviews/{message.interview_id}").text
    assert "its last send did not go: open it to see why" in ana.get("/").text
