"""Column types (UTC times, encrypted free text) and the fixed vocabularies of the tables."""

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    Column,
    DateTime,
    Text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.types import BigInteger, TypeDecorator
from sqlmodel import Field

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


class Direction(StrEnum):
    FROM_CHILD = "from_child"
    TO_CHILD = "to_child"


class Rater(StrEnum):
    CHILD = "child"
    WORKER = "worker"


class CheckInStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    UNANSWERED = "unanswered"
    SUPERSEDED = "superseded"


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    UNDELIVERABLE = "undeliverable"  # the person blocked the bot
    SET_ASIDE = "set_aside"  # could never be sent as it is; kept with the reason
    WITHDRAWN = "withdrawn"  # its recipient's access ended before it went


class RiskGrade(StrEnum):
    """The police grading of a missing episode."""

    NO_APPARENT = "no_apparent"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
