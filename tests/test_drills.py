"""Crash and race drills with the real command line against real servers on loopback.

Each drill runs ``afterview`` in separate processes (started together at a barrier), kills
some with SIGKILL, and counts at an aiosmtpd server what arrived: per Message-ID and per person
and kind. On an SQLite file and on PostgreSQL (DATABASE_URL, a fresh schema per test).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from afterview.outbox import save_drafts
from afterview.store import open_store

ROOT = Path(__file__).parent.parent
PANEL = ROOT / "examples" / "panel-interview.toml"
PG = os.environ.get("DATABASE_URL", "")
COMPANIES = ("Harbor Freight Labs", "Quillon Bio", "Tessellate Energy")

# A process that waits at a barrier (a moment given in the environment), optionally dies by
# SIGKILL at a SQL statement (the n-th that starts with a given text, or the commit after the
# first such), then runs the real CLI.
LAUNCH = """
import os, signal, sys, time
from afterview.cli import main
from afterview.cli.application import app  # loaded before the barrier: the race is the work
on = os.environ.get("DRILL_KILL_ON")
if on:
    from sqlalchemy import event
    from sqlalchemy.engine import Engine
    seen = [0]
    def spy(conn, cursor, statement, *args):
        if statement.lstrip().upper().startswith(on.removesuffix(" THEN COMMIT")):
            seen[0] += 1
            if seen[0] == int(os.environ["DRILL_KILL_NTH"]) and not on.endswith("COMMIT"):
                os.kill(os.getpid(), signal.SIGKILL)
    def commit(conn):
        if seen[0] and on.endswith("COMMIT"):
            os.kill(os.getpid(), signal.SIGKILL)
    event.listen(Engine, "before_cursor_execute", spy)
    event.listen(Engine, "commit", commit)
start = float(os.environ.get("DRILL_AT", "0"))
time.sleep(max(0.0, start - time.time()))
sys.argv = ["afterview", *sys.argv[1:]]
main()
"""
KILLS = [
    ("INSERT INTO MESSAGES", 1),
    ("INSERT INTO MESSAGES", 3),
    ("INSERT INTO MESSAGES THEN COMMIT", 1),
]


class Counting:
    """An SMTP server's handler that keeps each message with its envelope recipients."""

    def __init__(self) -> None:
        self.got: list[tuple[str, tuple[str, ...]]] = []  # (Message-ID, recipients)

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        parsed = message_from_bytes(envelope.content)
        self.got.append((str(parsed["Message-ID"]), tuple(envelope.rcpt_tos)))
        return "250 OK"


@pytest.fixture
def server() -> Iterator[tuple[Counting, int]]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    handler = Counting()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield str(tmp_path / "drill.db")
        return
    yield from fresh_schema()


def fresh_schema() -> Iterator[str]:
    """A URL of a new, empty PostgreSQL schema (dropped afterwards)."""
    if not PG.startswith("postgresql"):
        if os.environ.get("CI") == "true":
            pytest.fail("CI needs PostgreSQL: .ci/run starts one and sets DATABASE_URL")
        pytest.skip("no PostgreSQL server (set DATABASE_URL=postgresql+psycopg://...)")
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    schema = f"drill_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG)
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    url = make_url(PG).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        admin.dispose()


def situation(folder: Path, company: str) -> Path:
    """The panel example moved to a few hours ago, at another employer with its own domain."""
    now = datetime.now(UTC).replace(microsecond=0)
    start = now - timedelta(hours=5)
    domain = company.replace(" ", "").lower() + ".example"
    text = PANEL.read_text("utf-8")
    text = text.replace("now = 2026-11-24T19:00:00-05:00", f"now = {now.isoformat()}")
    text = text.replace("2026-11-24T10:00:00-05:00", start.isoformat())
    text = text.replace("2026-11-24T11:30:00-05:00", (start + timedelta(hours=1)).isoformat())
    text = text.replace("2026-12-04", (now + timedelta(days=10)).date().isoformat())
    text = text.replace("Northwind Health", company).replace("northwind.example", domain)
    path = folder / f"{domain}.toml"
    path.write_text(text, "utf-8")
    return path


def interviews(db: str, folder: Path, count: int) -> list[int]:
    """``count`` interviews at as many employers, imported (in this process: set-up only)."""
    store = open_store(db)
    now = datetime.now(UTC)
    ids = [
        store.import_situation(situation(folder, f"Drill Works {i}"), now)[0] for i in range(count)
    ]
    store.engine.dispose()
    return ids


