"""The crash and race drill of the workers (issue 15): 1,000 scheduled sends, scheduled through
two web processes at once (one student signed in to each, scheduling every message through the
API the editor's "Send it later" shares, in opposite orders), four `afterview worker`
processes SIGKILLed at random moments and started again, one PostgreSQL (the web processes
logged in as the role under row-level security) and a real SMTP server (aiosmtpd) that counts
what arrives by Message-ID.

Asserted: every message delivered at most once; none lost without a visible state (each ends
sent, failed or refused with its reason written on it, or "sending" with a dead lease, awaiting
reconciliation); none delivered outside its window; the rate cap held for the one address many
interviews share. The counts are printed (pytest -s shows them).

Windows are the agenda's (the actions table), set around now for the drill: most open for ten
minutes, some closing seconds after their send time (a backlog makes them late: refused), and
some closed by the test after they were scheduled (as a reply might move a window): all of
those must be refused.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import create_engine, inspect, make_url, text

from afterview.store import open_store, queue
from test_worker import fresh_queue

from helpers import fresh_panel

pytestmark = pytest.mark.drill

MESSAGES = 1000
WORKERS = 4
SHARED = 12  # interviews whose interviewer has one address ...
CAP = 5  # ... of which at most this many may go in 24 hours
CLOSING = 40  # windows that close 3 s after their send time
CLOSED = 20  # windows the test closes after scheduling
SENDS_FROM = 50.0  # seconds after the start: scheduling 1,000 sends takes ~40 s on 2 cores
SENDS_FOR = 40.0  # the send times spread over this many seconds
KILL_UNTIL = 120.0  # SIGKILLs from the start until then: a few while idle, most while sending
DEADLINE = 240.0  # for the last sends to settle after that (a busy machine is slower)

ARTIFACTS = Path(__file__).parent.parent / "artifacts"
MSGID = re.compile(rb"^Message-ID:\s*(<[^>\r\n]+>)", re.M | re.I)


class Counting:
    """An SMTP handler that keeps each message's Message-ID and when its data arrived; it
    answers after a short pause, so that kills land while messages are in flight."""

    def __init__(self) -> None:
        self.received: list[tuple[str, datetime]] = []

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        found = MSGID.search(envelope.content)
        self.received.append((found.group(1).decode() if found else "(none)", datetime.now(UTC)))
        await asyncio.sleep(random.uniform(0.02, 0.12))
        return "250 OK"


# One student signed in to one web process, scheduling every message of the plan through the
# API the editor's "Send it later" shares (afterview.web.send_later.queue_send): 201 or 409 with
# the reason.
SCHEDULER = """
import json, re, sys, time
import httpx2 as httpx
base, plan, order, email, password, out = sys.argv[1:7]
plan = json.load(open(plan))
if order == "reverse":
    plan.reverse()
done = {"scheduled": [], "refused": {}}
with httpx.Client(base_url=base, timeout=120) as client:
    token = lambda path: re.search(r'name="csrf" value="([^"]+)"', client.get(path).text).group(1)
    signed = client.post("/signin", data={"csrf": token("/signin"), "email": email,
                                          "password": password})
    assert signed.status_code == 303, signed.text[:300]
    headers = {"X-CSRF-Token": token("/check")}
    began = time.monotonic()
    for message_id, at in plan:
        answer = client.post(f"/api/messages/{message_id}/schedule", json={"at": at},
                             headers=headers)
        if answer.status_code == 201:
            done["scheduled"].append(message_id)
        else:
            done["refused"][message_id] = f"{answer.status_code} {answer.text[:300]}"
done["took"] = time.monotonic() - began
with open(out, "w") as f:  # a file: 1,000 refusals would fill a pipe nobody reads yet
    json.dump(done, f)
