"""The audit log: who read or changed a child's record, what, and when. It holds ids and
action names only, never free text, and outlives the record it describes."""

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from bot.storage.models import AuditEvent, Staff


def record(
    session: Session,
    *,
    team_id: int,
    child_id: int | None,
    actor: str,
    action: str,
    now: datetime,
) -> None:
    session.add(AuditEvent(at=now, team_id=team_id, child_id=child_id, actor=actor, action=action))


def staff_actor(role: str, staff_id: int) -> str:
    return f"{role}#{staff_id}"


@dataclass(frozen=True)
class Entry:
    at: datetime
    who: str
    action: str


def trail(session: Session, child_id: int) -> list[Entry]:
    """The child's audit trail, oldest first, with staff shown by name."""
    names = {
        f"{s.role}#{s.id}": f"{s.role} {s.name} (#{s.id})" for s in session.exec(select(Staff))
    }
    events = session.exec(
        select(AuditEvent)
        .where(AuditEvent.child_id == child_id)
        .order_by(col(AuditEvent.at), col(AuditEvent.id))
    )
    return [Entry(e.at, names.get(e.actor, e.actor), e.action) for e in events]
