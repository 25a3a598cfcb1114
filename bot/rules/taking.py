"""Taking a call for help and closing the loop: the first of those who hold the alert, and can
still answer the child, takes it; whoever took it marks it resolved with a short note
(encrypted). Both are audited."""

from datetime import datetime, timedelta

from sqlalchemy import update
from sqlmodel import Session, col, select

from bot.outbox.queue import Outgoing, Priority, enqueue, tell
from bot.rules import access, audit
from bot.rules.buttons import Choice, keyboard
from bot.rules.casework import current_worker
from bot.rules.urgent import RESOLVE, holders, holds
from bot.storage.models import Alert, Child, Staff
from bot.wording import texts
from bot.wording.language import speaking


def acknowledge(session: Session, alert_id: int, staff: Staff, now: datetime) -> bool:
    """The first of those who hold it, and can answer the child, to acknowledge takes it; the
    child is told who has it, the others who took it. Taking it is one conditional update, so
    two presses at once, or a press and the escalation sweep, can never both win."""
    alert = session.get(Alert, alert_id)
    child = session.get(Child, alert.child_id) if alert else None
    if alert is None or child is None or child.id is None or staff.id is None:
        return False
    person = access.person_of(staff)
    if not holds(session, alert_id, staff.id) or not access.may_answer(
        session, person, child.id, now
    ):
        return False
    taken = session.exec(
        update(Alert)
        .where(col(Alert.id) == alert_id, col(Alert.acknowledged_at).is_(None))
        .values(acknowledged_at=now, acknowledged_by=staff.id, escalate_at=None)
    )
    if not taken.rowcount:
        return False
    session.refresh(alert)
    _audit(session, child, staff, "took the call for help", now)
    if child.telegram_user_id is not None:
        worker = None if child.closed_at else current_worker(session, child.id)
        with speaking(child.language):
            template = texts.ACK_TO_CHILD if worker == staff else texts.ACK_TO_CHILD_TEAM
            text = template.format(name=staff.name)
        enqueue(
            session,
            chat_id=child.telegram_user_id,
            key=f"alert:{alert_id}:taken:child:{staff.id}",
            outgoing=Outgoing.text(text),
            now=now,
            priority=Priority.URGENT,
        )
    tell(
        session,
        [holder for holder in holders(session, alert, now) if holder.id != staff.id],
        key=f"alert:{alert_id}:ack:{staff.id}",
        outgoing=lambda: Outgoing.text(
            texts.ACKNOWLEDGED.format(name=staff.name, alias=child.alias)
        ),
        now=now,
        priority=Priority.URGENT,
        child_id=child.id,
    )
    assert staff.telegram_user_id is not None
    markup = keyboard(
        session,
        telegram_user_id=staff.telegram_user_id,
        group_key=f"alert:{alert_id}:resolve:{staff.id}",
        rows=[[Choice(texts.RESOLVE_BUTTON, RESOLVE, {"alert": alert_id}, reusable=True)]],
        now=now,
        lifetime=timedelta(days=30),
    )
    enqueue(
        session,
        chat_id=staff.telegram_user_id,
        key=f"alert:{alert_id}:taken:{staff.id}",
        outgoing=Outgoing.text(texts.TAKEN.format(alias=child.alias), reply_markup=markup),
        now=now,
        priority=Priority.URGENT,
        child_id=child.id,
    )
    return True


def waiting_for_help(session: Session, child_id: int) -> bool:
    """Whether a call for help of this child's waits for someone to take it."""
    waiting = select(Alert.id).where(
        Alert.child_id == child_id,
        col(Alert.acknowledged_at).is_(None),
        col(Alert.resolved_at).is_(None),
    )
    return session.exec(waiting).first() is not None


def taken_by(session: Session, alert_id: int) -> str | None:
    """The name of whoever took the alert, if someone has."""
    alert = session.get(Alert, alert_id)
    taker = session.get(Staff, alert.acknowledged_by) if alert and alert.acknowledged_by else None
    return taker.name if taker is not None else None


def resolve(session: Session, alert_id: int, staff: Staff, note: str, now: datetime) -> bool:
    """Close the loop: what was done, in a short note (encrypted), by someone who held it."""
    alert = session.get(Alert, alert_id)
    child = session.get(Child, alert.child_id) if alert else None
    if alert is None or child is None or alert.acknowledged_at is None:
        return False
    if alert.resolved_at is not None or staff.id is None or not holds(session, alert_id, staff.id):
        return False
    alert.resolved_at, alert.resolved_by, alert.resolution = now, staff.id, note
    session.add(alert)
    _audit(session, child, staff, "resolved the call for help", now)
    session.flush()
    return True


def _audit(session: Session, child: Child, staff: Staff, action: str, now: datetime) -> None:
    assert staff.id is not None
    audit.record(
        session,
        team_id=child.team_id,
        child_id=child.id,
        actor=audit.staff_actor(staff.role, staff.id),
        action=action,
        now=now,
    )
