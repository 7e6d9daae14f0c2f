"""Every row belongs to a user, and a store opened for one user sees and changes only theirs
(afterview.store.owners), on SQLite and PostgreSQL; on PostgreSQL, row-level security refuses
the same to a role that does not own the tables, whatever SQL it runs (migration 0009)."""

from __future__ import annotations

import inspect
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from afterview.drafting import draft_set
from afterview.errors import AfterviewError
from afterview.store import Store, open_store, schema
from afterview.store.owners import sessions_for

from helpers import clean_postgres, migrated_for_web, web_role_engine

ROOT = Path(__file__).parent.parent
PANEL = ROOT / "examples" / "panel-interview.toml"
OTHER = ROOT / "tests" / "corpus" / "situations" / "kestrel.toml"
NOW = datetime(2026, 11, 24, 19, 0, tzinfo=UTC)
OWNED = (
    "applications",
    "interviews",
    "people",
    "messages",
    "actions",
    "replies",
    "sync_state",
    "mailboxes",
)


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "afterview.db")
    return clean_postgres()


def add_user(store: Store, email: str, role: str = "student") -> int:
    """A user row (the accounts package makes them in the product; here, directly)."""
    with sessions_for(store.engine, 0).begin() as session:
        user = schema.User(email=email, name=email.split("@")[0], role=role, created_at=NOW)
        session.add(user)
        session.flush()
        return user.id


def busy(store: Store) -> dict[str, Any]:
    """One user's store in every state: two interviews, saved drafts, one sent, a reply, a
    folder synced. Returns the ids made."""
    first, _ = store.import_situation(PANEL, NOW)
    second, _ = store.import_situation(OTHER, NOW)
    saved = store.save_drafts(first, draft_set(store.situation(first), now=NOW).drafts, NOW)
    assert store.claim(saved[0].id, NOW)
    store.finish(saved[0].id, "sent", NOW + timedelta(hours=1), via="smtp")
    store.record_reply(second, NOW + timedelta(days=2), NOW, date(2026, 12, 20), "next_round")
    store.record_sync(
        {
            "settled": [],
            "sent_by_hand": [],
            "replies": [],
            "folders": [("me@example.org@imap.example.org", "INBOX", 7, 42)],
        },
        NOW,
    )
    return {"interviews": [first, second], "messages": [m.id for m in saved]}


def test_a_new_store_has_its_one_local_user(db: str) -> None:
    store = open_store(db)
    first, _ = store.import_situation(PANEL, NOW)
    with store.engine.connect() as connection:
        users = connection.execute(text("SELECT id, role FROM users")).all()
        owners = connection.execute(text("SELECT DISTINCT owner_id FROM interviews")).all()
    assert users == [(1, "student")]
    assert owners == [(1,)]
    assert store.interview(first).company


# What every public method of the Store does with another user's ids: each must be listed, so a
# method added later is held to the rule too.
def _probes(b: Store, a_ids: dict[str, Any]) -> dict[str, Any]:
    iv, msg = a_ids["interviews"][0], a_ids["messages"][1]
    return {
        "interviews": lambda: b.interviews(),
        "outbox": lambda: b.outbox(),
        "agenda": lambda: b.agenda(NOW, timedelta(days=400), timedelta(days=400)),
        "interview": lambda: b.interview(iv),
        "situation": lambda: b.situation(iv),
        "source_data": lambda: b.source_data(iv),
        "messages_of": lambda: b.messages_of(iv),
        "message": lambda: b.message(msg),
        "edit_draft": lambda: b.edit_draft(msg, "Hijacked", "Hijacked body"),
        "claim": lambda: b.claim(msg, NOW),
        "finish": lambda: b.finish(msg, "cancelled", NOW),
        "save_drafts": lambda: b.save_drafts(iv, [], NOW),
        "record_sent": lambda: b.record_sent(iv, "thank_you", "Dr. Priya Nair", NOW, NOW),
        "record_reply": lambda: b.record_reply(iv, NOW, NOW, None, "rejected"),
        "classify_reply": lambda: b.classify_reply(iv, "rejected", NOW),
        "refresh": lambda: b.refresh(iv, NOW),
        "replace_data": lambda: b.replace_data(iv, {}, NOW),
        "interview_with_key": lambda: b.interview_with_key(str(PANEL.resolve())),
        "export": lambda: b.export(),
        "sync_index": lambda: b.sync_index(),
        "last_synced": lambda: b.last_synced(),
        "unclassified_replies": lambda: b.unclassified_replies(),
    }


# Methods that only add the caller's own rows (their isolation is the next test's) or open another
# view of the store.
OWN_ONLY = {"of", "import_situation", "import_invite", "import_invite_raw", "import_data"}
OWN_ONLY |= {"record_sync", "restore", "forget"}  # forget: tests/test_shares.py


def test_every_store_method_is_probed() -> None:
    public = {n for n, _ in inspect.getmembers(Store, inspect.isfunction) if not n.startswith("_")}
    probed = set(_probes(None, {"interviews": [0], "messages": [0, 0]}))  # type: ignore[arg-type]
    assert public == probed | OWN_ONLY


