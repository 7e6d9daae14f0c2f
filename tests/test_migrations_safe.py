"""Migrations that are safe to interrupt and to run from two processes at once.

A first run killed by SIGKILL at any SQL statement, or at a random moment, leaves a store that
every later command opens; stores an older afterview left half-migrated are repaired; two or
four first runs at once all succeed with one schema; a database of another application is
refused and left untouched.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from afterview.store import open_store
from afterview.store.failures import StoreError
from afterview.store.repo import HEAD, MIGRATIONS
from test_drills import fresh_schema

ROOT = Path(__file__).parent.parent
PANEL = ROOT / "examples" / "panel-interview.toml"
TABLES = {
    "actions",
    "alembic_version",
    "applications",
    "interviews",
    "messages",
    "people",
    "replies",
}

# The first run, killed by SIGKILL at the n-th SQL statement (0: not killed). LEGACY runs the
# migration as afterview did before (the driver committing around each DDL statement).
FIRST_RUN = """
import os, signal, sys
from sqlalchemy import event
from sqlalchemy.engine import Engine
seen = [0]
def spy(conn, cursor, statement, *args):
    seen[0] += 1
    if seen[0] == int(os.environ["DRILL_KILL_NTH"]):
        os.kill(os.getpid(), signal.SIGKILL)
event.listen(Engine, "before_cursor_execute", spy)
if os.environ.get("DRILL_LEGACY"):
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine
    from afterview.store.repo import MIGRATIONS, _sqlite_pragmas
    engine = create_engine("sqlite:///" + sys.argv[1])
    event.listen(engine, "connect", _sqlite_pragmas)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
else:
    import time
    time.sleep(max(0.0, float(os.environ.get("DRILL_AT", "0")) - time.time()))
    from afterview.store import open_store
    open_store(sys.argv[1])
