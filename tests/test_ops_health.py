"""/healthz and /readyz (afterview.ops.health) on the real web app: what they answer, that
they pass the guard (token, Host) and only they do, that they leak nothing, that /healthz
never touches the database and /readyz never migrates; against SQLite and a real PostgreSQL."""

from __future__ import annotations

import socket
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from afterview.ops.health import BEHIND, FOREIGN, MISSING, Readiness
from afterview.store import open_store
from afterview.store.location import HEAD
from afterview.web import WebSettings, create_app

from helpers import clean_postgres

LOCAL = "http://127.0.0.1"
TOKEN = "app-token-Zq8wXv3Lm5Np"


def fresh(app: Any) -> Any:
    """Make /readyz look again at every request (its answer is otherwise kept a second)."""
    app.app.state.readiness = Readiness(app.app.state.settings.db, ttl=0)
    return app


@pytest.fixture
def guarded(tmp_path: Path) -> Iterator[TestClient]:
    app = fresh(create_app(WebSettings(db=str(tmp_path / "a.db"), token=TOKEN)))
    with TestClient(app, base_url=LOCAL, follow_redirects=False) as client:
        yield client


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])  # closed again when the block ends: nothing listens


# --- /healthz ---------------------------------------------------------------------------


def test_healthz_is_ok_without_a_database_and_never_touches_it(tmp_path: Path) -> None:
    db = tmp_path / "never-made.db"
    app = create_app(WebSettings(db=str(db), token=TOKEN))
    with TestClient(app, base_url=LOCAL) as client:
        for method in (client.get, client.head):
            response = method("/healthz")
            assert response.status_code == 200
            assert response.headers["cache-control"] == "no-store"
        assert client.get("/healthz").json() == {"status": "ok"}
    assert not db.exists()  # must not: the store opened, migrated or made
    assert getattr(app.app.state, "readiness", None) is None
    assert getattr(app.app.state, "store", None) is None


def test_healthz_answers_with_the_database_server_down() -> None:
    url = f"postgresql+psycopg://app:app@127.0.0.1:{closed_port()}/appdb"
    app = create_app(WebSettings(db=url))
    with TestClient(app, base_url=LOCAL) as client:
        started = time.monotonic()
        assert client.get("/healthz").status_code == 200
        assert time.monotonic() - started < 1
        ready = client.get("/readyz")
    assert ready.status_code == 503
    assert ready.json() == {
        "status": "not ready",
        "checks": {"database": "unreachable", "schema": "unknown"},
    }


# --- the guard ----------------------------------------------------------------------------


def test_the_probes_pass_the_token_and_host_checks(guarded: TestClient) -> None:
    for path in ("/healthz", "/readyz"):
        for headers in (
            {},
            {"Host": "10.0.0.7:8765"},
            {"Authorization": "Bearer wrong-token-000000"},
        ):
            response = guarded.get(path, headers=headers)
            assert response.status_code in (200, 503), (path, headers)
            assert response.headers["x-content-type-options"] == "nosniff"  # still guarded headers
            assert "set-cookie" not in response.headers


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/interviews"),
        ("GET", "/"),
        ("GET", "/healthz/"),
        ("GET", "/healthzz"),
        ("GET", "/healthz/../api/interviews"),
        ("GET", "/HEALTHZ"),
        ("POST", "/healthz"),
        ("DELETE", "/readyz"),
        ("PUT", "/metrics"),
        ("GET", "/static/afterview.css"),
    ],
)
def test_nothing_else_passes_without_the_token(guarded: TestClient, method: str, path: str) -> None:
    assert guarded.request(method, path).status_code == 401
    assert guarded.request(method, path, headers={"Host": "evil.example"}).status_code == 400


def test_the_token_still_opens_the_rest(guarded: TestClient) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    assert guarded.get("/api/interviews", headers=auth).status_code == 200
    assert (
        guarded.get("/api/interviews", headers={**auth, "Host": "evil.example"}).status_code == 400
    )


def test_a_token_in_a_probes_query_is_not_a_login(guarded: TestClient) -> None:
    response = guarded.get(f"/healthz?token={TOKEN}")
    assert response.status_code == 200
    assert "set-cookie" not in response.headers
    assert guarded.get("/api/interviews").status_code == 401  # no cookie was kept


# --- /readyz on SQLite -----------------------------------------------------------------------


