"""A complete, versioned backup of the store as JSON, and its restore into an empty store.

The backup is read from the tables themselves (schema.Base.metadata), so every column of every
table is in it, ids included, and a column added later is backed up without a change here.
Each interview carries its rows of the tables that belong to it (people, messages, replies,
actions, ...); the company and role are repeated there for readers, and the situation it was
imported from is under ``source``. Times are RFC 3339 in UTC, dates ISO dates.

A backup is one user's: their rows (``owner_id``), without the column (it is whoever restores
it). The deployment's own tables (users, shares, advisors' comments, the audit) are not in it.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from sqlalchemy import Column, Engine, Table, func, select, text

from afterview.errors import InputError
from afterview.store import schema

FORMAT = "afterview-backup"
VERSION = 2  # 1 was the export before backups were complete (no bodies, no Message-IDs)
# Columns named differently in the JSON, for readers: column -> key.
_ALIASES = {"recipient": "to", "sender": "from"}
_COLUMNS = {v: k for k, v in _ALIASES.items()}
_DERIVED = ("company", "role")  # repeated from the application, for readers; not restored
# The deployment's own tables, and a connected mailbox (its password is encrypted with the
# deployment's key: useless anywhere else, and no backup should carry it).
_KEEP_OUT = frozenset({"alembic_version", "users", "shares", "comments", "audit", "mailboxes"})
OWNER = "owner_id"


def _tables() -> list[Table]:
    return [t for t in schema.Base.metadata.sorted_tables if t.name not in _KEEP_OUT]


def _children() -> list[Table]:
    """The tables whose rows belong to an interview (a foreign key to interviews.id)."""
    return [
        t
        for t in _tables()
        if any(fk.column.table.name == "interviews" for fk in t.foreign_keys)
        and t.name != "interviews"
    ]


def _out(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _row(table: Table, row: Any) -> dict[str, Any]:
    return {
        _ALIASES.get(c.name, c.name): _out(row._mapping[c.name])
        for c in table.columns
        if c.name != OWNER
    }


def _rows(connection: Any, table: Table, owner_id: int) -> list[dict[str, Any]]:
    order = list(table.primary_key.columns) or list(table.columns)
    query = select(table).order_by(*order)
    if OWNER in table.columns:
        query = query.where(table.columns[OWNER] == owner_id)
    return [_row(table, r) for r in connection.execute(query)]


def revision(connection: Any) -> str | None:
    """The schema's Alembic revision, if recorded."""
    from sqlalchemy import inspect

    if "alembic_version" not in inspect(connection).get_table_names():
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def export(engine: Engine, owner_id: int) -> dict[str, Any]:
    """Everything ``owner_id`` stored, as JSON-ready data (FORMAT, VERSION)."""
    from afterview.store.owners import as_owner

    children = _children()
    nested = {"applications", "interviews", *(t.name for t in children)}
    tables = {t.name: t for t in _tables()}
    with engine.begin() as connection:
        as_owner(connection, owner_id)
        applications = _rows(connection, tables["applications"], owner_id)
        by_interview: dict[str, dict[Any, list[dict[str, Any]]]] = {}
        for child in children:
            key = next(
                c.name
                for c in child.columns
                if any(fk.column.table.name == "interviews" for fk in c.foreign_keys)
            )
            grouped: dict[Any, list[dict[str, Any]]] = {}
            for row in _rows(connection, child, owner_id):
                grouped.setdefault(row[_ALIASES.get(key, key)], []).append(row)
            by_interview[child.name] = grouped
        others = {
            name: _rows(connection, table, owner_id)
            for name, table in tables.items()
            if name not in nested
        }
        schema_revision = revision(connection)
        interview_rows = _rows(connection, tables["interviews"], owner_id)
    names = {a["id"]: a for a in applications}
    interviews = []
    for row in interview_rows:
        application = names.get(row["application_id"], {})
        source = {"format": row.pop("source_format"), "text": row.pop("source_text")}
        interview = {
            "id": row.pop("id"),
            "company": application.get("company"),
            "role": application.get("role"),
            **row,
            "source": source,
        }
        for name, grouped in by_interview.items():
            interview[name] = grouped.get(interview["id"], [])
        interviews.append(interview)
    return {
        "format": FORMAT,
        "version": VERSION,
        "schema": schema_revision,
        "applications": applications,
        "interviews": interviews,
        "tables": others,
    }


def _value(column: Column[Any], value: Any, where: str, source: str) -> Any:
    if value is None:
        return None
    try:
        kind = getattr(column.type, "impl_instance", column.type).python_type
    except NotImplementedError:  # pragma: no cover - a type without a Python type
        return value
    try:
        if kind is datetime:
            moment = datetime.fromisoformat(value)
            if moment.tzinfo is None:
                raise ValueError("no offset")
            return moment
        if kind is date:
            return date.fromisoformat(value)
        if kind is int and not isinstance(value, bool):
            return int(value)
        if kind is str and isinstance(value, str):
            return value
        if kind is bool and isinstance(value, bool):
            return value
        if isinstance(value, kind):
            return value
    except (TypeError, ValueError):
        pass
    raise InputError(source, where, f"expected a {kind.__name__}; got {json.dumps(value)[:60]}")