def launch(
    db: str,
    *args: str,
    port: int = 0,
    at: float = 0.0,
    kill: tuple[str, int] | None = None,
    crash_at: str | None = None,
) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "NO_COLOR": "1",
        "DRILL_AT": str(at),
        "AFTERVIEW_SMTP_HOST": "127.0.0.1",
        "AFTERVIEW_SMTP_PORT": str(port),
        "AFTERVIEW_SMTP_SECURITY": "none",
        "AFTERVIEW_CONFIG": os.devnull,
    }
    env.pop("AFTERVIEW_CRASH_AT", None)
    if kill:
        env.update(DRILL_KILL_ON=kill[0], DRILL_KILL_NTH=str(kill[1]))
    if crash_at:
        env["AFTERVIEW_CRASH_AT"] = crash_at
    return subprocess.Popen(
        [sys.executable, "-c", LAUNCH, *args, "--db", db],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wave(db: str, commands: list[tuple[tuple[str, ...], dict[str, Any]]]) -> list[tuple[int, str]]:
    """Start every command (arguments, launch options) at the same moment; (exit status,
    stdout + stderr) of each, in order."""
    at = time.time() + 1.0 + 0.05 * len(commands)  # every process has loaded afterview by then
    processes = [launch(db, *args, at=at, **options) for args, options in commands]
    results = []
    for p in processes:
        out, err = p.communicate(timeout=120)
        results.append((p.returncode, out + err))
    return results


def live(db: str, interview: int) -> Counter[tuple[str, str]]:
    """Live (not cancelled) messages per (person, kind)."""
    store = open_store(db)
    try:
        return Counter(
            (m.to, m.kind) for m in store.messages_of(interview) if m.state != "cancelled"
        )
    finally:
        store.engine.dispose()


def cancel_all(db: str, interview: int) -> None:
    store = open_store(db)
    now = datetime.now(UTC)
    for m in store.messages_of(interview):
        if m.state == "draft":
            store.finish(m.id, "cancelled", now)
    store.engine.dispose()


ROUNDS = int(os.environ.get("AFTERVIEW_DRILL_ROUNDS", "1"))  # more for a longer drill by hand
PLANNED = 4  # the panel: a thank-you to each of three interviewers and the status check
TRIALS: Counter[str] = Counter()  # what the drills ran, for the closing note (-s shows it)


def test_draft_save_killed_then_retried_and_raced(db: str, tmp_path: Path) -> None:
    ids = interviews(db, tmp_path, 3)
    for round_ in range(ROUNDS):
        # SIGKILL inside `draft --save` (at an INSERT, or just before the commit), all at once
        kills = [KILLS[(i + round_) % len(KILLS)] for i in range(len(ids))]
        results = wave(
            db,
            [(("draft", str(i), "--save"), {"kill": k}) for i, k in zip(ids, kills, strict=True)],
        )
        for interview, (code, said) in zip(ids, results, strict=True):
            saved = live(db, interview)
            assert code in (-9, 0), said  # 0: PostgreSQL sends the rows as one INSERT
            assert saved == Counter() or len(saved) == PLANNED  # never half a set
            assert set(saved.values()) <= {1}
        # then a retry of each, at once: exactly one live message per person and kind
        results = wave(db, [(("draft", str(i), "--save"), {}) for i in ids])
        assert {code for code, _ in results} == {0}, results
        for interview in ids:
            saved = live(db, interview)
            assert len(saved) == PLANNED and set(saved.values()) == {1}, saved
            TRIALS["draft --save killed, then retried"] += 1
        # two `draft --save` at once for every interview: one set each
        for interview in ids:
            cancel_all(db, interview)
        results = wave(db, [(("draft", str(i), "--save"), {}) for i in ids for _ in (1, 2)])
        assert {code for code, _ in results} == {0}, results
        for interview in ids:
            saved = live(db, interview)
            assert len(saved) == PLANNED and set(saved.values()) == {1}, saved
            TRIALS["two draft --save at once"] += 1


def test_two_senders_per_message_deliver_once_per_person_and_kind(
    db: str, tmp_path: Path, server: tuple[Counting, int]
) -> None:
    handler, port = server
    ids = interviews(db, tmp_path, 2 * ROUNDS)
    store = open_store(db)
    now = datetime.now(UTC)
    for interview in ids:  # saved twice (the drill above races `draft --save` itself)
        for _ in (1, 2):
            save_drafts(store, interview, now)
    messages = [m for i in ids for m in store.messages_of(i)]
    assert len(messages) == PLANNED * len(ids)
    send = [(("send", str(m.id), "--via", "smtp", "--force"), {"port": port}) for m in messages]
    results = wave(db, [command for command in send for _ in (1, 2)])  # two senders each
    by_id = {m.message_id: m for m in messages}
    ids_seen = Counter(message_id for message_id, _ in handler.got)
    per = Counter(
        (by_id[message_id].interview_id, rcpt, by_id[message_id].kind)
        for message_id, rcpts in handler.got
        for rcpt in rcpts
    )
    assert set(ids_seen.values()) == {1} and set(per.values()) == {1}
    thanks = {m.message_id for m in messages if m.kind == "thank_you"}
    assert thanks <= set(ids_seen)  # every thank-you went, once
    for m, pair in zip(messages, zip(results[::2], results[1::2], strict=True), strict=True):
        codes = sorted(code for code, _ in pair)
        assert codes in ([0, 1], [1, 1]), pair
        assert (codes == [0, 1]) == (m.message_id in ids_seen)
        assert store.message(m.id).state == ("sent" if m.message_id in ids_seen else "draft")
        TRIALS[f"two senders at once: {m.kind}"] += 1
    TRIALS["deliveries"] += len(handler.got)
    store.engine.dispose()


def test_a_killed_send_then_resolve_and_a_new_send_never_deliver_twice(
    db: str, tmp_path: Path, server: tuple[Counting, int]
) -> None:
    handler, port = server
    steps = ["before-claim", "after-claim", "after-delivery"] * ROUNDS
    ids = interviews(db, tmp_path, ROUNDS)
    store = open_store(db)
    for interview in ids:
        save_drafts(store, interview, datetime.now(UTC))
    thanks = [m for i in ids for m in store.messages_of(i) if m.kind == "thank_you"]
    chosen = thanks[: len(steps)]

    def send(m: Any, **options: Any) -> tuple[tuple[str, ...], dict[str, Any]]:
        return ("send", str(m.id), "--via", "smtp", "--force"), {"port": port, **options}

    # a SIGKILL at each step of the send
    crashed = wave(db, [send(m, crash_at=step) for m, step in zip(chosen, steps, strict=True)])
    assert {code for code, _ in crashed} == {-9}
    went = {message_id for message_id, _ in handler.got}
    assert went == {
        m.message_id for m, s in zip(chosen, steps, strict=True) if s == "after-delivery"
    }
    # what resolve says, and a new send at once: refused for every claimed message
    told = wave(db, [(("resolve", str(m.id)), {}) for m in chosen])
    again = wave(db, [send(m) for m in chosen])
    for step, (code, said), (sent, out) in zip(steps, told, again, strict=True):
        if step == "before-claim":  # nothing was claimed: still a draft, and it goes now
            assert code == 2 and "it is draft" in said
            assert sent == 0, out
        else:
            assert code == 0 and "crashed" in said
            assert sent == 1 and "may already have gone" in out
    # the tool's advice: look in the Sent folder (here: the server), then say what is there
    claimed = [(m, s) for m, s in zip(chosen, steps, strict=True) if s != "before-claim"]
    said = wave(
        db,
        [
            (("resolve", str(m.id), "--sent" if m.message_id in went else "--not-sent"), {})
            for m, _ in claimed
        ],
    )
    assert {code for code, _ in said} == {0}, said
    final = wave(db, [send(m) for m in chosen])  # and one more send of each
    assert all(code in (0, 1) for code, _ in final)
    delivered = Counter(message_id for message_id, _ in handler.got)
    assert delivered == Counter({m.message_id: 1 for m in chosen})  # each once, never twice
    for m, step in zip(chosen, steps, strict=True):
        assert store.message(m.id).state == "sent"
        TRIALS[f"SIGKILL {step}, then resolve and send"] += 1
    TRIALS["deliveries"] += len(handler.got)
    store.engine.dispose()


def test_zz_report() -> None:
    """The drills' counts (shown with -s); runs after the drills of this module."""
    for what, count in sorted(TRIALS.items()):
        print(f"drill: {what}: {count}")
