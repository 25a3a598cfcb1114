"""Urgent help and duty cover: alerts, who holds them, duty holds and the rota."""

from datetime import datetime, time

from sqlalchemy import (
    Boolean,
    Column,
    Integer,
    String,
    UniqueConstraint,
)
from sqlmodel import Field, SQLModel

from bot.storage.models.types import EncryptedText, _utc


class Alert(SQLModel, table=True):
    """An urgent call for help: raised by a child, sent again every 15 minutes to everyone who
    holds it until one of them acknowledges it, then marked resolved with a note."""

    id: int | None = Field(default=None, primary_key=True)
    child_id: int = Field(foreign_key="child.id", index=True)
    source: str = Field(sa_column=Column(String(16), nullable=False))
    raised_at: datetime = _utc(nullable=False)
    out_of_hours: bool = Field(
        default=False, sa_column=Column(Boolean, nullable=False, default=False)
    )
    covered: bool = Field(  # out of hours, someone was on duty (always true in hours)
        default=True, sa_column=Column(Boolean, nullable=False, default=True)
    )
    escalate_at: datetime | None = _utc(nullable=True, index=True)
    rounds: int = Field(default=0, sa_column=Column(Integer, nullable=False, default=0))
    asked: int = Field(  # times the child asked again while it waited
        default=0, sa_column=Column(Integer, nullable=False, default=0)
    )
    acknowledged_at: datetime | None = _utc(nullable=True)
    acknowledged_by: int | None = Field(default=None, foreign_key="staff.id")
    resolved_at: datetime | None = _utc(nullable=True)
    resolved_by: int | None = Field(default=None, foreign_key="staff.id")
    resolution: str | None = Field(default=None, sa_column=Column(EncryptedText(), nullable=True))


class AlertHolder(SQLModel, table=True):
    """Someone an urgent alert was sent to: they may acknowledge it, and answer the child."""

    __table_args__ = (UniqueConstraint("alert_id", "staff_id", name="uq_alertholder"),)

    id: int | None = Field(default=None, primary_key=True)
    alert_id: int = Field(foreign_key="alert.id", index=True)
    staff_id: int = Field(foreign_key="staff.id", index=True)
    as_duty: bool = False  # they had it as the duty contact
    since: datetime = _utc(nullable=False)


class DutyHold(SQLModel, table=True):
    """A duty contact heard from this child (a message out of their worker's hours, or an
    alert): they may answer the child until `until`."""

    __table_args__ = (UniqueConstraint("staff_id", "child_id", name="uq_dutyhold"),)

    id: int | None = Field(default=None, primary_key=True)
    staff_id: int = Field(foreign_key="staff.id", index=True)
    child_id: int = Field(foreign_key="child.id", index=True)
    until: datetime = _utc(nullable=False)


class DutySlot(SQLModel, table=True):
    """One line of a team's duty rota: on these days, from `starts` (local time), for the
    stretch until `ends` (the next day when `ends` is not after `starts`), this person is on
    duty."""

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id", index=True)
    staff_id: int = Field(foreign_key="staff.id")
    days: str = Field(sa_column=Column(String(7), nullable=False))
    starts: time
    ends: time
