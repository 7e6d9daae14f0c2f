"""Bring a store to the latest schema: safe to interrupt, safe to run from two processes at once.

The whole upgrade is one transaction under one lock:

- SQLite: ``BEGIN IMMEDIATE`` (SQLite's DDL is transactional once the driver stops committing
  around it), so a second process waits for the first and then finds the schema current, and a
  kill at any moment leaves the store as it was before. Foreign keys are off while tables are
  rebuilt (SQLite's own procedure for schema changes): a rebuilt table must not take the rows
  that refer to it with it. ``PRAGMA foreign_key_check`` runs before the commit.
- PostgreSQL: a transaction-scoped advisory lock (``pg_advisory_xact_lock``), released at commit
  or when a killed process's session ends; the DDL is transactional.

Inside the lock, what exists is looked at first (:func:`settle`): a store whose tables exist but
whose ``alembic_version`` is missing, empty or behind (left so by an older afterview killed
mid-migration) is recognised by the shape of its tables and stamped, or, when it holds no
row at all, cleared and made again; a database of another application is refused.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, inspect, text

from afterview.store.failures import PG_LOCK_WAIT, StoreError, another_application, name_of

# pg_advisory_xact_lock key: any constant; this one is "afterview" read as ASCII digits.
ADVISORY_KEY = 0x6166746572766965
VERSION_TABLE = "alembic_version"
TEMPORARY = "_alembic_tmp_"  # tables Alembic's batch mode builds on SQLite, left by a kill

Shape = dict[str, tuple[frozenset[str], frozenset[str]]]  # table -> (columns, named indexes)


def current(connection: Connection) -> str | None:
    """The revision in ``alembic_version`` (None when there is none, or no table)."""
    if VERSION_TABLE not in inspect(connection).get_table_names():
        return None
    rows = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars().all()
    return rows[0] if len(rows) == 1 else None


def upgrade(engine: Engine, head: str, location: Path) -> None:
    """Bring the schema to ``head`` under the lock, in one transaction (see the module)."""
    with _locked(engine) as connection:
        if settle(connection, head, location) != head:
            from alembic import command

            command.upgrade(_config(location, connection), "head")
        if connection.dialect.name == "sqlite":
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").first()
            if broken is not None:  # a migration's mistake: the rollback keeps the old store
                raise RuntimeError(f"the upgrade broke a reference in table {broken[0]}")


@contextmanager
def _locked(engine: Engine) -> Iterator[Connection]:
    """A connection in a transaction that holds the migration lock; commit on success."""
    if engine.dialect.name != "sqlite":
        with engine.connect() as connection, connection.begin():
            if engine.dialect.name == "postgresql":
                connection.execute(text(f"SET LOCAL lock_timeout = '{PG_LOCK_WAIT}'"))
                connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": ADVISORY_KEY})
            yield connection
        return
    with engine.connect() as connection:
        raw = connection.connection.driver_connection
        assert raw is not None
        raw.isolation_level = None  # the driver must not commit around DDL: we demarcate
        try:
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")  # only outside a transaction
            connection.exec_driver_sql("BEGIN IMMEDIATE")  # waits (busy timeout) for another
            try:
                yield connection
            except BaseException:
                if raw.in_transaction:
                    connection.exec_driver_sql("ROLLBACK")
                raise
            connection.exec_driver_sql("COMMIT")
        finally:
            connection.invalidate()  # never hand back a connection with foreign keys off


def settle(connection: Connection, head: str, location: Path) -> str | None:
    """Look at what exists and make ``alembic_version`` tell the truth about it; returns the
    revision the store is at (None: nothing yet). Raises StoreError for a database that is not
    afterview's, or a half-made store that holds data and matches no revision."""
    names = set(inspect(connection).get_table_names())
    rows: list[str] = []
    if VERSION_TABLE in names:
        rows = list(connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars())
    version = rows[0] if len(rows) == 1 else None
    if version == head:
        return version
    if not rows and not names - {VERSION_TABLE}:
        return None  # a new store: nothing to look at
    shapes = revision_shapes(str(location))
    if len(rows) > 1 or any(row not in shapes for row in rows):
        raise _not_ours(connection, rows)
    ours = {table for shape in shapes.values() for table in shape}
    mine = names & ours
    leftovers = {n for n in names if n.startswith(TEMPORARY)}
    if not mine and not leftovers:
        foreign = sorted(names - {VERSION_TABLE})
        if foreign and version is None:
            raise another_application(connection.engine.url, foreign)
        return version
    live = shape_of(connection, mine)
    strangers = [  # columns no version of afterview gave that table (its indexes come later)
        t for t in mine if all(t not in s or s[t][0] != live[t][0] for s in shapes.values())
    ]
    if strangers and version is None:  # "messages" or "people" of some other program
        raise another_application(connection.engine.url, sorted(names - {VERSION_TABLE}))
    if version is not None and shapes[version] == live and not leftovers:
        return version  # behind, and exactly as that revision left it: upgrade from there
    matches = [revision for revision, shape in shapes.items() if shape == live]
    if matches and not leftovers:
        _stamp(connection, matches[0])  # the first: a data-only step after it runs again
        return matches[0]
    if all(_empty(connection, table) for table in mine | leftovers):
        _clear(connection, mine | leftovers | ({VERSION_TABLE} & names))
        return None
    raise StoreError(
        name_of(connection.engine.url),
        "an upgrade by an older afterview was interrupted and left tables that match no "
        "version of the store; restore your last backup into a new file "
        "(afterview import-backup BACKUP --db NEW-FILE)",
    )


