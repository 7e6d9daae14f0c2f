"""What the agenda lists, the outbox sends (issue 11): for every example, at moments from the
evening of the interview to weeks later, each email the agenda says is due can be drafted,
saved and handed off at the start of its window without the outbox refusing it."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from afterview.outbox import Refused, send
from afterview.situation import load_situation
from afterview.store import open_store

ROOT = Path(__file__).parent.parent
EXAMPLES = [*sorted((ROOT / "examples").glob("*.toml")), ROOT / "examples" / "uk-panel.json"]
LATER = [timedelta(hours=3), timedelta(days=2), timedelta(days=4), timedelta(days=10)]


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
@pytest.mark.parametrize("later", LATER, ids=lambda d: f"{d.days}d{d.seconds // 3600}h")
def test_what_the_agenda_lists_the_outbox_sends(
    example: Path, later: timedelta, tmp_path: Path
) -> None:
    record = load_situation(example)
    moment = record.interview.end + later
    store = open_store(str(tmp_path / "db.sqlite"))
    interview_id, _ = store.import_situation(example, moment)
    due = [
        i
        for i in store.agenda(moment, timedelta(days=30))
        if i.channel == "email" and i.not_before <= moment + timedelta(days=30)
    ]
    from afterview.drafting import draft_messages

    saved = store.save_drafts(
        interview_id, draft_messages(store.situation(interview_id), now=moment), moment
    )
    by_plan = {(m.kind, m.to): m for m in saved}
    for item in due:
        message = by_plan.get((item.kind, item.to))
        assert message is not None, f"the agenda lists {item.kind} to {item.to}; no draft"
        at = max(item.not_before, moment)
        try:
            send(store, message.id, "eml", at, out=tmp_path / f"{message.id}.eml", force=True)
        except Refused as exc:  # pragma: no cover - the failure message is the point
            pytest.fail(f"{example.stem} +{later}: the agenda lists it, the outbox refuses: {exc}")
        assert store.message(message.id).state == "handed_off"
