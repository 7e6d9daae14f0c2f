"""Alembic environment: migrations run on the connection afterview hands over.

afterview.store.upgrade opens that connection inside one transaction that holds the migration
lock (BEGIN IMMEDIATE on SQLite, an advisory lock on PostgreSQL), so Alembic sees an external
transaction and the whole upgrade commits or rolls back as one. Run on a connection that is not
in a transaction, each migration gets a transaction of its own (with the DDL inside it on
PostgreSQL, whose DDL is transactional).
"""

from __future__ import annotations

from alembic import context

from afterview.store.schema import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    transaction_per_migration=True,
)
with context.begin_transaction():
    context.run_migrations()
