"""The outbox: a real SMTP server on loopback, at most one delivery, refusals with reasons."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from email import message_from_bytes
from pathlib import Path

import pytest

from afterview.drafting import draft_messages
from afterview.outbox import Refused, SmtpSettings, mailto, send
from afterview.store import open_store

from smtp_server import Inbox  # noqa: F401

ROOT = Path(__file__).parent.parent
PANEL = ROOT / "examples" / "panel-interview.toml"
NOW = datetime(2026, 11, 24, 19, 0, tzinfo=UTC)  # within the thank-you window


def _outbox(tmp_path: Path) -> tuple[object, list[int]]:
    store = open_store(str(tmp_path / "db.sqlite"))
    interview_id, _ = store.import_situation(PANEL, NOW)
    situation = store.situation(interview_id)
    saved = store.save_drafts(interview_id, draft_messages(situation, now=NOW), NOW)
    return store, [m.id for m in saved]


def test_smtp_delivers_once_with_a_fixed_message_id(tmp_path: Path, smtp) -> None:  # type: ignore[no-untyped-def]
    inbox, settings = smtp
    store, ids = _outbox(tmp_path)
    result = send(store, ids[0], "smtp", NOW, smtp=settings)
    assert result.startswith("sent to priya.nair@northwind.example")
    (raw,) = inbox.messages
    received = message_from_bytes(raw)
    assert received["Message-ID"] == store.message(ids[0]).message_id
    assert received["To"] == '"Dr. Priya Nair" <priya.nair@northwind.example>'
    with pytest.raises(Refused, match="already sent"):
        send(store, ids[0], "smtp", NOW, smtp=settings)
    assert len(inbox.messages) == 1
    assert store.message(ids[0]).state == "sent"
    assert [s.to for s in store.situation(1).sent] == ["Dr. Priya Nair"]


def test_two_senders_at_once_deliver_once(tmp_path: Path, smtp) -> None:  # type: ignore[no-untyped-def]
    inbox, settings = smtp
    store, ids = _outbox(tmp_path)
    results: list[str] = []

    def attempt() -> None:
        try:
            results.append(send(store, ids[1], "smtp", NOW, smtp=settings))
        except Refused as exc:
            results.append(f"refused: {exc}")

    threads = [threading.Thread(target=attempt) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(inbox.messages) == 1
    assert sum(r.startswith("sent") for r in results) == 1


def test_a_crash_after_the_claim_is_never_retried(
    tmp_path: Path, smtp, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    inbox, settings = smtp
    store, ids = _outbox(tmp_path)

    def crash(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt  # the process dies mid-conversation

    monkeypatch.setattr("smtplib.SMTP.send_message", crash)
    with pytest.raises(KeyboardInterrupt):
        send(store, ids[0], "smtp", NOW, smtp=settings)
    monkeypatch.undo()
    assert store.message(ids[0]).state == "sending"
    with pytest.raises(Refused, match="may already have gone"):
        send(store, ids[0], "smtp", NOW, smtp=settings)
    assert inbox.messages == []


def test_an_unreachable_server_leaves_a_draft(tmp_path: Path) -> None:
    store, ids = _outbox(tmp_path)
    nowhere = SmtpSettings("127.0.0.1", 9, "none", None, None)
    with pytest.raises(Refused, match="still a draft"):
        send(store, ids[0], "smtp", NOW, smtp=nowhere)
    assert store.message(ids[0]).state == "draft"


def test_no_contact_is_refused_even_with_force(tmp_path: Path, smtp) -> None:  # type: ignore[no-untyped-def]
    inbox, settings = smtp
    store, _ = _outbox(tmp_path)
    text = PANEL.read_text().replace('contact_policy = "unknown"', 'contact_policy = "no_contact"')
    path = tmp_path / "panel.toml"
    path.write_text(text)
    draft = draft_messages(store.situation(1), now=NOW)[0]
    # The same interview from another path is the same interview: it now asks for no contact.
    interview_id, created = store.import_situation(path, NOW)
    assert (interview_id, created) == (1, False)
    (saved,) = store.save_drafts(interview_id, [draft], NOW)
    message_id = saved.id
    with pytest.raises(Refused, match="no contact"):
        send(store, message_id, "smtp", NOW, force=True, smtp=settings)
    assert inbox.messages == [] and store.message(message_id).state == "draft"
    # the drafts saved before the request were cancelled when the advice stopped
    assert {m.state for m in store.messages_of(1) if m.id != message_id} == {"cancelled"}


def test_eml_and_mailto(tmp_path: Path) -> None:
    store, ids = _outbox(tmp_path)
    out = tmp_path / "m.eml"
    assert send(store, ids[0], "eml", NOW, out=out) == f"wrote {out}"
    parsed = message_from_bytes(out.read_bytes())
    assert parsed["Message-ID"] == store.message(ids[0]).message_id
    link = send(store, ids[1], "mailto", NOW)
    assert link.startswith("mailto:marcus.chen%40northwind.example?subject=Thank%20you")
    long = store.message(ids[2])
    assert len(mailto(type(long)(**{**long.__dict__, "body": "word " * 2000}))) <= 2000


def test_cli_outbox_send_and_resolve(tmp_path: Path, smtp, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    import json
    import subprocess
    import sys

    from typer.testing import CliRunner

    from afterview.cli import app

    inbox, settings = smtp
    runner = CliRunner()
    db = str(tmp_path / "cli.db")
    runner.invoke(app, ["import", str(PANEL), "--db", db])
    evening = ["--now", "2026-11-24T19:00:00+00:00"]  # the drafts as of the interview's evening
    saved = runner.invoke(app, ["draft", "1", "--db", db, "--save", *evening])
    assert "Saved 4 new drafts to the outbox: 1, 2, 3, 4." in saved.stdout
    again = runner.invoke(app, ["draft", "1", "--db", db, "--save", *evening])  # one per person
    assert "Saved 0 new drafts to the outbox; kept the 4 already there: 1, 2, 3, 4." in again.stdout
    listed = json.loads(runner.invoke(app, ["outbox", "--db", db, "--json"]).stdout)
    assert len(listed) == 4
    assert {m["state"] for m in listed} == {"draft"}
    env = {
        **__import__("os").environ,
        "AFTERVIEW_SMTP_HOST": "127.0.0.1",
        "AFTERVIEW_SMTP_PORT": str(settings.port),
        "AFTERVIEW_SMTP_SECURITY": "none",
    }
    status_check = next(m["id"] for m in listed if m["kind"] == "status_check")
    # the employer turned you down: every draft is cancelled and the send refused (exit 1),
    # whatever today's date
    runner.invoke(app, ["replied", "1", "--outcome", "rejected", "--db", db])
    refused = subprocess.run(
        [sys.executable, "-m", "afterview", "send", str(status_check), "--via", "smtp", "--db", db],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert refused.returncode == 1 and "was cancelled" in refused.stderr
    assert inbox.messages == []
    monkeypatch.setenv("AFTERVIEW_SMTP_HOST", "")
    bad = runner.invoke(app, ["resolve", "1", "--sent", "--db", db])
    assert bad.exit_code != 0  # not left sending


def _send_process(db: str, message_id: int, port: int, crash_at: str | None = None):  # type: ignore[no-untyped-def]
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "AFTERVIEW_SMTP_HOST": "127.0.0.1",
        "AFTERVIEW_SMTP_PORT": str(port),
        "AFTERVIEW_SMTP_SECURITY": "none",
    }
    if crash_at:
        env["AFTERVIEW_CRASH_AT"] = crash_at
    code = (
        "import sys; from datetime import datetime, UTC; from afterview.store import open_store; "
        "from afterview.outbox import send, Refused\n"
        "try:\n"
        f"    print(send(open_store({db!r}), {message_id}, 'smtp', datetime(2026, 11, 24, 19, tzinfo=UTC)))\n"
        "except Refused as e:\n"
        "    print('refused:', e); sys.exit(1)\n"
    )
    return subprocess.Popen(
        [sys.executable, "-c", code],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.parametrize(
    ("crash_at", "delivered", "state"),
    [("before-claim", 0, "draft"), ("after-claim", 0, "sending"), ("after-delivery", 1, "sending")],
)
def test_a_killed_sender_never_leads_to_a_second_delivery(
    tmp_path: Path, smtp, crash_at: str, delivered: int, state: str
) -> None:  # type: ignore[no-untyped-def]
    inbox, settings = smtp
    store, ids = _outbox(tmp_path)
    db = str(tmp_path / "db.sqlite")
    killed = _send_process(db, ids[0], settings.port, crash_at)
    killed.wait(timeout=60)
    assert killed.returncode == -9  # SIGKILL at the step
    assert len(inbox.messages) == delivered
    assert store.message(ids[0]).state == state
    again = _send_process(db, ids[0], settings.port)
    out, _ = again.communicate(timeout=60)
    if state == "draft":  # nothing was claimed: the retry delivers, once
        assert again.returncode == 0 and len(inbox.messages) == 1
    else:  # claimed: never retried by itself, whatever the server got
        assert again.returncode == 1 and "may already have gone" in out
        assert len(inbox.messages) == delivered


def test_two_processes_at_once_deliver_once(tmp_path: Path, smtp) -> None:  # type: ignore[no-untyped-def]
    inbox, settings = smtp
    store, ids = _outbox(tmp_path)
    db = str(tmp_path / "db.sqlite")
    senders = [_send_process(db, ids[2], settings.port) for _ in range(2)]
    codes = sorted(p.wait(timeout=60) for p in senders)
    assert codes == [0, 1]
    assert len(inbox.messages) == 1
    assert store.message(ids[2]).state == "sent"


def test_smtp_settings_file_environment_and_keyring(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from afterview.errors import AfterviewError

    config = tmp_path / "config.toml"
    config.write_text('[smtp]\nhost = "mail.example.com"\nsecurity = "tls"\nuser = "alex"\n')
    monkeypatch.setenv("AFTERVIEW_CONFIG", str(config))
    for key in ("HOST", "PORT", "SECURITY", "USER", "PASSWORD"):
        monkeypatch.delenv(f"AFTERVIEW_SMTP_{key}", raising=False)
    monkeypatch.setattr("keyring.get_password", lambda service, user: f"secret-for-{user}")
    settings = SmtpSettings.from_environment()
    assert (settings.host, settings.port, settings.security, settings.user, settings.password) == (
        "mail.example.com",
        465,
        "tls",
        "alex",
        "secret-for-alex",
    )
    monkeypatch.setenv("AFTERVIEW_SMTP_HOST", "smtp.other.example")  # the environment wins
    monkeypatch.setenv("AFTERVIEW_SMTP_PASSWORD", "from-env")
    settings = SmtpSettings.from_environment()
    assert (settings.host, settings.password) == ("smtp.other.example", "from-env")
    config.write_text('[smtp]\nhost = "x"\npassword = "plain"\n')
    with pytest.raises(AfterviewError, match=r"smtp\.password: not allowed in a file"):
        SmtpSettings.from_environment()


def test_a_cancelled_draft_is_never_sent(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from afterview.cli import app

    store, ids = _outbox(tmp_path)
    db = str(tmp_path / "db.sqlite")
    result = CliRunner().invoke(app, ["cancel", str(ids[0]), "--db", db])
    assert result.exit_code == 0, result.output
    with pytest.raises(Refused, match="was cancelled"):
        send(store, ids[0], "eml", NOW, out=tmp_path / "x.eml")
    assert not (tmp_path / "x.eml").exists()
