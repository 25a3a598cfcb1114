"""The bot's own working state: buttons, sweep marks, the outbox and open conversations."""

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Column,
    Index,
    Integer,
    String,
)
from sqlmodel import Field, SQLModel

from bot.storage.models.types import EncryptedText, OutboxStatus, _telegram_id, _utc


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


class Notice(SQLModel, table=True):
    """A staff notice the sweeps raised (a reminder, an overdue item, an unanswered check-in),
    waiting to go out: those for one person at one moment go as one message."""

    __table_args__ = (Index("ix_notice_unsent", "sent_at", "chat_id"),)

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(sa_column=Column(String(200), nullable=False, unique=True))
    chat_id: int = _telegram_id(nullable=False)
    team_id: int = Field(foreign_key="team.id")
    child_id: int | None = Field(default=None, foreign_key="child.id")
    urgency: int  # what it is about (`bot.rules.notices.Urgency`): one line a child and urgency
    rank: int  # lower is more urgent (`bot.rules.notices`)
    text: str = Field(sa_column=Column(EncryptedText(), nullable=False))
    command: str | None = Field(default=None, sa_column=Column(String(32), nullable=True))
    created_at: datetime = _utc(nullable=False)
    sent_at: datetime | None = _utc(nullable=True)
