"""A student's connected mailbox (afterview.store.mailboxes): the password is encrypted at rest
with the deployment's key and bound to its owner's row; only the owner's store reads it; it is
never in a backup or on a page; forgetting deletes it."""

from __future__ import annotations

import base64
import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from afterview.errors import AfterviewError
from afterview.secretbox import SecretUnreadable
from afterview.store import Store, open_store, schema
from afterview.store import mailboxes as mb
from afterview.store.owners import sessions_for

NOW = datetime(2026, 11, 24, 19, 0, tzinfo=UTC)
PASSWORD = "correct horse battery staple"


def key() -> str:
    return base64.urlsafe_b64encode(os.urandom(32)).decode()


@pytest.fixture
def stores(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Store, Store, Path]:
    monkeypatch.setenv("AFTERVIEW_SECRET_KEY", key())
    monkeypatch.delenv("AFTERVIEW_SECRET_KEY_OLD", raising=False)
    path = tmp_path / "afterview.db"
    local = open_store(str(path))
    ids = []
    for email in ("ana@uni.example", "bo@uni.example"):
        with sessions_for(local.engine, 0).begin() as session:
            user = schema.User(email=email, name=email, role="student", created_at=NOW)
            session.add(user)
            session.flush()
            ids.append(user.id)
    return local.of(ids[0]), local.of(ids[1]), path


def test_the_password_is_kept_encrypted_and_given_back_only_to_connect(
    stores: tuple[Store, Store, Path],
) -> None:
    ana, bo, path = stores
    mb.connect(ana, "imap.uni.example", None, "tls", "ana", PASSWORD, NOW)
    settings = mb.imap_settings(ana)
    assert (settings.host, settings.port, settings.security, settings.user) == (
        "imap.uni.example",
        993,
        "tls",
        "ana",
    )
    assert settings.password == PASSWORD
    shown = mb.described(ana)
    assert shown is not None and PASSWORD not in repr(shown) and "password" not in shown
    raw = path.read_bytes() + b"".join(p.read_bytes() for p in path.parent.glob("*.db-wal"))
    assert PASSWORD.encode() not in raw
    assert mb.imap_settings(bo) is None and mb.described(bo) is None
    assert PASSWORD not in str(ana.export())


def test_a_token_copied_into_another_row_or_read_with_another_key_is_useless(
    stores: tuple[Store, Store, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    ana, bo, path = stores
    mb.connect(ana, "imap.uni.example", 993, "tls", "ana", PASSWORD, NOW)
    mb.connect(bo, "imap.uni.example", 993, "tls", "bo", "bo's own password", NOW)
    with sqlite3.connect(path) as connection:
        (token,) = connection.execute(
            "SELECT password FROM mailboxes WHERE owner_id = ?", (ana.owner_id,)
        ).fetchone()
        connection.execute(
            "UPDATE mailboxes SET password = ? WHERE owner_id = ?", (token, bo.owner_id)
        )
    with pytest.raises(SecretUnreadable):
        mb.imap_settings(bo)
    monkeypatch.setenv("AFTERVIEW_SECRET_KEY", key())
    with pytest.raises(SecretUnreadable):
        mb.imap_settings(ana)


def test_no_key_is_one_line_naming_the_variable(
    stores: tuple[Store, Store, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    ana, _, _ = stores
    monkeypatch.delenv("AFTERVIEW_SECRET_KEY")
    with pytest.raises(AfterviewError) as caught:
        mb.connect(ana, "imap.uni.example", 993, "tls", "ana", PASSWORD, NOW)
    assert "AFTERVIEW_SECRET_KEY" in str(caught.value) and "\n" not in str(caught.value)
    assert mb.described(ana) is None


@pytest.mark.parametrize(
    ("host", "port", "security", "user", "password", "field"),
    [
        ("", 993, "tls", "ana", PASSWORD, "host"),
        ("imap uni", 993, "tls", "ana", PASSWORD, "host"),
        ("imap.uni.example", 993, "ssl", "ana", PASSWORD, "security"),
        ("imap.uni.example", 70000, "tls", "ana", PASSWORD, "port"),
        ("imap.uni.example", 993, "tls", " ", PASSWORD, "user"),
        ("imap.uni.example", 993, "tls", "ana", "", "password"),
    ],
)
def test_settings_that_cannot_work_are_refused_by_field(
    stores: tuple[Store, Store, Path],
    host: str,
    port: int,
    security: str,
    user: str,
    password: str,
    field: str,
) -> None:
    ana, _, _ = stores
    with pytest.raises(AfterviewError, match=f"^{field}:"):
        mb.connect(ana, host, port, security, user, password, NOW)
    assert mb.described(ana) is None


def test_reconnecting_replaces_and_forgetting_deletes(stores: tuple[Store, Store, Path]) -> None:
    ana, bo, _ = stores
    mb.connect(ana, "imap.old.example", 993, "tls", "ana", PASSWORD, NOW)
    mb.connect(ana, "imap.new.example", 143, "starttls", "ana", "a new password", NOW)
    assert mb.imap_settings(ana).host == "imap.new.example"
    mb.connect(bo, "imap.uni.example", 993, "tls", "bo", PASSWORD, NOW)
    assert ana.forget().get("mailboxes") == 1
    assert mb.described(ana) is None and mb.described(bo) is not None
    assert mb.disconnect(bo) and not mb.disconnect(bo)
