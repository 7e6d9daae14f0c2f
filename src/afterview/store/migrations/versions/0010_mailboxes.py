"""A student's mailbox, for ``sync`` run by a shared deployment's workers: the IMAP server and
user, and the password encrypted at rest (afterview.secretbox, a key from the environment),
bound to its row so that a token copied elsewhere is useless.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from afterview.store.schema import UTCDateTime

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None
ME = "NULLIF(current_setting('afterview.user_id', true), '')::integer"


def upgrade() -> None:
    op.create_table(
        "mailboxes",
        sa.Column(
            "owner_id",
            sa.Integer,
            sa.ForeignKey("users.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("host", sa.String(255), nullable=False),
        sa.Column("port", sa.Integer, nullable=False),
        sa.Column("security", sa.String(10), nullable=False),
        sa.Column("user", sa.String(320), nullable=False),
        sa.Column("password", sa.Text, nullable=False),  # a secretbox token, never the password
        sa.Column("updated_at", UTCDateTime, nullable=False),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE mailboxes ENABLE ROW LEVEL SECURITY")
        op.execute(
            f"CREATE POLICY own_rows ON mailboxes USING (owner_id = {ME}) "
            f"WITH CHECK (owner_id = {ME})"
        )


def downgrade() -> None:
    op.drop_table("mailboxes")
