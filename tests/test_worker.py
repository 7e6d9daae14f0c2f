"""The workers' guards, each on its own, against a real PostgreSQL and a real SMTP server: the
window, the advice, the rate cap, the claim (two connections at once: exactly one wins), a kill
at each step, the recovery of a dead worker's jobs, the reminders' unique key, scheduling, and
the queue schema installed twice from two processes. (tests/test_worker_drill.py runs them all
at once under SIGKILL.)"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from afterview.outbox import Refused
from afterview.store import open_store, queue
from afterview.worker.sending import deliver
from afterview.worker.settings import WorkerSettings

from helpers import clean_postgres, drop_queue, fresh_panel
from imap_server import Mailbox, imap, imap_port  # noqa: F401  (the fixtures)
from smtp_server import Inbox  # noqa: F401

ROOT = Path(__file__).parent.parent
SETTINGS = WorkerSettings(cap=10, margin=2)


def _worker_env(pg: str, server: Any) -> dict[str, str]:
    """The environment of an `afterview worker` on ``pg`` sending through the test's SMTP
    server, polling often, with no reminders due."""
    return {
        **os.environ,
        "DATABASE_URL": pg,
        "AFTERVIEW_SMTP_HOST": "127.0.0.1",
        "AFTERVIEW_SMTP_PORT": str(server.port),
        "AFTERVIEW_SMTP_SECURITY": "none",
        "AFTERVIEW_WORKER_POLL": "0.5",
        "AFTERVIEW_REMIND_CRON": "0 0 1 1 *",
    }


def fresh_queue() -> str:
    """An empty PostgreSQL database with the store and the queue schema."""
    url = clean_postgres()
    drop_queue(url)
    queue.apply_queue_schema(url)
    return url


@pytest.fixture
def pg() -> str:
    return fresh_queue()


def _drafts(url: str, folder: Path) -> tuple[Any, list[Any]]:
    store = open_store(url)
    now = datetime.now(UTC)
    interview_id, _ = store.import_situation(fresh_panel(folder), now)
    from afterview.outbox import save_drafts

    return store, save_drafts(store, interview_id, now)


def _set_window(url: str, message: Any, opens: datetime, closes: datetime) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "UPDATE actions SET not_before = :b, not_after = :a "
                "WHERE interview_id = :i AND kind = :k AND recipient = :r"
            ),
            {
                "b": opens.astimezone(UTC).replace(tzinfo=None),
                "a": closes.astimezone(UTC).replace(tzinfo=None),
                "i": message.interview_id,
                "k": message.kind,
                "r": message.to,
            },
        )
    engine.dispose()


# ------------------------------------------------------------------------------- the schema


def test_the_queue_schema_installs_once_from_two_processes_at_once() -> None:
    url = clean_postgres()
    drop_queue(url)
    script = (
        "import sys; from afterview.store.queue import apply_queue_schema; "
        "print(apply_queue_schema(sys.argv[1]))"
    )
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", script, url],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outs = [p.communicate(timeout=120) for p in runs]
    assert [p.returncode for p in runs] == [0, 0], outs
    assert sorted(o.strip() for o, _ in outs) == ["current", "installed"]
    assert queue.apply_queue_schema(url) == "current"  # and again: nothing to do
    engine = queue.engine_for(url)
    with engine.connect() as connection:
        assert connection.scalar(text("SELECT count(*) FROM procrastinate_jobs")) == 0
        assert connection.scalar(text("SELECT count(*) FROM window_reminders")) == 0
        assert connection.scalar(text("SELECT version_num FROM alembic_version"))  # store too
    engine.dispose()


def test_the_queue_schema_refuses_sqlite_in_one_line(tmp_path: Path) -> None:
    from afterview.errors import InputError

    with pytest.raises(InputError, match="the workers need PostgreSQL") as caught:
        queue.apply_queue_schema(f"sqlite:///{tmp_path / 'a.db'}")
    assert "\n" not in str(caught.value)
    assert not (tmp_path / "a.db").exists()


# ------------------------------------------------------------------------------- the guards


def test_inside_the_window_it_is_sent_once(pg: str, tmp_path: Path, smtp) -> None:  # type: ignore[no-untyped-def]
    inbox, server = smtp
    store, drafts = _drafts(pg, tmp_path)
    outcome = deliver(store, drafts[0].id, SETTINGS, smtp=server)
    assert outcome.status == "sent", outcome
    assert len(inbox.messages) == 1
    assert f"Message-ID: {drafts[0].message_id}".encode() in inbox.messages[0]
    again = deliver(store, drafts[0].id, SETTINGS, smtp=server)
    assert again.status == "skipped" and "is sent" in again.detail
    assert len(inbox.messages) == 1
    message = store.message(drafts[0].id)
    assert message.state == "sent" and message.via == "smtp" and message.lease is None


@pytest.mark.parametrize(
    "opens,closes,why",
    [
        (-3600, -60, "window closed"),  # closed a minute ago
        (-3600, 1, "window closed"),  # closes within the margin: too late to start
    ],
)
def test_outside_the_window_it_is_refused_with_the_reason(
    pg: str, tmp_path: Path, smtp, opens: int, closes: int, why: str
) -> None:  # type: ignore[no-untyped-def]
    inbox, server = smtp
    store, drafts = _drafts(pg, tmp_path)
    now = datetime.now(UTC)
    _set_window(pg, drafts[0], now + timedelta(seconds=opens), now + timedelta(seconds=closes))
    outcome = deliver(store, drafts[0].id, SETTINGS, smtp=server)
    assert outcome.status == "refused" and why in outcome.detail
    message = store.message(drafts[0].id)
    assert message.state == "draft" and message.last_error.startswith("refused: its " + why)
    assert inbox.messages == []


def test_before_the_window_it_waits(pg: str, tmp_path: Path, smtp) -> None:  # type: ignore[no-untyped-def]
    inbox, server = smtp
    store, drafts = _drafts(pg, tmp_path)
    now = datetime.now(UTC)
    _set_window(pg, drafts[0], now + timedelta(hours=1), now + timedelta(hours=2))
    outcome = deliver(store, drafts[0].id, SETTINGS, smtp=server)
    assert outcome.status == "early" and outcome.at is not None
    assert abs((outcome.at - (now + timedelta(hours=1))).total_seconds()) < 1
    assert store.message(drafts[0].id).state == "draft" and inbox.messages == []


def test_what_the_advice_or_checker_forbids_is_refused(pg: str, tmp_path: Path, smtp) -> None:  # type: ignore[no-untyped-def]
    """The status check's window moved to now (as if the agenda said so): the send guard of
    "Send now" (afterview.outbox.problems) still refuses it — too soon for the employer's
    timeline — and nothing goes."""
    inbox, server = smtp
    store, drafts = _drafts(pg, tmp_path)
    (check,) = [d for d in drafts if d.kind == "status_check"]
    now = datetime.now(UTC)
    _set_window(pg, check, now - timedelta(hours=1), now + timedelta(hours=1))
    outcome = deliver(store, check.id, SETTINGS, smtp=server, force=True)
    assert outcome.status == "refused" and "too-soon" in outcome.detail
    assert store.message(check.id).last_error.startswith("refused: too-soon")
    assert inbox.messages == []


def test_a_message_the_advice_no_longer_plans_is_refused(pg: str, tmp_path: Path, smtp) -> None:  # type: ignore[no-untyped-def]
    inbox, server = smtp
    store, drafts = _drafts(pg, tmp_path)
    engine = create_engine(pg)
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM actions WHERE kind = 'thank_you'"))
    engine.dispose()
    outcome = deliver(store, drafts[0].id, SETTINGS, smtp=server)
    assert outcome.status == "refused" and "no longer plans" in outcome.detail
    assert inbox.messages == []


def test_the_rate_cap_holds_per_address_across_interviews(pg: str, tmp_path: Path, smtp) -> None:  # type: ignore[no-untyped-def]
    """Two students' interviews with the same interviewer: with a cap of 1 the second message
    to that address in 24 hours is refused with the reason; another address still goes."""
    inbox, server = smtp
    store, first = _drafts(pg, tmp_path)
    other = tmp_path / "other"
    other.mkdir()
    text_ = fresh_panel(other).read_text("utf-8").replace("Northwind Health", "Contoso Care")
    path = other / "contoso.toml"
    path.write_text(text_, encoding="utf-8")
    now = datetime.now(UTC)
    interview_id, _ = store.import_situation(path, now)
    from afterview.outbox import save_drafts

    second = save_drafts(store, interview_id, now)
    capped = WorkerSettings(cap=1, margin=2)
    assert deliver(store, first[0].id, capped, smtp=server).status == "sent"
    assert first[0].address == second[0].address
    refused = deliver(store, second[0].id, capped, smtp=server)
    assert refused.status == "refused" and "rate cap" in refused.detail
    message = store.message(second[0].id)
    assert message.state == "draft" and "already went to priya.nair" in message.last_error
    assert "AFTERVIEW_SEND_CAP" in message.last_error
    assert deliver(store, second[1].id, capped, smtp=server).status == "sent"  # Marcus
    assert len(inbox.messages) == 2
    # the same, one more allowed: the cap is the setting's
    assert deliver(store, second[0].id, WorkerSettings(cap=2, margin=2), smtp=server).status == (
        "sent"
    )


def test_two_connections_claiming_at_once_exactly_one_wins(pg: str, tmp_path: Path) -> None:
    store, drafts = _drafts(pg, tmp_path)
    engine = queue.engine_for(pg)
    message_id = drafts[0].id
    # A row another transaction holds is skipped, not waited for (SKIP LOCKED).
    with engine.connect() as holder, holder.begin():
        holder.execute(text("SELECT id FROM messages WHERE id = :i FOR UPDATE"), {"i": message_id})
        busy = queue.claim_send(engine, message_id, datetime.now(UTC), 10, datetime.now(UTC))
    assert not busy.won and busy.busy
    assert store.message(message_id).state == "draft"
    # Eight claims released at the same instant, each on its own connection.
    gate = threading.Barrier(8)
    results: list[queue.Claim] = []

    def claim() -> None:
        gate.wait()
        now = datetime.now(UTC)
        results.append(queue.claim_send(engine, message_id, now, 10, now - timedelta(days=1)))

    threads = [threading.Thread(target=claim) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(r.won for r in results) == 1, results
    assert all(r.busy or r.state == "sending" for r in results if not r.won)
    message = store.message(message_id)
    assert message.state == "sending" and message.lease is not None
    assert message.lease.pid == os.getpid()
    engine.dispose()


def test_a_draft_edited_during_the_checks_is_checked_again_before_it_goes(
    pg: str, tmp_path: Path, smtp
) -> None:  # type: ignore[no-untyped-def]
    """What goes is what was checked: an edit between the checks and the claim makes the claim
    fail ("edited"), and the new text is checked before it is sent."""
    inbox, server = smtp
    store, drafts = _drafts(pg, tmp_path)
    message = drafts[0]
    engine = queue.engine_for(pg)
    now = datetime.now(UTC)
    stale = (message.subject, "an older body", message.address)
    assert queue.claim_send(engine, message.id, now, 10, now, expect=stale).state == "edited"
    assert store.message(message.id).state == "draft"
    ticks = 0

    def clock() -> datetime:  # the student saves an edit just before the first claim
        nonlocal ticks
        ticks += 1
        if ticks == 2:
            store.edit_draft(message.id, message.subject, message.body + "\nP.S. Edited.")
        return datetime.now(UTC)

    outcome = deliver(store, message.id, SETTINGS, smtp=server, clock=clock)
    assert outcome.status == "sent" and ticks >= 4  # checked twice
    (raw,) = inbox.messages
    assert b"P.S. Edited." in raw
    engine.dispose()


# ------------------------------------------------------------------------------- a kill at each step

KILLED = """
import sys
from afterview.outbox import SmtpSettings
from afterview.store import open_store
from afterview.worker.sending import deliver
from afterview.worker.settings import WorkerSettings
url, message_id, port = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
out = deliver(open_store(url), message_id, WorkerSettings(margin=2),
              smtp=SmtpSettings("127.0.0.1", port, "none", None, None))
