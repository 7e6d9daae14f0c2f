"""The parts of ``afterview sync`` around the IMAP conversation: the command line (--json, a
failure as one line and exit 2), classifying a synced reply with ``afterview replied``, the
dashboard's "last synced", finding the Sent folder, the snippet, and the matching rules."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from afterview.cli import app
from afterview.store import open_store
from afterview.sync import SNIPPET, ImapSettings, Mail, _snippet, match, sent_folder
from afterview.web import WebSettings, create_app

from imap_server import Mailbox, imap, imap_port, imap_tls  # noqa: F401  (the fixtures)

ROOT = Path(__file__).parent.parent
PANEL = ROOT / "examples" / "panel-interview.toml"
NOW = datetime(2026, 11, 24, 19, 0, tzinfo=UTC)
START = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)  # the panel interview's start
MARCUS = "marcus.chen@northwind.example"
runner = CliRunner()


def afterview(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "afterview", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "AFTERVIEW_CONFIG": "/nonexistent/config.toml", **env},
        timeout=60,
    )


def _reply_mail(at: datetime) -> bytes:
    return (
        f"From: Marcus Chen <{MARCUS}>\r\nTo: alex.rivera@example.com\r\n"
        f"Subject: [External] Next steps [/] \x1b[31m\r\nMessage-ID: <next.steps@mail.test>\r\n"
        f"Date: {at:%a, %d %b %Y %H:%M:%S +0000}\r\n\r\nCould we talk again on Monday?\r\n"
    ).encode()


def test_the_command_prints_what_it_recorded_and_replied_classifies_it(
    tmp_path: Path,
    imap: tuple[Mailbox, ImapSettings],  # noqa: F811
) -> None:
    box, settings = imap
    db = str(tmp_path / "db.sqlite")
    store = open_store(db)
    interview_id, _ = store.import_situation(PANEL, NOW)
    box.create("Sent")
    box.append("INBOX", _reply_mail(datetime.now(UTC) - timedelta(hours=1)))
    env = {
        "AFTERVIEW_IMAP_HOST": settings.host,
        "AFTERVIEW_IMAP_PORT": str(settings.port),
        "AFTERVIEW_IMAP_SECURITY": "none",
        "AFTERVIEW_IMAP_USER": settings.user,
        "AFTERVIEW_IMAP_PASSWORD": settings.password,
    }
    run = afterview("sync", "--db", db, "--json", env=env)
    assert run.returncode == 0, run.stderr
    done = json.loads(run.stdout)
    assert [(r["interview"], r["subject"]) for r in done["replies"]] == [
        (interview_id, "[External] Next steps [/] [31m")
    ]
    assert done["to_classify"][0]["reply"] == done["replies"][0]["reply"]
    again = runner.invoke(app, ["sync", "--db", db], env=env)
    assert again.exit_code == 0 and "nothing new" in again.stdout
    assert f"afterview replied {interview_id} --outcome OUTCOME" in again.stdout
    assert "'[External] Next steps [/] [31m'" in again.stdout  # not markup, no escape

    # `replied` classifies the synced reply instead of adding a second one
    told = runner.invoke(app, ["replied", str(interview_id), "--outcome", "rejected", "--db", db])
    assert told.exit_code == 0 and "Classified the reply sync found" in told.stdout
    situation = open_store(db).situation(interview_id)
    assert [(r.outcome, r.from_) for r in situation.replies] == [
        ("rejected", f"Marcus Chen <{MARCUS}>")
    ]
    assert open_store(db).unclassified_replies() == []
    # with nothing left to classify, `replied` adds a reply as before
    told = runner.invoke(app, ["replied", str(interview_id), "--outcome", "other", "--db", db])
    assert "Recorded the employer's reply" in told.stdout
    assert len(open_store(db).situation(interview_id).replies) == 2

    bad = afterview("sync", "--db", db, env={**env, "AFTERVIEW_IMAP_PASSWORD": "nope"})
    assert bad.returncode == 2 and bad.stdout == ""
    assert bad.stderr.count("\n") == 1 and "refused the login for demouser" in bad.stderr


def test_bad_settings_fail_before_anything_is_opened(tmp_path: Path) -> None:
    run = afterview("sync", "--db", str(tmp_path / "db.sqlite"), env={"AFTERVIEW_IMAP_HOST": ""})
    assert run.returncode == 2
    assert run.stderr == "afterview: AFTERVIEW_IMAP_HOST: expected the IMAP server's host name\n"
    assert not (tmp_path / "db.sqlite").exists()


def test_the_dashboard_says_when_the_mailbox_was_last_synced(tmp_path: Path) -> None:
    db = str(tmp_path / "db.sqlite")
    store = open_store(db)
    interview_id, _ = store.import_situation(PANEL, NOW)
    app = create_app(WebSettings(db=db, now=NOW))
    with TestClient(app, base_url="http://127.0.0.1") as client:
        assert "last synced" not in client.get("/").text  # never synced: nothing said
        at = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
        store.record_sync(
            {
                "replies": [(interview_id, at, MARCUS, "<r@mail.test>", "Next steps", "Monday?")],
                "folders": [("me@imap.test:993", "INBOX", 7, 3)],
            },
            datetime(2026, 11, 27, 8, 30, tzinfo=UTC),
        )
        page = client.get("/").text
        assert "Mailbox last synced Fri 27 Nov 08:30 UTC" in page
        assert f"New reply from {MARCUS}" in page and "say what it said" in page
        # the interview page's reply form classifies the reply sync found, not adds one
        token = re.search(
            r'name="csrf" value="([^"]+)"', client.get(f"/interviews/{interview_id}").text
        )
        assert token is not None
        client.post(
            f"/interviews/{interview_id}/replied",
            data={"csrf": token.group(1), "outcome": "next_round"},
        )
        page = client.get("/").text
        assert "last synced" in page and "say what it said" not in page
        assert [r.outcome for r in store.situation(interview_id).replies] == ["next_round"]


# --- the Sent folder ------------------------------------------------------------------------


class Listing:
    """A server's LIST answer, for the folder lookup."""

    def __init__(self, folders: list[tuple[tuple[bytes, ...], str]]) -> None:
        self.folders = folders

    def list_folders(self, directory: str = "", pattern: str = "*") -> list[Any]:
        if pattern != "*":
            return [(f, b"/", n) for f, n in self.folders if n == pattern]
        return [(flags, b"/", name) for flags, name in self.folders]

    def has_capability(self, name: str) -> bool:
        return False

    def find_special_folder(self, flag: bytes) -> str | None:
        from imapclient import IMAPClient

        return IMAPClient.find_special_folder(self, flag)  # type: ignore[arg-type]


