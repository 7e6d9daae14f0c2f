"""docs/deploy.md's backup and restore, done: pg_dump a shared deployment's database, restore it
into a fresh database with pg_restore, migrate it (a no-op that checks the schema) and grant
the web role, then sign in to the restored copy and find everything there, row-level security
included."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from afterview.store import Store, open_store

from helpers import clean_postgres

ROOT = Path(__file__).parent.parent
NOW = datetime(2026, 11, 24, 19, 0, tzinfo=UTC)
PASSWORD = "a long enough password"


def _tool(name: str) -> str:
    folder = os.environ.get("PG_BINDIR")
    found = str(Path(folder) / name) if folder else shutil.which(name)
    if not found or not Path(found).exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI needs {name}: .ci/run installs PostgreSQL")
        pytest.skip(f"no {name} (PostgreSQL's client tools)")
    return found


def _libpq(url: str) -> str:
    """The URL as pg_dump reads it (no SQLAlchemy driver name)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _emptied(url: str) -> str:
    engine = create_engine(url)
    with engine.begin() as connection:
        for table in inspect(connection).get_table_names():
            connection.execute(text(f'DROP TABLE IF EXISTS "{table}" CASCADE'))
    engine.dispose()
    return url


def test_a_dump_restored_into_a_fresh_database_signs_in_and_holds_everything(
    tmp_path: Path,
) -> None:
    from typer.testing import CliRunner

    from afterview.accounts.users import create_user, password_sign_in
    from afterview.cli import app

    source = clean_postgres()
    target = os.environ.get("DATABASE_RESTORE_URL", "")
    if not target:
        if os.environ.get("CI") == "true":
            pytest.fail("CI needs DATABASE_RESTORE_URL: .ci/pg.sh's pg_start exports it")
        pytest.skip("no second database to restore into (DATABASE_RESTORE_URL)")
    _emptied(target)
    runner = CliRunner()
    done = runner.invoke(app, ["admin", "migrate", "--db", source, "--grant", "app_web"])
    assert done.exit_code == 0, done.output
    store = open_store(source)
    ana = create_user(store, "ana@uni.example", "Ana Lima", "student", NOW, password=PASSWORD)
    mine = store.of(ana.id)
    mine.import_situation(ROOT / "examples" / "panel-interview.toml", NOW)
    before = mine.export()
    dump = tmp_path / "afterview.dump"
    subprocess.run(
        [_tool("pg_dump"), "--format=custom", f"--file={dump}", _libpq(source)], check=True
    )
    subprocess.run(
        [_tool("pg_restore"), "--no-owner", "--dbname", _libpq(target), str(dump)], check=True
    )
    done = runner.invoke(app, ["admin", "migrate", "--db", target, "--grant", "app_web"])
    assert done.exit_code == 0, done.output
    restored = open_store(target)
    signed_in = password_sign_in(restored, "ana@uni.example", PASSWORD)
    assert signed_in.user is not None and signed_in.user.id == ana.id
    assert password_sign_in(restored, "ana@uni.example", "not the password").user is None
    assert restored.of(ana.id).export() == before
    web_url = os.environ.get("DATABASE_WEB_URL", "")
    if web_url:  # the web's role, under row-level security, on the restored copy
        web = create_engine(make_url(target).set(username="app_web", password="app_web"))
        try:
            assert [i.id for i in Store(web, ana.id).interviews()] == [
                i["id"] for i in before["interviews"]
            ]
            assert Store(web, ana.id + 1000).interviews() == []
        finally:
            web.dispose()
