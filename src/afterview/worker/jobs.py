"""The Procrastinate app and its jobs: scheduled sends, window reminders, mailbox syncs, and the
recovery of sends whose worker died.

No job is ever retried by Procrastinate (``retry=False`` everywhere): a send that failed is
written on its message, and a send whose worker died is looked at by :func:`recover_sends`,
which runs it again only while its message is still a draft (the claim was never committed,
so nothing went); a message "sending" is left for reconciliation (``afterview sync``,
``afterview resolve``). Even a job run twice cannot deliver twice: every path to SMTP goes
through the claim (afterview.store.queue.claim_send), which only a draft passes.
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import procrastinate
from procrastinate import exceptions, jobs

from afterview.store.queue import SEND_TASK
from afterview.worker.settings import WorkerSettings

log = logging.getLogger("afterview.worker")

SENDS, REMINDERS, SYNC = "sends", "reminders", "sync"
QUEUES = (SENDS, REMINDERS, SYNC)
# How often the periodic jobs run (cron, with an optional 6th field for seconds: the LAST one,
# as croniter reads it; "*/30 * * * * *" would be minutes 0 and 30 of each hour).
RECOVER_CRON = os.environ.get("AFTERVIEW_RECOVER_CRON", "* * * * * */30")
REMIND_CRON = os.environ.get("AFTERVIEW_REMIND_CRON", "* * * * *")
SYNC_CRON = os.environ.get("AFTERVIEW_SYNC_CRON", "*/15 * * * *")
PRUNE_CRON = os.environ.get("AFTERVIEW_PRUNE_CRON", "17 3 * * *")

app = procrastinate.App(
    connector=procrastinate.PsycopgConnector(), import_paths=["afterview.worker.jobs"]
)

_bound: dict[str, Any] = {}


class SendNotMade(Exception):
    """A scheduled send that failed or whose outcome is unknown (the job ends "failed"; the
    message says why, and is never retried by Procrastinate)."""


def bind(url: str, **pool: Any) -> procrastinate.App:
    """Point the app at the database at ``url`` (DATABASE_URL), once per process. ``pool``:
    psycopg_pool options (min_size, max_size)."""
    from afterview.store.queue import conninfo

    if _bound.get("url") != url:
        connector = procrastinate.PsycopgConnector(conninfo=conninfo(url), **pool)
        app.connector = connector
        app.job_manager.connector = connector
        _bound.clear()
        _bound["url"] = url
        _bound["jobs_at_once"] = int(pool.get("max_size", 4))
    return app


@contextmanager
def open_queue(url: str) -> Iterator[procrastinate.App]:
    """The app, bound to ``url`` and open for synchronous use (scheduling from the CLI or a
    script), closed at the end; left open when :func:`opened` opened it for the process."""
    if _bound.get("open") and _bound.get("url") == url:
        yield app
        return
    bound = bind(url, min_size=1, max_size=4)
    bound.open()
    try:
        yield bound
    finally:
        bound.close()


_opening = threading.Lock()


def opened(url: str) -> procrastinate.App:
    """The app bound to ``url`` and open for the rest of the process: a web process schedules
    sends from many threads at once (psycopg's pool is thread-safe), so no request may close
    it under another. :func:`close_opened` closes it (the web app's shutdown)."""
    with _opening:
        if _bound.get("open") and _bound.get("url") != url:
            app.close()
            _bound.pop("open")
        if not _bound.get("open"):
            bind(url, min_size=0, max_size=4).open()
            _bound["open"] = True
    return app


def close_opened() -> None:
    """Close what :func:`opened` opened (nothing when it opened nothing)."""
    with _opening:
        if _bound.pop("open", False):
            app.close()


def _store() -> Any:
    """This process's store on the bound database (opened once)."""
    store = _bound.get("store")
    if store is None:
        from afterview.store import open_store

        # A connection for each job running at once, no more: every process's pools share
        # the server's max_connections (docs/deploy.md, "Connections").
        at_once = int(_bound.get("jobs_at_once", 4))
        store = _bound["store"] = open_store(
            _bound.get("url"), pool={"pool_size": 2, "max_overflow": max(2, at_once)}
        )
    return store


# ------------------------------------------------------------------------------- sends


@app.task(name=SEND_TASK, queue=SENDS, retry=False)
def send_message(message_id: int, force: bool = False) -> str:
    """Send one scheduled message at most once (afterview.worker.sending)."""
    from afterview.store.failures import StoreError
    from afterview.worker.sending import deliver

    try:
        outcome = deliver(_store(), message_id, WorkerSettings.from_environment(), force=force)
    except StoreError:
        # The database could not be used. Before the claim nothing was sent, and after it the
        # message shows "sending": either way another try is safe (only a draft is claimed).
        log.warning("message %s: the database could not be used; trying again", message_id)
        _defer_send(message_id, datetime.now(UTC) + AGAIN_AFTER, force)  # else recover_sends
        raise
    # The log names the message and the outcome, never the detail: it quotes addresses and
    # names (docs/operations.md). The detail is written on the message.
    log.info("message %s: %s", message_id, outcome.status)
    if outcome.status == "early" and outcome.at is not None:
        _defer_send(message_id, outcome.at, force)
    if outcome.status in ("failed", "unknown"):
        raise SendNotMade(f"message {message_id}: {outcome.status} (the message says why)")
    return outcome.status


AGAIN_AFTER = timedelta(seconds=30)  # a send the database stopped, tried again after this


def _defer_send(message_id: int, at: datetime, force: bool) -> int | None:
    """Queue a send of ``message_id`` at ``at``; None when one is queued already."""
    try:
        return send_message.configure(schedule_at=at, queueing_lock=f"send:{message_id}").defer(
            message_id=message_id, force=force
        )
    except exceptions.AlreadyEnqueued:
        return None


@app.periodic(cron=RECOVER_CRON, periodic_id="recover")
@app.task(name="recover_sends", queue=SENDS, retry=False, queueing_lock="recover_sends")
async def recover_sends(timestamp: int) -> str:
    """Look at the send jobs of workers that died (no heartbeat for ``stalled_after``): a job
    whose message is still a draft is queued again (its claim never committed: nothing went);
    any other is ended "aborted" and its message keeps its state ("sending" awaits
    reconciliation; "sent" is done). Never a second delivery: see the module."""
    from afterview.store.queue import message_states, unclaimed_failures

    settings = WorkerSettings.from_environment()
    # Sends that failed before their claim (the database was away and even queueing them
    # again failed): nothing went; queue them again.
    since = datetime.now(UTC) - timedelta(days=1)
    retried = 0
    for message_id, force in await asyncio.to_thread(unclaimed_failures, _store().engine, since):
        try:
            await send_message.configure(
                schedule_at=datetime.now(UTC), queueing_lock=f"send:{message_id}"
            ).defer_async(message_id=message_id, force=force)
        except exceptions.AlreadyEnqueued:
            continue
        else:
            retried += 1
            log.warning("message %s: its send failed before the claim; queued again", message_id)
    stalled = list(
        await app.job_manager.get_stalled_jobs(
            task_name=SEND_TASK, seconds_since_heartbeat=settings.stalled_after
        )
    )
    if not stalled:
        return f"no stalled send; {retried} failed before the claim queued again"
    ids = {job.id: int(job.task_kwargs["message_id"]) for job in stalled}  # type: ignore[arg-type]
    engine = _store().engine
    states = await asyncio.to_thread(message_states, engine, sorted(set(ids.values())))
    again = ended = 0
    for job in stalled:
        assert job.id is not None
        state, _ = states.get(ids[job.id], ("gone", None))
        if state == "draft":
            try:
                await app.job_manager.retry_job_by_id_async(job.id, retry_at=datetime.now(UTC))
                again += 1
                continue
            except exceptions.ConnectorException:  # another send of it is queued already
                pass
        await app.job_manager.finish_job_by_id_async(
            job.id, status=jobs.Status.ABORTED, delete_job=False
        )
        ended += 1
        log.warning(
            "send job %s (message %s) died with its worker; the message is %s%s",
            job.id,
            ids[job.id],
            state,
            ": reconcile it (afterview sync, or afterview resolve)" if state == "sending" else "",
        )
    return f"{again} queued again, {ended} ended; {retried} failed before the claim queued again"


@app.periodic(cron=PRUNE_CRON, periodic_id="prune")
@app.task(name="prune_jobs", queue=SENDS, retry=False, queueing_lock="prune_jobs")
async def prune_jobs(timestamp: int) -> str:
    """Delete the jobs that ended more than AFTERVIEW_KEEP_JOBS_DAYS ago (default 30): the
    messages keep their own history; the queue keeps a month of it, for the operator."""
    days = WorkerSettings.from_environment().keep_days
    await app.job_manager.delete_old_jobs(
        nb_hours=int(days * 24), include_failed=True, include_cancelled=True, include_aborted=True
    )
    return f"jobs ended more than {days:g} days ago deleted"


# ------------------------------------------------------------------------------- reminders


@app.periodic(cron=REMIND_CRON, periodic_id="reminders")
@app.task(name="plan_reminders", queue=REMINDERS, retry=False, queueing_lock="plan_reminders")
async def plan_reminders(timestamp: int) -> str:
    """Queue a reminder for each interview with windows that have opened (each window is
    reminded at most once: the reminder claims its unique key)."""
    from afterview.store.queue import open_windows

    settings = WorkerSettings.from_environment()
    now = datetime.now(UTC)
    since = now - timedelta(hours=settings.remind_lookback)
    found = await asyncio.to_thread(open_windows, _store().engine, now, since)
    by_interview: dict[int, list[Any]] = {}
    for window in found:
        by_interview.setdefault(window.interview_id, []).append(window)
    queued = 0
    for interview_id, windows in by_interview.items():
        # One reminder an interview: a panel's windows open together and make one email.
        try:
            await remind_interview.configure(queueing_lock=f"remind:{interview_id}").defer_async(
                interview_id=interview_id,
                windows=[
                    {
                        "kind": w.kind,
                        "recipient": w.recipient,
                        "not_before": w.not_before.isoformat(),
                        "not_after": w.not_after.isoformat(),
                    }
                    for w in windows
                ],
            )
            queued += 1
        except exceptions.AlreadyEnqueued:
            pass
    return f"{queued} reminder{'' if queued == 1 else 's'} queued"


@app.task(name="remind_interview", queue=REMINDERS, retry=False)
def remind_interview(interview_id: int, windows: list[dict[str, str]]) -> str:
    """One email to the student for an interview's windows that have opened, from the
    deployment's SMTP account: each window at most once (its key is claimed before the email
    goes)."""
    from afterview.worker.reminding import Window, remind_all

    return remind_all(
        _store(),
        interview_id,
        [
            Window(
                w["kind"],
                w["recipient"],
                datetime.fromisoformat(w["not_before"]),
                datetime.fromisoformat(w["not_after"]),
            )
            for w in windows
        ],
        WorkerSettings.from_environment(),
    )


# Jobs queued by an earlier version (one a window) still run.
@app.task(name="remind_window", queue=REMINDERS, retry=False)
def remind_window(
    interview_id: int, kind: str, recipient: str, not_before: str, not_after: str
) -> str:
    """Email the student that a window has opened, from the deployment's SMTP account: at most
    once per (interview, planned action, window) — the key is claimed before the email goes."""
    from afterview.worker.reminding import remind

    return remind(
        _store(),
        interview_id,
        kind,
        recipient,
        datetime.fromisoformat(not_before),
        datetime.fromisoformat(not_after),
        WorkerSettings.from_environment(),
    )


# ------------------------------------------------------------------------------- mailboxes


@app.periodic(cron=SYNC_CRON, periodic_id="syncs")
@app.task(name="plan_syncs", queue=SYNC, retry=False, queueing_lock="plan_syncs")
async def plan_syncs(timestamp: int) -> str:
    """Queue a sync of each connected mailbox (one waiting and one running per user at most)."""
    from afterview.worker.mailboxes import mailbox_users

    queued = 0
    for user_id in await asyncio.to_thread(mailbox_users, _store()):
        try:
            await sync_mailbox.configure(
                queueing_lock=f"sync:{user_id}", lock=f"sync:{user_id}"
            ).defer_async(user_id=user_id)
            queued += 1
        except exceptions.AlreadyEnqueued:
            pass
    return f"{queued} syncs queued"


@app.task(name="sync_mailbox", queue=SYNC, retry=False)
def sync_mailbox(user_id: int) -> str:
    """``afterview sync`` for one student's mailbox: settles messages left "sending" that are
    in the Sent folder, records messages sent by hand and replies."""
    from afterview.sync import sync
    from afterview.worker.mailboxes import mailbox_for

    store = _store()
    settings = mailbox_for(store, user_id)
    if settings is None:
        return f"user {user_id}: no mailbox connected"
    mine = store if user_id == store.owner_id else store.of(user_id)
    done = sync(mine, datetime.now(UTC), settings)
    return (
        f"user {user_id}: {len(done['settled'])} settled, {len(done['sent_by_hand'])} sent by "
        f"hand, {len(done['replies'])} replies"
    )
