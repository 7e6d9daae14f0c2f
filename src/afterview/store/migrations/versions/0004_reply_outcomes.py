"""Replies as rows with an outcome (DESIGN.md contract additions), instead of one date.

Each interview's old ``replied_at`` becomes a reply with outcome ``other`` (what it meant: no
status check follows); ``decision_by`` stays the interview's timeline.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from afterview.store.schema import UTCDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Read the old replies first: on SQLite, dropping the column rebuilds the interviews table,
    # and that would cascade into a replies table created before it.
    bind = op.get_bind()
    old = bind.execute(
        sa.text("SELECT id, replied_at FROM interviews WHERE replied_at IS NOT NULL")
    ).all()
    with op.batch_alter_table("interviews") as batch:
        batch.drop_column("replied_at")
    replies = op.create_table(
        "replies",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "interview_id",
            sa.Integer,
            sa.ForeignKey("interviews.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("at", UTCDateTime, nullable=False),
        sa.Column("sender", sa.String(320), nullable=True),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.Column("decision_by", sa.Date, nullable=True),
        sa.Column("created_at", UTCDateTime, nullable=False),
    )
    op.create_index("ix_replies_interview_id", "replies", ["interview_id"])
    if old:
        op.bulk_insert(
            replies,
            [
                {
                    "interview_id": row[0],
                    "at": _aware(row[1]),
                    "outcome": "other",
                    "created_at": _aware(row[1]),
                }
                for row in old
            ],
        )


def _aware(value: object) -> datetime:
    """A stored UTC time as read back raw (a string on SQLite, naive on PostgreSQL)."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def downgrade() -> None:
    with op.batch_alter_table("interviews") as batch:
        batch.add_column(sa.Column("replied_at", UTCDateTime, nullable=True))
    op.execute(
        "UPDATE interviews SET replied_at = "
        "(SELECT MAX(at) FROM replies WHERE replies.interview_id = interviews.id)"
    )
    op.drop_index("ix_replies_interview_id", "replies")
    op.drop_table("replies")
