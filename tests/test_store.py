"""The store on a real SQLite file and, where available, a real PostgreSQL server."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text
from typer.testing import CliRunner

from afterview.cli import app
from afterview.errors import InputError
from afterview.store import open_store

from helpers import clean_postgres

ROOT = Path(__file__).parent.parent
PANEL = ROOT / "examples" / "panel-interview.toml"
NOW = datetime(2026, 11, 24, 19, 0, tzinfo=UTC)  # the evening of the panel interview
runner = CliRunner()


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "afterview.db")
    return clean_postgres()


def test_migrations_create_the_schema(db: str) -> None:
    store = open_store(db)
    tables = set(inspect(store.engine).get_table_names())
    assert {
        "applications",
        "interviews",
        "people",
        "messages",
        "actions",
        "replies",
        "alembic_version",
    } <= tables
    with store.engine.connect() as connection:
        assert (
            connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0012"
        )
    open_store(db)  # opening again is a no-op


def test_import_then_reimport_updates(db: str, tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    shutil.copy(PANEL, path)
    store = open_store(db)
    assert store.import_situation(path, NOW) == (1, True)
    assert store.import_situation(path, NOW) == (1, False)
    path.write_text(path.read_text().replace("Northwind Health", "Northwind Care"))
    store.import_situation(path, NOW)
    (row,) = store.interviews()
    assert (row.company, row.role, row.kind, row.verdict) == (
        "Northwind Care",
        "Senior Data Analyst",
        "panel",
        "send",
    )


def test_agenda_lists_due_actions_soonest_first(db: str) -> None:
    store = open_store(db)
    store.import_situation(PANEL, NOW)
    store.import_situation(ROOT / "examples" / "status-check-due.toml", NOW)
    items = store.agenda(NOW, timedelta(days=30))
    assert [(i.kind, i.to) for i in items][:3] == [
        ("thank_you", "Dr. Priya Nair"),
        ("thank_you", "Marcus Chen"),
        ("thank_you", "Sofia Okafor"),
    ]
    assert [i.not_before for i in items] == sorted(i.not_before for i in items)
    assert items[0].not_before.isoformat() == "2026-11-24T13:00:00-05:00"
    assert not items[0].overdue(NOW) and items[0].overdue(NOW + timedelta(days=2))
    assert store.agenda(NOW, timedelta(hours=1))[0].kind == "thank_you"


def test_a_recorded_send_changes_the_advice(db: str) -> None:
    store = open_store(db)
    interview_id, _ = store.import_situation(PANEL, NOW)
    store.record_sent(
        interview_id, "thank_you", "priya.nair@northwind.example", NOW - timedelta(hours=1), NOW
    )
    situation = store.situation(interview_id)
    assert [s.to for s in situation.sent] == ["Dr. Priya Nair"]  # recorded against the person
    thanks = [i.to for i in store.agenda(NOW, timedelta(days=1)) if i.kind == "thank_you"]
    assert thanks == ["Marcus Chen", "Sofia Okafor"]
    # a first name only one person has is that person; a name nobody has is refused
    store.record_sent(interview_id, "thank_you", "marcus", NOW - timedelta(minutes=5), NOW)
    with pytest.raises(InputError, match="Sofia Okafor"):
        store.record_sent(interview_id, "thank_you", "Priyanka", NOW, NOW)
    with pytest.raises(InputError, match="already recorded as sent"):
        store.record_sent(interview_id, "thank_you", "Dr. Nair", NOW, NOW)
    thanks = [i.to for i in store.agenda(NOW, timedelta(days=1)) if i.kind == "thank_you"]
    assert thanks == ["Sofia Okafor"]


def test_saving_drafts_twice_keeps_one_note_per_person(db: str) -> None:
    from afterview.drafting import draft_messages

    store = open_store(db)
    interview_id, _ = store.import_situation(PANEL, NOW)
    drafts = draft_messages(store.situation(interview_id), now=NOW)
    first = store.save_drafts(interview_id, drafts, NOW)
    store.edit_draft(first[0].id, first[0].subject, "my own words")
    second = store.save_drafts(interview_id, drafts, NOW)
    assert [m.id for m in second] == [m.id for m in first]
    assert store.message(first[0].id).body == "my own words"  # your edit is kept
    assert len(store.messages_of(interview_id)) == len(drafts)
    # a hand-recorded send settles the draft of the same plan instead of adding a copy
    store.record_sent(interview_id, "thank_you", first[0].address or "", NOW, NOW)
    assert store.message(first[0].id).state == "sent"
    assert len(store.messages_of(interview_id)) == len(drafts)


def test_the_database_refuses_a_second_live_message_for_one_action(db: str) -> None:
    from sqlalchemy.exc import IntegrityError

    from afterview.store import schema

    store = open_store(db)
    interview_id, _ = store.import_situation(PANEL, NOW)
    row = {"kind": "thank_you", "recipient": "Marcus Chen", "state": "draft", "created_at": NOW}
    key = schema.plan_key("thank_you", "marcus  CHEN")
    with store.sessions.begin() as session:
        session.add(schema.Message(interview_id=interview_id, plan_key=key, **row))
    with pytest.raises(IntegrityError), store.sessions.begin() as session:
        session.add(schema.Message(interview_id=interview_id, plan_key=key, **row))
    with store.sessions.begin() as session:  # a cancelled copy is not live
        session.add(
            schema.Message(interview_id=interview_id, plan_key=key, **{**row, "state": "cancelled"})
        )


def test_failures_change_nothing(db: str, tmp_path: Path) -> None:
    store = open_store(db)
    store.import_situation(PANEL, NOW)
    bad = tmp_path / "bad.toml"
    bad.write_text(PANEL.read_text().replace('kind = "panel"', 'kind = "pannel"'))
    with pytest.raises(InputError):
        store.import_situation(bad, NOW)
    with pytest.raises(InputError, match="no interview with this id"):
        store.record_sent(99, "thank_you", "x", NOW, NOW)
    assert len(store.interviews()) == 1
    assert len(store.agenda(NOW, timedelta(days=30))) == 4


def test_cli_round_trip(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    imported = runner.invoke(app, ["import", str(PANEL), "--db", db, "--json"])
    assert imported.exit_code == 0, imported.output
    listed = runner.invoke(app, ["list", "--db", db, "--json"])
    assert '"company": "Northwind Health"' in listed.stdout
    recorded = runner.invoke(
        app, ["sent", "1", "--to", "Marcus Chen", "--at", "2026-11-24T15:00:00-05:00", "--db", db]
    )
    assert recorded.exit_code == 0 and "Recorded message 1" in recorded.stdout
    shown = runner.invoke(app, ["show", "1", "--db", db, "--json"])
    assert shown.exit_code == 0
    agenda = runner.invoke(app, ["agenda", "--db", db, "--days", "60", "--json"])
    assert agenda.exit_code == 0
    assert "Marcus Chen" not in [
        i["to"] for i in __import__("json").loads(agenda.stdout) if i["kind"] == "thank_you"
    ]


def test_cli_bad_input_is_one_line(tmp_path: Path) -> None:
    import subprocess
    import sys

    db = str(tmp_path / "cli.db")
    result = subprocess.run(
        [sys.executable, "-m", "afterview", "sent", "7", "--to", "x", "--db", db],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr == "afterview: 7: no interview with this id (see afterview list)\n"


def test_head_matches_the_migrations() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from afterview.store.repo import HEAD, MIGRATIONS

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert ScriptDirectory.from_config(config).get_current_head() == HEAD


def test_long_missed_windows_leave_the_agenda(db: str) -> None:
    store = open_store(db)
    store.import_situation(PANEL, NOW)
    later = NOW + timedelta(days=40)
    assert [i.kind for i in store.agenda(later, timedelta(days=1))] == []
    assert store.agenda(later, timedelta(days=1), overdue_for=timedelta(days=60))


def test_advise_and_draft_a_stored_interview(tmp_path: Path) -> None:
    import json

    db = str(tmp_path / "cli.db")
    runner.invoke(app, ["import", str(PANEL), "--db", db])
    from_file = json.loads(
        runner.invoke(
            app, ["advise", str(PANEL), "--json", "--now", "2026-11-24T19:00:00-05:00"]
        ).stdout
    )
    from_store = json.loads(
        runner.invoke(
            app, ["advise", "1", "--db", db, "--json", "--now", "2026-11-24T19:00:00-05:00"]
        ).stdout
    )
    assert from_store == from_file
    drafts = json.loads(
        runner.invoke(
            app, ["draft", "1", "--db", db, "--json", "--now", "2026-11-24T19:00:00-05:00"]
        ).stdout
    )
    assert [d["to"] for d in drafts["drafts"]][:3] == [
        "Dr. Priya Nair",
        "Marcus Chen",
        "Sofia Okafor",
    ]


def test_export_json_and_csv(tmp_path: Path) -> None:
    import csv
    import io
    import json

    db = str(tmp_path / "cli.db")
    runner.invoke(app, ["import", str(PANEL), "--db", db])
    runner.invoke(
        app, ["sent", "1", "--to", "Marcus Chen", "--at", "2026-11-24T15:00:00-05:00", "--db", db]
    )
    data = json.loads(runner.invoke(app, ["export", "--db", db]).stdout)
    (interview,) = data["interviews"]
    assert interview["company"] == "Northwind Health"
    assert [p["name"] for p in interview["people"]] == [
        "Dr. Priya Nair",
        "Marcus Chen",
        "Sofia Okafor",
    ]
    assert interview["messages"][0]["to"] == "Marcus Chen"
    assert interview["source"]["text"] == PANEL.read_text("utf-8")
    rows = list(
        csv.DictReader(io.StringIO(runner.invoke(app, ["export", "--db", db, "--csv"]).stdout))
    )
    assert rows[0]["company"] == "Northwind Health" and rows[0]["messages_sent"] == "1"


def test_a_reply_stops_the_status_check_and_moves_the_timeline(db: str) -> None:
    from datetime import date

    store = open_store(db)
    interview_id, _ = store.import_situation(PANEL, NOW)
    assert any(i.kind == "status_check" for i in store.agenda(NOW, timedelta(days=60)))
    store.record_reply(interview_id, NOW, NOW)
    assert not any(i.kind == "status_check" for i in store.agenda(NOW, timedelta(days=60)))
    (reply,) = store.situation(interview_id).replies
    assert (reply.at, reply.outcome) == (NOW, "other")
    later = NOW + timedelta(minutes=5)
    store.record_reply(interview_id, later, later, date(2026, 12, 18), "decision_update")
    checks = [i for i in store.agenda(later, timedelta(days=60)) if i.kind == "status_check"]
    assert checks and all(i.not_before.date() > date(2026, 12, 18) for i in checks)
    store.record_reply(interview_id, later, later, None, "rejected", "priya.nair@northwind.example")
    assert store.agenda(later, timedelta(days=60)) == []
    assert store.interview(interview_id).verdict == "dont_send"
    with pytest.raises(InputError, match="outcome"):
        store.record_reply(interview_id, later, later, None, "ghosted")


def _old_store(path: Path, revision: str, extra: str = "", *statements: str) -> str:
    """A SQLite store as migration ``revision`` left it, holding one interview (with the
    ``extra`` interviews column set, e.g. ``, replied_at`` values) and ``statements``."""
    from alembic import command
    from alembic.config import Config

    from afterview.store.repo import MIGRATIONS

    engine = create_engine(f"sqlite:///{path}")
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    column, value = ([*extra.split("=", 1), ""])[:2] if extra else ("", "")
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
        connection.execute(
            text(
                "INSERT INTO applications (id, company, role, created_at) "
                "VALUES (1, 'Old Co', 'Analyst', '2026-01-01 00:00:00')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO interviews (id, application_id, source_key, source_text, "
                "source_format, kind, started_at, verdict, summary, created_at, updated_at"
                + (f", {column}" if column else "")
                + ") VALUES (1, 1, 'file:x', :t, 'toml', 'panel', '2026-11-24 15:00:00', 'send', "
                "'', '2026-01-01 00:00:00', '2026-01-01 00:00:00'"
                + (f", '{value}'" if column else "")
                + ")"
            ),
            {"t": PANEL.read_text("utf-8")},
        )
        for statement in statements:
            connection.execute(text(statement))
    engine.dispose()
    return str(path)


def test_migrating_from_the_previous_version_keeps_the_data(tmp_path: Path) -> None:
    store = open_store(_old_store(tmp_path / "old.db", "0001"))  # upgrades to head
    (row,) = store.interviews()
    assert (row.company, row.kind) == ("Old Co", "panel")
    with store.engine.connect() as connection:
        assert (
            connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0012"
        )
    store.record_reply(1, NOW, NOW)
    assert [r.outcome for r in store.situation(1).replies] == ["other"]


def test_an_old_reply_becomes_a_reply_with_outcome_other(tmp_path: Path) -> None:
    path = _old_store(tmp_path / "v3.db", "0003", "replied_at=2026-11-25 14:00:00")
    (reply,) = open_store(path).situation(1).replies
    assert reply.outcome == "other" and reply.at.isoformat() == "2026-11-25T14:00:00+00:00"


def test_cli_replied(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    runner.invoke(app, ["import", str(PANEL), "--db", db])
    result = runner.invoke(app, ["replied", "1", "--decision-by", "2026-12-18", "--db", db])
    assert result.exit_code == 0, result.output
    assert "decision update" in result.stdout
    bad = runner.invoke(app, ["replied", "1", "--decision-by", "soon", "--db", db])
    assert bad.exit_code != 0
    offer = runner.invoke(app, ["replied", "1", "--outcome", "offer", "--db", db, "--json"])
    assert offer.exit_code != 0  # no such option: a usage error
    offer = runner.invoke(
        app, ["replied", "1", "--outcome", "offer", "--from", "Priya", "--db", db]
    )
    assert offer.exit_code == 0 and "answer it" in " ".join(offer.stdout.split())
    listed = json.loads(runner.invoke(app, ["list", "--db", db, "--json"]).stdout)
    assert listed[0]["verdict"] == "dont_send"


def test_remind_ics_reads_back(tmp_path: Path) -> None:
    from icalendar import Calendar

    db = str(tmp_path / "cli.db")
    runner.invoke(app, ["import", str(ROOT / "examples" / "status-check-due.toml"), "--db", db])
    result = runner.invoke(app, ["remind", "--ics", "--days", "3650", "--db", db])
    assert result.exit_code == 0, result.output
    events = list(Calendar.from_ical(result.stdout_bytes).walk("VEVENT"))
    assert events and str(events[0]["SUMMARY"]).startswith("Send status-check to Angela Brooks")
    assert events[0].decoded("DTSTART").tzinfo is not None


def test_copies_saved_before_the_unique_key_are_settled_on_upgrade(tmp_path: Path) -> None:
    rows = [
        "INSERT INTO messages (id, interview_id, kind, recipient, state, created_at) VALUES "
        f"({i}, 1, 'thank_you', '{to}', '{state}', '2026-01-01 00:00:00')"
        for i, state, to in (
            (1, "draft", "Marcus Chen"),
            (2, "sent", "Marcus Chen"),
            (3, "draft", "Marcus Chen"),
            (4, "draft", "Sofia Okafor"),
        )
    ]  # version 0004, with `draft --save` run twice
    store = open_store(_old_store(tmp_path / "v4.db", "0004", "", *rows))
    states = {m.id: m.state for m in store.messages_of(1)}
    assert states == {1: "cancelled", 2: "sent", 3: "cancelled", 4: "draft"}
