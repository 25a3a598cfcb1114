"""the urgent ladder: who holds each alert, its rounds and resolution; the duty rota, and
what the duty contact may answer

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 12:17:46.700571

Alerts raised before this are held by their team's managers, who alone could take them then,
and count as raised in hours with cover in the Board's figures (nothing else was recorded). One
still waiting to be taken climbs the ladder again at once: it may have been sent again only
once before.
"""

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


DAY = timedelta(days=1)


def _utc_naive(moment: datetime) -> datetime:
    """As the tables store times: UTC, without a zone."""
    return moment.astimezone(UTC).replace(tzinfo=None)


def upgrade() -> None:
    op.create_table(
        "dutyslot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("days", sa.String(length=7), nullable=False),
        sa.Column("starts", sa.Time(), nullable=False),
        sa.Column("ends", sa.Time(), nullable=False),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"]),
        sa.ForeignKeyConstraint(["team_id"], ["team.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("dutyslot", schema=None) as batch_op:
        batch_op.create_index("ix_dutyslot_team_id", ["team_id"], unique=False)

    op.create_table(
        "dutyhold",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("until", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["child_id"], ["child.id"]),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("staff_id", "child_id", name="uq_dutyhold"),
    )
    with op.batch_alter_table("dutyhold", schema=None) as batch_op:
        batch_op.create_index("ix_dutyhold_child_id", ["child_id"], unique=False)
        batch_op.create_index("ix_dutyhold_staff_id", ["staff_id"], unique=False)

    op.create_table(
        "alertholder",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("alert_id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("as_duty", sa.Boolean(), nullable=False),
        sa.Column("since", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["alert_id"], ["alert.id"]),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("alert_id", "staff_id", name="uq_alertholder"),
    )
    with op.batch_alter_table("alertholder", schema=None) as batch_op:
        batch_op.create_index("ix_alertholder_alert_id", ["alert_id"], unique=False)
        batch_op.create_index("ix_alertholder_staff_id", ["staff_id"], unique=False)

    with op.batch_alter_table("alert", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("out_of_hours", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(
            sa.Column("covered", sa.Boolean(), nullable=False, server_default=sa.true())
        )
        batch_op.add_column(sa.Column("rounds", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("asked", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("resolved_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("resolved_by", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("resolution", sa.Text(), nullable=True))
        batch_op.create_foreign_key("fk_alert_resolved_by", "staff", ["resolved_by"], ["id"])
    # After the alert table is rebuilt (SQLite), since the holders point at it.
    op.execute(
        "INSERT INTO alertholder (alert_id, staff_id, as_duty, since) "
        "SELECT alert.id, staff.id, false, alert.raised_at FROM alert "
        "JOIN child ON child.id = alert.child_id "
        "JOIN staff ON staff.team_id = child.team_id AND staff.role = 'manager'"
    )
    op.get_bind().execute(
        sa.text(
            "UPDATE alert SET escalate_at = :now "
            "WHERE acknowledged_at IS NULL AND escalate_at IS NULL AND raised_at > :since"
        ),
        {"now": _utc_naive(datetime.now(UTC)), "since": _utc_naive(datetime.now(UTC) - DAY)},
    )

    with op.batch_alter_table("message", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("uncovered", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("message", schema=None) as batch_op:
        batch_op.alter_column("uncovered", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("message", schema=None) as batch_op:
        batch_op.drop_column("uncovered")
    with op.batch_alter_table("alert", schema=None) as batch_op:
        batch_op.drop_constraint("fk_alert_resolved_by", type_="foreignkey")
        for column in ("resolution", "resolved_by", "resolved_at", "asked", "rounds", "covered"):
            batch_op.drop_column(column)
        batch_op.drop_column("out_of_hours")
    with op.batch_alter_table("alertholder", schema=None) as batch_op:
        batch_op.drop_index("ix_alertholder_staff_id")
        batch_op.drop_index("ix_alertholder_alert_id")
    op.drop_table("alertholder")
    with op.batch_alter_table("dutyhold", schema=None) as batch_op:
        batch_op.drop_index("ix_dutyhold_staff_id")
        batch_op.drop_index("ix_dutyhold_child_id")
    op.drop_table("dutyhold")
    with op.batch_alter_table("dutyslot", schema=None) as batch_op:
        batch_op.drop_index("ix_dutyslot_team_id")
    op.drop_table("dutyslot")
