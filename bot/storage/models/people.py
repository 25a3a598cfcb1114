"""Teams, staff, children, who is paired with whom, invites, and the audit log."""

from datetime import date, datetime, time

from sqlalchemy import (
    Column,
    Index,
    String,
    UniqueConstraint,
    text,
)
from sqlmodel import Field, SQLModel

from bot.storage.models.types import RiskLevel, _telegram_id, _utc


class Team(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_column=Column(String(100), nullable=False, unique=True))
    created_at: datetime = _utc(nullable=False)


class Staff(SQLModel, table=True):
    """A manager or a trusted worker, called by the name they were invited with."""

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id", index=True)
    role: str = Field(sa_column=Column(String(16), nullable=False))
    name: str = Field(sa_column=Column(String(100), nullable=False))
    telegram_user_id: int | None = _telegram_id(nullable=True, unique=True)
    active: bool = True
    language: str = Field(default="en", sa_column=Column(String(8), nullable=False))
    language_asked: bool = False  # asked which language they read (when they joined, or since)
    created_at: datetime = _utc(nullable=False)
    # Working hours: ISO weekdays (1 = Monday) as digits, and local start and end times.
    work_days: str = Field(default="12345", sa_column=Column(String(7), nullable=False))
    work_from: time = time(9, 0)
    work_until: time = time(17, 0)
    on_duty: bool = False  # the team's duty contact: gets a copy of messages out of hours


class Child(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("team_id", "alias_key", name="uq_child_team_alias"),
        # Closed cases not yet erased: the retention sweep reads only these.
        Index(
            "ix_child_awaiting_purge",
            "closed_at",
            sqlite_where=text("closed_at IS NOT NULL AND erased_at IS NULL"),
            postgresql_where=text("closed_at IS NOT NULL AND erased_at IS NULL"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id", index=True)
    alias: str = Field(sa_column=Column(String(32), nullable=False))
    alias_key: str = Field(sa_column=Column(String(32), nullable=False))
    risk_level: str = Field(default=RiskLevel.NONE, sa_column=Column(String(8), nullable=False))
    language: str = Field(default="en", sa_column=Column(String(8), nullable=False))
    language_asked: bool = False  # asked which language they read (when they joined, or since)
    telegram_user_id: int | None = _telegram_id(nullable=True, unique=True)
    created_at: datetime = _utc(nullable=False)
    closed_at: datetime | None = _utc(nullable=True)
    erased_at: datetime | None = _utc(nullable=True)
    # What falls due, as columns the sweeps read through indexes (rules: bot/rules/timing.py).
    review_due_on: date | None = Field(default=None, index=True)
    review_next_event_at: datetime | None = _utc(nullable=True, index=True)
    review_alerted_on: date | None = None
    next_checkin_at: datetime | None = _utc(nullable=True, index=True)
    # The day (0 Monday) and time the child chose for check-ins; unset: the contract's default.
    checkin_weekday: int | None = None
    checkin_time: time | None = None


class Pairing(SQLModel, table=True):
    """One stretch of a child with one trusted worker; continuity is measured from these rows."""

    __table_args__ = (Index("ix_pairing_child_current", "child_id", "ended_at"),)

    id: int | None = Field(default=None, primary_key=True)
    child_id: int = Field(foreign_key="child.id")
    worker_id: int = Field(foreign_key="staff.id", index=True)
    started_at: datetime = _utc(nullable=False)
    ended_at: datetime | None = _utc(nullable=True)
    end_reason: str | None = Field(default=None, sa_column=Column(String(200), nullable=True))


class Invite(SQLModel, table=True):
    """A one-time invite. Only the SHA-256 of the code is kept."""

    id: int | None = Field(default=None, primary_key=True)
    code_hash: str = Field(sa_column=Column(String(64), nullable=False, unique=True))
    role: str = Field(sa_column=Column(String(16), nullable=False))
    team_id: int = Field(foreign_key="team.id", index=True)
    staff_id: int | None = Field(default=None, foreign_key="staff.id")
    child_id: int | None = Field(default=None, foreign_key="child.id")
    created_by_staff_id: int | None = Field(default=None, foreign_key="staff.id")
    created_at: datetime = _utc(nullable=False)
    expires_at: datetime = _utc(nullable=False)
    used_at: datetime | None = _utc(nullable=True)
    used_by_telegram_id: int | None = _telegram_id(nullable=True)


class InviteAttempt(SQLModel, table=True):
    """A code that did not work, kept an hour to stop guessing."""

    __table_args__ = (Index("ix_inviteattempt_user_at", "telegram_user_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    telegram_user_id: int = _telegram_id(nullable=False)
    at: datetime = _utc(nullable=False)


class AuditEvent(SQLModel, table=True):
    """Who read or changed a child's record, what, and when. Holds no free text."""

    __table_args__ = (Index("ix_auditevent_child_at", "child_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = _utc(nullable=False)
    team_id: int = Field(foreign_key="team.id")
    child_id: int | None = Field(default=None, foreign_key="child.id")
    actor: str = Field(sa_column=Column(String(120), nullable=False))
    action: str = Field(sa_column=Column(String(40), nullable=False))
