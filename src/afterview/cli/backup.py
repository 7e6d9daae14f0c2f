"""``afterview export`` and ``import-backup``: everything stored, out and back in."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from afterview.cli.application import app
from afterview.cli.options import Db, Jsonl
from afterview.cli.output import console, print_json, print_jsonl


@app.command()
def export(
    db: Db = None,
    csv_out: Annotated[
        bool, typer.Option("--csv", help="A report: one CSV row per interview, not a backup.")
    ] = False,
    jsonl: Jsonl = False,
) -> None:
    """Everything stored, as a JSON backup (or, with --csv or --jsonl, a report: one row per
    interview).

    The backup is complete and versioned: every interview, person, message (with its body and
    Message-ID), reply and planned action, ids included; `afterview import-backup` restores it.

    Example:  afterview export > afterview-backup.json
    """
    from afterview.cli.listing import one_format
    from afterview.store import open_store

    one_format(csv=csv_out, jsonl=jsonl)
    data = open_store(db).export()
    if jsonl:
        print_jsonl(report_rows(data))
    elif csv_out:
        _report(data)
    else:
        print_json(data)


REPORT_COLUMNS = (
    "id",
    "company",
    "role",
    "kind",
    "started_at",
    "verdict",
    "messages_sent",
    "last_sent",
    "next_action",
    "next_action_from",
)


def report_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per interview: what it was, the verdict, what was sent (by afterview, by
    hand, or handed to the mail client) and what is next (in the recipient's zone)."""
    from datetime import datetime

    from afterview.timing import zone

    def local(moment: str, key: str) -> str:
        try:
            return datetime.fromisoformat(moment).astimezone(zone(key)).isoformat()
        except ValueError:
            return moment

    rows = []
    for row in data["interviews"]:
        sent_at = [
            m["sent_at"]
            for m in row["messages"]
            if m["state"] in ("sent", "handed_off") and m["sent_at"]
        ]
        actions = sorted(row["actions"], key=lambda a: a["not_before"])
        values = [
            row["id"],
            row["company"],
            row["role"],
            row["kind"],
            row["started_at"],
            row["verdict"],
            len(sent_at),
            max(sent_at, default=""),
            actions[0]["kind"] if actions else "",
            local(actions[0]["not_before"], actions[0]["zone"]) if actions else "",
        ]
        rows.append(dict(zip(REPORT_COLUMNS, values, strict=True)))
    return rows


def _report(data: dict[str, Any]) -> None:
    """The report as CSV."""
    import csv
    import sys

    writer = csv.DictWriter(sys.stdout, fieldnames=REPORT_COLUMNS)
    writer.writeheader()
    writer.writerows(report_rows(data))


@app.command("import-backup")
def import_backup(
    file: Annotated[Path, typer.Argument(help="A backup written by afterview export.")],
    db: Db = None,
) -> None:
    """Restore a backup (afterview export) into an empty store.

    Every interview, person, message (drafts with their bodies and Message-IDs), reply and
    planned action comes back with its id, in one transaction. A store that holds anything is
    refused.

    Example:  afterview import-backup afterview-backup.json --db new.db
    """
    import json

    from afterview.errors import InputError
    from afterview.files import read_input
    from afterview.store import open_store

    raw = read_input(file, "a backup (afterview export)")
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(
            str(file), None, f"expected JSON written by afterview export ({exc})"
        ) from None
    restored = open_store(db).restore(data, str(file))
    counts = ", ".join(f"{n} {name}" for name, n in restored.items()) or "nothing"
    console().print(f"Restored {counts}.")
