"""Honest states (issue 12): handed_off for .eml and mailto, a lease while sending, every
failure before the server accepted the message a draft again with the server's words, mail
headers a mail client understands, and drafts the advice no longer wants cancelled."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email import policy
from email.parser import BytesParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from aiosmtpd.controller import Controller

from afterview.drafting import draft_messages
from afterview.outbox import Refused, SmtpSettings, describe_send, send
from afterview.store import open_store

from helpers import fresh_panel

ROOT = Path(__file__).parent.parent
PANEL = ROOT / "examples" / "panel-interview.toml"
NOW = datetime(2026, 11, 24, 19, 0, tzinfo=UTC)  # within the thank-you window


def _outbox(tmp_path: Path) -> tuple[Any, list[Any]]:
    store = open_store(str(tmp_path / "db.sqlite"))
    interview_id, _ = store.import_situation(PANEL, NOW)
    drafts = draft_messages(store.situation(interview_id), now=NOW)
    return store, store.save_drafts(interview_id, drafts, NOW)


def _eml(path: Path) -> Any:
    return BytesParser(policy=policy.default).parsebytes(path.read_bytes())


def test_an_eml_is_handed_off_not_sent_and_marked_unsent(tmp_path: Path) -> None:
    store, messages = _outbox(tmp_path)
    first = messages[0]
    out = tmp_path / "thank-you.eml"
    assert send(store, first.id, "eml", NOW, out=out) == f"wrote {out}"
    message = store.message(first.id)
    assert message.state == "handed_off" and message.sent_at == NOW
    email = _eml(out)
    assert email["X-Unsent"] == "1"
    assert email["Message-ID"] == first.message_id
    assert email["Date"] and email["Date"].datetime == NOW
    # handed off counts as sent for the advice: no thank-you is asked of that person again
    agenda = store.agenda(NOW, timedelta(days=1))
    assert first.to not in [i.to for i in agenda if i.kind == "thank_you"]
    with pytest.raises(Refused, match="already handed to your mail client"):
        send(store, first.id, "eml", NOW, out=out)
    status, live = describe_send(message, NOW)
    assert "handed to your mail client" in status and not live


def test_a_mailto_body_has_crlf_line_ends(tmp_path: Path) -> None:
    store, messages = _outbox(tmp_path)
    link = send(store, messages[1].id, "mailto", NOW)
    assert "%0D%0A" in link and "%0A" not in link.replace("%0D%0A", "")
    assert store.message(messages[1].id).state == "handed_off"
    assert unquote(link.split("body=")[1]).startswith("Dear")


def test_a_status_check_threads_under_the_thank_you(tmp_path: Path) -> None:
    store, messages = _outbox(tmp_path)
    thanks = next(m for m in messages if m.kind == "thank_you")
    check = next(m for m in messages if m.kind == "status_check")
    assert thanks.address == check.address
    send(store, thanks.id, "eml", NOW, out=tmp_path / "a.eml")
    later = datetime(2026, 12, 9, 15, 0, tzinfo=UTC)  # the status check's window
    send(store, check.id, "eml", later, out=tmp_path / "b.eml", force=True)
    email = _eml(tmp_path / "b.eml")
    assert email["In-Reply-To"] == thanks.message_id
    assert email["References"] == thanks.message_id
    assert email["Subject"] == f"Re: {thanks.subject}"


def test_names_outside_ascii_are_encoded(tmp_path: Path) -> None:
    store, _messages = _outbox(tmp_path)
    text = PANEL.read_text("utf-8").replace('name = "Alex Rivera"', 'name = "Zoë Núñez"')
    path = tmp_path / "accents.toml"
    path.write_text(text, encoding="utf-8")
    interview_id, _ = store.import_situation(path, NOW)
    (saved,) = store.save_drafts(
        interview_id, draft_messages(store.situation(interview_id), now=NOW)[:1], NOW
    )
    send(store, saved.id, "eml", NOW, out=tmp_path / "c.eml", force=True)
    raw = (tmp_path / "c.eml").read_bytes()
    assert b"=?utf-8?" in raw.split(b"\n\n", 1)[0].lower() or b"=?UTF-8?" in raw
    assert str(_eml(tmp_path / "c.eml")["From"]).startswith("Zoë Núñez")


def test_an_unwritable_eml_leaves_a_draft(tmp_path: Path) -> None:
    store, messages = _outbox(tmp_path)
    with pytest.raises(Refused, match="still a draft"):
        send(store, messages[0].id, "eml", NOW, out=tmp_path / "no-such-folder" / "x.eml")
    message = store.message(messages[0].id)
    assert message.state == "draft" and message.last_error and message.lease is None


def test_no_smtp_host_leaves_a_draft_never_claimed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AFTERVIEW_SMTP_HOST", raising=False)
    monkeypatch.setenv("AFTERVIEW_CONFIG", str(tmp_path / "none.toml"))
    store, messages = _outbox(tmp_path)
    with pytest.raises(Refused, match="AFTERVIEW_SMTP_HOST"):
        send(store, messages[0].id, "smtp", NOW)
    assert store.message(messages[0].id).state == "draft"


class Refusing:
    """A server that refuses: at RCPT (550), after DATA (554), or drops the connection."""

    def __init__(self, how: str) -> None:
        self.how = how
        self.messages: list[bytes] = []

    async def handle_MAIL(self, server, session, envelope, address, options):  # type: ignore[no-untyped-def]
        if self.how == "530":
            return "530 5.7.0 Authentication required"
        envelope.mail_from = address
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, options):  # type: ignore[no-untyped-def]
        if self.how == "550":
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        if self.how == "554":
            return "554 5.7.1 Message rejected as spam"
        if self.how == "drop":
            server.transport.close()  # gone mid-conversation: nobody knows if it went
            return None
        if self.how == "slow":
            import asyncio

            await asyncio.sleep(1.5)
        self.messages.append(envelope.content)
        return "250 OK"


@pytest.fixture
def server(request: pytest.FixtureRequest) -> Iterator[tuple[Refusing, SmtpSettings]]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    handler = Refusing(request.param)
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, SmtpSettings("127.0.0.1", port, "none", None, None)
    finally:
        controller.stop()


@pytest.mark.parametrize(
    ("server", "words"),
    [("550", "550 5.1.1"), ("554", "554 5.7.1"), ("530", "530 5.7.0")],
    indirect=["server"],
)
def test_a_refusal_leaves_a_draft_with_the_servers_words(
    tmp_path: Path, server: tuple[Refusing, SmtpSettings], words: str
) -> None:
    handler, settings = server
    store, messages = _outbox(tmp_path)
    with pytest.raises(Refused, match=words):
        send(store, messages[0].id, "smtp", NOW, smtp=settings)
    message = store.message(messages[0].id)
    assert message.state == "draft" and words in (message.last_error or "")
    assert handler.messages == []


@pytest.mark.parametrize("server", ["drop"], indirect=True)
def test_a_connection_lost_while_sending_is_unknown_not_retried(
    tmp_path: Path, server: tuple[Refusing, SmtpSettings]
) -> None:
    _, settings = server
    store, messages = _outbox(tmp_path)
    with pytest.raises(Refused, match="may or may not have gone"):
        send(store, messages[0].id, "smtp", NOW, smtp=settings)
    message = store.message(messages[0].id)
    assert message.state == "sending" and message.lease is None
    status, live = describe_send(message, NOW)
    assert status.startswith("interrupted") and not live
    with pytest.raises(Refused, match="may already have gone"):
        send(store, messages[0].id, "smtp", NOW, smtp=settings)


def test_a_lease_tells_in_progress_from_crashed(tmp_path: Path) -> None:
    store, messages = _outbox(tmp_path)
    assert store.claim(messages[0].id, NOW)
    ours = store.message(messages[0].id)
    assert ours.lease is not None and ours.lease.pid == os.getpid()
    status, live = describe_send(ours, NOW)
    assert status.startswith("in progress") and live
    from sqlalchemy import update

    from afterview.store import schema

    with store.engine.begin() as connection:  # a process that no longer exists
        connection.execute(update(schema.Message).values(lease_pid=2**22 + 12345))
    status, live = describe_send(store.message(messages[0].id), NOW)
    assert status.startswith("crashed") and not live


def test_the_cli_refuses_not_sent_while_a_send_is_in_progress(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from afterview.cli import app

    db = str(tmp_path / "cli.db")
    runner = CliRunner()
    runner.invoke(app, ["import", str(fresh_panel(tmp_path)), "--db", db])
    runner.invoke(app, ["draft", "1", "--save", "--db", db])
    store = open_store(db)
    assert store.claim(1, NOW)  # this process holds the lease
    said = runner.invoke(app, ["resolve", "1", "--db", db])
    assert said.exit_code == 0 and "in progress" in said.stdout
    refused = runner.invoke(app, ["resolve", "1", "--not-sent", "--db", db])
    assert refused.exit_code != 0 and store.message(1).state == "sending"
    settled = runner.invoke(app, ["resolve", "1", "--sent", "--db", db])
    assert settled.exit_code == 0 and store.message(1).state == "sent"


def test_drafts_the_advice_no_longer_wants_are_cancelled(tmp_path: Path) -> None:
    store, messages = _outbox(tmp_path)
    check = next(m for m in messages if m.kind == "status_check")
    store.record_reply(1, NOW, NOW, None, "next_round")
    assert store.message(check.id).state == "cancelled"
    assert all(
        store.message(m.id).state == "draft" for m in messages if m.kind == "thank_you"
    )  # thank-yous still inside their window stay
    store.record_reply(1, NOW + timedelta(minutes=1), NOW + timedelta(minutes=1), None, "rejected")
    assert {store.message(m.id).state for m in messages} == {"cancelled"}
    with pytest.raises(Refused):
        send(store, messages[0].id, "eml", NOW, out=tmp_path / "x.eml")


def test_the_agenda_asks_to_confirm_a_handed_off_message(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from afterview.cli import app

    db = str(tmp_path / "cli.db")
    runner = CliRunner()
    runner.invoke(app, ["import", str(fresh_panel(tmp_path)), "--db", db])
    runner.invoke(app, ["draft", "1", "--save", "--db", db])
    sent = runner.invoke(
        app, ["send", "1", "--via", "eml", "--out", str(tmp_path / "m.eml"), "--db", db, "--force"]
    )
    assert sent.exit_code == 0, sent.output
    agenda = runner.invoke(app, ["agenda", "--db", db, "--days", "30"])
    assert "confirm thank-you to Dr. Priya Nair" in agenda.stdout
    assert "afterview resolve 1 --sent" in " ".join(agenda.stdout.split())
    runner.invoke(app, ["resolve", "1", "--sent", "--db", db])
    agenda = runner.invoke(app, ["agenda", "--db", db, "--days", "30"])
    assert "confirm" not in agenda.stdout


def test_a_message_being_sent_is_not_due_again(tmp_path: Path) -> None:
    store, messages = _outbox(tmp_path)
    first = messages[0]
    due = {(i.kind, i.to) for i in store.agenda(NOW, timedelta(days=1))}
    assert (first.kind, first.to) in due
    assert store.claim(first.id, NOW)
    due = {(i.kind, i.to) for i in store.agenda(NOW, timedelta(days=1))}
    assert (first.kind, first.to) not in due


@pytest.mark.parametrize("server", ["slow"], indirect=True)
def test_a_slow_server_delivers_once_to_two_senders(
    tmp_path: Path, server: tuple[Refusing, SmtpSettings]
) -> None:
    """Two sends of one message at once, to a server that takes its time: one delivery."""
    import threading

    handler, settings = server
    store, messages = _outbox(tmp_path)
    results: list[str] = []

    def attempt() -> None:
        try:
            results.append(send(store, messages[0].id, "smtp", NOW, smtp=settings))
        except Refused as exc:
            results.append(f"refused: {exc}")

    threads = [threading.Thread(target=attempt) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert len(handler.messages) == 1
    assert sum(r.startswith("sent to") for r in results) == 1
    assert store.message(messages[0].id).state == "sent"
