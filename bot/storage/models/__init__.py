"""The tables, by what they hold. Times are stored in UTC; free text is encrypted at rest."""

from bot.storage.models.casework import (
    CheckIn,
    Episode,
    Intervention,
    Message,
    MissingReason,
    Rating,
    ReturnInterview,
    Review,
)
from bot.storage.models.machinery import Button, Conversation, Notice, Outbox, SweepMark
from bot.storage.models.people import AuditEvent, Child, Invite, InviteAttempt, Pairing, Staff, Team
from bot.storage.models.types import (
    CheckInStatus,
    Direction,
    EncryptedText,
    OutboxStatus,
    Rater,
    RiskGrade,
    RiskLevel,
    Role,
    UTCDateTime,
)
from bot.storage.models.urgent import Alert, AlertHolder, DutyHold, DutySlot

__all__ = [
    "Alert",
    "AlertHolder",
    "AuditEvent",
    "Button",
    "CheckIn",
    "CheckInStatus",
    "Child",
    "Conversation",
    "Direction",
    "DutyHold",
    "DutySlot",
    "EncryptedText",
    "Episode",
    "Intervention",
    "Invite",
    "InviteAttempt",
    "Message",
    "MissingReason",
    "Notice",
    "Outbox",
    "OutboxStatus",
    "Pairing",
    "Rater",
    "Rating",
    "ReturnInterview",
    "Review",
    "RiskGrade",
    "RiskLevel",
    "Role",
    "Staff",
    "SweepMark",
    "Team",
    "UTCDateTime",
]
