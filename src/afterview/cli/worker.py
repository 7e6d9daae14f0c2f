"""``afterview worker`` and ``afterview schedule``: scheduled sends on a shared deployment
(PostgreSQL; docs/workers.md)."""

from __future__ import annotations

from typing import Annotated

import typer

from afterview.cli.application import app
from afterview.cli.output import console


@app.command()
def worker(
    concurrency: Annotated[
        int, typer.Option("--concurrency", help="Jobs run at once by this process.")
    ] = 4,
    queues: Annotated[
        str | None,
        typer.Option(
            "--queues", help="Comma-separated: sends, reminders, sync (default: all three)."
        ),
    ] = None,
) -> None:
    """Run a worker on DATABASE_URL (PostgreSQL): scheduled sends at their time, reminders
    when a window opens, mailbox syncs. Stops cleanly on Ctrl-C or SIGTERM, finishing the jobs
    it is running. Run `afterview admin migrate` once first.

    SMTP: AFTERVIEW_SMTP_*; the rate cap: AFTERVIEW_SEND_CAP (messages to one address per 24
    hours, default 10). More settings in docs/workers.md.

    Example:  DATABASE_URL=postgresql+psycopg://app:secret@db/afterview afterview worker
    """
    from afterview.worker.settings import require_packages

    require_packages()
    from afterview.worker.running import run_worker

    chosen = [q.strip() for q in queues.split(",") if q.strip()] if queues else None
    run_worker(concurrency=concurrency, queues=chosen)


@app.command()
def schedule(
    message_id: Annotated[
        int, typer.Argument(metavar="MESSAGE", help="Message id (afterview outbox).")
    ],
    at: Annotated[
        str | None,
        typer.Option("--at", help="When to send: an RFC 3339 time with offset, in its window."),
    ] = None,
    cancel: Annotated[
        bool, typer.Option("--cancel", help="Take the message's scheduled send off the queue.")
    ] = False,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Schedule despite checker warnings (never despite an error or the advice).",
        ),
    ] = False,
) -> None:
    """Schedule a draft to be sent through SMTP by a worker at a time inside its window (the
    advice's, as `afterview agenda` shows it). The guards run again at that time: the window,
    the advice, the checker, and the rate cap per recipient; a refusal is written on the draft.
    Needs DATABASE_URL (PostgreSQL) and a running `afterview worker`.

    Example:  afterview schedule 4 --at 2026-11-25T09:30:00-05:00
    """
    from afterview.cli.output import ExitStatus, fail, parse_time
    from afterview.errors import InputError
    from afterview.outbox import Refused
    from afterview.worker.settings import require_packages

    require_packages()
    from afterview.worker import open_queue, schedule_send, unschedule
    from afterview.worker.settings import database_url

    if cancel == (at is not None):
        raise InputError("--at", None, "expected --at TIME to schedule, or --cancel (not both)")
    url = database_url()
    from afterview.store.queue import engine_for

    engine_for(url).dispose()  # PostgreSQL only: refused in one line before anything opens
    from afterview.cli.store import store_of_message

    store = store_of_message(url, message_id)
    with open_queue(url):
        if cancel:
            done = unschedule(store, message_id)
            console().print(
                f"Message {message_id}: its scheduled send is cancelled."
                if done
                else f"Message {message_id} was not scheduled."
            )
            return
        moment = parse_time(at, "--at")
        assert moment is not None
        try:
            made = schedule_send(store, message_id, moment, force=force)
        except Refused as exc:
            fail(str(exc), ExitStatus.FINDINGS)
    console().print(
        f"Message {message_id} will be sent at {made.at.isoformat()} "
        f"(job {made.job_id}; its window closes {made.closes.isoformat()}).",
        soft_wrap=True,
    )