"""
WEB = 2  # web processes, one student scheduling through each


EMAIL, PASSWORD = "dana@uni.example", "drill password, long enough"


def _web_role(url: str) -> str:
    """The URL the web processes log in with: the role under row-level security when there is
    one (DATABASE_WEB_URL; .ci/pg.sh makes it), granted the tables; else the owner's."""
    from afterview.store.roles import grant

    web_url = os.environ.get("DATABASE_WEB_URL", "")
    if not web_url:
        return url
    engine = create_engine(url)
    grant(engine, str(make_url(web_url).username))
    engine.dispose()
    return web_url


def _wait_for(port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"no web process on port {port}")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _one_interviewer(folder: Path) -> Path:
    """The panel of examples/ with only its first interviewer, ended three hours ago."""
    source = fresh_panel(folder).read_text("utf-8")
    head, first, *_ = source.split("[[interviewers]]")
    path = folder / "one.toml"
    path.write_text(head + "[[interviewers]]" + first, encoding="utf-8")
    return path


def _clone(url: str, interview_id: int, copies: int) -> list[int]:
    """``copies`` copies of an interview with its people, actions and thank-you message, each
    with its interviewer's own address (a few share one) and its own Message-ID; returns
    the thank-you messages' ids, the original's first. Columns are copied as the tables have
    them, whatever columns later migrations add."""
    engine = create_engine(url)
    columns = {
        t: [c["name"] for c in inspect(engine).get_columns(t) if c["name"] != "id"]
        for t in ("applications", "interviews", "people", "actions", "messages")
    }

    def copy(connection: Any, table: str, where: str, params: dict[str, Any], **set_: str) -> Any:
        names = columns[table]
        chosen = ", ".join(set_.get(n, n) for n in names)
        return (
            connection.execute(
                text(
                    f"INSERT INTO {table} ({', '.join(names)}) SELECT {chosen} FROM {table} "
                    f"WHERE {where} RETURNING id"
                ),
                params,
            )
            .scalars()
            .all()
        )

    with engine.begin() as connection:
        row = connection.execute(
            text("SELECT application_id FROM interviews WHERE id = :i"), {"i": interview_id}
        ).one()
        connection.execute(
            text("DELETE FROM messages WHERE interview_id = :i AND kind != 'thank_you'"),
            {"i": interview_id},
        )
        original = connection.execute(
            text("SELECT id, address FROM messages WHERE interview_id = :i"), {"i": interview_id}
        ).one()
        ids = [original.id]
        for n in range(1, copies + 1):
            address = "shared@northwind.example" if n <= SHARED else f"person{n}@northwind.example"
            p = {
                "i": interview_id,
                "a": row.application_id,
                "old": original.address,
                "new": address,
                "n": n,
            }
            (application,) = copy(connection, "applications", "id = :a", p)
            p["app"] = application
            (interview,) = copy(
                connection,
                "interviews",
                "id = :i",
                p,
                application_id=":app",
                source_key="'drill:' || :n",
                source_text="replace(source_text, :old, :new)",
            )
            p["iv"] = interview
            copy(
                connection,
                "people",
                "interview_id = :i",
                p,
                interview_id=":iv",
                email="replace(email, :old, :new)",
            )
            copy(
                connection,
                "actions",
                "interview_id = :i",
                p,
                interview_id=":iv",
                address="replace(address, :old, :new)",
            )
            (message,) = copy(
                connection,
                "messages",
                "interview_id = :i",
                p,
                interview_id=":iv",
                address=":new",
                message_id="'<drill-' || :n || '@afterview.invalid>'",
            )
            ids.append(message)
    engine.dispose()
    return ids


def _set_windows(url: str, windows: dict[int, tuple[datetime, datetime]]) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        for message_id, (opens, closes) in windows.items():
            connection.execute(
                text(
                    "UPDATE actions SET not_before = :b, not_after = :a FROM messages m "
                    "WHERE m.id = :m AND actions.interview_id = m.interview_id "
                    "AND actions.kind = m.kind"
                ),
                {
                    "m": message_id,
                    "b": opens.astimezone(UTC).replace(tzinfo=None),
                    "a": closes.astimezone(UTC).replace(tzinfo=None),
                },
            )
    engine.dispose()


