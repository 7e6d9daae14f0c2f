"""Sharing with an advisor (afterview.store.shares), forgetting everything, and the centre's
statistics: an advisor reads only what a student shares and only while it is shared, can
comment but never send, and every look is audited; a student's deletion removes their rows
only; a statistic from fewer than ten students is never shown. On SQLite and PostgreSQL; on
PostgreSQL also through a role under row-level security."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from afterview.drafting import draft_set
from afterview.errors import AfterviewError, NotFound
from afterview.store import Store, open_store, schema
from afterview.store import shares as sh
from afterview.store.owners import sessions_for
from afterview.store.stats import MIN_STUDENTS, centre_stats

from helpers import clean_postgres, migrated_for_web, web_role_engine

ROOT = Path(__file__).parent.parent
PANEL = ROOT / "examples" / "panel-interview.toml"
OTHER = ROOT / "tests" / "corpus" / "situations" / "kestrel.toml"
NOW = datetime(2026, 11, 24, 19, 0, tzinfo=UTC)


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "afterview.db")
    return clean_postgres()


def add_user(store: Store, email: str, role: str = "student") -> int:
    with sessions_for(store.engine, 0).begin() as session:
        user = schema.User(email=email, name=email.split("@")[0].title(), role=role, created_at=NOW)
        session.add(user)
        session.flush()
        return user.id


@pytest.fixture
def centre(db: str) -> dict[str, Any]:
    """Two students with interviews and drafts, two advisors."""
    local = open_store(db)
    ids = {
        "ana": add_user(local, "ana@uni.example"),
        "bo": add_user(local, "bo@uni.example"),
        "vera": add_user(local, "vera@uni.example", "advisor"),
        "wim": add_user(local, "wim@uni.example", "advisor"),
    }
    ana = local.of(ids["ana"])
    first, _ = ana.import_situation(PANEL, NOW)
    second, _ = ana.import_situation(OTHER, NOW)
    drafts = ana.save_drafts(first, draft_set(ana.situation(first), now=NOW).drafts, NOW)
    bo = local.of(ids["bo"])
    theirs, _ = bo.import_situation(PANEL, NOW)
    return {
        "engine": local.engine,
        "ids": ids,
        "ana": ana,
        "bo": bo,
        "first": first,
        "second": second,
        "drafts": [d.id for d in drafts],
        "theirs": theirs,
    }


def test_an_advisor_sees_only_what_is_shared_and_only_while_it_is(centre: dict[str, Any]) -> None:
    engine, ids, first = centre["engine"], centre["ids"], centre["first"]
    with pytest.raises(NotFound):
        sh.open_shared(engine, ids["vera"], first, NOW)  # not shared yet
    share = sh.share(engine, ids["ana"], first, ids["vera"], NOW)
    assert sh.share(engine, ids["ana"], first, ids["vera"], NOW) == share  # once
    view = sh.open_shared(engine, ids["vera"], first, NOW)
    assert view.interview().id == first
    assert {m.id for m in view.messages()} == set(centre["drafts"])
    assert view.situation().application.company
    assert not hasattr(view, "claim") and not hasattr(view, "finish")  # nothing to send with
    for other in (centre["second"], centre["theirs"], 10**6):
        with pytest.raises(NotFound):
            sh.open_shared(engine, ids["vera"], other, NOW)  # the rest stays hidden
    with pytest.raises(NotFound):
        sh.open_shared(engine, ids["wim"], first, NOW)  # another advisor
    listed = sh.shared_with(engine, ids["vera"])
    assert [(s.interview_id, s.owner_name) for s in listed] == [(first, "Ana")]
    assert sh.shared_with(engine, ids["wim"]) == []
    assert [s.advisor_name for s in sh.shares_of(engine, ids["ana"])] == ["Vera"]
    assert sh.revoke(engine, ids["ana"], first, ids["vera"], NOW + timedelta(hours=1))
    with pytest.raises(NotFound):
        sh.open_shared(engine, ids["vera"], first, NOW + timedelta(hours=2))
    assert sh.shared_with(engine, ids["vera"]) == []
    assert not sh.revoke(engine, ids["ana"], first, ids["vera"], NOW)


def test_only_the_owner_shares_and_only_with_an_advisor(centre: dict[str, Any]) -> None:
    engine, ids = centre["engine"], centre["ids"]
    with pytest.raises(NotFound):
        sh.share(engine, ids["bo"], centre["first"], ids["vera"], NOW)  # Ana's interview
    with pytest.raises(AfterviewError, match="advisor"):
        sh.share(engine, ids["ana"], centre["first"], ids["bo"], NOW)  # a student
    assert sh.shares_of(engine, ids["bo"]) == []


def test_comments_and_suggestions_reach_the_student_and_every_look_is_audited(
    centre: dict[str, Any],
) -> None:
    engine, ids, first = centre["engine"], centre["ids"], centre["first"]
    with pytest.raises(NotFound):
        sh.comment(engine, ids["vera"], first, "Looks good", NOW)  # not shared
    sh.share(engine, ids["ana"], first, ids["vera"], NOW)
    sh.open_shared(engine, ids["vera"], first, NOW)
    sh.comment(
        engine,
        ids["vera"],
        first,
        "Name the dashboard project",
        NOW,
        message_id=centre["drafts"][0],
        suggested_body="Dear Dr. Nair, ...",
    )
    with pytest.raises(NotFound):
        sh.comment(engine, ids["vera"], first, "x", NOW, message_id=10**6)
    with pytest.raises(AfterviewError):
        sh.comment(engine, ids["vera"], first, "   ", NOW)
    (said,) = sh.comments_on(engine, ids["ana"], first)
    assert (said.author, said.message_id, said.suggested_body) == (
        "Vera",
        centre["drafts"][0],
        "Dear Dr. Nair, ...",
    )
    assert sh.comments_on(engine, ids["bo"], first) == []
    looks = sh.audit_of(engine, ids["ana"])
    assert [(a.actor, a.action, a.target) for a in looks] == [
        ("Vera", "comment", f"interview:{first}"),
        ("Vera", "read-share", f"interview:{first}"),
    ]
    assert sh.audit_of(engine, ids["bo"]) == []
    centre["ana"].messages_of(first)  # the owner's own reads are not audited
    assert len(sh.audit_of(engine, ids["ana"])) == 2


def test_forgetting_deletes_the_students_rows_and_no_one_elses(centre: dict[str, Any]) -> None:
    engine, ids = centre["engine"], centre["ids"]
    sh.share(engine, ids["ana"], centre["first"], ids["vera"], NOW)
    sh.comment(engine, ids["vera"], centre["first"], "Good", NOW)
    bo_before = centre["bo"].export()
    gone = centre["ana"].forget()
    assert gone["interviews"] == 2 and gone["messages"] == len(centre["drafts"])
    assert gone["shares"] == 1 and gone["comments"] == 1
    assert centre["ana"].interviews() == [] and centre["ana"].outbox() == []
    assert centre["bo"].export() == bo_before
    assert centre["bo"].forget() and centre["bo"].interviews() == []
    assert sh.audit_of(engine, ids["ana"])  # who looked stays on record


def _students(store: Store, n: int, sector: str, prefix: str) -> None:
    """``n`` students, each with the panel interview recorded in ``sector``."""
    import tomllib

    for k in range(n):
        student = store.of(add_user(store, f"{prefix}{k}@uni.example"))
        data = tomllib.loads(PANEL.read_text())
        data["application"]["sector"] = sector
        plain = json.loads(json.dumps(data, default=lambda v: v.isoformat()))
        student.import_data(plain, f"panel-{sector}", NOW)


def test_statistics_withhold_every_group_of_fewer_than_ten_students(db: str) -> None:
    local = open_store(db)
    _students(local, MIN_STUDENTS, "private", "p")  # ten students: shown
    _students(local, MIN_STUDENTS - 1, "academic", "a")  # nine: withheld
    found = centre_stats(local.engine)
    interviews = {s.sector: s.count for s in found if s.measure == "interviews"}
    assert interviews == {"private": MIN_STUDENTS, "academic": None}
    assert all(s.count is None or s.count >= MIN_STUDENTS for s in found)
    assert all(s.week.weekday() == 0 for s in found)
    _students(local, 1, "academic", "late")  # the tenth: now shown
    found = centre_stats(local.engine)
    assert {s.sector: s.count for s in found if s.measure == "interviews"}["academic"] == 10


def test_under_row_level_security_an_advisor_reads_a_share_and_writes_nothing() -> None:
    url = migrated_for_web()
    local = open_store(url)
    ana, vera = add_user(local, "ana@uni.example"), add_user(local, "vera@uni.example", "advisor")
    first, _ = local.of(ana).import_situation(PANEL, NOW)
    second, _ = local.of(ana).import_situation(OTHER, NOW)
    web = web_role_engine()
    try:
        shared = Store(web, ana)  # the web's role, as Ana
        sh.share(web, ana, first, vera, NOW)
        view = sh.open_shared(web, vera, first, NOW)
        assert view.interview().id == first and view.situation()
        with pytest.raises(NotFound):
            Store(web, ana, actor_id=vera).interview(second)  # not shared: RLS hides it
        with pytest.raises(NotFound):  # an advisor's session cannot change Ana's rows
            Store(web, ana, actor_id=vera).edit_draft(10**5, "x", "y")
        with web.begin() as connection:
            connection.execute(
                text("SELECT set_config('afterview.user_id', :u, true)"), {"u": str(vera)}
            )
            changed = connection.execute(
                text("UPDATE interviews SET summary = 'edited by an advisor' WHERE id = :i"),
                {"i": first},
            ).rowcount
            assert changed == 0
            visible = connection.execute(text("SELECT id FROM interviews ORDER BY id")).all()
            assert visible == [(first,)]
        sh.revoke(web, ana, first, vera, NOW)
        with web.begin() as connection:
            connection.execute(
                text("SELECT set_config('afterview.user_id', :u, true)"), {"u": str(vera)}
            )
            assert connection.execute(text("SELECT count(*) FROM interviews")).scalar() == 0
        assert {i.id for i in shared.interviews()} == {first, second}
    finally:
        web.dispose()
