"""reviews, interventions, check-ins, buttons and quiet outbox rows

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 13:56:54.528609
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "button",
        sa.Column("token", sa.String(length=32), nullable=False),
        sa.Column("telegram_user_id", sa.BigInteger(), nullable=False),
        sa.Column("group_key", sa.String(length=80), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("token"),
    )
    with op.batch_alter_table("button", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_button_group_key"), ["group_key"], unique=False)

    op.create_table(
        "sweepmark",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    op.create_table(
        "checkin",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("prompt_key", sa.String(length=200), nullable=True),
        sa.Column("prompt_sent_at", sa.DateTime(), nullable=True),
        sa.Column("unanswered_at", sa.DateTime(), nullable=True),
        sa.Column("mood", sa.String(length=12), nullable=True),
        sa.Column("difference", sa.String(length=12), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("answered_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["child_id"],
            ["child.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("checkin", schema=None) as batch_op:
        batch_op.create_index("ix_checkin_child_created", ["child_id", "created_at"], unique=False)
        batch_op.create_index("ix_checkin_open_unsent", ["status", "prompt_sent_at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_checkin_unanswered_at"), ["unanswered_at"], unique=False
        )

    op.create_table(
        "intervention",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("started_by", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["child_id"],
            ["child.id"],
        ),
        sa.ForeignKeyConstraint(
            ["started_by"],
            ["staff.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("intervention", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_intervention_child_id"), ["child_id"], unique=False)

    op.create_table(
        "review",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("worker_id", sa.Integer(), nullable=False),
        sa.Column("held_at", sa.DateTime(), nullable=False),
        sa.Column("child_view", sa.Text(), nullable=True),
        sa.Column("no_view_reason", sa.Text(), nullable=True),
        sa.Column("next_due_on", sa.Date(), nullable=False),
        sa.Column("next_due_chosen", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"],
            ["child.id"],
        ),
        sa.ForeignKeyConstraint(
            ["worker_id"],
            ["staff.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("review", schema=None) as batch_op:
        batch_op.create_index("ix_review_child_held", ["child_id", "held_at"], unique=False)

    op.create_table(
        "rating",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("intervention_id", sa.Integer(), nullable=True),
        sa.Column("review_id", sa.Integer(), nullable=True),
        sa.Column("checkin_id", sa.Integer(), nullable=True),
        sa.Column("rater", sa.String(length=8), nullable=False),
        sa.Column("value", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["checkin_id"],
            ["checkin.id"],
        ),
        sa.ForeignKeyConstraint(
            ["child_id"],
            ["child.id"],
        ),
        sa.ForeignKeyConstraint(
            ["intervention_id"],
            ["intervention.id"],
        ),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["review.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("rating", schema=None) as batch_op:
        batch_op.create_index("ix_rating_child_created", ["child_id", "created_at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_rating_intervention_id"), ["intervention_id"], unique=False
        )

    with op.batch_alter_table("child", schema=None) as batch_op:
        batch_op.add_column(sa.Column("review_due_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("review_next_event_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("review_alerted_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("next_checkin_at", sa.DateTime(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_child_next_checkin_at"), ["next_checkin_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_child_review_due_on"), ["review_due_on"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_child_review_next_event_at"), ["review_next_event_at"], unique=False
        )

    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("quiet", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_column("quiet")

    with op.batch_alter_table("child", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_child_review_next_event_at"))
        batch_op.drop_index(batch_op.f("ix_child_review_due_on"))
        batch_op.drop_index(batch_op.f("ix_child_next_checkin_at"))
        batch_op.drop_column("next_checkin_at")
        batch_op.drop_column("review_alerted_on")
        batch_op.drop_column("review_next_event_at")
        batch_op.drop_column("review_due_on")

    with op.batch_alter_table("rating", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rating_intervention_id"))
        batch_op.drop_index("ix_rating_child_created")

    op.drop_table("rating")
    with op.batch_alter_table("review", schema=None) as batch_op:
        batch_op.drop_index("ix_review_child_held")

    op.drop_table("review")
    with op.batch_alter_table("intervention", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_intervention_child_id"))

    op.drop_table("intervention")
    with op.batch_alter_table("checkin", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_checkin_unanswered_at"))
        batch_op.drop_index("ix_checkin_open_unsent")
        batch_op.drop_index("ix_checkin_child_created")

    op.drop_table("checkin")
    op.drop_table("sweepmark")
    with op.batch_alter_table("button", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_button_group_key"))

    op.drop_table("button")