def test_another_users_rows_are_not_there(db: str) -> None:
    local = open_store(db)
    a = local.of(add_user(local, "ana@uni.example"))
    b = local.of(add_user(local, "bo@uni.example"))
    a_ids = busy(a)
    before = a.export()
    b.import_situation(PANEL, NOW)  # the same file: B's own interview, not A's
    mine = {r.id for r in b.interviews()}
    assert len(mine) == 1 and not mine & set(a_ids["interviews"])
    results = {}
    for name, probe in _probes(b, a_ids).items():
        try:
            results[name] = probe()
        except AfterviewError:
            results[name] = "refused"
    assert [r.id for r in results["interviews"]] == list(mine)
    assert all(m.interview_id in mine for m in results["outbox"])
    assert all(i.interview_id in mine for i in results["agenda"])
    for name in ("interview", "situation", "source_data", "messages_of", "message", "edit_draft"):
        assert results[name] == "refused", name
    for name in ("finish", "save_drafts", "record_sent", "record_reply", "classify_reply"):
        assert results[name] == "refused", name
    assert results["refresh"] == "refused" and results["replace_data"] == "refused"
    assert results["claim"] is False
    assert results["interview_with_key"] in (None, *mine)
    assert [i["id"] for i in results["export"]["interviews"]] == list(mine)
    assert results["export"]["tables"].get("sync_state", []) == []
    index = results["sync_index"]
    assert not set(a_ids["interviews"]) & {p[0] for p in index["people"]}
    assert results["last_synced"] is None
    assert a.export() == before  # and nothing of A's changed


def test_a_row_for_someone_else_is_refused(db: str) -> None:
    local = open_store(db)
    a, b = add_user(local, "ana@uni.example"), add_user(local, "bo@uni.example")
    with pytest.raises(PermissionError), sessions_for(local.engine, b).begin() as session:
        session.add(schema.Application(owner_id=a, company="X", role="Y", created_at=NOW))
        session.flush()


def test_row_level_security_for_a_role_that_does_not_own_the_tables() -> None:
    url = migrated_for_web()
    local = open_store(url)
    a_id, b_id = add_user(local, "ana@uni.example"), add_user(local, "bo@uni.example")
    a_ids = busy(local.of(a_id))
    busy(local.of(b_id))
    web = web_role_engine()
    try:
        with web.begin() as connection:  # nobody said who: nothing at all
            for table in OWNED:
                assert connection.execute(text(f"SELECT count(*) FROM {table}")).scalar() == 0
        with web.begin() as connection:
            connection.execute(
                text("SELECT set_config('afterview.user_id', :u, true)"), {"u": str(b_id)}
            )
            for table in OWNED:
                owners = connection.execute(text(f"SELECT DISTINCT owner_id FROM {table}")).all()
                assert owners in ([(b_id,)], []), table
                assert (
                    connection.execute(
                        text(f"UPDATE {table} SET owner_id = owner_id WHERE owner_id = :a"),
                        {"a": a_id},
                    ).rowcount
                    == 0
                )
            hidden = connection.execute(
                text("SELECT count(*) FROM interviews WHERE id = ANY(:ids)"),
                {"ids": a_ids["interviews"]},
            ).scalar()
            assert hidden == 0
        with web.begin() as connection, pytest.raises(Exception, match="row-level security"):
            connection.execute(
                text("SELECT set_config('afterview.user_id', :u, true)"), {"u": str(b_id)}
            )
            connection.execute(
                text(
                    "INSERT INTO applications (owner_id, company, role, created_at) "
                    "VALUES (:a, 'Planted', 'Row', now())"
                ),
                {"a": a_id},
            )
        with web.begin() as connection, pytest.raises(Exception, match="permission denied"):
            connection.execute(text("DELETE FROM audit"))
    finally:
        web.dispose()


def test_a_shared_deployment_never_migrates_at_start_up(monkeypatch: pytest.MonkeyPatch) -> None:
    url = clean_postgres()
    monkeypatch.setenv("AFTERVIEW_MODE", "shared")
    with pytest.raises(AfterviewError, match="afterview admin migrate"):
        open_store(url)
    with create_engine(url).connect() as connection:  # nothing was made
        assert (
            connection.execute(
                text("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
            ).scalar()
            == 0
        )
    open_store(url, migrating=True)
    assert open_store(url).interviews() == []


def test_a_shared_deployment_needs_postgresql(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AFTERVIEW_MODE", "shared")
    with pytest.raises(AfterviewError, match="PostgreSQL"):
        open_store(str(tmp_path / "x.db"))
    assert not (tmp_path / "x.db").exists() or (tmp_path / "x.db").stat().st_size == 0
    monkeypatch.setenv("AFTERVIEW_MODE", "cloud")
    with pytest.raises(AfterviewError, match="expected local or shared"):
        open_store(str(tmp_path / "y.db"))
