"""Every store failure is one line naming the database and what to check, exit status 2.

Run as a user would (the real CLI in a fresh process): a missing folder, a read-only file or
folder, a file that is not a database, a folder given as the store, an unreachable PostgreSQL,
a wrong password, a database that does not exist, another application's database, a lock that
does not go away. None may say "internal error" or show SQL.
"""

from __future__ import annotations

import os
import shutil
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError

from afterview.errors import InputError
from afterview.store import open_store
from afterview.store.failures import StoreError, translate

ROOT = Path(__file__).parent.parent
PANEL = str(ROOT / "examples" / "panel-interview.toml")
PG = os.environ.get("DATABASE_URL", "")
# Root passes every permission check; without these capabilities it meets the file's mode.
UNPRIVILEGED = [
    "setpriv",
    "--inh-caps=-dac_override,-dac_read_search,-fowner",
    "--bounding-set=-dac_override,-dac_read_search,-fowner",
]


def afterview(*args: str, unprivileged: bool = False) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "afterview", *args]
    if unprivileged and os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("running as root without setpriv: permissions cannot be tried")
        command = UNPRIVILEGED + command
    return subprocess.run(
        command, capture_output=True, text=True, timeout=120, env={**os.environ, "NO_COLOR": "1"}
    )


def one_line(result: subprocess.CompletedProcess[str], database: str, *expected: str) -> None:
    """Exit 2 and one line: ``afterview: DATABASE: what happened; what to check``."""
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith(f"afterview: {database}: "), result.stderr
    for text in expected:
        assert text in result.stderr, result.stderr
    leaks = ("internal error", "[SQL", "Traceback", "sqlalche.me", "Error:", "psycopg.", ":app@")
    for leak in leaks:
        assert leak not in result.stderr, result.stderr


def test_a_missing_folder(tmp_path: Path) -> None:
    db = str(tmp_path / "nowhere" / "afterview.db")
    one_line(afterview("list", "--db", db), db, f"the folder {tmp_path / 'nowhere'} does not exist")
    assert not (tmp_path / "nowhere").exists()  # nothing made behind the user's back


def test_a_folder_given_as_the_store(tmp_path: Path) -> None:
    one_line(afterview("list", "--db", str(tmp_path)), str(tmp_path), "this is a folder")


@pytest.mark.parametrize(
    "content",
    [b"Thank you for your time today.\n", b"\x00" * 4096, b"SQLite format 3\x00" + b"\xff" * 200],
)
def test_a_file_that_is_not_a_database(tmp_path: Path, content: bytes) -> None:
    db = tmp_path / "notes.db"
    db.write_bytes(content)
    one_line(afterview("import", PANEL, "--db", str(db)), str(db), "not an SQLite database")
    assert db.read_bytes() == content  # left as it was


def test_a_read_only_file(tmp_path: Path) -> None:
    db = tmp_path / "afterview.db"
    assert afterview("import", PANEL, "--db", str(db)).returncode == 0
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{db}{suffix}").exists():
            os.chmod(f"{db}{suffix}", 0o444)
    listed = afterview("list", "--db", str(db), unprivileged=True)  # reading works
    assert listed.returncode == 0, listed.stderr
    written = afterview("sent", "1", "--to", "Marcus Chen", "--db", str(db), unprivileged=True)
    one_line(written, str(db), "read-only", "permissions")


