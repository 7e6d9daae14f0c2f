"""What a career centre's operator does and sees (issue 15; found by a newcomer's trial of a
shared deployment): processes that refuse to start on a database or settings that cannot
work, instead of serving errors; the messages left "sending" across every student, settled
with `afterview resolve` acting for the message's student; commands that read every
student's rows refused under the web's role rather than answering "nothing"; a disabled user
enabled again; a failing database shown to students as what it means for them, not its
address. Real PostgreSQL, the two roles .ci/pg.sh makes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from afterview.cli import app
from afterview.errors import InputError
from afterview.store import open_store

from helpers import clean_postgres, fresh_panel, migrated_for_web, shared_mode

PASSWORD = "correct horse battery staple"


def _web_url() -> str:
    url = os.environ.get("DATABASE_WEB_URL", "")
    if not url:
        if os.environ.get("CI") == "true":
            pytest.fail("CI needs DATABASE_WEB_URL: .ci/pg.sh's pg_start exports it")
        pytest.skip("no PostgreSQL role that is not the owner (DATABASE_WEB_URL)")
    return url


def _left_sending(url: str, folder: Path) -> tuple[Any, int, int]:
    """A student with a draft whose send was left "sending" by a process that is gone."""
    from afterview.accounts.users import create_user
    from afterview.outbox import save_drafts

    owner = open_store(url)
    now = datetime.now(UTC)
    student = create_user(owner, "lena@uni.example", "Lena Ward", "student", now, PASSWORD)
    mine = owner.of(student.id)
    interview, _ = mine.import_situation(fresh_panel(folder), now)
    message = save_drafts(mine, interview, now)[0].id
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "UPDATE messages SET state = 'sending', lease_pid = 999999, "
                "lease_host = 'gone-host', lease_started = now() - interval '1 hour' "
                "WHERE id = :m"
            ),
            {"m": message},
        )
    engine.dispose()
    return mine, student.id, message


def test_messages_left_sending_are_listed_and_settled_for_their_student(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = migrated_for_web()
    mine, _, message = _left_sending(url, tmp_path)
    monkeypatch.setenv("AFTERVIEW_MODE", "shared")
    runner = CliRunner()
    listed = runner.invoke(app, ["admin", "sending", "--db", url, "--json"])
    assert listed.exit_code == 0, listed.output
    (row,) = json.loads(listed.output)
    assert row["message"] == message and row["student"] == "lena@uni.example"
    assert row["host"] == "gone-host"
    assert row["message_id"] == mine.message(message).message_id  # to look for in the relay's log
    assert row["to"] == mine.message(message).address
    # resolve acts for the message's student (the CLI's own user is not theirs)
    said = runner.invoke(app, ["resolve", str(message), "--db", url])
    assert said.exit_code == 0 and "crashed" in said.output, said.output
    settled = runner.invoke(app, ["resolve", str(message), "--not-sent", "--db", url])
    assert settled.exit_code == 0, settled.output
    assert mine.message(message).state == "draft"
    assert (
        "No message is left sending."
        in runner.invoke(app, ["admin", "sending", "--db", url]).output
    )


@pytest.mark.parametrize("command", [["admin", "stats"], ["admin", "sending"]])
def test_every_students_rows_are_not_read_under_the_webs_role(
    command: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = migrated_for_web()
    _left_sending(url, tmp_path)
    monkeypatch.setenv("AFTERVIEW_MODE", "shared")
    done = CliRunner().invoke(app, [*command, "--db", _web_url()])
    assert done.exit_code != 0  # (2 from the command line: the error is an InputError)
    assert isinstance(done.exception, InputError), done.output
    assert "run it as the role that owns the tables" in str(done.exception)


def test_a_disabled_user_is_enabled_again() -> None:
    url = clean_postgres()
    runner = CliRunner()
    made = runner.invoke(
        app,
        ["admin", "create-user", "sam@uni.example", "--name", "Sam", "--db", url],
    )
    assert made.exit_code == 0, made.output
    assert runner.invoke(app, ["admin", "disable", "sam@uni.example", "--db", url]).exit_code == 0
    again = runner.invoke(app, ["admin", "enable", "sam@uni.example", "--db", url])
    assert again.exit_code == 0 and "can sign in again" in again.output
    listed = json.loads(runner.invoke(app, ["admin", "users", "--db", url, "--json"]).output)
    people = listed["users"] if isinstance(listed, dict) else listed
    (sam,) = [u for u in people if u["email"] == "sam@uni.example"]
    assert not sam.get("disabled")


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _start(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "afterview", *command],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def test_serve_and_worker_refuse_to_start_on_what_cannot_work(tmp_path: Path) -> None:
    url = clean_postgres()  # empty: never migrated
    env = {
        **os.environ,
        "AFTERVIEW_MODE": "shared",
        "DATABASE_URL": url,
        "AFTERVIEW_SECRET_KEY": "k" * 43,
        "AFTERVIEW_PUBLIC_URL": "http://127.0.0.1",
    }
    for name in ("AFTERVIEW_OIDC_ISSUER", "AFTERVIEW_OIDC_CLIENT_ID", "AFTERVIEW_TOKEN"):
        env.pop(name, None)
    unmigrated = _start(["serve", "--port", str(_free_port())], env)
    assert unmigrated.returncode == 2
    assert "serving" not in unmigrated.stdout, "it never says it serves"
    assert "afterview admin migrate" in unmigrated.stderr
    assert unmigrated.stderr.count("\n") == 1, unmigrated.stderr

    CliRunner().invoke(app, ["admin", "migrate", "--db", url, "--grant", "app_web"])
    # each process its role: the web under row-level security, a worker for every student
    wrong = {
        "serve": (["serve", "--port", str(_free_port())], url, "row-level security"),
        "worker": (["worker"], _web_url(), "acts for every student"),
    }
    for command, database, said in wrong.values():
        done = _start(
            command, {**env, "DATABASE_URL": database, "AFTERVIEW_SMTP_HOST": "x.invalid"}
        )
        assert done.returncode == 2 and said in done.stderr, done.stderr[-500:]
        assert done.stderr.count("\n") == 1 and "serving" not in done.stdout
    no_server = _start(["worker"], {**env, "AFTERVIEW_SMTP_HOST": ""})
    assert no_server.returncode == 2 and "AFTERVIEW_SMTP_HOST" in no_server.stderr
    for variable, value in (
        ("AFTERVIEW_SMTP_PORT", "twenty-five"),
        ("AFTERVIEW_SMTP_SECURITY", "ssl"),
    ):
        bad = {**env, "AFTERVIEW_SMTP_HOST": "127.0.0.1", variable: value}
        for command in (["serve", "--port", str(_free_port())], ["worker"]):
            done = _start(command, bad)
            assert done.returncode == 2, (command, done.stderr[-500:])
            assert variable in done.stderr and done.stderr.count("\n") == 1, done.stderr
            assert "serving" not in done.stdout


def test_a_database_that_fails_is_said_plainly_to_a_student(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Its address, role and port are the operator's business: the page says what it means,
    with 503 and Retry-After; the log has the detail, as an error. (A database nobody listens
    for: the sign-in is the first thing that needs it.)"""
    import logging
    import re
    import socket

    from fastapi.testclient import TestClient

    from afterview.web import WebSettings, create_app

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    gone = f"postgresql+psycopg://app_web:secret@127.0.0.1:{port}/appdb"
    shared_mode(monkeypatch, gone)
    with TestClient(create_app(WebSettings(db=gone)), base_url="http://127.0.0.1") as client:
        token = re.search(r'name="csrf" value="([^"]+)"', client.get("/signin").text)
        assert token
        with _captured("afterview.web") as logged:
            answer = client.post(
                "/signin",
                data={"email": "lena@uni.example", "password": PASSWORD, "csrf": token.group(1)},
            )
    assert answer.status_code == 503 and answer.headers["retry-after"] == "30"
    assert "cannot reach its database just now" in answer.text
    assert "postgresql" not in answer.text and str(port) not in answer.text
    assert any(r.levelno == logging.ERROR and str(port) in r.getMessage() for r in logged)