def _due_now(url: str, message_ids: set[int]) -> None:
    """Their send time comes now (the queue's own column: as if the clock had moved on)."""
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "UPDATE procrastinate_jobs SET scheduled_at = now() WHERE status = 'todo' "
                "AND task_name = 'send_message' AND (args->>'message_id')::int = ANY(:ids)"
            ),
            {"ids": sorted(message_ids)},
        )
    engine.dispose()


def test_drill_1000_sends_4_killed_workers_2_web_processes(tmp_path: Path) -> None:
    url = fresh_queue()
    rng = random.Random(int(os.environ.get("DRILL_SEED", "15")))
    web_url = _web_role(url)
    from afterview.accounts.users import create_user

    now = datetime.now(UTC)
    student = create_user(open_store(url), EMAIL, "Dana Drill", "student", now, PASSWORD)
    store = open_store(url).of(student.id)
    interview_id, _ = store.import_situation(_one_interviewer(tmp_path), now)
    from afterview.outbox import save_drafts

    save_drafts(store, interview_id, now)
    ids = _clone(url, interview_id, MESSAGES - 1)
    assert len(ids) == MESSAGES
    message_ids = {m: store.message(m).message_id for m in ids}
    assert len(set(message_ids.values())) == MESSAGES

    # The plan: each message's window and send time.
    start = datetime.now(UTC)
    order = ids[:]
    rng.shuffle(order)
    closing = set(order[:CLOSING])
    closed = set(order[CLOSING : CLOSING + CLOSED])
    windows: dict[int, tuple[datetime, datetime]] = {}
    plan: list[tuple[int, str]] = []
    for m in ids:
        if m in closing:
            at = start + timedelta(seconds=SENDS_FROM + rng.uniform(5, 25))
            windows[m] = (start - timedelta(minutes=1), at + timedelta(seconds=3))
        elif m in closed:  # due later: their windows close, and then their time comes
            at = start + timedelta(minutes=10)
            windows[m] = (start - timedelta(minutes=1), start + timedelta(minutes=11))
        else:
            at = start + timedelta(seconds=SENDS_FROM + rng.uniform(0, SENDS_FOR))
            windows[m] = (start - timedelta(minutes=1), start + timedelta(minutes=10))
        plan.append((m, at.isoformat()))
    _set_windows(url, windows)
    (tmp_path / "plan.json").write_text(json.dumps(plan))

    handler = Counting()
    port = _free_port()
    smtp = Controller(handler, hostname="127.0.0.1", port=port)
    smtp.start()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "AFTERVIEW_SMTP_HOST": "127.0.0.1",
        "AFTERVIEW_SMTP_PORT": str(port),
        "AFTERVIEW_SMTP_SECURITY": "none",
        "AFTERVIEW_SEND_CAP": str(CAP),
        "AFTERVIEW_SEND_MARGIN": "2",
        "AFTERVIEW_WORKER_STALLED_AFTER": "4",
        "AFTERVIEW_RECOVER_CRON": "* * * * * */2",
        "AFTERVIEW_REMIND_CRON": "0 0 1 1 *",
        "AFTERVIEW_SYNC_CRON": "0 0 1 1 *",
        "AFTERVIEW_WORKER_POLL": "1",
        "AFTERVIEW_WORKER_LISTEN": "0",  # 2,000 schedules in a burst: see docs/workers.md
        "AFTERVIEW_LOG_LEVEL": "WARNING",
    }
    logs = tmp_path / "logs"
    logs.mkdir()
    started = 0

    def worker() -> subprocess.Popen[bytes]:
        nonlocal started
        started += 1
        log = (logs / f"worker-{started}.log").open("wb")
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "afterview",
                "worker",
                "--concurrency",
                "2",
                "--queues",
                "sends",
            ],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )

    engine = queue.engine_for(url)
    workers: list[subprocess.Popen[bytes]] = []
    webs: list[subprocess.Popen[bytes]] = []
    kills = 0
    try:
        ports = [_free_port() for _ in range(WEB)]
        web_env = {
            **env,
            "AFTERVIEW_MODE": "shared",
            "DATABASE_URL": web_url,
            "AFTERVIEW_SECRET_KEY": base64.urlsafe_b64encode(os.urandom(32)).decode(),
            "AFTERVIEW_PUBLIC_URL": "http://127.0.0.1",
        }
        for port_ in ports:
            log = (logs / f"web-{port_}.log").open("wb")
            webs.append(
                subprocess.Popen(
                    [sys.executable, "-m", "afterview", "serve", "--port", str(port_)],
                    env=web_env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )
        for port_ in ports:
            _wait_for(port_)
        schedulers = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    SCHEDULER,
                    f"http://127.0.0.1:{port_}",
                    str(tmp_path / "plan.json"),
                    way,
                    EMAIL,
                    PASSWORD,
                    str(tmp_path / f"{way}.json"),
                ],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
            for port_, way in zip(ports, ("forward", "reverse"), strict=True)
        ]
        workers = [worker() for _ in range(WORKERS)]
        # SIGKILL a random worker at random moments, and start another in its place, while
        # the schedulers run and the sends go.
        began = time.monotonic()
        closed_at: datetime | None = None
        while time.monotonic() < began + KILL_UNTIL or closed_at is None:
            if closed_at is None and all(s.poll() is not None for s in schedulers):
                # Windows closed after scheduling (before their send time), as a reply might.
                closed_at = datetime.now(UTC) - timedelta(seconds=1)
                _set_windows(url, {m: (windows[m][0], closed_at) for m in closed})
                windows.update({m: (windows[m][0], closed_at) for m in closed})
                _due_now(url, closed)
            sending = time.monotonic() > began + SENDS_FROM
            time.sleep(rng.uniform(0.5, 2.5) if sending else rng.uniform(3, 6))
            victim = rng.randrange(WORKERS)
            workers[victim].send_signal(signal.SIGKILL)
            workers[victim].wait()
            kills += 1
            time.sleep(rng.uniform(0, 1.0))
            workers[victim] = worker()
        results = []
        for s, way in zip(schedulers, ("forward", "reverse"), strict=True):
            _, err = s.communicate(timeout=DEADLINE)
            assert s.returncode == 0, err.decode()[-3000:]
            results.append(json.loads((tmp_path / f"{way}.json").read_text()))

        # Then let the survivors finish: no send waiting or running.
        deadline = time.monotonic() + DEADLINE
        while time.monotonic() < deadline:
            jobs = queue.jobs_by_status(engine)
            pending = sum(
                n
                for (task, st), n in jobs.items()
                if task == "send_message" and st in ("todo", "doing")
            )
            if pending == 0:
                break
            time.sleep(1)
        for w in workers:
            w.send_signal(signal.SIGTERM)
        for w in workers:
            w.wait(timeout=60)
    finally:
        for w in workers + webs:
            if w.poll() is None:
                w.kill()
        smtp.stop()

    jobs = queue.jobs_by_status(engine)
    states = queue.message_states(engine, ids)
    with engine.connect() as connection:  # sends queued again by recover_sends
        again = connection.scalar(
            text(
                "SELECT count(*) FROM procrastinate_jobs WHERE task_name = 'send_message' "
                "AND attempts > 1"
            )
        )
    engine.dispose()
    took = (datetime.now(UTC) - start).total_seconds()

    # Scheduling: each message was scheduled once, whichever process got there first.
    scheduled = Counter(m for r in results for m in r["scheduled"])
    refused_at_scheduling = {int(m): why for r in results for m, why in r["refused"].items()}
    late = {m for m, why in refused_at_scheduling.items() if "outside message" in why}

    # At most once, counted at the server.
    arrived = Counter(mid for mid, _ in handler.received)
    twice = {mid: n for mid, n in arrived.items() if n > 1}
    by_mid = {mid: m for m, mid in message_ids.items()}
    assert set(arrived) <= set(by_mid), "only the drill's messages arrived"

    # Nothing lost without a visible state.
    outcome: dict[int, str] = {}
    for m in ids:
        state, note = states[m]
        if state == "sent":
            outcome[m] = "sent"
        elif state == "sending":
            outcome[m] = "sending (awaiting reconciliation)"
        elif state == "draft" and note and note.startswith("refused: "):
            outcome[m] = "refused: " + (
                "window closed"
                if "window closed" in note
                else "rate cap"
                if "AFTERVIEW_SEND_CAP" in note
                else note[9:40]
            )
        elif state == "draft" and note and note.startswith("failed: "):
            outcome[m] = "failed"
        elif state == "draft" and m in late and m not in scheduled:
            outcome[m] = "refused when scheduling: window closed"
        else:
            outcome[m] = f"LOST ({state}, {note!r})"
    counts = Counter(outcome.values())
    report = [
        f"drill: {MESSAGES} messages, {WORKERS} workers, {kills} SIGKILLs, {started} worker "
        f"processes started; scheduled {sum(scheduled.values())} times through {WEB} web processes "
        f"({len(refused_at_scheduling)} second tries refused); scheduling took "
        f"{max(r['took'] for r in results):.0f} s, the whole drill {took:.0f} s",
        *(f"  {what}: {n}" for what, n in sorted(counts.items())),
        f"  arrived at the SMTP server: {len(arrived)} Message-IDs, "
        f"{len(handler.received)} deliveries",
        f"  of the messages left sending, "
        f"{sum(message_ids[m] in arrived for m in ids if outcome[m].startswith('sending'))} "
        "had arrived (the kill came after the server took the data) and the others had not",
        f"  jobs: {dict(sorted(jobs.items()))}; {again} send jobs run again after their "
        "worker died before the claim",
    ]
    print("\n" + "\n".join(report))  # pytest -s shows it; artifacts/ keeps it
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "worker-drill.txt").write_text("\n".join(report) + "\n", encoding="utf-8")
    assert not twice, f"delivered more than once: {twice}"
    assert late <= closing, "only a window closing seconds after its time can be missed"
    missing = {m: refused_at_scheduling.get(m) for m in ids if m not in scheduled and m not in late}
    assert not missing, f"not scheduled: {list(missing.items())[:5]}"
    # A second try is refused: queued already, or (on a slow machine, where the first try's
    # send has already run) not a draft any more. Nothing else may refuse a schedule here.
    others = {
        m: why
        for m, why in refused_at_scheduling.items()
        if m not in late
        and not any(
            said in why for said in ("already scheduled", "same moment", "is sent;", "is sending;")
        )
    }
    assert not others, list(others.items())[:5]

    lost = {m: o for m, o in outcome.items() if o.startswith("LOST")}
    assert not lost, f"messages without a visible outcome: {list(lost.items())[:10]}"

    # What the store says agrees with what the server saw.
    for m in ids:
        delivered = message_ids[m] in arrived
        if outcome[m] == "sent":
            assert delivered, f"message {m} is sent but never arrived"
        elif not outcome[m].startswith("sending"):
            assert not delivered, f"message {m} arrived but is {outcome[m]}"

    # None outside its window.
    for mid, at in handler.received:
        opens, closes = windows[by_mid[mid]]
        assert opens <= at <= closes, f"{mid} arrived at {at}, outside {opens} – {closes}"
    assert all(outcome[m] == "refused: window closed" for m in closed), {
        m: outcome[m] for m in closed if outcome[m] != "refused: window closed"
    }

    # The rate cap held for the address the first interviews share (a claim counts, sent or
    # not: "sending" takes its place under the cap).
    shared = ids[1 : SHARED + 1]
    assert sum(outcome[m] == "sent" or outcome[m].startswith("sending") for m in shared) <= CAP
    assert any(outcome[m] == "refused: rate cap" for m in shared)

    # Messages left sending were claimed by a process that is gone: resolve can settle them.
    from afterview.outbox import describe_send

    for m in ids:
        if outcome[m].startswith("sending"):
            said, live = describe_send(store.message(m), datetime.now(UTC))
            assert not live and said.startswith("crashed"), said
    assert kills >= 15
    assert counts["sent"] >= MESSAGES // 2, counts
