"""Build situations for tests: a realistic base, changed by dotted-path patches."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from afterview.record import Situation
from afterview.situation import situation_from_dict

# Tuesday 1 December 2026, a 10:00-11:00 video interview in New York; advice asked at 14:00.
BASE: dict[str, Any] = {
    "format": 1,
    "now": "2026-12-01T14:00:00-05:00",
    "candidate": {
        "name": "Alex Rivera",
        "email": "alex.rivera@example.com",
        "timezone": "America/New_York",
    },
    "application": {"company": "Northwind Health", "role": "Senior Data Analyst", "region": "US"},
    "interview": {
        "kind": "video",
        "started_at": "2026-12-01T10:00:00-05:00",
        "ended_at": "2026-12-01T11:00:00-05:00",
        "notes": ["Discussed moving the claims dashboard to dbt"],
    },
    "interviewers": [
        {
            "name": "Dr. Priya Nair",
            "title": "Director of Analytics",
            "email": "priya.nair@northwind.example",
        }
    ],
    "sent": [],
}

PRIYA_EMAIL = "priya.nair@northwind.example"
SECOND = {"name": "Marcus Chen", "email": "marcus.chen@northwind.example"}
POSTAL = "Northwind Health, 200 Main St, Hartford, CT 06103"


def data(patch: dict[str, Any] | None = None) -> dict[str, Any]:
    """The base situation as a dict with ``patch`` applied ("a.b.c": value; None deletes)."""
    out = copy.deepcopy(BASE)
    for path, value in (patch or {}).items():
        node: Any = out
        *parents, last = path.split(".")
        for part in parents:
            node = node[int(part)] if part.isdigit() else node.setdefault(part, {})
        key: Any = int(last) if last.isdigit() else last
        if value is None:
            del node[key]
        else:
            node[key] = value
    return out


def situation(patch: dict[str, Any] | None = None) -> Situation:
    """The base situation with ``patch`` applied, validated."""
    return situation_from_dict(data(patch), source="test")


def sent(kind: str, to: str, at: str) -> dict[str, str]:
    """A [[sent]] entry."""
    return {"kind": kind, "to": to, "at": at}


def reply(outcome: str, at: str, decision_by: str | None = None) -> dict[str, str]:
    """A [[replies]] entry."""
    out = {"outcome": outcome, "at": at}
    if decision_by:
        out["decision_expected_by"] = decision_by
    return out


def clean_postgres() -> str:
    """DATABASE_URL's PostgreSQL database, emptied for one test; the test is skipped without
    one (and fails under CI=true, where .ci/run starts one)."""
    import os

    import pytest
    from sqlalchemy import create_engine, inspect, text

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgresql"):
        if os.environ.get("CI") == "true":
            pytest.fail("CI needs PostgreSQL: .ci/run starts one and sets DATABASE_URL")
        pytest.skip("no PostgreSQL server (set DATABASE_URL=postgresql+psycopg://...)")
    engine = create_engine(url)
    with engine.begin() as connection:
        for table in inspect(connection).get_table_names():
            connection.execute(text(f'DROP TABLE IF EXISTS "{table}" CASCADE'))
    engine.dispose()
    drop_queue(url)  # the workers' queue: functions and types too
    return url


def drop_queue(url: str) -> None:
    """Procrastinate's functions and types (DROP TABLE leaves them)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text(DROP_QUEUE))
    engine.dispose()


def migrated_for_web() -> str:
    """A clean PostgreSQL database, migrated by ``afterview admin migrate --grant app_web``
    (the role .ci/pg.sh makes, which does not own the tables)."""
    from typer.testing import CliRunner

    from afterview.cli import app

    url = clean_postgres()
    done = CliRunner().invoke(app, ["admin", "migrate", "--db", url, "--grant", "app_web"])
    assert done.exit_code == 0, done.output
    return url


def web_role_engine() -> Any:
    """An engine logged in as the role under row-level security (DATABASE_WEB_URL); the test is
    skipped without one (and fails under CI=true, where .ci/pg.sh exports it)."""
    import os

    import pytest
    from sqlalchemy import create_engine

    url = os.environ.get("DATABASE_WEB_URL", "")
    if not url:
        if os.environ.get("CI") == "true":
            pytest.fail("CI needs DATABASE_WEB_URL: .ci/pg.sh's pg_start exports it")
        pytest.skip("no PostgreSQL role that is not the owner (DATABASE_WEB_URL)")
    return create_engine(url)


