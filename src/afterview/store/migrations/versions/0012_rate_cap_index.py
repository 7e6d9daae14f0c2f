"""An index for the per-recipient rate cap: before each scheduled send a worker counts the
recent sends to that address (afterview.store.queue.claim_send), which without it reads every
message of every student.

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # IF NOT EXISTS: SQLite's reflection cannot see an index on an expression, so a store
    # stamped by its shape (afterview.store.upgrade) may be stamped below it and get here again
    op.execute(
        "CREATE INDEX IF NOT EXISTS ix_messages_recipient_address "
        "ON messages (lower(trim(address)))"
    )


def downgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ix_messages_recipient_address")
