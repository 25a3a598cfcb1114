"""erased records, and an index for the retention sweep

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26 15:17:35.440087
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("child", schema=None) as batch_op:
        batch_op.add_column(sa.Column("erased_at", sa.DateTime(), nullable=True))
        batch_op.create_index(
            "ix_child_awaiting_purge",
            ["closed_at"],
            unique=False,
            sqlite_where=sa.text("closed_at IS NOT NULL AND erased_at IS NULL"),
            postgresql_where=sa.text("closed_at IS NOT NULL AND erased_at IS NULL"),
        )
    op.execute("UPDATE child SET erased_at = closed_at WHERE alias_key LIKE '#erased-%'")


def downgrade() -> None:
    with op.batch_alter_table("child", schema=None) as batch_op:
        batch_op.drop_index(
            "ix_child_awaiting_purge",
            sqlite_where=sa.text("closed_at IS NOT NULL AND erased_at IS NULL"),
            postgresql_where=sa.text("closed_at IS NOT NULL AND erased_at IS NULL"),
        )
        batch_op.drop_column("erased_at")
