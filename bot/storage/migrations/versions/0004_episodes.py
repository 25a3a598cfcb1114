"""missing episodes, return interviews and reasons

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26 14:29:50.592999
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "episode",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("opened_by", sa.Integer(), nullable=False),
        sa.Column("opened_at", sa.DateTime(), nullable=False),
        sa.Column("risk_grade", sa.String(length=12), nullable=True),
        sa.Column("returned_at", sa.DateTime(), nullable=True),
        sa.Column("rhi_due_at", sa.DateTime(), nullable=True),
        sa.Column("rhi_next_event_at", sa.DateTime(), nullable=True),
        sa.Column("rhi_done_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["child_id"],
            ["child.id"],
        ),
        sa.ForeignKeyConstraint(
            ["opened_by"],
            ["staff.id"],
        ),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["team.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("episode", schema=None) as batch_op:
        batch_op.create_index("ix_episode_child_opened", ["child_id", "opened_at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_episode_rhi_next_event_at"), ["rhi_next_event_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_episode_team_id"), ["team_id"], unique=False)

    op.create_table(
        "returninterview",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("episode_id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("worker_id", sa.Integer(), nullable=False),
        sa.Column("held_at", sa.DateTime(), nullable=False),
        sa.Column("outcome", sa.String(length=12), nullable=False),
        sa.Column("independent", sa.Boolean(), nullable=False),
        sa.Column("other_reason", sa.Text(), nullable=True),
        sa.Column("child_words", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["child_id"],
            ["child.id"],
        ),
        sa.ForeignKeyConstraint(
            ["episode_id"],
            ["episode.id"],
        ),
        sa.ForeignKeyConstraint(
            ["worker_id"],
            ["staff.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("returninterview", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_returninterview_child_id"), ["child_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_returninterview_episode_id"), ["episode_id"], unique=False
        )

    op.create_table(
        "missingreason",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("interview_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=24), nullable=False),
        sa.Column("held_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["interview_id"],
            ["returninterview.id"],
        ),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["team.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("missingreason", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_missingreason_interview_id"), ["interview_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_missingreason_team_id"), ["team_id"], unique=False)

    with op.batch_alter_table("review", schema=None) as batch_op:
        batch_op.add_column(sa.Column("due_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("review", schema=None) as batch_op:
        batch_op.drop_column("due_on")

    with op.batch_alter_table("missingreason", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_missingreason_team_id"))
        batch_op.drop_index(batch_op.f("ix_missingreason_interview_id"))

    op.drop_table("missingreason")
    with op.batch_alter_table("returninterview", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_returninterview_episode_id"))
        batch_op.drop_index(batch_op.f("ix_returninterview_child_id"))

    op.drop_table("returninterview")
    with op.batch_alter_table("episode", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_episode_team_id"))
        batch_op.drop_index(batch_op.f("ix_episode_rhi_next_event_at"))
        batch_op.drop_index("ix_episode_child_opened")

    op.drop_table("episode")
