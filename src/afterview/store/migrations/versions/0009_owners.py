"""Every row belongs to a user: a ``users`` table (the local store's one user is id 1, who owns
everything stored before), ``owner_id`` on every per-student table, a situation's key unique per
owner, the application's sector (for statistics), and the tables of a shared deployment:
``shares`` (an interview shown to an advisor),
``comments`` (an advisor's notes and suggested edits) and ``audit`` (every access by someone
other than the owner). On PostgreSQL, row-level security enforces what every query already
does: a role that is not the tables' owner sees only the rows of ``afterview.user_id`` (set per
transaction by the store), and an advisor the rows of interviews shared with them.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from afterview.store.schema import UTCDateTime

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

OWNED = ("applications", "interviews", "people", "messages", "actions", "replies", "sync_state")
# Tables whose rows an advisor may read through a share of their interview.
SHARED_THROUGH_INTERVIEW = ("people", "messages", "actions", "replies")
ME = "NULLIF(current_setting('afterview.user_id', true), '')::integer"


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("password_hash", sa.String(200), nullable=True),
        sa.Column("oidc_issuer", sa.String(500), nullable=True),
        sa.Column("oidc_subject", sa.String(255), nullable=True),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("disabled_at", UTCDateTime, nullable=True),
    )
    op.create_index("ux_users_email", "users", ["email"], unique=True)
    op.create_index("ux_users_oidc", "users", ["oidc_issuer", "oidc_subject"], unique=True)
    users = sa.table(
        "users",
        sa.column("id", sa.Integer),
        sa.column("email", sa.String),
        sa.column("name", sa.String),
        sa.column("role", sa.String),
        sa.column("created_at", UTCDateTime),
    )
    op.bulk_insert(
        users,
        [
            {
                "id": 1,
                "email": "you@localhost.invalid",
                "name": "You",
                "role": "student",
                "created_at": datetime.now(UTC),
            }
        ],
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute("SELECT setval(pg_get_serial_sequence('users', 'id'), 1)")
    for table in OWNED:
        with op.batch_alter_table(table) as batch:
            batch.add_column(
                sa.Column(
                    "owner_id",
                    sa.Integer,
                    sa.ForeignKey("users.id", name=f"fk_{table}_owner", ondelete="CASCADE"),
                    nullable=False,
                    server_default="1",  # everything stored so far is the local user's
                )
            )
        with op.batch_alter_table(table) as batch:
            batch.alter_column("owner_id", server_default=None)  # from now on, always given
        op.create_index(f"ix_{table}_owner_id", table, ["owner_id"])
    _key_unique_per_owner()
    _sync_state_per_owner()
    with op.batch_alter_table("applications") as batch:  # for the centre's statistics
        batch.add_column(sa.Column("sector", sa.String(20), nullable=True))
    op.create_table(
        "shares",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "owner_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column(
            "interview_id",
            sa.Integer,
            sa.ForeignKey("interviews.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "advisor_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("revoked_at", UTCDateTime, nullable=True),
    )
    op.create_index("ix_shares_owner_id", "shares", ["owner_id"])
    op.create_index("ix_shares_advisor", "shares", ["advisor_id", "interview_id"])
    op.create_table(
        "comments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "owner_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column(
            "interview_id",
            sa.Integer,
            sa.ForeignKey("interviews.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "message_id",
            sa.Integer,
            sa.ForeignKey("messages.id", ondelete="CASCADE"),
            nullable=True,
        ),
        sa.Column(
            "author_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("suggested_subject", sa.String(500), nullable=True),
        sa.Column("suggested_body", sa.Text, nullable=True),
        sa.Column("created_at", UTCDateTime, nullable=False),
    )
    op.create_index("ix_comments_owner_id", "comments", ["owner_id"])
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", UTCDateTime, nullable=False),
        sa.Column(
            "actor_id", sa.Integer, sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True
        ),
        sa.Column(
            "owner_id", sa.Integer, sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True
        ),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("target", sa.String(100), nullable=False),
    )
    op.create_index("ix_audit_owner_id", "audit", ["owner_id"])
    if op.get_bind().dialect.name == "postgresql":
        _row_level_security()


def _key_unique_per_owner() -> None:
    """``interviews.source_key`` was unique across the store; now per owner."""
    if op.get_bind().dialect.name == "postgresql":
        op.drop_constraint("interviews_source_key_key", "interviews", type_="unique")
    else:  # SQLite named it nothing: a naming convention lets batch mode find it
        with op.batch_alter_table(
            "interviews", naming_convention={"uq": "uq_%(table_name)s_%(column_0_name)s"}
        ) as batch:
            batch.drop_constraint("uq_interviews_source_key", type_="unique")
    op.create_index(
        "ux_interviews_owner_source", "interviews", ["owner_id", "source_key"], unique=True
    )


def _sync_state_per_owner() -> None:
    """How far sync read a folder is its owner's: two students may read the same account."""
    if op.get_bind().dialect.name == "postgresql":
        op.drop_constraint("sync_state_pkey", "sync_state", type_="primary")
        op.create_primary_key("sync_state_pkey", "sync_state", ["owner_id", "account", "folder"])
        return
    columns = "owner_id, account, folder, uidvalidity, last_uid, synced_at"
    op.create_table(  # SQLite changes a primary key by making the table again
        "sync_state_0009",
        sa.Column("owner_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE")),
        sa.Column("account", sa.String(400), nullable=False),
        sa.Column("folder", sa.String(300), nullable=False),
        sa.Column("uidvalidity", sa.BigInteger, nullable=False),
        sa.Column("last_uid", sa.BigInteger, nullable=False),
        sa.Column("synced_at", UTCDateTime, nullable=False),
        sa.PrimaryKeyConstraint("owner_id", "account", "folder"),
    )
    op.execute(f"INSERT INTO sync_state_0009 ({columns}) SELECT {columns} FROM sync_state")
    op.drop_index("ix_sync_state_owner_id", "sync_state")
    op.drop_table("sync_state")
    op.rename_table("sync_state_0009", "sync_state")
    op.create_index("ix_sync_state_owner_id", "sync_state", ["owner_id"])


