"""The quick read of a local store (afterview.store.quick) is the store's own read, faster.

The listing commands read an SQLite store with the standard library's sqlite3 instead of
SQLAlchemy; these tests hold the three queries to ``Store.interviews``, ``Store.outbox`` and
``Store.agenda`` over stores in every state (drafts, sending, handed off, sent, cancelled,
replies), at any moment and horizon hypothesis picks, and show that whatever the quick read
cannot take (no file yet, an older schema, another program's database) goes to the store.
"""

from __future__ import annotations

import shutil
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from afterview.drafting import draft_set
from afterview.errors import InputError
from afterview.store import Store, open_reader, open_store
from afterview.store.location import HEAD
from afterview.store.quick import QuickReader

ROOT = Path(__file__).parent.parent
CORPUS = ROOT / "tests" / "corpus" / "situations"
SITUATIONS = [*sorted(CORPUS.glob("*.toml")), ROOT / "examples" / "panel-interview.toml"]
NOW = datetime(2026, 11, 24, 19, 0, tzinfo=UTC)


def _busy_store(path: Path) -> Store:
    """Every situation in the corpus, their drafts saved, and messages in every state."""
    store = open_store(str(path))
    for n, situation in enumerate(SITUATIONS):
        interview, _ = store.import_situation(situation, NOW + timedelta(minutes=n))
        drafts = draft_set(store.situation(interview), now=NOW).drafts
        saved = store.save_drafts(interview, drafts, NOW)
        if not saved:
            continue
        first = saved[0].id
        if n % 4 == 1:
            assert store.claim(first, NOW)  # left "sending": not due again on the agenda
        elif n % 4 == 2:
            assert store.claim(first, NOW)
            store.finish(first, "sent", NOW + timedelta(hours=2), via="smtp")
        elif n % 4 == 3:
            store.record_reply(interview, NOW + timedelta(days=3), NOW, outcome="next_round")
    return store


@pytest.fixture(scope="module")
def busy(tmp_path_factory: pytest.TempPathFactory) -> tuple[Store, QuickReader]:
    path = tmp_path_factory.mktemp("quick") / "afterview.db"
    store = _busy_store(path)
    quick = QuickReader.open(path)
    assert quick is not None
    return store, quick


def test_interviews_and_outbox_are_the_stores(busy: tuple[Store, QuickReader]) -> None:
    store, quick = busy
    assert len(store.interviews()) >= 12  # a re-recorded interview updates its first record
    assert quick.interviews() == store.interviews()
    states = {m.state for m in store.outbox()}
    assert {"draft", "sending", "sent"} <= states
    assert quick.outbox() == store.outbox()


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    now=st.datetimes(
        min_value=datetime(2026, 11, 1), max_value=datetime(2027, 3, 1), timezones=st.just(UTC)
    ),
    horizon=st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=120)),
    overdue=st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=60)),
)
def test_agenda_is_the_stores_at_any_moment(
    busy: tuple[Store, QuickReader], now: datetime, horizon: timedelta, overdue: timedelta
) -> None:
    store, quick = busy
    assert quick.agenda(now, horizon, overdue) == store.agenda(now, horizon, overdue)


def test_the_agenda_is_not_empty_somewhere(busy: tuple[Store, QuickReader]) -> None:
    """The comparison above means something: the store has due items and a message sending."""
    items = busy[1].agenda(NOW, timedelta(days=60))
    assert len(items) >= 5
    assert all(i.not_before.tzinfo is not None for i in items)


def test_a_local_store_at_the_latest_schema_is_read_quickly(tmp_path: Path) -> None:
    path = tmp_path / "afterview.db"
    open_store(str(path)).import_situation(SITUATIONS[0], NOW)
    assert isinstance(open_reader(str(path)), QuickReader)


def test_a_store_not_made_yet_is_made_by_the_store(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    reader = open_reader(str(path))
    assert isinstance(reader, Store)
    assert reader.interviews() == []
    assert isinstance(open_reader(str(path)), QuickReader)  # made now, at the latest schema


def test_an_older_schema_is_migrated_by_the_store(tmp_path: Path) -> None:
    path = tmp_path / "afterview.db"
    open_store(str(path)).import_situation(SITUATIONS[0], NOW)
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0007'")
    assert QuickReader.open(path) is None
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = ?", (HEAD,))
    assert QuickReader.open(path) is not None


def test_another_programs_database_is_refused_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "photos.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)")
        connection.execute("INSERT INTO photos (name) VALUES ('beach')")
    assert QuickReader.open(path) is None
    with pytest.raises(InputError) as caught:
        open_reader(str(path))
    assert "\n" not in str(caught.value)
    with sqlite3.connect(path) as connection:  # and left as it was
        assert connection.execute("SELECT name FROM photos").fetchall() == [("beach",)]


def test_a_file_that_is_not_a_database_is_refused_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("my interview notes\n" * 50)
    before = path.read_bytes()
    assert QuickReader.open(path) is None
    with pytest.raises(InputError) as caught:
        open_reader(str(path))
    assert "\n" not in str(caught.value)
    assert path.read_bytes() == before


def test_the_quick_read_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "afterview.db"
    store = open_store(str(path))
    store.import_situation(SITUATIONS[0], NOW)
    store.engine.dispose()
    copy = tmp_path / "copy.db"
    shutil.copy(path, copy)
    quick = QuickReader.open(copy)
    assert quick is not None
    quick.interviews(), quick.outbox(), quick.agenda(NOW)
    quick.connection.close()
    with sqlite3.connect(copy) as a, sqlite3.connect(path) as b:
        assert a.execute("PRAGMA data_version").fetchall() is not None
        assert list(a.iterdump()) == list(b.iterdump())
