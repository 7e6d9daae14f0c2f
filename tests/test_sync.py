"""``afterview sync`` against a real IMAP server on loopback (pymap): handed-off and unfinished
sends settled by Message-ID, mail sent by hand to an interviewer, threaded replies and replies
from an interviewer's address recorded; unrelated and old mail ignored; a second run records
nothing; a new UIDVALIDITY is read again without doubling anything; and the mailbox's flags
are the same after every run (read-only)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import Any

import pytest

from afterview.drafting import draft_messages
from afterview.outbox import send
from afterview.store import open_store
from afterview.sync import ImapSettings, SyncFailed, sync

from helpers import clean_postgres
from imap_server import Mailbox, imap, imap_port  # noqa: F401  (the fixtures)

ROOT = Path(__file__).parent.parent
PANEL = ROOT / "examples" / "panel-interview.toml"  # 2026-11-24 15:00 UTC, Priya, Marcus, Sofia
NOW = datetime(2026, 11, 24, 19, 0, tzinfo=UTC)
LATER = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
ME = "Alex Rivera <alex.rivera@example.com>"
PRIYA = "priya.nair@northwind.example"
MARCUS = "marcus.chen@northwind.example"
SOFIA = "sofia.okafor@northwind.example"


def mail(
    sender: str,
    to: str,
    at: datetime,
    subject: str,
    body: str,
    message_id: str | None = None,
    replying_to: str | None = None,
) -> bytes:
    """A message as a mail client would store it (the tests write every word)."""
    email = EmailMessage()
    email["From"] = sender
    email["To"] = to
    email["Subject"] = subject
    email["Date"] = format_datetime(at)
    email["Message-ID"] = message_id or make_msgid(domain="mail.test")
    if replying_to:
        email["In-Reply-To"] = replying_to
        email["References"] = replying_to
    email.set_content(body)
    return bytes(email)


def setting_up(tmp_path: Path, box: Mailbox, db: str | None = None) -> tuple[Any, dict[str, Any]]:
    """A store with the panel interview: Priya's thank-you handed off as an .eml, Marcus's
    left "sending" by a lost connection; a mailbox holding those and more."""
    store = open_store(db or str(tmp_path / "db.sqlite"))
    interview_id, _ = store.import_situation(PANEL, NOW)
    messages = store.save_drafts(
        interview_id, draft_messages(store.situation(interview_id), now=NOW), NOW
    )
    thanks = {m.to: m for m in messages if m.kind == "thank_you"}
    priya, marcus = thanks["Dr. Priya Nair"], thanks["Marcus Chen"]
    send(store, priya.id, "eml", NOW, out=tmp_path / "priya.eml")
    assert store.claim(marcus.id, NOW)
    store.finish(marcus.id, "sending", NOW, error="the connection to smtp.test failed")
    box.create("Sent")
    at = datetime(2026, 11, 24, 20, 5, tzinfo=UTC)
    box.append("Sent", (tmp_path / "priya.eml").read_bytes().replace(b"X-Unsent: 1\n", b""), True)
    box.append(
        "Sent", mail(ME, MARCUS, at, "Thank you", "Thanks, Marcus.", marcus.message_id), True
    )
    by_hand = make_msgid(domain="mail.test")
    box.append(
        "Sent",
        mail(
            ME,
            SOFIA,
            datetime(2026, 11, 25, 9, 0, tzinfo=UTC),
            "Thanks",
            "Hi Sofia, thank you.",
            by_hand,
        ),
        True,
    )
    # Must not fire: a friend; Priya before the interview (arranging it); Priya long ago.
    box.append("Sent", mail(ME, "sam@friends.test", at, "Dinner", "Friday?"), True)
    box.append(
        "Sent",
        mail(ME, PRIYA, datetime(2026, 11, 24, 13, 0, tzinfo=UTC), "Today", "See you at ten."),
        True,
    )
    box.append(
        "Sent", mail(ME, PRIYA, datetime(2026, 10, 2, 9, 0, tzinfo=UTC), "Hello", "Hi."), True
    )
    long_text = "Thank you for your note. " + "We are still meeting candidates this week. " * 12
    threaded = mail(
        "Jordan Lee <jordan.lee@northwind.example>",
        ME,
        datetime(2026, 11, 26, 14, 0, tzinfo=UTC),
        "Re: Thank you",
        long_text + "\n> your earlier words quoted here\n",
        replying_to=priya.message_id,
    )
    box.append("INBOX", threaded)
    box.append(
        "INBOX",
        mail(
            f"Marcus Chen <{MARCUS}>",
            ME,
            datetime(2026, 11, 27, 16, 0, tzinfo=UTC),
            "Next steps",
            "Could we talk on Monday?",
        ),
    )
    # Must not fire: a newsletter, Sofia before the bound, a copy of my own mail.
    box.append("INBOX", mail("news@shop.test", ME, at, "Sale", "Half price."))
    box.append("INBOX", mail(SOFIA, ME, datetime(2026, 10, 1, 9, 0, tzinfo=UTC), "Hi", "Old."))
    box.append("INBOX", mail(ME, ME, at, "note to self", "Remember the dbt point."))
    return store, {"interview": interview_id, "priya": priya, "marcus": marcus, "by_hand": by_hand}


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The store on SQLite, and on PostgreSQL when DATABASE_URL names one (required on CI)."""
    if request.param == "sqlite":
        return str(tmp_path / "db.sqlite")
    return clean_postgres()


