"""What ``afterview draft`` does and prints, without Typer (the fast path runs it too)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from afterview.cli.output import console, print_json


def run_draft(
    file: str, db: str | None, json_out: bool, out: Path | None, now: str | None, save: bool
) -> None:
    """Draft the messages the advice calls for; write them to ``out``; keep them (``save``)."""
    from afterview.cli.output import load_record, parse_time
    from afterview.drafting import draft_set

    moment = parse_time(now, "--now")
    situation = load_record(file, db)
    made = draft_set(situation, now=moment)
    drafts = made.drafts
    written = write_drafts(drafts, situation, out) if out is not None else []
    if save:
        from datetime import datetime

        from afterview.errors import InputError
        from afterview.store import open_store

        if not file.isdigit():
            raise InputError(
                "--save", None, "expected a stored interview's id (afterview import FILE first)"
            )
        store = open_store(db)
        before = {m.id for m in store.messages_of(int(file))}
        saved = store.save_drafts(int(file), drafts, datetime.now().astimezone())
        new = [m.id for m in saved if m.id not in before]
        kept = [m.id for m in saved if m.id in before]
        said = f"Saved {len(new)} new drafts to the outbox" + (
            f": {', '.join(map(str, new))}" if new else ""
        )
        if kept:
            said += f"; kept the {len(kept)} already there: {', '.join(map(str, kept))}"
        console().print(said + ".")
    if json_out:
        print_json({"drafts": [d.to_dict() for d in drafts]})
        return
    show(drafts, situation, moment, written, made.skipped)


def write_drafts(drafts: list[Any], situation: Any, folder: Path) -> list[Path]:
    """Write ``NN-kind-recipient.txt`` for each draft and ``.eml`` for email drafts."""
    import re

    from afterview.checks.context import fold
    from afterview.errors import InputError

    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(str(folder), None, f"cannot create the folder ({exc.strerror})") from None
    paths = []
    for n, d in enumerate(drafts, 1):
        slug = re.sub(r"[^a-z0-9]+", "-", fold(d.to)).strip("-") or "recipient"
        stem = folder / f"{n:02d}-{d.kind.replace('_', '-')}-{slug}"
        paths.append(stem.with_suffix(".txt"))
        paths[-1].write_text(d.as_text(), encoding="utf-8")
        if d.address and "@" in d.address:
            paths.append(stem.with_suffix(".eml"))
            paths[-1].write_bytes(as_eml(d, situation))
    return paths


def as_eml(draft: Any, situation: Any) -> bytes:
    """An RFC 5322 message for a mail client to open (UTF-8, headers encoded as needed)."""
    from email.headerregistry import Address
    from email.message import EmailMessage

    message = EmailMessage()
    message["From"] = Address(situation.candidate.name, addr_spec=situation.candidate.email)
    message["To"] = Address(draft.to, addr_spec=draft.address)
    message["Subject"] = draft.subject or ""
    message["X-Unsent"] = "1"  # opens as a draft in Outlook and Apple Mail
    message.set_content(draft.body, charset="utf-8")
    return bytes(message)


def show(
    drafts: list[Any],
    situation: Any,
    moment: Any,
    written: list[Path],
    skipped: list[str] | None = None,
) -> None:
    """Print each draft with its send window, what would make it more personal, and the
    messages not drafted (and why)."""
    from rich.markup import escape
    from rich.rule import Rule

    from afterview.wording import stamp

    out = console()
    if not drafts:
        from afterview.advice import advise

        advice = advise(situation, now=moment)
        out.print(f"No drafts: {escape(advice.summary)}")
        for line in skipped or []:
            out.print(f"[yellow]Not drafted:[/] {escape(line)}", soft_wrap=True)
        return
    for d in drafts:
        address = f" <{d.address}>" if d.address else ""
        zone = getattr(d.send_after.tzinfo, "key", "")
        title = f"{d.kind.replace('_', '-')} to {d.to}{address}"
        out.print(Rule(escape(title), align="left"))
        out.print(f"[cyan]send {stamp(d.send_after)} → {stamp(d.send_before)}[/] [dim]{zone}[/]")
        out.print()
        out.print(escape(d.as_text()), highlight=False)
        for hint in getattr(d, "hints", []) or []:
            out.print(f"[yellow]To make it personal:[/] {escape(hint)}", soft_wrap=True)
    for line in skipped or []:
        out.print(f"[yellow]Not drafted:[/] {escape(line)}", soft_wrap=True)
    if written:
        out.print(f"[green]Wrote {len(written)} files[/] to {escape(str(written[0].parent))}")
    out.print("[dim]Check your edits before sending: afterview check FILE --situation SITUATION[/]")
    _not_due_yet(drafts, moment)


def _not_due_yet(drafts: list[Any], moment: Any) -> None:
    """A draft whose window opens later is checked as of then (``--at``): checked now, a status
    check is rightly "too soon"."""
    from datetime import UTC, datetime

    now = moment or datetime.now(UTC)
    later = sorted((d.send_after, d.kind) for d in drafts if d.send_after > now)
    if later:
        when, kind = later[0]
        console().print(
            f"[dim]The {kind.replace('_', '-')} is not due yet: check it as of its window with "
            f"--at {when.isoformat(timespec='minutes')}[/]",
            soft_wrap=True,
        )
