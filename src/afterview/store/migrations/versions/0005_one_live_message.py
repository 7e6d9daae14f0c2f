"""One live message per planned action: a plan key and a unique index over it.

Copies made before (``draft --save`` run twice) are settled first: per interview and key the
most advanced message stays (sent, then sending, then a draft; the oldest of equals) and the
others become ``cancelled``, so nothing that was sent is lost and nothing is sendable twice.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_RANK = {"sent": 0, "handed_off": 1, "sending": 2, "draft": 3}


def _key(kind: str, recipient: str) -> str:
    return f"{kind}:{' '.join(recipient.casefold().split())}"


def upgrade() -> None:
    with op.batch_alter_table("messages") as batch:
        batch.add_column(sa.Column("plan_key", sa.String(360), nullable=True))
    bind = op.get_bind()
    rows = bind.execute(
        sa.text("SELECT id, interview_id, kind, recipient, state FROM messages ORDER BY id")
    ).all()
    keep: dict[tuple[int, str], tuple[int, int]] = {}
    cancel: list[int] = []
    for row_id, interview_id, kind, recipient, state in rows:
        key = _key(kind, recipient)
        bind.execute(
            sa.text("UPDATE messages SET plan_key = :k WHERE id = :i"), {"k": key, "i": row_id}
        )
        if state == "cancelled":
            continue
        rank = _RANK.get(state, 4)
        best = keep.get((interview_id, key))
        if best is None:
            keep[(interview_id, key)] = (rank, row_id)
        elif rank < best[0]:
            cancel.append(best[1])
            keep[(interview_id, key)] = (rank, row_id)
        else:
            cancel.append(row_id)
    for row_id in cancel:
        bind.execute(
            sa.text("UPDATE messages SET state = 'cancelled' WHERE id = :i"), {"i": row_id}
        )
    with op.batch_alter_table("messages") as batch:
        batch.alter_column("plan_key", existing_type=sa.String(360), nullable=False)
    op.create_index(
        "ux_messages_one_live_per_action",
        "messages",
        ["interview_id", "plan_key"],
        unique=True,
        sqlite_where=sa.text("state != 'cancelled'"),
        postgresql_where=sa.text("state != 'cancelled'"),
    )


def downgrade() -> None:
    op.drop_index("ux_messages_one_live_per_action", "messages")
    with op.batch_alter_table("messages") as batch:
        batch.drop_column("plan_key")