def test_sync_records_what_the_mailbox_knows_once_and_changes_nothing(
    tmp_path: Path,
    imap: tuple[Mailbox, ImapSettings],  # noqa: F811
    db: str,
) -> None:
    box, settings = imap
    store, known = setting_up(tmp_path, box, db)
    before = box.flags()
    assert store.last_synced() is None

    done = sync(store, LATER, settings)

    assert {s["message"] for s in done["settled"]} == {known["priya"].id, known["marcus"].id}
    assert store.message(known["priya"].id).state == "sent"
    marcus = store.message(known["marcus"].id)
    assert marcus.state == "sent" and marcus.lease is None and marcus.last_error is None
    assert marcus.sent_at == datetime(2026, 11, 24, 20, 5, tzinfo=UTC)
    assert [(s["to"], s["kind"], s["message_id"]) for s in done["sent_by_hand"]] == [
        ("Sofia Okafor", "thank_you", known["by_hand"])
    ]
    replies = sorted(done["replies"], key=lambda r: r["at"])
    assert [r["from"] for r in replies] == [
        "Jordan Lee <jordan.lee@northwind.example>",
        f"Marcus Chen <{MARCUS}>",
    ]
    snippet = replies[0]["snippet"]
    assert snippet.startswith("Thank you for your note.") and 190 <= len(snippet) <= 200
    assert "quoted" not in snippet
    assert replies[1]["snippet"] == "Could we talk on Monday?"
    assert [r["reply"] for r in done["to_classify"]] == [r["reply"] for r in replies]
    # the replies stop the chase: no status check is planned any more
    situation = store.situation(known["interview"])
    assert [r.outcome for r in situation.replies] == ["other", "other"]
    assert not [i for i in store.agenda(LATER, horizon=LATER - NOW) if i.kind == "status_check"]
    assert store.last_synced() == LATER
    assert done["folders"]["Sent"]["read"] == 5  # the one from October is outside the bound
    assert done["folders"]["INBOX"]["read"] == 4

    again = sync(store, LATER, settings)
    assert again["settled"] == again["sent_by_hand"] == again["replies"] == []
    assert again["folders"]["Sent"]["read"] == again["folders"]["INBOX"]["read"] == 0
    assert box.flags() == before  # EXAMINE and BODY.PEEK: not one flag changed
    assert all(b"\\Seen" not in flags for flags in before["INBOX"].values())

    # new mail is read, and only it
    box.append(
        "INBOX",
        mail(
            f"Dr. Priya Nair <{PRIYA}>",
            ME,
            datetime(2026, 11, 29, 9, 0, tzinfo=UTC),
            "Update",
            "We decide next week.",
        ),
    )
    third = sync(store, LATER, settings)
    assert third["folders"]["INBOX"]["read"] == 1
    assert [r["from"] for r in third["replies"]] == [f"Dr. Priya Nair <{PRIYA}>"]


