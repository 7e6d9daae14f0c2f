"""The outbox: each message's address, fixed Message-ID, channel and findings at send time.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("messages") as batch:
        batch.add_column(sa.Column("address", sa.String(320), nullable=True))
        batch.add_column(sa.Column("message_id", sa.String(300), nullable=True))
        batch.add_column(sa.Column("via", sa.String(20), nullable=True))
        batch.add_column(sa.Column("findings", sa.Text, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("messages") as batch:
        for column in ("findings", "via", "message_id", "address"):
            batch.drop_column(column)