def test_a_read_only_folder(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    os.chmod(folder, 0o555)
    try:
        db = str(folder / "afterview.db")
        one_line(
            afterview("list", "--db", db, unprivileged=True),
            db,
            f"the folder {folder} is read-only",
        )
    finally:
        os.chmod(folder, 0o755)


def test_a_lock_that_stays(tmp_path: Path) -> None:
    db = tmp_path / "afterview.db"
    assert afterview("import", PANEL, "--db", str(db)).returncode == 0
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another program writing, and not letting go
    try:
        url = f"sqlite:///{db}?timeout=0.5"
        result = afterview("sent", "1", "--to", "Marcus Chen", "--db", url)
        one_line(result, str(db), "still locked by another program after 0.5 s")
        assert afterview("list", "--db", url).returncode == 0  # readers are not stopped
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert afterview("sent", "1", "--to", "Marcus Chen", "--db", str(db)).returncode == 0


def _postgres() -> str:
    if not PG.startswith("postgresql"):
        if os.environ.get("CI") == "true":
            pytest.fail("CI needs PostgreSQL: .ci/run starts one and sets DATABASE_URL")
        pytest.skip("no PostgreSQL server (set DATABASE_URL=postgresql+psycopg://...)")
    return PG


def _shown(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


def test_postgresql_on_a_port_where_nothing_listens() -> None:
    with socket.socket() as probe:  # a free port: refused
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"postgresql+psycopg://afterview:secret@127.0.0.1:{port}/afterview"
    one_line(
        afterview("list", "--db", url),
        _shown(url),
        f"cannot reach PostgreSQL at 127.0.0.1:{port} (connection refused)",
    )


def test_postgresql_wrong_password_and_missing_database() -> None:
    good = make_url(_postgres())
    wrong = good.set(password="not-the-password").render_as_string(hide_password=False)
    result = afterview("list", "--db", wrong)
    one_line(result, _shown(wrong), f"refused the user {good.username}", "password")
    assert "not-the-password" not in result.stderr
    missing = good.set(database="no_such_afterview_db").render_as_string(hide_password=False)
    one_line(
        afterview("list", "--db", missing), _shown(missing), "no database no_such_afterview_db"
    )


def test_postgresql_database_of_another_application() -> None:
    from sqlalchemy import create_engine, text

    from test_drills import fresh_schema

    for url in fresh_schema():
        engine = create_engine(url)
        with engine.begin() as connection:
            connection.execute(text("CREATE TABLE invoices (id integer PRIMARY KEY)"))
        one_line(
            afterview("list", "--db", url), _shown(url), "another application's tables (invoices)"
        )
        with engine.connect() as connection:  # afterview made nothing there
            names = connection.execute(
                text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
            ).scalars()
            assert list(names) == ["invoices"]
        engine.dispose()


def test_the_web_app_shows_the_same_line(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from afterview.web import WebSettings, create_app

    db = str(tmp_path / "nowhere" / "afterview.db")
    client = TestClient(
        create_app(WebSettings(db=db)), "http://127.0.0.1", raise_server_exceptions=False
    )
    response = client.get("/api/interviews")
    # 503: the store cannot be used just now (not the request's fault); on one's own machine
    # the line says what to check, as on the command line
    assert response.status_code == 503 and response.headers["retry-after"] == "30"
    assert f"{db}: the folder {tmp_path / 'nowhere'} does not exist" in response.text
    assert "SQL" not in response.text


def test_store_methods_raise_store_errors_too(tmp_path: Path) -> None:
    db = tmp_path / "afterview.db"
    store = open_store(str(db))
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        quick = open_store(f"sqlite:///{db}?timeout=0.2")
        with pytest.raises(StoreError, match="still locked") as raised:
            quick.import_situation(Path(PANEL), __import__("datetime").datetime.now().astimezone())
        assert isinstance(raised.value, InputError)  # exit 2 on the CLI, a 422 on the web
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert store.interviews() == []


def test_what_is_not_the_set_ups_fault_is_not_translated() -> None:
    url = make_url("sqlite:///x.db")
    clash = IntegrityError("INSERT", {}, sqlite3.IntegrityError("UNIQUE constraint failed: m.k"))
    assert translate(clash, url) is None  # save_drafts retries on it: it must stay itself
    assert translate(sqlite3.OperationalError("no such column: foo"), url) is None
    assert translate(ValueError("database is locked"), make_url("mysql://h/d")) is None
    assert translate(sqlite3.OperationalError("database is locked"), url) is not None


def test_a_default_folder_that_cannot_be_made(tmp_path: Path) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("a file where the data folder would go\n")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    result = subprocess.run(
        [sys.executable, "-m", "afterview", "list"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**env, "XDG_DATA_HOME": str(blocker), "NO_COLOR": "1"},
    )
    assert result.returncode == 2, result.stderr
    assert "cannot create the folder for afterview's store" in result.stderr
    assert result.stderr.count("\n") == 1 and "internal error" not in result.stderr
