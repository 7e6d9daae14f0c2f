"""Classes a newcomer's trial of the tracker found (issue 12), each held by a test."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from afterview.cli import app
from afterview.drafting import draft_messages
from afterview.errors import InputError
from afterview.invite.summary import parse_summary
from afterview.outbox import SendFailed, SmtpSettings, send
from afterview.store import open_store

from helpers import fresh_panel

ROOT = Path(__file__).parent.parent
PANEL = ROOT / "examples" / "panel-interview.toml"
NOW = datetime(2026, 11, 24, 19, 0, tzinfo=UTC)
runner = CliRunner()


def _store(tmp_path: Path):  # type: ignore[no-untyped-def]
    store = open_store(str(tmp_path / "db.sqlite"))
    interview_id, _ = store.import_situation(PANEL, NOW)
    saved = store.save_drafts(
        interview_id, draft_messages(store.situation(interview_id), now=NOW), NOW
    )
    return store, interview_id, saved


def test_a_status_check_threads_under_a_thank_you_the_tracker_recorded(tmp_path: Path) -> None:
    store, interview_id, _ = _store(tmp_path)
    store.record_sent(interview_id, "thank_you", "Priya", NOW, NOW)
    later = datetime(2026, 12, 9, 15, 0, tzinfo=UTC)
    checks = [
        d
        for d in draft_messages(store.situation(interview_id), now=later)
        if d.kind == "status_check"
    ]
    assert checks and all(d.subject and d.subject.startswith("Re: ") for d in checks)


def test_confirming_a_handed_off_message_keeps_when_it_was_handed_off(tmp_path: Path) -> None:
    store, _, saved = _store(tmp_path)
    send(store, saved[0].id, "eml", NOW, out=tmp_path / "a.eml")
    store.finish(saved[0].id, "sent", NOW + timedelta(hours=3))
    assert store.message(saved[0].id).sent_at == NOW


def test_a_new_date_before_the_interview_is_refused(tmp_path: Path) -> None:
    from datetime import date

    store, interview_id, _ = _store(tmp_path)
    with pytest.raises(InputError, match="decision-by"):
        store.record_reply(interview_id, NOW, NOW, date(2026, 11, 1), "decision_update")
    assert store.situation(interview_id).replies == ()


def test_after_a_next_round_the_summary_says_they_replied(tmp_path: Path) -> None:
    store, interview_id, saved = _store(tmp_path)
    for message in saved:
        if message.kind == "thank_you":
            send(store, message.id, "eml", NOW, out=tmp_path / f"{message.id}.eml", force=True)
    store.record_reply(interview_id, NOW, NOW, None, "next_round")
    summary = store.interview(interview_id).summary
    assert "separate note" not in summary and "status check" not in summary
    from afterview.advice import advise

    advice = advise(store.situation(interview_id), now=NOW)
    assert not advice.fired("panel-distinct-notes") and advice.fired("employer-replied")


@pytest.mark.parametrize(
    ("port", "expected"),
    [(9, "check AFTERVIEW_SMTP_HOST and AFTERVIEW_SMTP_PORT")],
)
def test_an_unreachable_server_is_one_line_saying_what_to_check(
    tmp_path: Path, port: int, expected: str
) -> None:
    store, _, saved = _store(tmp_path)
    with pytest.raises(SendFailed, match=expected):
        send(
            store,
            saved[0].id,
            "smtp",
            NOW,
            smtp=SmtpSettings("127.0.0.1", port, "none", None, None),
        )
    assert store.message(saved[0].id).state == "draft"


def test_settings_that_cannot_work_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = str(tmp_path / "cli.db")
    runner.invoke(app, ["import", str(fresh_panel(tmp_path)), "--db", db])
    runner.invoke(app, ["draft", "1", "--save", "--db", db])
    monkeypatch.setenv("AFTERVIEW_CONFIG", str(tmp_path / "none.toml"))
    monkeypatch.setenv("AFTERVIEW_SMTP_HOST", "127.0.0.1")
    for port, said in (("70000", "1 to 65535"), ("abc", "1 to 65535"), ("9", "could not reach")):
        monkeypatch.setenv("AFTERVIEW_SMTP_PORT", port)
        result = runner.invoke(app, ["send", "1", "--via", "smtp", "--db", db, "--force"])
        assert result.exit_code == 2, (port, result.output)
        assert said in result.stderr
    assert open_store(db).message(1).state == "draft"


def test_the_company_is_not_left_in_the_role() -> None:
    parsed = parse_summary("Fernhill Studios UX Designer Interview", company="Fernhill Studios")
    assert parsed.role == "UX Designer"


def test_a_saved_draft_follows_the_record_until_you_edit_it(tmp_path: Path) -> None:
    from datetime import date

    store, interview_id, saved = _store(tmp_path)
    check = next(m for m in saved if m.kind == "status_check" and m.to == "Dr. Priya Nair")
    thanks = next(m for m in saved if m.kind == "thank_you" and m.to == "Dr. Priya Nair")
    assert not (check.subject or "").startswith("Re:")
    send(store, thanks.id, "eml", NOW, out=tmp_path / "t.eml")  # the thank-you goes
    followed = store.message(check.id)
    assert (followed.subject or "").startswith("Re: ")  # now it answers the thank-you
    later = NOW + timedelta(days=1)
    store.record_reply(interview_id, later, later, date(2026, 12, 18), "decision_update")
    assert "December 18" in (store.message(check.id).body or "")
    # an edited draft is yours: the record no longer rewrites it
    store.edit_draft(check.id, followed.subject, "Dear Dr. Nair,\n\nMy own words.\n")
    store.record_reply(interview_id, later, later, date(2026, 12, 21), "decision_update")
    assert store.message(check.id).body == "Dear Dr. Nair,\n\nMy own words.\n"
