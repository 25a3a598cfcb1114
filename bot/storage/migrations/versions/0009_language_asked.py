"""whether each person has been asked which language they read

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 23:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Not in a batch: SQLite adds the column in place, where a batch would copy the table, which
    # rows of other tables refer to.
    for table in ("staff", "child"):
        op.add_column(
            table,
            sa.Column("language_asked", sa.Boolean(), nullable=False, server_default=sa.false()),
        )


def downgrade() -> None:
    for table in ("staff", "child"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("language_asked")