class _captured:
    """The records a logger receives within the block."""

    def __init__(self, name: str) -> None:
        import logging

        self.logger = logging.getLogger(name)
        self.records: list[Any] = []
        self.handler = logging.Handler()
        self.handler.emit = self.records.append  # type: ignore[method-assign]

    def __enter__(self) -> list[Any]:
        self.logger.addHandler(self.handler)
        return self.records

    def __exit__(self, *_: Any) -> None:
        self.logger.removeHandler(self.handler)


def test_metrics_count_the_jobs_waiting_by_queue(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A shared deployment's /metrics has ``afterview_job_queue_depth``, read from its own
    database at each scrape (the web's role reads the queue's table)."""
    from datetime import timedelta

    from fastapi.testclient import TestClient

    from afterview.accounts.users import create_user
    from afterview.ops import metrics
    from afterview.outbox import save_drafts
    from afterview.web import WebSettings, create_app
    from afterview.worker.jobs import close_opened, opened
    from afterview.worker.scheduling import schedule_send

    url = migrated_for_web()
    web = _web_url()
    shared_mode(monkeypatch, web)
    monkeypatch.setenv(metrics.TOKEN_ENV, "metrics-token-Hq2Jv8Pw4Rt6")
    monkeypatch.setenv("AFTERVIEW_SMTP_HOST", "127.0.0.1")
    owner = open_store(url)
    now = datetime.now(UTC)
    student = create_user(owner, "lena@uni.example", "Lena", "student", now, PASSWORD).id
    mine = owner.of(student)
    interview, _ = mine.import_situation(fresh_panel(tmp_path), now)
    drafts = save_drafts(mine, interview, now)
    opened(url)
    try:
        for draft in drafts[:2]:
            schedule_send(mine, draft.id, now + timedelta(hours=1), now=now)
    finally:
        close_opened()
    scrape = {"Authorization": "Bearer metrics-token-Hq2Jv8Pw4Rt6"}
    with TestClient(create_app(WebSettings(db=web)), base_url="http://127.0.0.1") as client:
        page = client.get("/metrics", headers=scrape)
    assert page.status_code == 200, page.text[:300]
    assert 'afterview_job_queue_depth{queue="sends"} 2.0' in page.text, page.text[-1500:]


def test_serve_checks_every_setting_before_it_says_it_serves(tmp_path: Path) -> None:
    env = {**os.environ, "AFTERVIEW_METRICS_TOKEN": "short"}
    env.pop("AFTERVIEW_MODE", None)
    done = _start(["serve", "--port", str(_free_port()), "--db", str(tmp_path / "a.db")], env)
    assert done.returncode == 2 and "AFTERVIEW_METRICS_TOKEN" in done.stderr
    assert "serving" not in done.stdout