def test_the_sent_folder_is_the_special_use_one_else_a_usual_name() -> None:
    special = Listing([((b"\\HasNoChildren",), "INBOX"), ((b"\\Sent",), "Gesendet"), ((), "Sent")])
    assert sent_folder(special) == "Gesendet"
    assert sent_folder(Listing([((), "INBOX"), ((), "Sent Items")])) == "Sent Items"
    assert sent_folder(Listing([((), "INBOX"), ((), "sent")])) == "sent"
    assert sent_folder(Listing([((), "INBOX"), ((), "Archive")])) is None


def test_no_sent_folder_is_one_line_naming_the_host(
    tmp_path: Path,
    imap: tuple[Mailbox, ImapSettings],  # noqa: F811
) -> None:
    from afterview.sync import SyncFailed, sync

    _, settings = imap  # an empty mailbox: INBOX only
    store = open_store(str(tmp_path / "db.sqlite"))
    store.import_situation(PANEL, NOW)
    with pytest.raises(SyncFailed, match=r"^127\.0\.0\.1: no Sent folder"):
        sync(store, NOW, settings)
    assert store.last_synced() is None


# --- the snippet ----------------------------------------------------------------------------


def test_the_snippet_is_the_first_plain_text_decoded_without_quotes() -> None:
    head = (
        b"Content-Type: multipart/alternative; boundary=b1\r\nMIME-Version: 1.0\r\n"
        b"Content-Transfer-Encoding: 7bit\r\n"
    )
    text = (
        b"--b1\r\nContent-Type: text/plain; charset=utf-8\r\n"
        b"Content-Transfer-Encoding: quoted-printable\r\n\r\n"
        b"Merci, Andr=C3=A9 a aim=C3=A9\r\n> quoted earlier text\r\n"
        b"the meeting.\r\n--b1\r\nContent-Type: text/html\r\n\r\n<p>ignored</p>\r\n--b1--\r\n"
    )
    assert _snippet(head, text) == "Merci, André a aimé the meeting."
    html = b"Content-Type: text/html; charset=utf-8\r\n"
    assert _snippet(html, b"<p>We would <b>like</b> to meet.</p>") == "We would like to meet."
    cut = b"Content-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n"
    assert _snippet(cut, b"SGVsbG8gdGhlcmUsIEFsZXgu\r\nSGVsbG8g")  # a part cut short decodes