def _version(db: Path, revision: str | None) -> None:
    with sqlite3.connect(db) as connection:
        if revision is None:
            connection.execute("DROP TABLE alembic_version")
        else:
            connection.execute("UPDATE alembic_version SET version_num = ?", (revision,))


def test_readyz_follows_the_schema_on_sqlite(tmp_path: Path) -> None:
    db = tmp_path / "store.db"
    app = fresh(create_app(WebSettings(db=str(db))))
    with TestClient(app, base_url=LOCAL) as client:
        first = client.get("/readyz")
        assert first.status_code == 503
        assert first.json()["checks"] == {"database": "ok", "schema": MISSING}
        assert not db.exists()  # must not: a probe makes the file
        open_store(str(db)).engine.dispose()
        ready = client.get("/readyz")
        assert ready.status_code == 200
        assert ready.json() == {"status": "ready", "checks": {"database": "ok", "schema": "ok"}}
        assert client.head("/readyz").status_code == 200
        below = f"{int(HEAD) - 1:04d}"
        _version(db, below)
        assert client.get("/readyz").json()["checks"]["schema"] == BEHIND
        _version(db, "9999")
        assert client.get("/readyz").json()["checks"]["schema"] == FOREIGN
        _version(db, None)
        assert client.get("/readyz").json()["checks"]["schema"] == MISSING
    with sqlite3.connect(db) as connection:  # must not: readyz repaired or migrated anything
        names = {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
    assert "alembic_version" not in names


def test_readyz_on_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    db = tmp_path / "notes.db"
    db.write_bytes(b"these are not the tables you are looking for" * 100)
    app = fresh(create_app(WebSettings(db=str(db))))
    with TestClient(app, base_url=LOCAL) as client:
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "unreachable", "schema": "unknown"}
    assert str(tmp_path) not in response.text


def test_readyz_keeps_its_answer_for_its_ttl(tmp_path: Path) -> None:
    db = tmp_path / "store.db"
    probe = Readiness(str(db), ttl=60)
    assert probe.check()[0] is False
    open_store(str(db)).engine.dispose()
    assert probe.check()[0] is False  # kept: a flood of probes is one look a TTL
    probe.ttl = 0
    assert probe.check()[0] is True
    probe.close()


# --- /readyz on PostgreSQL ------------------------------------------------------------------


def test_readyz_on_postgresql_missing_ready_behind_and_never_migrating() -> None:
    url = clean_postgres()
    from sqlalchemy import create_engine, inspect, text

    app = fresh(create_app(WebSettings(db=url, token=TOKEN)))
    with TestClient(app, base_url=LOCAL) as client:
        missing = client.get("/readyz")
        assert missing.status_code == 503
        assert missing.json()["checks"] == {"database": "ok", "schema": MISSING}
        engine = create_engine(url)
        with engine.connect() as connection:
            assert inspect(connection).get_table_names() == []  # must not: readyz migrated
        open_store(url).engine.dispose()
        assert client.get("/readyz").status_code == 200
        with engine.begin() as connection:
            connection.execute(
                text("UPDATE alembic_version SET version_num = :v"), {"v": f"{int(HEAD) - 1:04d}"}
            )
        behind = client.get("/readyz")
        assert behind.status_code == 503
        assert behind.json()["checks"] == {"database": "ok", "schema": BEHIND}
        with engine.begin() as connection:
            connection.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": HEAD})
        assert client.get("/readyz").status_code == 200
        engine.dispose()
    app.app.state.readiness.close()


def test_readyz_says_unreachable_and_names_no_server(caplog: pytest.LogCaptureFixture) -> None:
    clean_postgres()  # skips without a server, like the other PostgreSQL tests
    port = closed_port()
    url = f"postgresql+psycopg://app:SeCrEtPw@127.0.0.1:{port}/appdb"
    app = fresh(create_app(WebSettings(db=url)))
    with TestClient(app, base_url=LOCAL) as client:
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "unreachable"
    for leak in (str(port), "127.0.0.1", "appdb", "SeCrEtPw", "psycopg", "Error"):
        assert leak not in response.text
    said = [r.getMessage() for r in caplog.records if r.name == "afterview.health"]
    assert any("did not answer" in line and str(port) in line for line in said)  # the log says
    assert not any("SeCrEtPw" in line for line in said)  # never the password
