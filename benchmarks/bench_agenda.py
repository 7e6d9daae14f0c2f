"""Benchmark `agenda` over 100,000 stored messages on SQLite (target <= 50 ms).

    .venv/bin/python benchmarks/bench_agenda.py [--interviews 5000] [--messages 20]

Seeds a fresh SQLite file through the store's schema (5,000 interviews x 20 messages and 4
planned actions each), then times Store.agenda() and the `afterview agenda` command.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from afterview.store import open_store, schema

ROOT = Path(__file__).resolve().parent.parent


def seed(db: str, interviews: int, messages: int) -> None:
    store = open_store(db)
    start = datetime(2026, 1, 5, 15, tzinfo=UTC)
    text = (ROOT / "examples" / "panel-interview.toml").read_text("utf-8")
    with store.sessions.begin() as session:
        for n in range(interviews):
            when = start + timedelta(hours=7 * n)
            application = schema.Application(
                company=f"Company {n}", role="Analyst", created_at=when
            )
            row = schema.Interview(
                application=application,
                source_key=f"bench:{n}",
                source_text=text,
                source_format="toml",
                kind="panel",
                started_at=when,
                verdict="send",
                summary="",
                created_at=when,
                updated_at=when,
            )
            row.messages.extend(
                schema.Message(
                    kind="thank_you",
                    recipient=f"p{m}@x.example",
                    state="sent",
                    sent_at=when + timedelta(minutes=m),
                    created_at=when,
                )
                for m in range(messages)
            )
            row.actions.extend(
                schema.Action(
                    kind="status_check",
                    channel="email",
                    recipient=f"Person {a}",
                    address=None,
                    not_before=when + timedelta(days=a),
                    not_after=when + timedelta(days=a + 5),
                    zone="America/New_York",
                    rule="status-check-default-week",
                    why="",
                )
                for a in range(4)
            )
            session.add(row)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--interviews", type=int, default=5000)
    parser.add_argument("--messages", type=int, default=20)
    opts = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "bench.db")
        t = time.perf_counter()
        seed(db, opts.interviews, opts.messages)
        print(
            f"seeded {opts.interviews * opts.messages:,} messages, "
            f"{opts.interviews * 4:,} actions in {time.perf_counter() - t:.1f} s"
        )
        store = open_store(db)
        now = datetime(2026, 6, 1, tzinfo=UTC)
        times = []
        for _ in range(30):
            t = time.perf_counter()
            items = store.agenda(now, timedelta(days=1))
            times.append((time.perf_counter() - t) * 1000)
        print(
            f"Store.agenda(): {len(items)} due items; p50 {statistics.median(times):.1f} ms, "
            f"max {max(times):.1f} ms (target <= 50 ms)"
        )
        exe = str(Path(sys.executable).with_name("afterview"))
        walls = []
        for _ in range(5):
            t = time.perf_counter()
            subprocess.run(
                [exe, "agenda", "--db", db, "--json"],
                stdout=subprocess.DEVNULL,
                env={**os.environ},
                check=True,
            )
            walls.append((time.perf_counter() - t) * 1000)
        print(f"afterview agenda (cold process): median {statistics.median(walls):.0f} ms")


if __name__ == "__main__":
    main()
