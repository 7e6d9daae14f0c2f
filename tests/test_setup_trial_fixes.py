"""What a newcomer's trial of the installed tool found (issue 14): doctor must report, never
crash, and must not pass a set-up that cannot work; config-file mistakes are named where they
are; hints fit the way afterview was installed; usage mistakes say what was typed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from afterview import doctor
from afterview.config import problems, server
from afterview.errors import AfterviewError
from afterview.extras import install_hint, installer
from afterview.store import open_store

ROOT = Path(__file__).parent.parent
PANEL = ROOT / "examples" / "panel-interview.toml"
MAIL = [
    f"AFTERVIEW_{k}_{v}"
    for k in ("SMTP", "IMAP")
    for v in ("HOST", "PORT", "SECURITY", "USER", "PASSWORD")
]


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in [*MAIL, "DATABASE_URL", "AFTERVIEW_RULE_PACK", "TZ"]:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AFTERVIEW_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))


def checks() -> dict[str, doctor.Check]:
    return {c.name: c for c in doctor.run()}


def test_a_data_folder_that_cannot_be_made_is_reported_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocker))
    found = checks()
    assert found["data folder"].ok is False
    assert found["database"].ok is False and "cannot be made" in found["database"].detail
    assert found["Python"].ok is True  # the other checks still ran


@pytest.mark.parametrize(
    ("tz", "ok"),
    [("Mars/Olympus", False), ("Not A Zone", False), ("Europe/London", True), ("EST5EDT", True)],
)
def test_the_time_zone_check_believes_tz_only_when_it_names_a_zone(
    tz: str, ok: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", tz)
    found = checks()["time zone"]
    assert found.ok is ok
    assert tz in found.detail


def test_a_rule_pack_folder_that_is_not_one_fails_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AFTERVIEW_RULE_PACK", str(tmp_path / "nowhere"))
    found = checks()["rule pack"]
    assert found.ok is False and "nowhere" in found.detail and "rules.toml" in found.detail
    monkeypatch.delenv("AFTERVIEW_RULE_PACK")
    assert checks()["rule pack"].ok is True


def test_read_only_store_fails_the_database_check_for_a_user_who_cannot_write() -> None:
    """As a user who is not root (root may write anything): the trial's chmod 444. The check
    runs as ``nobody`` with the system's Python 3.11 over this checkout's packages."""
    import sysconfig
    import tempfile
    from datetime import datetime

    python = "/usr/bin/python3.11"
    if os.geteuid() != 0 or shutil.which("runuser") is None or not Path(python).exists():
        pytest.skip("needs root and a system python3.11 to run the check as another user")
    folder = Path(tempfile.mkdtemp(prefix="afterview-ro-", dir="/tmp"))
    try:
        db = folder / "afterview.db"
        open_store(str(db)).import_situation(PANEL, datetime.now().astimezone())
        os.chmod(folder, 0o755)
        os.chmod(db, 0o444)
        code = (
            f"from afterview import doctor; c = doctor.database({str(db)!r}); print(c.ok, c.detail)"
        )
        path = os.pathsep.join([str(ROOT / "src"), sysconfig.get_paths()["purelib"]])
        env = {**os.environ, "PYTHONPATH": path, "AFTERVIEW_CACHE_DIR": "off"}
        done = subprocess.run(
            ["runuser", "-u", "nobody", "--", python, "-c", code],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        if "Permission denied" in done.stderr or "ModuleNotFoundError" in done.stderr:
            pytest.skip(f"this checkout is not readable by nobody: {done.stderr[-200:]}")
        assert done.stdout.startswith("False"), done.stdout + done.stderr
        assert "read-only" in done.stdout
        os.chmod(db, 0o666)  # and writable again: the same check passes
        done = subprocess.run(
            ["runuser", "-u", "nobody", "--", python, "-c", code],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        assert done.stdout.startswith("False") and "folder" in done.stdout  # 0755: not nobody's
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_a_writable_store_passes(tmp_path: Path) -> None:
    db = tmp_path / "afterview.db"
    open_store(str(db))
    assert doctor.database(str(db)).ok is True


def write_config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text)
    return path


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ('[smtp]\nhots = "mail.example.org"\n', "smtp.hots: unknown key"),
        ('[smtpp]\nhost = "mail.example.org"\n', "[smtpp]: unknown table"),
        ('[imap]\npassword = "pw"\n', "imap.password: not allowed in a file"),
        ('[smtp]\nhost = "m"\nsecurity = "ssl"\n', "smtp.security: expected none, starttls or tls"),
        ('[imap]\nhost = "m"\nport = 99999\n', "imap.port: expected a port number"),
        ('[smtp]\nhost = "m"\nport = "five"\n', "smtp.port: expected a port number"),
    ],
)
def test_config_file_mistakes_are_named_by_file_and_key(
    tmp_path: Path, text: str, said: str
) -> None:
    path = write_config(tmp_path, text)
    found = problems()
    assert any(said in p and str(path) in p for p in found), found
    assert checks()["config file"].ok is False


def test_a_good_config_file_has_no_problems(tmp_path: Path) -> None:
    write_config(tmp_path, '[smtp]\nhost = "mail.example.org"\nport = 2525\nuser = "me"\n')
    assert problems() == []
    assert checks()["config file"].ok is True
    assert server("smtp").port == 2525


def test_a_bad_value_names_the_variable_when_it_came_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_config(tmp_path, '[smtp]\nhost = "m"\nsecurity = "tls"\n')
    monkeypatch.setenv("AFTERVIEW_SMTP_SECURITY", "ssl")
    with pytest.raises(AfterviewError, match=r"^AFTERVIEW_SMTP_SECURITY: expected"):
        server("smtp")
    monkeypatch.delenv("AFTERVIEW_SMTP_SECURITY")
    assert server("smtp").security == "tls"


@pytest.mark.parametrize(
    ("prefix", "tool", "hint"),
    [
        (
            "/home/a/.local/share/pipx/venvs/afterview",
            "pipx",
            "pipx install --force 'afterview[postgres]'",
        ),
        (
            "/home/a/.local/share/uv/tools/afterview",
            "uv",
            "uv tool install --force 'afterview[postgres]'",
        ),
        ("/work/main/.venv", "pip", "pip install 'afterview[postgres]'"),
    ],
)
def test_install_hints_fit_the_installer(prefix: str, tool: str, hint: str) -> None:
    assert installer(prefix) == tool
    assert install_hint("postgres", prefix) == hint


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "afterview", *args], capture_output=True, text=True, env=env
    )


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["list", "--json", "--jsonl"], "give one of --json or --jsonl"),
        (["outbox", "--jsonl", "--json"], "give one of --json or --jsonl"),
        (["export", "--csv", "--jsonl"], "give one of --csv or --jsonl"),
        (["agenda", "--days", "-3"], "expected 0 or more days"),
        (["agenda", "--days", "two"], "got 'two'"),
        (["remind", "--days", "-5"], "greater than or equal to 1"),
        (["remind", "--days"], "see 'afterview remind --help'"),
    ],
)
def test_usage_mistakes_say_what_was_typed(tmp_path: Path, args: list[str], said: str) -> None:
    done = (
        run_cli(*args, "--db", str(tmp_path / "a.db")) if args[-1] != "--days" else run_cli(*args)
    )
    assert done.returncode == 2
    assert said in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_the_outbox_columns_line_up_whatever_the_state(tmp_path: Path) -> None:
    from datetime import datetime

    db = str(tmp_path / "a.db")
    store = open_store(db)
    now = datetime.now().astimezone()
    iv, _ = store.import_situation(PANEL, now)
    from afterview.drafting import draft_set

    saved = store.save_drafts(iv, draft_set(store.situation(iv), now=now).drafts, now)
    store.finish(saved[0].id, "handed_off", now, via="eml")
    lines = [line for line in run_cli("outbox", "--db", db).stdout.splitlines() if line.strip()]
    assert {"handed_off", "draft"} <= {line.split()[1] for line in lines}
    starts = {line.index(line.split()[2], 6) for line in lines}
    assert len(starts) == 1, lines


def test_draft_says_how_to_check_a_draft_that_is_not_due_yet() -> None:
    done = run_cli("draft", str(PANEL))
    assert "status-check is not due yet" in done.stdout and "--at 2026-12-" in done.stdout
    late = run_cli("draft", str(PANEL), "--now", "2026-12-09T10:00:00-05:00")
    assert "not due yet" not in late.stdout
