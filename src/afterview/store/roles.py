"""The database role a shared deployment's web and worker processes log in as.

The tables belong to the role that ran ``afterview admin migrate``; row-level security does
not apply to their owner, so the processes that serve students log in as another role, which
:func:`grant` lets use the tables — and only as row-level security allows (migration 0009). The
audit table it may only read and append to: no process that serves students can change or
delete what the audit recorded.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import inspect, text

from afterview.errors import InputError

APPEND_ONLY = frozenset({"audit"})
READ_ONLY = frozenset({"alembic_version"})


def grant(engine: Any, role: str) -> list[str]:
    """Let ``role`` use afterview's tables (PostgreSQL). Returns the statements run."""
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", role):
        raise InputError("--grant", None, f"expected a PostgreSQL role name; got {role!r}")
    if engine.dialect.name != "postgresql":
        raise InputError("--grant", None, "roles are PostgreSQL's: DATABASE_URL is not")
    done = []
    with engine.begin() as connection:
        exists = connection.execute(
            text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}
        ).first()
        if exists is None:
            raise InputError("--grant", None, f"no role {role!r} in this database server")
        statements = [f'GRANT USAGE ON SCHEMA public TO "{role}"']
        for table in sorted(inspect(connection).get_table_names()):
            if table in APPEND_ONLY:
                rights = "SELECT, INSERT"
            elif table in READ_ONLY:
                rights = "SELECT"
            else:
                rights = "SELECT, INSERT, UPDATE, DELETE"
            statements.append(f'GRANT {rights} ON TABLE "{table}" TO "{role}"')
        statements.append(f'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO "{role}"')
        for statement in statements:
            connection.execute(text(statement))
            done.append(statement)
    return done


def sees_every_student(engine: Any) -> bool | None:
    """Whether this PostgreSQL role reads past row-level security (it owns the tables, or has
    BYPASSRLS); None elsewhere (SQLite has no roles)."""
    if engine.dialect.name != "postgresql":
        return None
    with engine.connect() as connection:
        return bool(
            connection.execute(
                text(
                    "SELECT coalesce((SELECT tableowner = current_user FROM pg_tables "
                    "WHERE schemaname = current_schema() AND tablename = 'interviews'), false) "
                    "OR (SELECT rolbypassrls FROM pg_roles WHERE rolname = current_user)"
                )
            ).scalar()
        )


def require_owner(engine: Any, command: str) -> None:
    """Refuse, in one line, a command that reads every student's rows (``command``) when this
    PostgreSQL role is not the tables' owner: row-level security would show it one student at a
    time, or none, and its answer would look real. Elsewhere (SQLite) nothing to check."""
    if engine.dialect.name != "postgresql":
        return
    with engine.connect() as connection:
        owner = connection.execute(
            text(
                "SELECT tableowner = current_user FROM pg_tables "
                "WHERE schemaname = current_schema() AND tablename = 'interviews'"
            )
        ).scalar()
    if owner is False:
        raise InputError(
            "DATABASE_URL",
            None,
            f"{command} reads every student's rows: run it as the role that owns the tables "
            "(the one that runs afterview admin migrate), not the web's",
        )
