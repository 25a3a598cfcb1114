"""conversations with a kind and a step; answerable outbox rows; messages kept until relayed

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 10:31:44.590760

Questions left open by the old one-question-per-person table are not carried over (they lapse
within two hours anyway, and their state had no kind or step to resume from), and neither are
the buttons they had sent.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NOT_RELAYED = sa.text("relayed_at IS NULL")


def upgrade() -> None:
    op.create_table(
        "conversation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("telegram_user_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("step", sa.String(length=32), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=True),
        sa.Column("asked_key", sa.String(length=200), nullable=True),
        sa.Column("state", sa.Text(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["child_id"], ["child.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("telegram_user_id"),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("conversation", schema=None) as batch_op:
        batch_op.create_index("ix_conversation_child_id", ["child_id"], unique=False)
        batch_op.create_index("ix_conversation_expires_at", ["expires_at"], unique=False)
    op.drop_table("pendingquestion")

    with op.batch_alter_table("button", schema=None) as batch_op:
        batch_op.add_column(sa.Column("conversation_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("step", sa.String(length=32), nullable=True))
    # The buttons of conversations that were open belong to none now: they are gone.
    op.execute("DELETE FROM button WHERE action IN ('review', 'rhi', 'end_intervention', 'erase')")

    with op.batch_alter_table("message", schema=None) as batch_op:
        batch_op.add_column(sa.Column("relayed_at", sa.DateTime(), nullable=True))
        batch_op.add_column(
            sa.Column("relay_attempts", sa.Integer(), nullable=False, server_default="0")
        )
    op.execute("UPDATE message SET relayed_at = created_at")
    with op.batch_alter_table("message", schema=None) as batch_op:
        batch_op.alter_column("relay_attempts", server_default=None)
        batch_op.create_index(
            "ix_message_not_relayed",
            ["created_at"],
            unique=False,
            sqlite_where=NOT_RELAYED,
            postgresql_where=NOT_RELAYED,
        )

    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("answerable", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    # Earlier rows about a child that were not reminders stay answerable, as they were.
    op.execute("UPDATE outbox SET answerable = (child_id IS NOT NULL AND priority < 50)")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.alter_column("answerable", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_column("answerable")
    with op.batch_alter_table("message", schema=None) as batch_op:
        batch_op.drop_index(
            "ix_message_not_relayed", sqlite_where=NOT_RELAYED, postgresql_where=NOT_RELAYED
        )
        batch_op.drop_column("relay_attempts")
        batch_op.drop_column("relayed_at")
    with op.batch_alter_table("button", schema=None) as batch_op:
        batch_op.drop_column("step")
        batch_op.drop_column("conversation_id")
    op.create_table(
        "pendingquestion",
        sa.Column("telegram_user_id", sa.BigInteger(), nullable=False),
        sa.Column("command", sa.String(length=32), nullable=False),
        sa.Column("collected", sa.Text(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("telegram_user_id"),
    )
    with op.batch_alter_table("conversation", schema=None) as batch_op:
        batch_op.drop_index("ix_conversation_expires_at")
        batch_op.drop_index("ix_conversation_child_id")
    op.drop_table("conversation")