@given(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=3000)
    | st.just("word " * 60)
)
def test_a_snippet_is_never_longer_than_200_characters(body: str) -> None:
    head = b"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n"
    snippet = _snippet(head, body.encode("utf-8", "surrogatepass"))
    assert snippet is None or (len(snippet) <= SNIPPET and snippet == snippet.strip())


# --- matching -------------------------------------------------------------------------------


def _index() -> dict[str, Any]:
    return {
        "ours": {
            "<ty@afterview.invalid>": (1, 7, "handed_off"),
            "<sc@afterview.invalid>": (2, 7, "sent"),
            "<back@afterview.invalid>": (3, 7, "draft"),  # handed off, then said not sent
        },
        "sent_known": {("<gone@afterview.invalid>", "marcus chen")},  # a cancelled one
        "people": [(7, START, "Marcus Chen", MARCUS)],
        "me": {"alex.rivera@example.com"},
        "known": {"<ty@afterview.invalid>", "<sc@afterview.invalid>", "<old-reply@mail.test>"},
        "since": START,
        "state": {},
    }


def _mail(
    folder: str, n: int, sender: str, to: str, at: datetime, refs: tuple[str, ...] = ()
) -> Mail:
    return Mail(folder, n, f"<m{n}@mail.test>", sender, sender, (to,), at, "s", refs)


AFTER = START + timedelta(days=1)
SENT = [
    _mail("Sent", 1, "alex.rivera@example.com", MARCUS, AFTER),  # by hand: fires
    _mail("Sent", 2, "alex.rivera@example.com", MARCUS, START - timedelta(hours=2)),  # before
    _mail("Sent", 3, "alex.rivera@example.com", "friend@else.test", AFTER),  # not met
    Mail("Sent", 4, "<ty@afterview.invalid>", None, None, (MARCUS,), AFTER, "s", ()),  # ours
    Mail("Sent", 5, "<sc@afterview.invalid>", None, None, (MARCUS,), AFTER, "s", ()),  # settled
    Mail("Sent", 12, "<back@afterview.invalid>", None, None, (MARCUS,), AFTER, "s", ()),  # fires
    Mail("Sent", 13, "<gone@afterview.invalid>", None, None, (MARCUS,), AFTER, "s", ()),  # known
]
INBOX = [
    _mail(
        "INBOX",
        6,
        "recruiter@northwind.example",
        "alex.rivera@example.com",
        AFTER,
        ("<ty@afterview.invalid>",),
    ),
    _mail("INBOX", 7, MARCUS, "alex.rivera@example.com", AFTER),  # from an interviewer: fires
    _mail("INBOX", 8, MARCUS, "alex.rivera@example.com", START - timedelta(days=2)),  # before
    _mail("INBOX", 9, "shop@else.test", "alex.rivera@example.com", AFTER),  # unrelated
    _mail("INBOX", 10, "alex.rivera@example.com", MARCUS, AFTER, ("<ty@afterview.invalid>",)),  # me
    Mail("INBOX", 11, "<old-reply@mail.test>", MARCUS, MARCUS, (), AFTER, "s", ()),  # recorded
]


