"""What ``afterview sync`` learns from the mailbox: replies keep their Message-ID, subject and
a short snippet (never a whole body) and whether you classified them; ``sync_state`` keeps,
per account and folder, the UIDVALIDITY and the last UID read, so the next run reads only
what is new.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from afterview.store.schema import UTCDateTime

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("replies") as batch:
        batch.add_column(sa.Column("message_id", sa.String(300), nullable=True))
        batch.add_column(sa.Column("subject", sa.String(500), nullable=True))
        batch.add_column(sa.Column("snippet", sa.String(200), nullable=True))
        batch.add_column(
            sa.Column("classified", sa.Boolean, nullable=False, server_default=sa.true())
        )
    op.create_index("ix_replies_message_id", "replies", ["message_id"])
    op.create_index("ix_messages_message_id", "messages", ["message_id"])
    op.create_table(
        "sync_state",
        sa.Column("account", sa.String(400), primary_key=True),
        sa.Column("folder", sa.String(300), primary_key=True),
        sa.Column("uidvalidity", sa.BigInteger, nullable=False),
        sa.Column("last_uid", sa.BigInteger, nullable=False),
        sa.Column("synced_at", UTCDateTime, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("sync_state")
    op.drop_index("ix_messages_message_id", "messages")
    op.drop_index("ix_replies_message_id", "replies")
    with op.batch_alter_table("replies") as batch:
        for column in ("classified", "snippet", "subject", "message_id"):
            batch.drop_column(column)