def _row_level_security() -> None:
    """Policies for roles other than the tables' owner (the web's and the workers' role in a
    shared deployment; see docs/deploy.md): their own rows, and an advisor's shared ones."""
    # {col} is always table-qualified: unqualified, "id" or "interview_id" would name the
    # shares row's own column inside the subquery, and the policy would pass every row.
    shared = (
        "EXISTS (SELECT 1 FROM shares s WHERE s.interview_id = {col} "
        f"AND s.advisor_id = {ME} AND s.revoked_at IS NULL)"
    )
    for table in (*OWNED, "shares", "comments"):
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(
            f"CREATE POLICY own_rows ON {table} USING (owner_id = {ME}) "
            f"WITH CHECK (owner_id = {ME})"
        )
    op.execute(
        "CREATE POLICY advisor_reads ON interviews FOR SELECT "
        f"USING ({shared.format(col='interviews.id')})"
    )
    for table in SHARED_THROUGH_INTERVIEW:
        op.execute(
            f"CREATE POLICY advisor_reads ON {table} FOR SELECT "
            f"USING ({shared.format(col=f'{table}.interview_id')})"
        )
    op.execute(
        "CREATE POLICY advisor_reads ON applications FOR SELECT USING (EXISTS (SELECT 1 FROM "
        f"interviews i WHERE i.application_id = applications.id AND {shared.format(col='i.id')}))"
    )
    op.execute(f"CREATE POLICY advisor_reads ON shares FOR SELECT USING (advisor_id = {ME})")
    op.execute(
        f"CREATE POLICY advisor_writes ON comments USING (author_id = {ME}) "
        f"WITH CHECK (author_id = {ME} AND {shared.format(col='comments.interview_id')})"
    )
    op.execute("ALTER TABLE audit ENABLE ROW LEVEL SECURITY")
    op.execute(f"CREATE POLICY own_reads ON audit FOR SELECT USING (owner_id = {ME})")
    op.execute(f"CREATE POLICY anyone_appends ON audit FOR INSERT WITH CHECK (actor_id = {ME})")


def downgrade() -> None:
    bind = op.get_bind()
    for table in ("audit", "comments", "shares"):
        op.drop_table(table)
    if bind.dialect.name == "postgresql":
        for table in OWNED:
            op.execute(f"DROP POLICY IF EXISTS own_rows ON {table}")
            op.execute(f"DROP POLICY IF EXISTS advisor_reads ON {table}")
            op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
    op.drop_index("ux_interviews_owner_source", "interviews")
    with op.batch_alter_table("interviews") as batch:
        batch.create_unique_constraint("interviews_source_key_key", ["source_key"])
    for table in OWNED:
        op.drop_index(f"ix_{table}_owner_id", table)
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(f"fk_{table}_owner", type_="foreignkey")
            batch.drop_column("owner_id")
    op.drop_table("users")
