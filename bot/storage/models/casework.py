"""What happens in a child's case: messages, help and how it is going, reviews, check-ins,
missing episodes and return home interviews."""

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Column,
    Index,
    Integer,
    String,
    text,
)
from sqlmodel import Field, SQLModel

from bot.storage.models.types import CheckInStatus, EncryptedText, _utc


class Message(SQLModel, table=True):
    """A message between a child and their worker, stored before it is delivered."""

    __table_args__ = (
        Index("ix_message_child_created", "child_id", "created_at"),
        Index(
            "ix_message_not_relayed",
            "created_at",
            sqlite_where=text("relayed_at IS NULL"),
            postgresql_where=text("relayed_at IS NULL"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    source_key: str = Field(sa_column=Column(String(80), nullable=False, unique=True))
    child_id: int = Field(foreign_key="child.id")
    worker_id: int | None = Field(default=None, foreign_key="staff.id")
    direction: str = Field(sa_column=Column(String(16), nullable=False))
    kind: str = Field(sa_column=Column(String(16), nullable=False))
    body: str | None = Field(default=None, sa_column=Column(EncryptedText(), nullable=True))
    telegram_file_id: str | None = Field(default=None, sa_column=Column(String(255), nullable=True))
    edited: bool = False
    created_at: datetime = _utc(nullable=False)
    # A child's message is stored before it is passed on; until `relayed_at` is set a sweep
    # keeps trying, so a failure half way never loses it.
    relayed_at: datetime | None = _utc(nullable=True)
    relay_attempts: int = Field(default=0, sa_column=Column(Integer, nullable=False, default=0))
    # Written out of the worker's hours when nobody was on duty: the morning digest says so.
    uncovered: bool = Field(default=False, sa_column=Column(Boolean, nullable=False, default=False))
    # When staff first replied to the child's message or pressed "Seen": the receipt says so.
    seen_at: datetime | None = _utc(nullable=True)


class Intervention(SQLModel, table=True):
    """A piece of help for a child; whether it is helping is asked again and again."""

    id: int | None = Field(default=None, primary_key=True)
    child_id: int = Field(foreign_key="child.id", index=True)
    title: str = Field(sa_column=Column(EncryptedText(), nullable=False))
    started_by: int = Field(foreign_key="staff.id")
    started_at: datetime = _utc(nullable=False)
    ended_at: datetime | None = _utc(nullable=True)


class Rating(SQLModel, table=True):
    """One answer to "is it helping?", from the child or the worker, with when it was given."""

    __table_args__ = (Index("ix_rating_child_created", "child_id", "created_at"),)

    id: int | None = Field(default=None, primary_key=True)
    child_id: int = Field(foreign_key="child.id")
    intervention_id: int | None = Field(default=None, foreign_key="intervention.id", index=True)
    review_id: int | None = Field(default=None, foreign_key="review.id")
    checkin_id: int | None = Field(default=None, foreign_key="checkin.id")
    rater: str = Field(sa_column=Column(String(8), nullable=False))
    value: str = Field(sa_column=Column(String(16), nullable=False))
    created_at: datetime = _utc(nullable=False)


class Review(SQLModel, table=True):
    """A progress review: never without the child's view or the reason it could not be had."""

    __table_args__ = (Index("ix_review_child_held", "child_id", "held_at"),)

    id: int | None = Field(default=None, primary_key=True)
    child_id: int = Field(foreign_key="child.id")
    worker_id: int = Field(foreign_key="staff.id")
    held_at: datetime = _utc(nullable=False)
    child_view: str | None = Field(default=None, sa_column=Column(EncryptedText(), nullable=True))
    no_view_reason: str | None = Field(
        default=None, sa_column=Column(EncryptedText(), nullable=True)
    )
    due_on: date | None = None  # the due date this review answered: "on time" is held <= it
    next_due_on: date
    next_due_chosen: bool = False


class CheckIn(SQLModel, table=True):
    """One check-in with a child: prompted by the bot every week, or started by the child."""

    __table_args__ = (
        Index("ix_checkin_child_created", "child_id", "created_at"),
        Index("ix_checkin_open_unsent", "status", "prompt_sent_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    child_id: int = Field(foreign_key="child.id")
    status: str = Field(default=CheckInStatus.OPEN, sa_column=Column(String(12), nullable=False))
    prompt_key: str | None = Field(default=None, sa_column=Column(String(200), nullable=True))
    prompt_sent_at: datetime | None = _utc(nullable=True)
    unanswered_at: datetime | None = _utc(nullable=True, index=True)
    mood: str | None = Field(default=None, sa_column=Column(String(12), nullable=True))
    difference: str | None = Field(default=None, sa_column=Column(String(12), nullable=True))
    comment: str | None = Field(default=None, sa_column=Column(EncryptedText(), nullable=True))
    created_at: datetime = _utc(nullable=False)
    answered_at: datetime | None = _utc(nullable=True)


class Episode(SQLModel, table=True):
    """A time when the child's whereabouts were not known, and the return interview after it."""

    __table_args__ = (Index("ix_episode_child_opened", "child_id", "opened_at"),)

    id: int | None = Field(default=None, primary_key=True)
    child_id: int = Field(foreign_key="child.id")
    team_id: int = Field(foreign_key="team.id", index=True)
    opened_by: int = Field(foreign_key="staff.id")
    opened_at: datetime = _utc(nullable=False)
    risk_grade: str | None = Field(default=None, sa_column=Column(String(12), nullable=True))
    returned_at: datetime | None = _utc(nullable=True)
    rhi_due_at: datetime | None = _utc(nullable=True)  # 72 hours after the return
    rhi_next_event_at: datetime | None = _utc(nullable=True, index=True)
    rhi_done_at: datetime | None = _utc(nullable=True)


class ReturnInterview(SQLModel, table=True):
    """The return home interview: offered, accepted or declined; who did it; why the child left;
    and the child's own words, shown at their next review."""

    id: int | None = Field(default=None, primary_key=True)
    episode_id: int = Field(foreign_key="episode.id", index=True)
    child_id: int = Field(foreign_key="child.id", index=True)
    worker_id: int = Field(foreign_key="staff.id")
    held_at: datetime = _utc(nullable=False)
    outcome: str = Field(sa_column=Column(String(12), nullable=False))
    independent: bool = False
    other_reason: str | None = Field(default=None, sa_column=Column(EncryptedText(), nullable=True))
    child_words: str | None = Field(default=None, sa_column=Column(EncryptedText(), nullable=True))


class MissingReason(SQLModel, table=True):
    """One reason a child gave for going missing (push or pull), for the Board's counts."""

    id: int | None = Field(default=None, primary_key=True)
    interview_id: int = Field(foreign_key="returninterview.id", index=True)
    team_id: int = Field(foreign_key="team.id", index=True)
    reason: str = Field(sa_column=Column(String(24), nullable=False))
    held_at: datetime = _utc(nullable=False)
