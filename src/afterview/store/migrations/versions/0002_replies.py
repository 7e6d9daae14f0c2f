"""Replies from the employer: when they answered, and the new decision date they gave.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from afterview.store.schema import UTCDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("interviews") as batch:
        batch.add_column(sa.Column("replied_at", UTCDateTime, nullable=True))
        batch.add_column(sa.Column("decision_by", sa.Date, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("interviews") as batch:
        batch.drop_column("decision_by")
        batch.drop_column("replied_at")