print(out.status)
"""


@pytest.mark.parametrize(
    "step,delivered,state",
    [
        ("worker-before-claim", 0, "draft"),
        ("worker-after-claim", 0, "sending"),
        ("worker-after-delivery", 1, "sending"),
    ],
)
def test_a_worker_killed_at_each_step_never_delivers_twice(
    pg: str, tmp_path: Path, smtp, step: str, delivered: int, state: str
) -> None:  # type: ignore[no-untyped-def]
    inbox, server = smtp
    store, drafts = _drafts(pg, tmp_path)
    message_id = drafts[0].id

    def run(crash: str | None) -> subprocess.CompletedProcess[str]:
        return _sender(pg, message_id, server.port, crash)

    killed = run(step)
    assert killed.returncode == -9, killed.stderr
    assert len(inbox.messages) == delivered
    message = store.message(message_id)
    assert message.state == state
    if state == "sending":  # a dead lease: afterview resolve says it crashed
        from afterview.outbox import describe_send

        said, live = describe_send(message, datetime.now(UTC))
        assert said.startswith("crashed") and not live
    again = run(None)
    assert again.returncode == 0, again.stderr
    if state == "draft":  # nothing was claimed: running it again sends it, once
        assert again.stdout.strip() == "sent" and len(inbox.messages) == 1
    else:  # claimed: never again, whatever the server got
        assert again.stdout.strip() == "skipped" and len(inbox.messages) == delivered


def _sender(url: str, message_id: int, port: int, crash: str | None) -> Any:
    """deliver() in a process of its own, killed at ``crash`` (AFTERVIEW_CRASH_AT)."""
    return subprocess.run(
        [sys.executable, "-c", KILLED, url, str(message_id), str(port)],
        capture_output=True,
        text=True,
        env={**os.environ, "AFTERVIEW_CRASH_AT": crash or ""},
        timeout=120,
    )


def test_a_message_left_sending_is_settled_by_the_sync_job(
    pg: str,
    tmp_path: Path,
    smtp,  # type: ignore[no-untyped-def]
    imap: tuple[Mailbox, Any],  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Reconciliation: the worker died after the server accepted the message; the student's
    provider put it in their Sent folder; the periodic sync_mailbox job finds it by its
    Message-ID and marks it sent. Nothing is sent again on the way."""
    from afterview.worker import jobs

    inbox, server = smtp
    box, mailbox = imap
    store, drafts = _drafts(pg, tmp_path)
    message_id = drafts[0].id
    assert _sender(pg, message_id, server.port, "worker-after-delivery").returncode == -9
    assert store.message(message_id).state == "sending"
    (raw,) = inbox.messages
    box.create("Sent")
    box.append("Sent", raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"), seen=True)
    for key, value in {
        "HOST": mailbox.host,
        "PORT": str(mailbox.port),
        "SECURITY": "none",
        "USER": mailbox.user,
        "PASSWORD": mailbox.password,
    }.items():
        monkeypatch.setenv(f"AFTERVIEW_IMAP_{key}", value)
    jobs._bound.clear()
    jobs.bind(pg)
    assert jobs.sync_mailbox(user_id=2) == "user 2: no mailbox connected"
    assert jobs.sync_mailbox(user_id=1).startswith("user 1: 1 settled")
    message = store.message(message_id)
    assert message.state == "sent" and message.lease is None
    assert len(inbox.messages) == 1
    assert jobs.sync_mailbox(user_id=1).startswith("user 1: 0 settled")  # once


def test_the_periodic_planners_queue_each_job_once(
    pg: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """plan_reminders queues one reminder per interview with open windows (a panel's three
    windows are one), and none again while it waits;
    plan_syncs queues one sync per connected mailbox (none without one)."""
    from afterview.worker import jobs

    _drafts(pg, tmp_path)
    monkeypatch.delenv("AFTERVIEW_IMAP_HOST", raising=False)
    jobs._bound.clear()

    async def scenario() -> list[str]:
        app = jobs.bind(pg, min_size=1, max_size=2)
        async with app.open_async():
            said = [await jobs.plan_reminders(timestamp=0) for _ in range(2)]  # type: ignore[call-arg]
            said.append(await jobs.plan_syncs(timestamp=0))  # type: ignore[call-arg]
            monkeypatch.setenv("AFTERVIEW_IMAP_HOST", "imap.example.test")
            said += [await jobs.plan_syncs(timestamp=0) for _ in range(2)]  # type: ignore[call-arg]
            return said

    said = asyncio.run(scenario())
    assert said == [
        "1 reminder queued",  # the three thank-you windows, one email; the status check's later
        "0 reminders queued",
        "0 syncs queued",
        "1 syncs queued",
        "0 syncs queued",
    ]
    engine = queue.engine_for(pg)
    assert queue.jobs_by_status(engine) == {
        ("remind_interview", "todo"): 1,
        ("sync_mailbox", "todo"): 1,
    }
    engine.dispose()


def test_old_finished_jobs_are_pruned_and_waiting_ones_kept(
    pg: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from procrastinate import jobs as procrastinate_jobs

    from afterview.worker import jobs

    _, drafts = _drafts(pg, tmp_path)
    monkeypatch.setenv("AFTERVIEW_KEEP_JOBS_DAYS", "0")
    jobs._bound.clear()

    async def scenario() -> str:
        app = jobs.bind(pg, min_size=1, max_size=2)
        async with app.open_async():
            done, _ = [await jobs.send_message.defer_async(message_id=d.id) for d in drafts[:2]]
            await app.job_manager.finish_job_by_id_async(
                done, status=procrastinate_jobs.Status.SUCCEEDED, delete_job=False
            )
            return await jobs.prune_jobs(timestamp=0)  # type: ignore[call-arg]

    assert asyncio.run(scenario()).startswith("jobs ended more than 0 days ago")
    engine = queue.engine_for(pg)
    assert queue.jobs_by_status(engine) == {("send_message", "todo"): 1}
    engine.dispose()


def test_a_dead_workers_jobs_are_run_again_only_while_a_draft(pg: str, tmp_path: Path) -> None:
    """recover_sends: of two send jobs left "doing" by a worker whose heartbeat stopped, the one
    whose message is still a draft is queued again; the one whose message was claimed
    ("sending") is ended, and its message left for reconciliation."""
    from afterview.worker import jobs

    store, drafts = _drafts(pg, tmp_path)
    claimed, untouched = drafts[0].id, drafts[1].id
    engine = queue.engine_for(pg)
    now = datetime.now(UTC)
    assert queue.claim_send(engine, claimed, now, 10, now - timedelta(days=1)).won

    async def scenario() -> tuple[str, dict[int, str]]:
        app = jobs.bind(pg, min_size=1, max_size=2)
        async with app.open_async():
            ids = [await jobs.send_message.defer_async(message_id=m) for m in (claimed, untouched)]
            worker = await app.job_manager.register_worker()
            with engine.begin() as connection:  # a worker fetched both, then went silent
                connection.execute(
                    text(
                        "UPDATE procrastinate_jobs SET status = 'doing', worker_id = :w "
                        "WHERE id = ANY(:ids)"
                    ),
                    {"w": worker, "ids": ids},
                )
                connection.execute(
                    text(
                        "UPDATE procrastinate_workers SET last_heartbeat = now() - "
                        "interval '10 minutes' WHERE id = :w"
                    ),
                    {"w": worker},
                )
            said = await jobs.recover_sends(timestamp=0)  # type: ignore[call-arg]
            with engine.connect() as connection:
                rows = connection.execute(
                    text("SELECT id, status::text FROM procrastinate_jobs WHERE id = ANY(:ids)"),
                    {"ids": ids},
                ).all()
            statuses = dict(rows)
            return said, {m: statuses[j] for m, j in zip((claimed, untouched), ids, strict=True)}

    said, statuses = asyncio.run(scenario())
    assert statuses == {claimed: "aborted", untouched: "todo"}, (said, statuses)
    assert said == "1 queued again, 1 ended; 0 failed before the claim queued again"
    assert store.message(claimed).state == "sending"
    assert store.message(untouched).state == "draft"
    engine.dispose()


def test_a_send_that_failed_before_its_claim_is_queued_again(pg: str, tmp_path: Path) -> None:
    """A send job that ended "failed" while its message is still a draft with nothing written
    on it stopped before the claim (the database was away, a drill found with PostgreSQL out of
    connections): nothing went, so recover_sends queues it again, once. One whose message says
    why it failed, or that was sent, is left alone."""
    from afterview.worker import jobs

    store, drafts = _drafts(pg, tmp_path)
    lost, noted, sent = drafts[0].id, drafts[1].id, drafts[2].id
    engine = queue.engine_for(pg)
    assert queue.note_refusal(engine, noted, "failed: the server refused it")
    now = datetime.now(UTC)
    assert queue.claim_send(engine, sent, now, 10, now - timedelta(days=1)).won
    store.finish(sent, "sent", now, "smtp")

    async def scenario() -> list[str]:
        app = jobs.bind(pg, min_size=1, max_size=2)
        async with app.open_async():
            ids = [await jobs.send_message.defer_async(message_id=m) for m in (lost, noted, sent)]
            with engine.begin() as connection:
                connection.execute(
                    text("UPDATE procrastinate_jobs SET status = 'failed' WHERE id = ANY(:ids)"),
                    {"ids": ids},
                )
            return [await jobs.recover_sends(timestamp=0) for _ in range(2)]  # type: ignore[call-arg]

    said = asyncio.run(scenario())
    assert said == [
        "no stalled send; 1 failed before the claim queued again",
        "no stalled send; 0 failed before the claim queued again",  # waiting already
    ]
    waiting = queue.scheduled(engine, None)
    assert set(waiting) == {lost}
    engine.dispose()


# ------------------------------------------------------------------------------- scheduling


def test_schedule_refuses_a_time_outside_the_window_in_one_line(pg: str, tmp_path: Path) -> None:
    from afterview.worker import open_queue, schedule_send, scheduled_sends, unschedule

    store, drafts = _drafts(pg, tmp_path)
    message = drafts[0]
    opens, closes = queue.window_of(store.engine, message) or (None, None)
    assert opens is not None and closes is not None
    with open_queue(pg):
        for wrong in (opens - timedelta(minutes=1), closes + timedelta(minutes=1)):
            with pytest.raises(Refused, match=r"outside message \d+'s window") as caught:
                schedule_send(store, message.id, wrong, settings=SETTINGS)
            assert "\n" not in str(caught.value)
        assert scheduled_sends(store) == {}
        at = max(opens, datetime.now(UTC)) + timedelta(minutes=5)
        made = schedule_send(store, message.id, at, settings=SETTINGS)
        assert made.at == at and scheduled_sends(store) == {message.id: at}
        with pytest.raises(Refused, match="already scheduled"):
            schedule_send(store, message.id, at, settings=SETTINGS)
        (check,) = [d for d in drafts if d.kind == "status_check"]
        with pytest.raises(Refused, match="outside"):  # its window is weeks away
            schedule_send(store, check.id, at, settings=SETTINGS)
        assert unschedule(store, message.id) == 1
        assert unschedule(store, message.id) == 0
        assert scheduled_sends(store) == {}


def test_schedule_accepts_exactly_the_times_inside_the_window(pg: str, tmp_path: Path) -> None:
    """For any time: accepted if and only if it falls in the window, no later than the margin
    before it closes; a refusal changes nothing (property, over times around the window)."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from afterview.worker import open_queue, schedule_send, scheduled_sends, unschedule

    store, drafts = _drafts(pg, tmp_path)
    message = drafts[0]
    window = queue.window_of(store.engine, message)
    assert window is not None
    opens, closes = window
    margin = timedelta(seconds=SETTINGS.margin)
    span = int((closes - opens).total_seconds())

    with open_queue(pg):

        @settings(max_examples=40, deadline=None, database=None)
        @given(
            st.one_of(
                st.integers(-span, 2 * span),
                st.sampled_from([0, -1, span, span - 2, span - 3, span + 1]),  # the edges
            )
        )
        def check(offset: int) -> None:
            at = opens + timedelta(seconds=offset)
            inside = opens <= at <= closes - margin
            try:
                schedule_send(store, message.id, at, settings=SETTINGS)
                accepted = True
            except Refused as exc:
                accepted = False
                assert "outside" in str(exc)
            assert accepted == inside, (at, opens, closes)
            assert set(scheduled_sends(store)) == ({message.id} if accepted else set())
            if accepted:
                assert unschedule(store, message.id) == 1

        check()


def test_missing_worker_packages_are_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    from afterview.errors import InputError
    from afterview.worker.settings import require_packages

    require_packages()  # installed here: nothing to say
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name == "procrastinate" else real(name, *a),
    )
    with pytest.raises(InputError, match=r"pip install 'afterview\[shared\]'"):
        require_packages()


def test_bad_worker_settings_are_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    from afterview.errors import InputError

    assert WorkerSettings.from_environment().cap == 10
    monkeypatch.setenv("AFTERVIEW_SEND_CAP", "5")
    assert WorkerSettings.from_environment().cap == 5
    for bad in ("0", "lots", "-1", "nan"):
        monkeypatch.setenv("AFTERVIEW_SEND_CAP", bad)
        with pytest.raises(InputError, match="AFTERVIEW_SEND_CAP: expected a number from 1"):
            WorkerSettings.from_environment()


def test_cli_schedule_and_worker_send_it(pg: str, tmp_path: Path, smtp) -> None:  # type: ignore[no-untyped-def]
    """`afterview schedule` queues it; `afterview worker` sends it at its time, once."""
    import time

    inbox, server = smtp
    store, drafts = _drafts(pg, tmp_path)
    env = _worker_env(pg, server)
    cli = [sys.executable, "-m", "afterview"]
    outside = subprocess.run(
        [*cli, "schedule", str(drafts[0].id), "--at", "2020-01-01T09:00:00+00:00"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert outside.returncode == 1 and outside.stdout == ""
    assert outside.stderr.count("\n") == 1 and "outside message" in outside.stderr
    at = (datetime.now(UTC) + timedelta(seconds=3)).isoformat()
    done = subprocess.run(
        [*cli, "schedule", str(drafts[0].id), "--at", at],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert f"Message {drafts[0].id} will be sent at" in done.stdout
    worker = subprocess.Popen(
        [*cli, "worker", "--concurrency", "2"],
        env={**env, "AFTERVIEW_MODE": "shared"},  # as a deployment runs it
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while store.message(drafts[0].id).state != "sent" and time.monotonic() < deadline:
            time.sleep(0.3)
        assert store.message(drafts[0].id).state == "sent"
        received = datetime.now(UTC)
        assert received >= datetime.fromisoformat(at)
    finally:
        worker.terminate()
        _, err = worker.communicate(timeout=60)
    assert worker.returncode == 0, err
    assert len(inbox.messages) == 1
    # A deployment's worker logs as its web processes do: one JSON object a line, naming the
    # message and what became of it, never an address or a name (docs/operations.md).
    lines = [json.loads(line) for line in err.splitlines() if line.strip()]
    assert {"time", "level", "logger", "message"} <= set(lines[0])
    said = [line["message"] for line in lines]
    assert f"message {drafts[0].id}: sent" in said, said
    recipient = store.message(drafts[0].id)
    assert not [m for m in said if "@" in m or recipient.to in m], said


def test_a_window_moved_later_sends_it_later_not_now(pg: str, tmp_path: Path, smtp) -> None:  # type: ignore[no-untyped-def]
    """Scheduled inside the window; then the advice moved the window an hour on (a reply
    with a later date, say): the worker sends nothing now and queues the send again for the
    new opening."""
    import time

    from afterview.worker import open_queue, schedule_send, scheduled_sends

    inbox, server = smtp
    store, drafts = _drafts(pg, tmp_path)
    message = drafts[0]
    with open_queue(pg):
        schedule_send(
            store, message.id, datetime.now(UTC) + timedelta(seconds=1), settings=SETTINGS
        )
    later = datetime.now(UTC).replace(microsecond=0) + timedelta(hours=1)
    _set_window(pg, message, later, later + timedelta(hours=2))
    env = _worker_env(pg, server)
    worker = subprocess.Popen(
        [sys.executable, "-m", "afterview", "worker", "--queues", "sends"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while scheduled_sends(store).get(message.id) != later and time.monotonic() < deadline:
            time.sleep(0.3)
    finally:
        worker.terminate()
        _, err = worker.communicate(timeout=60)
    assert scheduled_sends(store) == {message.id: later}, err[-2000:]
    assert store.message(message.id).state == "draft" and inbox.messages == []


def test_cli_worker_without_postgresql_says_so_in_one_line(tmp_path: Path) -> None:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'a.db'}"}
    done = subprocess.run(
        [sys.executable, "-m", "afterview", "worker"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 2 and done.stderr.count("\n") == 1
    assert "the workers need PostgreSQL" in done.stderr
    env["DATABASE_URL"] = "postgresql+psycopg://app:app@127.0.0.1:1/appdb"
    for args in (["worker"], ["schedule", "1", "--at", "2026-12-01T10:00:00+00:00"]):
        down = subprocess.run(
            [sys.executable, "-m", "afterview", *args],
            capture_output=True, text=True, env=env, timeout=60,
        )  # fmt: skip
        assert down.returncode == 2 and down.stderr.count("\n") == 1, down.stderr
        assert "cannot reach PostgreSQL at 127.0.0.1:1" in down.stderr


# ------------------------------------------------------------------------------- reminders


def test_a_window_is_reminded_once(pg: str, tmp_path: Path, smtp) -> None:  # type: ignore[no-untyped-def]
    from afterview.worker.reminding import remind

    inbox, server = smtp
    store, _ = _drafts(pg, tmp_path)
    now = datetime.now(UTC)
    found = queue.open_windows(store.engine, now, now - timedelta(days=1))
    assert {w.recipient for w in found} == {"Dr. Priya Nair", "Marcus Chen", "Sofia Okafor"}
    window = found[0]
    settings = WorkerSettings(sender="reminders@centre.example")
    args = (
        window.interview_id,
        window.kind,
        window.recipient,
        window.not_before,
        window.not_after,
        settings,
    )
    done = [remind(store, *args, smtp=server) for _ in range(3)]
    reminded = f"reminded the student of interview {window.interview_id}"
    assert done == [reminded, "reminded already", "reminded already"]
    (raw,) = inbox.messages
    assert b"To: Alex Rivera <alex.rivera@example.com>" in raw
    assert window.recipient.encode() in raw
    # claimed: not offered again; a new window of the same action is a new reminder
    assert window.plan_key not in {
        w.plan_key
        for w in queue.open_windows(store.engine, now, now - timedelta(days=1))
        if w.interview_id == window.interview_id
    }
    moved = remind(
        store,
        window.interview_id,
        window.kind,
        window.recipient,
        window.not_before + timedelta(minutes=1),
        window.not_after,
        settings,
        smtp=server,
    )
    assert moved == reminded and len(inbox.messages) == 2
    assert remind(
        store,
        window.interview_id,
        window.kind,
        window.recipient,
        window.not_before,
        now - timedelta(seconds=1),
        settings,
        smtp=server,
    ).startswith("the window has closed")


def test_two_reminders_of_one_window_at_once_send_one(pg: str, tmp_path: Path, smtp) -> None:  # type: ignore[no-untyped-def]
    from afterview.worker.reminding import remind

    inbox, server = smtp
    store, _ = _drafts(pg, tmp_path)
    now = datetime.now(UTC)
    window = queue.open_windows(store.engine, now, now - timedelta(days=1))[0]
    settings = WorkerSettings(sender="reminders@centre.example")
    gate = threading.Barrier(6)
    said: list[str] = []

    def go() -> None:
        gate.wait()
        said.append(
            remind(
                store,
                window.interview_id,
                window.kind,
                window.recipient,
                window.not_before,
                window.not_after,
                settings,
                smtp=server,
            )
        )

    threads = [threading.Thread(target=go) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(said).count("reminded already") == 5 and len(inbox.messages) == 1


def test_a_worker_sends_each_students_message_as_that_student(
    pg: str, tmp_path: Path, smtp
) -> None:  # type: ignore[no-untyped-def]
    """In a shared deployment the worker's store is no one's in particular: each job acts as
    its message's student (afterview.store.owners), sees only their rows, and sends."""
    from afterview.outbox import save_drafts
    from afterview.store import schema
    from afterview.store.owners import sessions_for

    inbox, server = smtp
    worker_store = open_store(pg)  # as the worker opens it
    with sessions_for(worker_store.engine, 0).begin() as session:
        user = schema.User(
            email="ana@uni.example", name="Ana", role="student", created_at=datetime.now(UTC)
        )
        session.add(user)
        session.flush()
        ana_id = user.id
    ana = worker_store.of(ana_id)
    now = datetime.now(UTC)
    interview_id, _ = ana.import_situation(fresh_panel(tmp_path), now)
    drafts = save_drafts(ana, interview_id, now)
    assert worker_store.outbox() == []  # the worker's own view holds nothing of Ana's
    outcome = deliver(worker_store, drafts[0].id, SETTINGS, smtp=server)
    assert outcome.status == "sent", outcome
    assert len(inbox.messages) == 1
    assert ana.message(drafts[0].id).state == "sent"
    assert deliver(worker_store, 10**6, SETTINGS, smtp=server).status == "skipped"


def test_a_panels_windows_are_one_reminder(pg: str, tmp_path: Path, smtp) -> None:  # type: ignore[no-untyped-def]
    """A panel of three: their thank-you windows open together and make one email listing
    all three, not three emails; a window reminded already is left out of the next."""
    from email import message_from_bytes, policy

    from afterview.worker.reminding import Window, remind, remind_all

    inbox, server = smtp
    store, _ = _drafts(pg, tmp_path)
    now = datetime.now(UTC)
    found = queue.open_windows(store.engine, now, now - timedelta(days=1))
    panel = [w for w in found if w.kind == "thank_you"]
    assert len(panel) == 3
    interview = panel[0].interview_id
    settings = WorkerSettings(sender="reminders@centre.example")
    first = panel[0]
    said = remind(
        store, interview, first.kind, first.recipient, first.not_before, first.not_after,
        settings, smtp=server,
    )  # fmt: skip
    assert said == f"reminded the student of interview {interview}"
    windows = [Window(w.kind, w.recipient, w.not_before, w.not_after) for w in panel]
    said = remind_all(store, interview, windows, settings, smtp=server)
    assert said == f"reminded the student of interview {interview} (2 windows)"
    assert len(inbox.messages) == 2
    email = message_from_bytes(inbox.messages[1], policy=policy.default)
    assert email["Subject"] == "Time to send your 2 thank-yous (Northwind Health)"
    body = email.get_content()
    for w in panel[1:]:
        assert f"thank-you to {w.recipient}: from " in body
    assert first.recipient not in body  # reminded already, on its own
    assert remind_all(store, interview, windows, settings, smtp=server) == "reminded already"
    assert len(inbox.messages) == 2


def test_the_recovery_runs_every_30_seconds_by_default() -> None:
    """The sixth cron field is seconds, and it is the last one: "*/30 * * * * *" ran the
    recovery only in minutes 0 and 30 of each hour (a newcomer's trial found a dead worker's
    send waiting for half an hour)."""
    from croniter import croniter

    from afterview.worker import jobs

    ticks = croniter(jobs.RECOVER_CRON, datetime(2026, 12, 2, 0, 1, 5))
    seen = [ticks.get_next(datetime) for _ in range(4)]
    from itertools import pairwise

    assert all((b - a).total_seconds() == 30 for a, b in pairwise(seen))


def test_a_send_whose_worker_died_is_sent_by_the_next_worker(pg: str, tmp_path: Path, smtp) -> None:  # type: ignore[no-untyped-def]
    """A worker dies before its claim (SIGKILL at that step); another, started later with the
    default recovery schedule, sends the message once."""
    import time

    from afterview.worker import open_queue, schedule_send

    inbox, server = smtp
    store, drafts = _drafts(pg, tmp_path)
    message = drafts[0].id
    with open_queue(pg):
        schedule_send(store, message, datetime.now(UTC) + timedelta(seconds=1))
    env = {**_worker_env(pg, server), "AFTERVIEW_WORKER_STALLED_AFTER": "4"}
    env.pop("AFTERVIEW_RECOVER_CRON", None)  # the default schedule is what is tested
    command = [sys.executable, "-m", "afterview", "worker", "--queues", "sends"]
    first = subprocess.Popen(
        command, env={**env, "AFTERVIEW_CRASH_AT": "worker-before-claim"},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    assert first.wait(timeout=60) != 0  # it died at the claim
    assert store.message(message).state == "draft" and inbox.messages == []
    second = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    try:
        deadline = time.monotonic() + 75  # a recovery tick (30 s) after the stall (4 s)
        while store.message(message).state != "sent" and time.monotonic() < deadline:
            time.sleep(0.5)
    finally:
        second.terminate()
        _, err = second.communicate(timeout=60)
    assert store.message(message).state == "sent", err[-2000:]
    assert len(inbox.messages) == 1


def test_nothing_is_sent_or_reminded_for_a_disabled_account(pg: str, tmp_path: Path, smtp) -> None:  # type: ignore[no-untyped-def]
    """The centre disabled a student after they scheduled a send: at its time the worker sends
    nothing and writes why on the draft; no reminder goes either."""
    from afterview.accounts.users import create_user, disable
    from afterview.outbox import save_drafts
    from afterview.worker.reminding import remind
    from afterview.worker.sending import deliver

    inbox, server = smtp
    owner = open_store(pg)
    now = datetime.now(UTC)
    student = create_user(owner, "jo@uni.example", "Jo", "student", now, "a long password here")
    mine = owner.of(student.id)
    interview, _ = mine.import_situation(fresh_panel(tmp_path), now)
    drafts = save_drafts(mine, interview, now)
    disable(owner, "jo@uni.example", now)
    outcome = deliver(owner, drafts[0].id, SETTINGS, smtp=server)
    assert outcome.status == "refused" and "disabled" in outcome.detail
    assert (
        mine.message(drafts[0].id).last_error
        == "refused: the account is disabled; nothing was sent"
    )
    window = queue.open_windows(owner.engine, now, now - timedelta(days=1))[0]
    said = remind(
        owner, window.interview_id, window.kind, window.recipient, window.not_before,
        window.not_after, WorkerSettings(sender="reminders@centre.example"), smtp=server,
    )  # fmt: skip
    assert "disabled" in said
    assert inbox.messages == []