def _prepare(table: Table, row: Any, where: str, source: str) -> dict[str, Any]:
    if not isinstance(row, dict):
        raise InputError(source, where, "expected an object")
    out: dict[str, Any] = {}
    for key, value in row.items():
        name = _COLUMNS.get(str(key), str(key))
        if name not in table.columns or name == OWNER:
            raise InputError(
                source, f"{where}.{key}", "unknown key (a backup from a newer afterview?)"
            )
        out[name] = _value(table.columns[name], value, f"{where}.{key}", source)
    return out


def _list(value: Any, where: str, source: str) -> list[Any]:
    if not isinstance(value, list):
        raise InputError(source, where, "expected a list")
    return value


def rows_of(data: Any, source: str) -> dict[str, list[dict[str, Any]]]:
    """The rows of each table in a backup, validated; InputError naming the first problem."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        old = isinstance(data, dict) and data.get("format") == 1
        raise InputError(
            source,
            "format",
            "expected an afterview backup (afterview export); this is an export from before "
            "backups were complete (no draft bodies or Message-IDs) and cannot be restored"
            if old
            else f'expected "{FORMAT}" (a file written by afterview export)',
        )
    if data.get("version") != VERSION:
        raise InputError(
            source,
            "version",
            f"expected version {VERSION}; got {data.get('version')!r}"
            + _which_afterview(data.get("version")),
        )
    tables = {t.name: t for t in _tables()}
    children = {t.name: t for t in _children()}
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in tables}
    for i, row in enumerate(_list(data.get("applications", []), "applications", source)):
        rows["applications"].append(
            _prepare(tables["applications"], row, f"applications[{i}]", source)
        )
    for i, interview in enumerate(_list(data.get("interviews", []), "interviews", source)):
        where = f"interviews[{i}]"
        if not isinstance(interview, dict):
            raise InputError(source, where, "expected an object")
        own = {k: v for k, v in interview.items() if k not in children and k not in _DERIVED}
        found = own.pop("source", None)
        if not isinstance(found, dict) or not {"format", "text"} <= found.keys():
            raise InputError(source, f"{where}.source", "expected {format, text}")
        own["source_format"], own["source_text"] = found["format"], found["text"]
        rows["interviews"].append(_prepare(tables["interviews"], own, where, source))
        for name, table in children.items():
            for j, row in enumerate(_list(interview.get(name, []), f"{where}.{name}", source)):
                rows[name].append(_prepare(table, row, f"{where}.{name}[{j}]", source))
    others = data.get("tables", {})
    if not isinstance(others, dict):
        raise InputError(source, "tables", "expected an object of tables")
    for name, listed in others.items():
        if name not in tables or name in children or name in ("applications", "interviews"):
            raise InputError(source, f"tables.{name}", "unknown table (from a newer afterview?)")
        for j, row in enumerate(_list(listed, f"tables.{name}", source)):
            rows[name].append(_prepare(tables[name], row, f"tables.{name}[{j}]", source))
    return rows


def stored_rows(engine: Engine, owner_id: int) -> dict[str, int]:
    """How many rows of ``owner_id``'s each table holds (those that hold any)."""
    from afterview.store.owners import as_owner

    counts = {}
    with engine.begin() as connection:
        as_owner(connection, owner_id)
        for t in _tables():
            query = select(func.count()).select_from(t)
            if OWNER in t.columns:
                query = query.where(t.columns[OWNER] == owner_id)
            counts[t.name] = connection.execute(query).scalar() or 0
    return {name: n for name, n in counts.items() if n}


def restore(engine: Engine, data: Any, source: str, owner_id: int) -> dict[str, int]:
    """Restore a backup into a store where ``owner_id`` holds nothing yet, in one transaction,
    ids kept, every row ``owner_id``'s. Returns the rows restored per table. InputError if the
    backup is not valid or the owner's store is not empty."""
    from sqlalchemy.exc import DBAPIError, IntegrityError

    from afterview.store.owners import as_owner

    rows = rows_of(data, source)
    database = engine.url.render_as_string(hide_password=True)
    held = stored_rows(engine, owner_id)
    if held:
        what = ", ".join(f"{n} {name}" for name, n in held.items())
        raise InputError(
            database, None, f"expected an empty store to restore into; it holds {what}"
        )
    try:
        with engine.begin() as connection:
            as_owner(connection, owner_id)
            for table in _tables():
                if rows[table.name]:
                    owned = {OWNER: owner_id} if OWNER in table.columns else {}
                    connection.execute(table.insert(), [{**r, **owned} for r in rows[table.name]])
            if engine.dialect.name == "postgresql":
                _advance_sequences(connection)
    except IntegrityError as exc:
        raise InputError(
            source, None, f"expected a consistent backup ({str(exc.orig).splitlines()[0]})"
        ) from None
    except DBAPIError as exc:
        raise InputError(
            source, None, f"cannot be restored ({str(exc.orig).splitlines()[0]})"
        ) from None
    return {name: len(r) for name, r in rows.items() if r}


def _advance_sequences(connection: Any) -> None:
    """PostgreSQL: the next id of each table follows the restored ones."""
    for table in _tables():
        keys = list(table.primary_key.columns)
        if len(keys) != 1 or keys[0].type.python_type is not int:
            continue
        name, column = table.name, keys[0].name
        connection.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{name}', '{column}'), "
                f"COALESCE(MAX({column}), 1), MAX({column}) IS NOT NULL) FROM {name}"
            )
        )


def _which_afterview(version: object) -> str:
    """Where a backup of another version came from, in words."""
    if not isinstance(version, int) or isinstance(version, bool):
        return ""
    return " (from a newer afterview)" if version > VERSION else " (from an older afterview)"
