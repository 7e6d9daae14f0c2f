"""A send in progress holds a lease (process, host, start, heartbeat), so that "in progress",
"crashed" and "not sent" can be told apart; a failed send keeps the server's words.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from afterview.store.schema import UTCDateTime

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("messages") as batch:
        batch.add_column(sa.Column("lease_pid", sa.Integer, nullable=True))
        batch.add_column(sa.Column("lease_host", sa.String(255), nullable=True))
        batch.add_column(sa.Column("lease_started", UTCDateTime, nullable=True))
        batch.add_column(sa.Column("lease_heartbeat", UTCDateTime, nullable=True))
        batch.add_column(sa.Column("last_error", sa.Text, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("messages") as batch:
        for column in ("last_error", "lease_heartbeat", "lease_started", "lease_host", "lease_pid"):
            batch.drop_column(column)