def test_a_new_uidvalidity_is_read_again_without_doubling_anything(
    tmp_path: Path,
    imap: tuple[Mailbox, ImapSettings],  # noqa: F811
) -> None:
    box, settings = imap
    store, _ = setting_up(tmp_path, box)
    first = sync(store, LATER, settings)
    old = box.uidvalidity("Sent")
    raw = []
    box.client.select_folder("Sent", readonly=True)
    for data in box.client.fetch(box.client.search(), ["RFC822"]).values():
        raw.append(data[b"RFC822"])
    box.create("Sent")  # the folder is rebuilt: new UIDVALIDITY, UIDs from the start again
    for message in raw:
        box.append("Sent", message, True)
    status_check = mail(
        ME, SOFIA, datetime(2026, 11, 27, 9, 0, tzinfo=UTC), "Checking in", "Any news?"
    )
    box.append("Sent", status_check, True)
    assert box.uidvalidity("Sent") != old
    before = box.flags()

    done = sync(store, LATER, settings)

    assert done["folders"]["Sent"]["uidvalidity"] == box.uidvalidity("Sent")
    assert done["folders"]["Sent"]["read"] == 6  # all of it again
    assert done["settled"] == [] and done["replies"] == []
    assert [(s["to"], s["kind"]) for s in done["sent_by_hand"]] == [
        ("Sofia Okafor", "status_check")
    ]
    assert box.flags() == before
    assert len(first["sent_by_hand"]) == 1


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"password": "wrong"}, "refused the login for demouser; check AFTERVIEW_IMAP_USER"),
        ({"security": "tls"}, "TLS failed"),
        ({"security": "starttls"}, "STARTTLS"),
        ({"port": 1}, "could not connect"),
    ],
)
def test_a_failure_is_one_line_naming_the_host_and_records_nothing(
    tmp_path: Path,
    imap: tuple[Mailbox, ImapSettings],  # noqa: F811
    change: dict[str, Any],
    says: str,
) -> None:
    box, settings = imap
    store, known = setting_up(tmp_path, box)
    index = store.sync_index()
    bad = ImapSettings(**{**settings.__dict__, **change})
    with pytest.raises(SyncFailed) as failed:
        sync(store, LATER, bad)
    line = str(failed.value)
    assert "\n" not in line and line.startswith(f"127.0.0.1:{bad.port}: ") and says in line
    assert store.sync_index() == index and store.last_synced() is None
    assert store.message(known["priya"].id).state == "handed_off"


def test_settings_come_from_the_file_and_the_environment_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[imap]\nhost = "imap.file.test"\nuser = "me"\nport = 1993\n', "utf-8")
    monkeypatch.setenv("AFTERVIEW_CONFIG", str(config))
    for name in ("HOST", "PORT", "SECURITY", "USER", "PASSWORD"):
        monkeypatch.delenv(f"AFTERVIEW_IMAP_{name}", raising=False)
    monkeypatch.setenv("AFTERVIEW_IMAP_PASSWORD", "secret")
    settings = ImapSettings.from_environment()
    assert (settings.host, settings.port, settings.security, settings.user) == (
        "imap.file.test",
        1993,
        "tls",
        "me",
    )
    monkeypatch.setenv("AFTERVIEW_IMAP_HOST", "imap.env.test")
    monkeypatch.setenv("AFTERVIEW_IMAP_SECURITY", "starttls")
    monkeypatch.delenv("AFTERVIEW_CONFIG")
    monkeypatch.setenv("AFTERVIEW_CONFIG", str(tmp_path / "none.toml"))
    monkeypatch.setenv("AFTERVIEW_IMAP_USER", "me")
    settings = ImapSettings.from_environment()
    assert (settings.host, settings.port, settings.security) == ("imap.env.test", 143, "starttls")
    config.write_text('[imap]\nhost = "h"\nuser = "me"\npassword = "no"\n', "utf-8")
    monkeypatch.setenv("AFTERVIEW_CONFIG", str(config))
    with pytest.raises(SyncFailed, match=r"imap.password: not allowed in a file"):
        ImapSettings.from_environment()
    monkeypatch.setenv("AFTERVIEW_IMAP_SECURITY", "ssl")
    config.write_text("", "utf-8")
    with pytest.raises(SyncFailed, match="AFTERVIEW_IMAP_SECURITY: expected none, starttls or tls"):
        ImapSettings.from_environment()


def test_a_kill_while_recording_records_nothing_and_the_next_run_records_it_all(
    tmp_path: Path,
    imap: tuple[Mailbox, ImapSettings],  # noqa: F811
) -> None:
    box, settings = imap
    store, known = setting_up(tmp_path, box)
    before = box.flags()
    env = {
        **os.environ,
        "AFTERVIEW_CONFIG": str(tmp_path / "none.toml"),
        "AFTERVIEW_IMAP_HOST": settings.host,
        "AFTERVIEW_IMAP_PORT": str(settings.port),
        "AFTERVIEW_IMAP_SECURITY": "none",
        "AFTERVIEW_IMAP_USER": settings.user,
        "AFTERVIEW_IMAP_PASSWORD": settings.password,
    }
    command = [sys.executable, "-m", "afterview", "sync", "--db", str(tmp_path / "db.sqlite")]
    killed = subprocess.run(
        command,
        env={**env, "AFTERVIEW_CRASH_AT": "sync-before-commit"},
        capture_output=True,
        timeout=60,
    )
    assert killed.returncode == -signal.SIGKILL
    assert store.last_synced() is None
    assert store.message(known["priya"].id).state == "handed_off"
    assert store.unclassified_replies() == []
    done = subprocess.run([*command, "--json"], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    recorded = json.loads(done.stdout)
    assert len(recorded["settled"]) == 2 and len(recorded["replies"]) == 2
    assert len(recorded["sent_by_hand"]) == 1
    assert box.flags() == before
