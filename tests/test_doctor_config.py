"""``afterview doctor`` against real servers on loopback (an SMTP server, an IMAP server, closed
ports) and ``afterview config``: every setting with its source, secrets never printed."""

from __future__ import annotations

import json
import socket
import sqlite3
from pathlib import Path

import pytest

from afterview import doctor
from afterview.cli import _run_typer
from afterview.outbox import SmtpSettings
from afterview.store import open_store

from imap_server import imap_port  # noqa: F401  (the fixture)
from smtp_server import Inbox

MAIL_VARIABLES = [
    f"AFTERVIEW_{kind}_{key}"
    for kind in ("SMTP", "IMAP")
    for key in ("HOST", "PORT", "SECURITY", "USER", "PASSWORD")
]


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No settings from the machine running the tests: a config file of our own, a data
    folder of our own, no mail servers, no DATABASE_URL."""
    for name in [*MAIL_VARIABLES, "DATABASE_URL", "AFTERVIEW_TOKEN", "AFTERVIEW_RULE_PACK"]:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AFTERVIEW_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])  # nothing listens once it is closed


def by_name(checks: list[doctor.Check]) -> dict[str, doctor.Check]:
    return {c.name: c for c in checks}


def test_a_fresh_machine_passes_with_the_mail_servers_skipped() -> None:
    found = by_name(doctor.run())
    assert found["Python"].ok is True
    assert found["data folder"].ok is True
    assert found["database"].ok is True and "not created yet" in found["database"].detail
    assert found["SMTP"].ok is None and "AFTERVIEW_SMTP_HOST" in found["SMTP"].fix
    assert found["IMAP"].ok is None
    assert not Path(found["data folder"].detail.split(" ")[0], "afterview.db").exists()


def test_a_reachable_smtp_server_passes_and_nothing_is_sent(
    smtp: tuple[Inbox, SmtpSettings], monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox, settings = smtp
    monkeypatch.setenv("AFTERVIEW_SMTP_HOST", settings.host)
    monkeypatch.setenv("AFTERVIEW_SMTP_PORT", str(settings.port))
    monkeypatch.setenv("AFTERVIEW_SMTP_SECURITY", "none")
    check = doctor.smtp()
    assert check.ok is True, check
    assert f"{settings.host}:{settings.port}" in check.detail and "220" in check.detail
    assert inbox.messages == []


def test_a_reachable_imap_server_passes(imap_port: int, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    monkeypatch.setenv("AFTERVIEW_IMAP_HOST", "127.0.0.1")
    monkeypatch.setenv("AFTERVIEW_IMAP_PORT", str(imap_port))
    monkeypatch.setenv("AFTERVIEW_IMAP_SECURITY", "none")
    monkeypatch.setenv("AFTERVIEW_IMAP_USER", "demouser")
    monkeypatch.setenv("AFTERVIEW_IMAP_PASSWORD", "demopass")
    check = doctor.imap()
    assert check.ok is True, check
    assert "* OK" in check.detail


def test_an_imap_server_without_a_user_fails_with_the_fix(
    imap_port: int,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("AFTERVIEW_IMAP_HOST", "127.0.0.1")
    monkeypatch.setenv("AFTERVIEW_IMAP_PORT", str(imap_port))
    monkeypatch.setenv("AFTERVIEW_IMAP_SECURITY", "none")
    check = doctor.imap()
    assert check.ok is False and "AFTERVIEW_IMAP_USER" in check.detail


@pytest.mark.parametrize("kind", ["SMTP", "IMAP"])
def test_a_closed_port_fails_in_one_line_with_what_to_check(
    kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    port = closed_port()
    monkeypatch.setenv(f"AFTERVIEW_{kind}_HOST", "127.0.0.1")
    monkeypatch.setenv(f"AFTERVIEW_{kind}_PORT", str(port))
    monkeypatch.setenv(f"AFTERVIEW_{kind}_SECURITY", "none")
    check = doctor._server(kind)
    assert check.ok is False
    assert f"127.0.0.1:{port}" in check.detail and "cannot connect" in check.detail
    assert "\n" not in check.detail and check.fix


def test_a_server_that_is_not_a_mail_server_fails() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        import threading

        def talk() -> None:
            conn, _ = listener.accept()
            conn.sendall(b"HTTP/1.1 400 Bad Request\r\n\r\n")
            conn.close()

        threading.Thread(target=talk, daemon=True).start()
        with pytest.raises(OSError, match="unexpected greeting"):
            doctor._greeting("SMTP", "127.0.0.1", port, "plain")


def test_the_database_check_reads_the_schema_without_changing_it(tmp_path: Path) -> None:
    db = tmp_path / "afterview.db"
    assert doctor.database(str(db)).ok is True
    assert not db.exists()  # a look only: nothing created
    open_store(str(db))
    check = doctor.database(str(db))
    assert check.ok is True and "the latest" in check.detail
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0003'")
    before = db.read_bytes()
    check = doctor.database(str(db))
    assert check.ok is True and "0003" in check.detail and "next use" in check.detail
    assert db.read_bytes() == before
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    assert doctor.database(str(db)).ok is False


def test_an_unreachable_database_fails_in_one_line() -> None:
    check = doctor.database(f"postgresql+psycopg://someone:pw@127.0.0.1:{closed_port()}/db")
    assert check.ok is False and "cannot reach PostgreSQL" in check.detail
    assert ":pw@" not in check.detail


def test_a_file_that_is_not_a_database_fails(tmp_path: Path) -> None:
    bad = tmp_path / "notes.db"
    bad.write_text("these are my notes, not a database\n" * 100)
    check = doctor.database(str(bad))
    assert check.ok is False and str(bad) in check.detail


def test_doctor_exit_status_follows_the_checks(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert _run_typer(["doctor", "--db", str(tmp_path / "a.db")]) == 0
    out = capsys.readouterr().out
    assert len(out.strip().splitlines()) == len(doctor.run())  # one line a check
    monkeypatch.setenv("AFTERVIEW_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("AFTERVIEW_SMTP_PORT", str(closed_port()))
    assert _run_typer(["doctor", "--db", str(tmp_path / "a.db"), "--json"]) == 1
    states = {c["check"]: c["state"] for c in json.loads(capsys.readouterr().out)}
    assert states["SMTP"] == "failed" and states["Python"] == "ok"


def test_config_shows_sources_and_masks_secrets(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "config.toml").write_text(
        '[smtp]\nhost = "mail.example.org"\nuser = "alex"\n[imap]\nhost = "imap.example.org"\n'
    )
    monkeypatch.setenv("AFTERVIEW_SMTP_PASSWORD", "hunter2-secret")
    monkeypatch.setenv("AFTERVIEW_SMTP_HOST", "smtp.override.example")
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://alex:db-secret@db.example/av")
    monkeypatch.setenv("AFTERVIEW_TOKEN", "a-token-of-at-least-16")
    assert _run_typer(["config", "--json"]) == 0
    printed = capsys.readouterr().out
    for secret in ("hunter2-secret", "db-secret", "a-token-of-at-least-16"):
        assert secret not in printed
    shown = json.loads(printed)
    settings = {s["name"]: s for s in shown["settings"]}
    assert settings["smtp.host"]["value"] == "smtp.override.example"
    assert settings["smtp.host"]["source"] == "environment (AFTERVIEW_SMTP_HOST)"
    assert settings["smtp.user"] == {"name": "smtp.user", "value": "alex", "source": "config file"}
    assert settings["smtp.port"]["value"] == "587" and settings["smtp.port"]["source"] == "default"
    assert settings["smtp.password"]["value"] == "********"
    assert settings["imap.host"]["source"] == "config file"
    assert settings["database"]["value"] == "postgresql+psycopg://alex:***@db.example/av"
    assert shown["paths"]["config file"]["source"] == "environment (AFTERVIEW_CONFIG)"
    assert _run_typer(["config"]) == 0
    human = capsys.readouterr().out
    assert "smtp.override.example" in human and "hunter2-secret" not in human


def test_a_broken_config_file_is_one_line_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from afterview.cli import main

    (tmp_path / "config.toml").write_text("[smtp\nhost = 1\n")
    monkeypatch.setattr("sys.argv", ["afterview", "config"])
    with pytest.raises(SystemExit) as exit_:
        main()
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "config.toml" in err