# Procrastinate's functions and types (afterview admin migrate installs them with the tables).
DROP_QUEUE = """
DO $$ DECLARE r record; BEGIN
  FOR r IN SELECT oid::regprocedure AS f FROM pg_proc WHERE proname LIKE 'procrastinate%' LOOP
    EXECUTE 'DROP FUNCTION IF EXISTS ' || r.f || ' CASCADE';
  END LOOP;
  FOR r IN SELECT typname FROM pg_type WHERE typname LIKE 'procrastinate%'
           AND (typtype = 'e' OR (typtype = 'c' AND typrelid IN
                (SELECT oid FROM pg_class WHERE relkind = 'c'))) LOOP
    EXECUTE 'DROP TYPE IF EXISTS ' || quote_ident(r.typname) || ' CASCADE';
  END LOOP;
END $$;
"""


def afternoon_zone() -> str:
    """A zone (Etc/GMT±N) where it is about 14:00 now."""
    from datetime import UTC, datetime

    ahead = (14 - datetime.now(UTC).hour) % 24
    if ahead > 12:
        ahead -= 24
    return "Etc/UTC" if ahead == 0 else f"Etc/GMT{-ahead:+d}"  # Etc/GMT-3 is UTC+3


def fresh_panel(folder: Path) -> Path:
    """examples/panel-interview.toml with the interview moved to this afternoon (it ended three
    hours ago) and the decision ten days on: for tests of commands that act as of the real
    now (send, resolve, agenda), which must pass whatever today's date."""
    from datetime import UTC, datetime, timedelta

    source = Path(__file__).parent.parent / "examples" / "panel-interview.toml"
    end = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=3)
    text = source.read_text("utf-8")
    text = text.replace("now = 2026-11-24T19:00:00-05:00\n", "")
    text = text.replace("2026-11-24T10:00:00-05:00", (end - timedelta(minutes=90)).isoformat())
    text = text.replace("2026-11-24T11:30:00-05:00", end.isoformat())
    text = text.replace("2026-12-04", (end + timedelta(days=10)).date().isoformat())
    # Everyone in a zone where it is early afternoon now: a thank-you is then due now whatever
    # the hour this runs at (at 19:45 in New York its window opens tomorrow morning).
    text = text.replace('timezone = "America/New_York"', f'timezone = "{afternoon_zone()}"')
    path = Path(folder) / "panel-today.toml"
    path.write_text(text, encoding="utf-8")
    return path


# The new-interview wizard's form as a person fills it in (the web tests post it).
WIZARD_FORM = {
    "contact": "unknown",
    "company": "Northwind Health",
    "role": "Senior Data Analyst",
    "kind": "video",
    "started_at": "2026-12-01T10:00",
    "minutes": "60",
    "timezone": "America/New_York",
    "p0_name": "Dr. Priya Nair",
    "p0_title": "Director of Analytics",
    "p0_email": "priya.nair@northwind.example",
    "p0_notes": "Asked how I handle conflicting stakeholder requests",
    "notes": "Discussed moving the claims dashboard to dbt",
    "me_name": "Alex Rivera",
    "me_email": "alex.rivera@example.com",
}


def shared_mode(env: Any, database_url: str) -> None:
    """Set (with a pytest MonkeyPatch) the environment of a shared deployment's web process on
    ``database_url``: shared mode, a fresh secret key, local accounts only, no token."""
    import base64
    import os

    env.setenv("AFTERVIEW_MODE", "shared")
    env.setenv("DATABASE_URL", database_url)
    env.setenv("AFTERVIEW_SECRET_KEY", base64.urlsafe_b64encode(os.urandom(32)).decode())
    env.setenv("AFTERVIEW_PUBLIC_URL", "http://127.0.0.1")
    for name in ("AFTERVIEW_OIDC_ISSUER", "AFTERVIEW_OIDC_CLIENT_ID", "AFTERVIEW_TOKEN"):
        env.delenv(name, raising=False)


def signed_in(app: Any, email: str, password: str) -> Any:
    """A TestClient of ``app`` (entered: call ``__exit__`` when done), signed in with a local
    account's password."""
    from fastapi.testclient import TestClient

    client = TestClient(app, base_url="http://127.0.0.1").__enter__()
    answer = client.post(
        "/signin",
        data={"email": email, "password": password, "csrf": csrf_token(client, "/signin")},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text[:300]
    return client


def csrf_token(client: Any, path: str) -> str:
    """The form token on the page at ``path`` (a page's forms and the API's X-CSRF-Token)."""
    import re

    page = client.get(path).text
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found, page[:300]
    return found.group(1)