def test_matching_fires_on_its_cases_and_on_nothing_else() -> None:
    found = match(SENT, INBOX, _index())
    assert found["settled"] == [(1, AFTER), (3, AFTER)]
    assert [(s[0], s[1], s[3]) for s in found["sent_by_hand"]] == [
        (7, "Marcus Chen", "<m1@mail.test>")
    ]
    assert [(r[0], r[3]) for r in found["replies"]] == [
        (7, "<m6@mail.test>"),
        (7, "<m7@mail.test>"),
    ]


@given(st.permutations(SENT), st.permutations(INBOX))
def test_the_order_mail_arrives_in_does_not_change_what_is_found(
    sent: list[Mail], inbox: list[Mail]
) -> None:
    found = match(sent, inbox, _index())
    expected = match(SENT, INBOX, _index())
    assert {k: sorted(map(str, v)) for k, v in found.items()} == {
        k: sorted(map(str, v)) for k, v in expected.items()
    }


def test_an_address_met_at_two_interviews_belongs_to_the_latest_before_the_mail() -> None:
    index = _index()
    second = START + timedelta(days=10)
    index["people"].append((8, second, "Marcus Chen", MARCUS))
    early = _mail("INBOX", 1, MARCUS, "me@x.test", START + timedelta(days=3))
    late = _mail("INBOX", 2, MARCUS, "me@x.test", second + timedelta(days=1))
    assert [r[0] for r in match([], [early, late], index)["replies"]] == [7, 8]


def test_one_mail_to_two_interviewers_is_a_message_to_each_once() -> None:
    index = _index()
    index["people"].append((7, START, "Sofia Okafor", "sofia.okafor@northwind.example"))
    both = Mail(
        "Sent",
        1,
        "<both@mail.test>",
        "alex.rivera@example.com",
        None,
        (MARCUS, "sofia.okafor@northwind.example", MARCUS),
        AFTER,
        "Thank you both",
        (),
    )
    found = match([both], [], index)
    assert sorted(s[1] for s in found["sent_by_hand"]) == ["Marcus Chen", "Sofia Okafor"]
    index["sent_known"] = {("<both@mail.test>", "marcus chen")}
    assert [s[1] for s in match([both], [], index)["sent_by_hand"]] == ["Sofia Okafor"]


def test_one_mail_to_two_interviewers_is_recorded_for_each_and_only_once(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "db.sqlite"))
    interview_id, _ = store.import_situation(PANEL, NOW)
    found = {
        "sent_by_hand": [
            (interview_id, "Marcus Chen", AFTER, "<both@mail.test>", "Thank you both"),
            (interview_id, "Sofia Okafor", AFTER, "<both@mail.test>", "Thank you both"),
        ]
    }
    first = store.record_sync(found, NOW)
    assert sorted((s["to"], s["kind"]) for s in first["sent_by_hand"]) == [
        ("Marcus Chen", "thank_you"),
        ("Sofia Okafor", "thank_you"),
    ]
    assert store.record_sync(found, NOW)["sent_by_hand"] == []
    assert ("<both@mail.test>", "sofia okafor") in store.sync_index()["sent_known"]


def test_starttls_with_a_trusted_certificate_syncs_and_an_untrusted_one_fails(
    tmp_path: Path,
    imap_tls: tuple[int, Path],  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from afterview.sync import SyncFailed, sync

    port, cert = imap_tls
    box = Mailbox(port, cafile=cert)
    box.empty()
    box.create("Sent")
    box.append("INBOX", _reply_mail(datetime(2026, 11, 27, 16, 0, tzinfo=UTC)))
    box.client.logout()
    store = open_store(str(tmp_path / "db.sqlite"))
    store.import_situation(PANEL, NOW)
    settings = ImapSettings("127.0.0.1", port, "starttls", "demouser", "demopass")
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "no-such-ca.pem"))  # trusts nothing
    with pytest.raises(SyncFailed, match=rf"^127\.0\.0\.1:{port}: TLS failed .*CERTIFICATE_VERIFY"):
        sync(store, NOW, settings)
    assert store.last_synced() is None
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # the system's trust store, as a user's
    done = sync(store, NOW, settings)
    assert [r["from"] for r in done["replies"]] == [f"Marcus Chen <{MARCUS}>"]