def _not_ours(connection: Connection, rows: list[str]) -> StoreError:
    shown = ", ".join(repr(r) for r in rows) or "none"
    return StoreError(
        name_of(connection.engine.url),
        f"its schema version ({shown}) is not one afterview knows: a database of another "
        "application, or of a newer afterview; give this afterview its own database",
    )


def shape_of(connection: Connection, tables: set[str]) -> Shape:
    """Each table's column names and the names of afterview's own indexes on it."""
    import warnings

    inspector = inspect(connection)
    shape: Shape = {}
    for table in tables:
        columns = frozenset(c["name"] for c in inspector.get_columns(table))
        with warnings.catch_warnings():
            # SQLite's reflection leaves out an index on an expression (the rate cap's), in
            # the shape expected and in the shape found alike: nothing to say about it.
            warnings.filterwarnings("ignore", "Skipped unsupported reflection of expression")
            found = inspector.get_indexes(table)
        indexes = frozenset(
            str(i["name"]) for i in found if str(i["name"]).startswith(("ix_", "ux_"))
        )
        shape[table] = (columns, indexes)
    return shape


@functools.cache
def revision_shapes(location: str) -> dict[str, Shape]:
    """The shape each revision leaves, oldest first, found by running the migrations on an
    in-memory database (only when a store is not current: ~0.1 s)."""
    from alembic import command
    from alembic.script import ScriptDirectory
    from sqlalchemy import create_engine
    from sqlalchemy.pool import StaticPool

    config = _config(Path(location), None)
    revisions = [r.revision for r in ScriptDirectory.from_config(config).walk_revisions()]
    scratch = create_engine("sqlite://", poolclass=StaticPool)
    shapes: dict[str, Shape] = {}
    with scratch.begin() as connection:
        config.attributes["connection"] = connection
        for revision in reversed(revisions):
            command.upgrade(config, revision)
            names = set(inspect(connection).get_table_names()) - {VERSION_TABLE}
            shapes[revision] = shape_of(connection, names)
    scratch.dispose()
    return shapes


def _config(location: Path, connection: Connection | None) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(location))
    config.attributes["connection"] = connection
    return config


def _stamp(connection: Connection, revision: str) -> None:
    connection.execute(
        text(
            f"CREATE TABLE IF NOT EXISTS {VERSION_TABLE} (version_num VARCHAR(32) NOT NULL, "
            f"CONSTRAINT {VERSION_TABLE}_pkc PRIMARY KEY (version_num))"
        )
    )
    connection.execute(text(f"DELETE FROM {VERSION_TABLE}"))
    connection.execute(
        text(f"INSERT INTO {VERSION_TABLE} (version_num) VALUES (:v)"), {"v": revision}
    )


def _empty(connection: Connection, table: str) -> bool:
    quoted = connection.dialect.identifier_preparer.quote(table)
    return connection.exec_driver_sql(f"SELECT 1 FROM {quoted} LIMIT 1").first() is None


def _clear(connection: Connection, tables: set[str]) -> None:
    cascade = " CASCADE" if connection.dialect.name == "postgresql" else ""
    for table in sorted(tables):
        quoted = connection.dialect.identifier_preparer.quote(table)
        connection.exec_driver_sql(f"DROP TABLE IF EXISTS {quoted}{cascade}")
