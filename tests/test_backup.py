"""`afterview export` is a complete, versioned backup and `afterview import-backup` restores it
into an empty store: export -> restore -> export gives the same document, ids included."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from typer.testing import CliRunner

from afterview.cli import app
from afterview.store import open_store
from afterview.store.backup import FORMAT, VERSION

from helpers import clean_postgres

ROOT = Path(__file__).parent.parent
INVITES = Path(__file__).parent / "data" / "invites"
NOW = datetime(2026, 11, 24, 19, 0, tzinfo=UTC)
runner = CliRunner()


def afterview(*args: str) -> subprocess.CompletedProcess[str]:
    """The real CLI in a fresh process: its exit status and stderr as a user sees them."""
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "afterview", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


@pytest.fixture(params=["sqlite", "postgresql"])
def target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty store to restore into."""
    if request.param == "sqlite":
        return str(tmp_path / "restored.db")
    return clean_postgres()


def _filled(path: Path) -> str:
    """A store with two interviews, drafts, a sent message, a cancelled one and replies."""
    db = str(path)
    store = open_store(db)
    first, _ = store.import_situation(ROOT / "examples" / "panel-interview.toml", NOW)
    second, _ = store.import_invite(
        INVITES / "zoom.ics", NOW, me="Alex Rivera <alex.rivera@example.com>"
    )
    for i, to in enumerate(["Dr. Priya Nair", "Marcus Chen", "Sofia Okafor"]):
        draft = SimpleNamespace(
            kind="thank_you",
            to=to,
            address=f"person{i}@northwind.example",
            subject="Thank you — Senior Data Analyst",
            body=f"Dear {to},\n\nThank you for your time today.\n\nAlex",
        )
        store.save_drafts(first, [draft], NOW)
    messages = store.messages_of(first)
    assert store.claim(messages[0].id)
    store.finish(messages[0].id, "sent", NOW + timedelta(hours=1), via="smtp", findings="[]")
    store.finish(messages[2].id, "cancelled", NOW)
    store.record_sent(second, "thank_you", "wen.li@cobaltfreight.example", NOW, NOW)
    store.record_reply(
        first,
        NOW + timedelta(days=3),
        NOW + timedelta(days=3),
        date(2026, 12, 18),
        "decision_update",
        "priya.nair@northwind.example",
    )
    return db


def test_export_holds_everything(tmp_path: Path) -> None:
    data = open_store(_filled(tmp_path / "a.db")).export()
    assert (data["format"], data["version"]) == (FORMAT, VERSION)
    assert data["schema"]
    first, second = data["interviews"]
    assert first["source"]["text"] == (ROOT / "examples" / "panel-interview.toml").read_text()
    assert second["source_key"].startswith("ics:") and second["company"] == "Cobalt Freight"
    sent, draft, cancelled = first["messages"]
    assert sent["state"] == "sent" and sent["via"] == "smtp" and sent["findings"] == "[]"
    assert sent["sent_at"] == "2026-11-24T20:00:00+00:00"
    assert draft["body"].startswith("Dear Marcus Chen,") and draft["message_id"].startswith("<")
    assert draft["address"] == "person1@northwind.example" and draft["to"] == "Marcus Chen"
    assert cancelled["state"] == "cancelled"
    (reply,) = first["replies"]
    assert reply["outcome"] == "decision_update" and reply["decision_by"] == "2026-12-18"
    assert reply["from"] == "priya.nair@northwind.example"
    assert reply["at"] == "2026-11-27T19:00:00+00:00"
    assert first["actions"] and all(a["why"] and a["zone"] for a in first["actions"])
    assert [p["name"] for p in second["people"]] == ["Wen Li"]
    assert data["applications"][0]["company"] == "Northwind Health"


def test_round_trip(tmp_path: Path, target: str) -> None:
    source = _filled(tmp_path / "a.db")
    exported = runner.invoke(app, ["export", "--db", source])
    assert exported.exit_code == 0, exported.output
    backup = tmp_path / "backup.json"
    backup.write_text(exported.stdout, "utf-8")
    restored = runner.invoke(app, ["import-backup", str(backup), "--db", target])
    assert restored.exit_code == 0, restored.output
    assert restored.stdout.startswith("Restored 2 applications, 2 interviews")
    again = runner.invoke(app, ["export", "--db", target])
    assert json.loads(again.stdout) == json.loads(exported.stdout)
    # The restored store goes on: the next interview gets the next id, advice still works.
    store = open_store(target)
    new_id, created = store.import_invite(
        INVITES / "outlook.ics", NOW, me="Alex Rivera <alex.rivera@example.com>"
    )
    assert (new_id, created) == (3, True)
    assert store.situation(1).replies[-1].decision_expected_by == date(2026, 12, 18)
    assert [m.state for m in store.messages_of(1)] == ["sent", "draft", "cancelled"]


def test_a_store_that_holds_anything_is_refused(tmp_path: Path) -> None:
    source = _filled(tmp_path / "a.db")
    backup = tmp_path / "backup.json"
    backup.write_text(runner.invoke(app, ["export", "--db", source]).stdout, "utf-8")
    other = str(tmp_path / "other.db")
    runner.invoke(app, ["import", str(ROOT / "examples" / "phone-screen.toml"), "--db", other])
    before = open_store(other).export()
    result = afterview("import-backup", str(backup), "--db", other)
    assert result.returncode == 2
    (line,) = result.stderr.strip().splitlines()
    assert "expected an empty store to restore into; it holds 1 applications" in line
    assert open_store(other).export() == before


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: {"format": 1, "interviews": []}, "format: expected an afterview backup"),
        (lambda d: {**d, "version": 9}, "version: expected version 2; got 9"),
        (
            lambda d: {**d, "interviews": [{**d["interviews"][0], "mood": "calm"}]},
            "interviews[0].mood: unknown key",
        ),
        (
            lambda d: {
                **d,
                "interviews": [{**d["interviews"][0], "started_at": "tomorrow"}],
            },
            "interviews[0].started_at: expected a datetime",
        ),
        (lambda d: {**d, "tables": {"secrets": []}}, "tables.secrets: unknown table"),
        (lambda d: [], "format: expected"),
    ],
)
def test_bad_backups_are_one_line(tmp_path: Path, change: object, message: str) -> None:
    data = open_store(_filled(tmp_path / "a.db")).export()
    backup = tmp_path / "backup.json"
    backup.write_text(json.dumps(change(data)), "utf-8")  # type: ignore[operator]
    target = str(tmp_path / "new.db")
    result = afterview("import-backup", str(backup), "--db", target)
    assert result.returncode == 2, result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert message in line
    assert open_store(target).interviews() == []  # nothing half restored


def test_not_json(tmp_path: Path) -> None:
    backup = tmp_path / "backup.json"
    backup.write_text("company,role\n", "utf-8")
    result = afterview("import-backup", str(backup), "--db", str(tmp_path / "n.db"))
    assert result.returncode == 2 and "expected JSON written by afterview export" in result.stderr


def test_csv_stays_a_report(tmp_path: Path) -> None:
    import csv
    import io

    db = _filled(tmp_path / "a.db")
    rows = list(
        csv.DictReader(io.StringIO(runner.invoke(app, ["export", "--db", db, "--csv"]).stdout))
    )
    assert [r["company"] for r in rows] == ["Northwind Health", "Cobalt Freight"]
    assert rows[0]["messages_sent"] == "1" and rows[1]["messages_sent"] == "1"
    assert rows[0]["next_action_from"] == "" or "+00:00" not in rows[0]["next_action_from"]
