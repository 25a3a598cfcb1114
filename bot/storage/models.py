"""The tables. Times are stored in UTC; free text is encrypted at rest."""

from datetime import UTC, date, datetime, time
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.types import BigInteger, TypeDecorator
from sqlmodel import Field, SQLModel

from bot.storage.crypto import active_keyring


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in, aware UTC datetimes out, on every database."""

    impl = DateTime(timezone=False)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class EncryptedText(TypeDecorator[str]):
    """Free text, encrypted with the process keyring before it reaches the database."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        return None if value is None else active_keyring().encrypt(value)

    def process_result_value(self, value: str | None, dialect: Dialect) -> str | None:
        return None if value is None else active_keyring().decrypt(value)


def _utc(**kw: Any) -> Any:
    return Field(sa_column=Column(UTCDateTime(), **kw))


def _telegram_id(**kw: Any) -> Any:
    return Field(sa_column=Column(BigInteger(), **kw))


class Role(StrEnum):
    MANAGER = "manager"
    WORKER = "worker"
    CHILD = "child"


class RiskLevel(StrEnum):
    NONE = "none"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


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
    telegram_user_id: int | None = _telegram_id(nullable=True, unique=True)
    created_at: datetime = _utc(nullable=False)
    closed_at: datetime | None = _utc(nullable=True)
    erased_at: datetime | None = _utc(nullable=True)
    # What falls due, as columns the sweeps read through indexes (rules: bot/rules/timing.py).
    review_due_on: date | None = Field(default=None, index=True)
    review_next_event_at: datetime | None = _utc(nullable=True, index=True)
    review_alerted_on: date | None = None
    next_checkin_at: datetime | None = _utc(nullable=True, index=True)


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


class Direction(StrEnum):
    FROM_CHILD = "from_child"
    TO_CHILD = "to_child"


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


class Intervention(SQLModel, table=True):
    """A piece of help for a child; whether it is helping is asked again and again."""

    id: int | None = Field(default=None, primary_key=True)
    child_id: int = Field(foreign_key="child.id", index=True)
    title: str = Field(sa_column=Column(EncryptedText(), nullable=False))
    started_by: int = Field(foreign_key="staff.id")
    started_at: datetime = _utc(nullable=False)
    ended_at: datetime | None = _utc(nullable=True)


class Rater(StrEnum):
    CHILD = "child"
    WORKER = "worker"


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


class CheckInStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    UNANSWERED = "unanswered"
    SUPERSEDED = "superseded"


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


class Button(SQLModel, table=True):
    """An inline button's callback data is this opaque token; what it means stays here."""

    token: str = Field(sa_column=Column(String(32), primary_key=True))
    telegram_user_id: int = _telegram_id(nullable=False)
    group_key: str = Field(sa_column=Column(String(80), nullable=False, index=True))
    action: str = Field(sa_column=Column(String(32), nullable=False))
    data: str = Field(sa_column=Column(EncryptedText(), nullable=False))
    expires_at: datetime = _utc(nullable=False)
    used_at: datetime | None = _utc(nullable=True)
    # A button asked by an open conversation works only while that conversation is at this step.
    conversation_id: int | None = Field(default=None, sa_column=Column(Integer, nullable=True))
    step: str | None = Field(default=None, sa_column=Column(String(32), nullable=True))


class SweepMark(SQLModel, table=True):
    """The last local day a once-a-day sweep (the digest) ran, so a restart does not repeat it."""

    name: str = Field(sa_column=Column(String(32), primary_key=True))
    day: date


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    UNDELIVERABLE = "undeliverable"  # the person blocked the bot
    SET_ASIDE = "set_aside"  # could never be sent as it is; kept with the reason
    WITHDRAWN = "withdrawn"  # its recipient's access ended before it went


class Outbox(SQLModel, table=True):
    """Every message the bot means to send. The dedupe key makes a second write harmless."""

    __table_args__ = (
        Index("ix_outbox_due", "status", "priority", "not_before"),
        Index("ix_outbox_sent_message", "chat_id", "sent_message_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    dedupe_key: str = Field(sa_column=Column(String(200), nullable=False, unique=True))
    chat_id: int = _telegram_id(nullable=False)
    method: str = Field(sa_column=Column(String(32), nullable=False))
    payload: str | None = Field(default=None, sa_column=Column(EncryptedText(), nullable=True))
    priority: int = 50
    quiet: bool = False  # bot-started, towards a child: held back during quiet hours
    status: str = Field(default=OutboxStatus.PENDING, sa_column=Column(String(16), nullable=False))
    child_id: int | None = Field(default=None, foreign_key="child.id")
    # A staff member's Telegram reply to this message goes to the child (`child_id`): it carries
    # the child's own words or their call for help.
    answerable: bool = Field(
        default=False, sa_column=Column(Boolean, nullable=False, default=False)
    )
    attempts: int = 0
    not_before: datetime = _utc(nullable=False)
    created_at: datetime = _utc(nullable=False)
    sent_at: datetime | None = _utc(nullable=True)
    sent_message_id: int | None = _telegram_id(nullable=True)
    last_error: str | None = Field(default=None, sa_column=Column(String(200), nullable=True))


class Conversation(SQLModel, table=True):
    """The one question the bot is waiting on from a person: which command asked it, the step
    it is at, the child it concerns, the message that asked, and when it lapses."""

    __table_args__ = {"sqlite_autoincrement": True}  # an id is never used again by a later one

    id: int | None = Field(default=None, primary_key=True)
    telegram_user_id: int = _telegram_id(nullable=False, unique=True)
    kind: str = Field(sa_column=Column(String(32), nullable=False))
    step: str = Field(sa_column=Column(String(32), nullable=False))
    child_id: int | None = Field(default=None, foreign_key="child.id", index=True)
    asked_key: str | None = Field(default=None, sa_column=Column(String(200), nullable=True))
    state: str = Field(sa_column=Column(EncryptedText(), nullable=False))
    started_at: datetime = _utc(nullable=False)
    expires_at: datetime = _utc(nullable=False, index=True)


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


class RiskGrade(StrEnum):
    """The police grading of a missing episode."""

    NO_APPARENT = "no_apparent"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


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