print(seen[0])
"""


def first_run(
    db: str, nth: int = 0, legacy: bool = False, at: float = 0.0
) -> subprocess.Popen[str]:
    env = {**os.environ, "DRILL_KILL_NTH": str(nth), "DRILL_AT": str(at)}
    if legacy:
        env["DRILL_LEGACY"] = "1"
    return subprocess.Popen(
        [sys.executable, "-c", FIRST_RUN, db],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def afterview(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "afterview", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "NO_COLOR": "1"},
    )


def assert_whole(db: str) -> None:
    """Every later command works (what they share: open, read, write), and the schema is the
    latest, once."""
    from datetime import datetime

    store = open_store(db)
    assert store.interviews() == []
    assert store.import_situation(PANEL, datetime.now().astimezone()) == (1, True)
    store.engine.dispose()
    engine = create_engine(db if "://" in db else f"sqlite:///{db}")
    with engine.connect() as connection:
        assert set(inspect(connection).get_table_names()) >= TABLES
        versions = connection.execute(text("SELECT version_num FROM alembic_version")).all()
        assert [v[0] for v in versions] == [HEAD]
        if engine.dialect.name == "sqlite":
            assert connection.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    engine.dispose()


def statements(db: str, legacy: bool = False) -> int:
    """How many SQL statements a whole first run makes."""
    process = first_run(db, 0, legacy)
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    return int(out)


def test_a_first_run_killed_at_any_statement_leaves_a_usable_store(tmp_path: Path) -> None:
    total = statements(str(tmp_path / "count.db"))
    picks = sorted({1, 2, 3, total} | set(random.Random(7).sample(range(4, total), 6)))
    for nth in picks:
        db = str(tmp_path / f"killed-{nth}.db")
        process = first_run(db, nth)
        process.communicate(timeout=120)
        assert process.returncode == -signal.SIGKILL
        assert_whole(db)


def test_a_first_run_killed_at_random_moments_leaves_a_usable_store(tmp_path: Path) -> None:
    chance = random.Random(11)
    for trial in range(6):
        db = str(tmp_path / f"random-{trial}.db")
        process = first_run(db)
        time.sleep(chance.uniform(0.05, 0.9))  # import, connect, migrate: somewhere in there
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=120)
        assert_whole(db)


def test_stores_an_older_afterview_left_half_migrated_are_repaired(tmp_path: Path) -> None:
    total = statements(str(tmp_path / "count.db"), legacy=True)
    shapes = set()
    for nth in sorted({1, 4, 6, 8, 10, total // 2, total - 1}):
        db = str(tmp_path / f"legacy-{nth}.db")
        process = first_run(db, nth, legacy=True)
        process.communicate(timeout=120)
        with sqlite3.connect(db) as raw:
            names = [r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        shapes.add(len(names))
        assert_whole(db)
    assert len(shapes) >= 4  # half-made stores of several shapes were met, and repaired


def _at(db: str, revision: str) -> str:
    """An SQLite store made by the migrations up to ``revision``, with one interview."""
    from alembic import command
    from alembic.config import Config

    engine = create_engine(f"sqlite:///{db}")
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
        connection.execute(
            text(
                "INSERT INTO applications (id, company, role, created_at) "
                "VALUES (1, 'Old Co', 'Analyst', '2026-01-01 00:00:00')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO interviews (id, application_id, source_key, source_text, "
                "source_format, kind, started_at, verdict, summary, created_at, updated_at) "
                "VALUES (1, 1, 'file:x', :t, 'toml', 'panel', '2026-11-24 15:00:00', 'send', '', "
                "'2026-01-01 00:00:00', '2026-01-01 00:00:00')"
            ),
            {"t": PANEL.read_text("utf-8")},
        )
        connection.execute(text("INSERT INTO people (interview_id, name) VALUES (1, 'Priya Nair')"))
        keyed = revision >= "0005"  # a plan key since 0005
        connection.execute(
            text(
                "INSERT INTO messages (interview_id, kind, recipient, state, created_at"
                + (", plan_key" if keyed else "")
                + ") VALUES (1, 'thank_you', 'Priya Nair', 'sent', '2026-01-01 00:00:00'"
                + (", 'thank_you:priya nair'" if keyed else "")
                + ")"
            )
        )
    engine.dispose()
    return db


@pytest.mark.parametrize("revision", ["0001", "0002", "0003", "0004", "0005"])
def test_an_upgrade_keeps_every_row_that_refers_to_a_rebuilt_table(
    tmp_path: Path, revision: str
) -> None:
    # SQLite rebuilds a table to drop a column; with foreign keys on, dropping the old one
    # would delete the people and messages that refer to it (ON DELETE CASCADE).
    store = open_store(_at(str(tmp_path / "old.db"), revision))
    with store.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM people")).scalar() == 1
        assert connection.execute(text("SELECT count(*) FROM messages")).scalar() == 1
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1  # on again
    assert [m.state for m in store.messages_of(1)] == ["sent"]


@pytest.mark.parametrize("revision", ["0001", "0003", "0006"])
def test_a_store_with_data_but_no_version_row_is_stamped_by_its_shape(
    tmp_path: Path, revision: str
) -> None:
    db = _at(str(tmp_path / "stampless.db"), revision)
    with sqlite3.connect(db) as raw:
        raw.execute("DELETE FROM alembic_version")
    store = open_store(db)  # recognised as `revision`, upgraded from there: nothing lost
    assert [r.company for r in store.interviews()] == ["Old Co"]
    assert [m.state for m in store.messages_of(1)] == ["sent"]
    with sqlite3.connect(db) as raw:
        raw.execute("DROP TABLE alembic_version")
    assert [r.company for r in open_store(db).interviews()] == ["Old Co"]


def test_a_half_made_store_that_holds_data_is_refused_not_cleared(tmp_path: Path) -> None:
    db = _at(str(tmp_path / "odd.db"), "0003")
    with sqlite3.connect(db) as raw:
        raw.execute("DELETE FROM alembic_version")
        raw.execute("DROP TABLE actions")  # a shape no revision has
    with pytest.raises(StoreError, match="interrupted"):
        open_store(db)
    with sqlite3.connect(db) as raw:  # nothing was dropped
        assert raw.execute("SELECT count(*) FROM messages").fetchone() == (1,)


def test_another_applications_database_is_refused_and_left_alone(tmp_path: Path) -> None:
    db = str(tmp_path / "other.db")
    with sqlite3.connect(db) as raw:
        raw.execute("CREATE TABLE bookmarks (id INTEGER PRIMARY KEY, url TEXT)")
    result = afterview("list", "--db", db)
    assert result.returncode == 2
    assert result.stderr.startswith(f"afterview: {db}: holds another application's tables")
    assert "bookmarks" in result.stderr and "SQL" not in result.stderr
    with sqlite3.connect(db) as raw:
        names = [r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    assert names == ["bookmarks"]
    with sqlite3.connect(db) as raw:  # an Alembic-managed database of someone else
        raw.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)")
        raw.execute("INSERT INTO alembic_version VALUES ('3f2a9c1b7d00')")
    with pytest.raises(StoreError, match=r"schema version \('3f2a9c1b7d00'\) is not one afterview"):
        open_store(db)


def test_tables_that_share_afterviews_names_but_not_its_shape_are_not_dropped(
    tmp_path: Path,
) -> None:
    db = str(tmp_path / "chat.db")
    with sqlite3.connect(db) as raw:  # another program's (empty) tables with common names
        raw.execute("CREATE TABLE messages (id INTEGER PRIMARY KEY, body TEXT)")
        raw.execute("CREATE TABLE people (id INTEGER PRIMARY KEY, nick TEXT)")
    with pytest.raises(StoreError, match=r"another application's tables \(messages, people\)"):
        open_store(db)
    with sqlite3.connect(db) as raw:
        names = [r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    assert sorted(names) == ["messages", "people"]


def test_an_extra_table_beside_afterviews_own_is_no_reason_to_refuse(tmp_path: Path) -> None:
    db = str(tmp_path / "shared.db")
    open_store(db).import_situation(PANEL, __import__("datetime").datetime.now().astimezone())
    with sqlite3.connect(db) as raw:
        raw.execute("CREATE TABLE my_notes (id INTEGER PRIMARY KEY)")
        raw.execute("UPDATE alembic_version SET version_num = '0005'")  # and behind
    assert len(open_store(db).interviews()) == 1


def test_an_empty_file_is_a_new_store(tmp_path: Path) -> None:
    db = tmp_path / "empty.db"
    db.write_bytes(b"")
    assert open_store(str(db)).interviews() == []


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield str(tmp_path / "fresh.db")
        return
    yield from fresh_schema()


@pytest.mark.parametrize("runs", [2, 4])
def test_first_runs_at_once_all_succeed_with_one_schema(fresh: str, runs: int) -> None:
    at = time.time() + 1.5  # each has loaded afterview by then: they meet at the migration
    processes = [first_run(fresh, at=at) for _ in range(runs)]
    for process in processes:
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
    assert_whole(fresh)


def test_a_first_run_killed_on_postgresql_leaves_a_usable_store() -> None:
    for nth in (5, 40, 120):
        for url in fresh_schema():
            process = first_run(url, nth)
            process.communicate(timeout=120)
            assert process.returncode in (-signal.SIGKILL, 0)
            assert_whole(url)
