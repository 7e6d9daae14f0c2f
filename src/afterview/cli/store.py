"""``afterview import``, ``list``, ``show``, ``agenda`` and ``sent``: the tracker's commands."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from afterview.cli.application import app
from afterview.cli.options import Db, Json, Jsonl
from afterview.cli.output import console, parse_time, print_json


def _store(db: str | None) -> Any:
    from afterview.store import open_store

    return open_store(db)


def store_of_message(db: str | None, message_id: int) -> Any:
    """The store as the message's student sees it. On one's own machine that is one's own; in
    a shared deployment the operator (the database role that owns the tables) acts for the
    student whose message it is: ``resolve`` and ``schedule`` take any student's message id,
    as ``afterview admin sending`` lists them."""
    store = _store(db)
    from afterview.mode import shared

    if shared() and store.engine.dialect.name == "postgresql":
        from afterview.store.queue import owner_of

        owner = owner_of(store.engine, message_id=message_id)
        if owner is not None:
            return store.of(owner)
    return store


def _now() -> datetime:
    return datetime.now().astimezone()


@app.command("import")
def import_(
    file: Annotated[
        Path, typer.Argument(help="Situation file (TOML or JSON), or a calendar invite (.ics).")
    ],
    db: Db = None,
    json_out: Json = False,
    me: Annotated[
        str | None,
        typer.Option(
            "--me",
            help="For an invite: your address, with your name if the invite lacks it "
            '("Alex Rivera <alex.rivera@example.com>").',
        ),
    ] = None,
    company: Annotated[
        str | None,
        typer.Option("--company", help="For an invite: the employer, if its summary does not say."),
    ] = None,
    role: Annotated[
        str | None,
        typer.Option("--role", help="For an invite: the job title, if its summary does not say."),
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option("--kind", help="For an invite: the kind of interview, if it does not say."),
    ] = None,
) -> None:
    """Store an interview from a situation file or a calendar invite, and plan its actions.
    Re-importing the same file (or the same event) updates it.

    Example:  afterview import invite.ics --me "Alex Rivera <alex.rivera@example.com>"
    """
    from afterview.errors import InputError
    from afterview.invite import is_invite

    store = _store(db)
    if is_invite(file):
        if not me:
            raise InputError(
                "--me", None, "expected your address, to find you among the invite's attendees"
            )
        from afterview.invite import MissingDetail

        try:
            from tzlocal import get_localzone_name

            interview_id, created = store.import_invite(
                file,
                _now(),
                me=me,
                company=company,
                role=role,
                kind=kind,
                timezone=get_localzone_name(),  # yours, when the invite's times name no zone
            )
        except MissingDetail as exc:
            if exc.missing[0] == "me":  # the message already says what --me must be
                raise
            raise InputError(exc.source, exc.field, f"{exc.expected}; {_give(exc)}") from None
    else:
        interview_id, created = store.import_situation(file, _now())
    row = next(r for r in store.interviews() if r.id == interview_id)
    if json_out:
        print_json({"id": interview_id, "created": created, "interview": row.to_dict()})
        return
    verb = "Imported" if created else "Updated"
    console().print(
        f"{verb} interview {interview_id}: {row.company} — {row.role} ({row.kind}). {row.summary}"
    )


def _give(exc: Any) -> str:
    """How to give on the command line what an invite does not say (a MissingDetail)."""
    if exc.missing[0] == "name":
        return f'give --me "Your Name <{exc.address}>"'
    flags = [f"--{d}" for d in exc.missing]
    return "give " + (", ".join(flags[:-1]) + " and " + flags[-1] if len(flags) > 1 else flags[0])


@app.command("list")
def list_(db: Db = None, json_out: Json = False, jsonl: Jsonl = False) -> None:
    """List the stored interviews, most recent first, with the advice's verdict.

    Example:  afterview list --jsonl | jq -r 'select(.verdict == "send") | .company'
    """
    from afterview.cli.listing import run_list

    run_list(db, json_out, jsonl)


@app.command()
def show(
    interview_id: Annotated[
        int, typer.Argument(metavar="ID", help="Interview id (afterview list).")
    ],
    db: Db = None,
    json_out: Json = False,
) -> None:
    """Show a stored interview's advice, as of now.

    Example:  afterview show 1
    """
    from afterview.advice import advise
    from afterview.cli.advising import show as show_advice

    advice = advise(_store(db).situation(interview_id), now=_now())
    if json_out:
        print_json(advice.to_dict())
        return
    show_advice(advice)


@app.command()
def agenda(
    db: Db = None,
    json_out: Json = False,
    jsonl: Jsonl = False,
    days: Annotated[
        int, typer.Option("--days", help="Also list what opens within this many days.")
    ] = 1,
) -> None:
    """What is due (and overdue) across all interviews, soonest first.

    Example:  afterview agenda --days 7
    """
    from afterview.cli.listing import run_agenda

    run_agenda(db, json_out, jsonl, days)


@app.command()
def sent(
    interview_id: Annotated[
        int, typer.Argument(metavar="ID", help="Interview id (afterview list).")
    ],
    kind: Annotated[str, typer.Option("--kind", "-k", help="What was sent.")] = "thank_you",
    to: Annotated[str, typer.Option("--to", help="Recipient: name or address.")] = "",
    at: Annotated[str | None, typer.Option("--at", help="When (RFC 3339); default: now.")] = None,
    db: Db = None,
) -> None:
    """Record a message you sent by hand; the advice and the agenda take it into account.
    Refused (exit status 1, with the reason) like a send when the advice forbids any message:
    no contact asked for, a status check already sent, the follow-up cap.

    Example:  afterview sent 1 --kind thank_you --to priya.nair@northwind.example
    """
    from afterview.cli.output import ExitStatus, fail
    from afterview.errors import InputError
    from afterview.outbox import Refused, record_by_hand
    from afterview.record import MessageKind

    if kind not in {k.value for k in MessageKind}:
        raise InputError(
            "--kind",
            None,
            f"expected one of {', '.join(k.value for k in MessageKind)}; got {kind!r}",
        )
    if not to.strip() or any(c in to for c in "\r\n"):
        raise InputError("--to", None, "expected a name or an address on one line")
    when = parse_time(at, "--at") or _now()
    store = _store(db)
    try:
        message_id = record_by_hand(store, interview_id, kind, to.strip(), when, _now())
    except Refused as exc:  # the advice forbids it, as it would a send
        fail(str(exc), ExitStatus.FINDINGS)
    console().print(f"Recorded message {message_id} on interview {interview_id}.")


@app.command()
def replied(
    interview_id: Annotated[
        int, typer.Argument(metavar="ID", help="Interview id (afterview list).")
    ],
    outcome: Annotated[
        str | None,
        typer.Option(
            "--outcome",
            "-o",
            help="What they said: rejected, next_round, offer, decision_update or other; "
            "default: decision_update with --decision-by, else other.",
        ),
    ] = None,
    decision_by: Annotated[
        str | None,
        typer.Option("--decision-by", help="A new decision date they gave (YYYY-MM-DD)."),
    ] = None,
    sender: Annotated[
        str | None, typer.Option("--from", help="Who replied (a name or an address).")
    ] = None,
    at: Annotated[
        str | None, typer.Option("--at", help="When they replied (RFC 3339); default: now.")
    ] = None,
    db: Db = None,
) -> None:
    """Record the employer's reply, and let it change the advice.

    rejected or offer: no follow-up at all. next_round or other: no status check (thank-yous
    still due stay). decision_update --decision-by DATE: no status check before DATE; one if it
    passes in silence. No reply ever starts a second chase. Without --at and --from, the latest
    reply `afterview sync` found and you have not classified yet gets this outcome (no reply is
    added).

    Example:  afterview replied 1 --outcome decision_update --decision-by 2026-12-18
    """
    from datetime import date

    from afterview.errors import InputError
    from afterview.record import Outcome

    new_date = None
    if decision_by is not None:
        try:
            new_date = date.fromisoformat(decision_by)
        except ValueError:
            raise InputError(
                "--decision-by", None, f"expected a date such as 2026-12-18; got {decision_by!r}"
            ) from None
    chosen = outcome or ("decision_update" if new_date else "other")
    if chosen not in Outcome.__members__:
        raise InputError("--outcome", None, f"expected one of {', '.join(Outcome)}; got {chosen!r}")
    if new_date is not None and chosen != "decision_update":
        raise InputError("--decision-by", None, "goes with --outcome decision_update")
    if sender is not None and (not sender.strip() or any(c in sender for c in "\r\n")):
        raise InputError("--from", None, "expected a name or an address on one line")
    when = parse_time(at, "--at") or _now()
    store = _store(db)
    # A reply `afterview sync` found and nobody classified yet is the one being described.
    classified = None
    if at is None and sender is None:
        classified = store.classify_reply(interview_id, chosen, _now(), new_date)
    if classified is None:
        store.record_reply(interview_id, when, _now(), new_date, chosen, sender)
    advice = store.interview(interview_id)
    what = "Classified the reply sync found" if classified else "Recorded the employer's reply"
    console().print(
        f"{what} ({chosen.replace('_', ' ')}) on interview {interview_id}. Now: {advice.summary}"
    )


@app.command()
def outbox(db: Db = None, json_out: Json = False, jsonl: Jsonl = False) -> None:
    """The messages afterview keeps: drafts saved with `afterview draft ID --save`, and what
    was sent.

    Example:  afterview outbox
    """
    from afterview.cli.listing import run_outbox

    run_outbox(db, json_out, jsonl)


@app.command()
def send(
    message_id: Annotated[
        int, typer.Argument(metavar="MESSAGE", help="Message id (afterview outbox).")
    ],
    via: Annotated[str, typer.Option("--via", help="smtp, eml or mailto.")] = "eml",
    out: Annotated[
        Path | None, typer.Option("--out", help="For --via eml: the file to write.")
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Send despite checker warnings (never despite a no-contact request or an error).",
        ),
    ] = False,
    db: Db = None,
) -> None:
    """Hand a message over — as an .eml file, a mailto: link, or through SMTP — at most once,
    and never when the advice forbids it (exit status 1 with the reason).

    SMTP settings come from AFTERVIEW_SMTP_HOST, _PORT, _SECURITY (none, starttls, tls), _USER
    and _PASSWORD.

    Example:  afterview send 4 --via smtp
    """
    import sys

    from afterview.cli.output import ExitStatus, fail
    from afterview.errors import InputError
    from afterview.outbox import Refused, SendFailed
    from afterview.outbox import send as deliver

    if via not in ("smtp", "eml", "mailto"):
        raise InputError("--via", None, f"expected smtp, eml or mailto; got {via!r}")
    try:
        done = deliver(_store(db), message_id, via, _now(), force=force, out=out)
    except SendFailed as exc:  # settings, server, network or file: what to check
        fail(str(exc), ExitStatus.BAD_INPUT)
    except Refused as exc:  # the advice or the message's state forbids it
        fail(str(exc), ExitStatus.FINDINGS)
    console().print(done, soft_wrap=True)
    if via in ("eml", "mailto"):
        console().print(
            "Handed to your mail client: send it from there. afterview counts it as sent; "
            f"if you discard it instead, run afterview resolve {message_id} --not-sent.",
            soft_wrap=True,
        )
    if via == "mailto" and sys.stdout.isatty():
        import webbrowser

        webbrowser.open(done)  # hands the link to the mail client, where there is one


@app.command()
def resolve(
    message_id: Annotated[int, typer.Argument(metavar="MESSAGE", help="A message left sending.")],
    was_sent: Annotated[
        bool | None,
        typer.Option(
            "--sent/--not-sent",
            help="Whether it reached your Sent folder; without either, say what is known.",
        ),
    ] = None,
    db: Db = None,
) -> None:
    """Settle a message whose send did not finish: is it still in progress, did the sending
    process die, or did the connection break? Check your Sent folder, then say --sent or
    --not-sent. (--not-sent is refused while another process may still be sending it.)

    Example:  afterview resolve 4 --sent
    """
    from afterview.errors import InputError
    from afterview.outbox import describe_send

    store = store_of_message(db, message_id)
    message = store.message(message_id)
    if message.state not in ("sending", "handed_off"):
        raise InputError(
            str(message_id),
            None,
            f"expected a message left sending or handed off; it is {message.state}",
        )
    status, live = describe_send(message, _now())
    if was_sent is None:
        console().print(f"Message {message_id}: {status}", soft_wrap=True)
        return
    if not was_sent and live:
        raise InputError(
            str(message_id),
            "--not-sent",
            f"refused: {status} Wait for it to finish, or stop that process first",
        )
    if not was_sent and message.state == "handed_off":
        store.finish(message_id, "draft", _now())
    else:
        store.finish(
            message_id,
            "sent" if was_sent else "draft",
            _now(),
            message.via or ("unknown" if was_sent else None),
        )
    console().print(f"Message {message_id} is now {'sent' if was_sent else 'a draft again'}.")


@app.command()
def cancel(
    message_id: Annotated[int, typer.Argument(metavar="MESSAGE", help="A draft in the outbox.")],
    db: Db = None,
) -> None:
    """Cancel a draft: it stays in the history but will never be sent.

    Example:  afterview cancel 4
    """
    from afterview.errors import InputError

    store = _store(db)
    if store.message(message_id).state != "draft":
        raise InputError(str(message_id), None, "expected a draft (see afterview outbox)")
    store.finish(message_id, "cancelled", _now())
    console().print(f"Message {message_id} is cancelled.")
