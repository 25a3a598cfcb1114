"""Urgent help. The child gets the emergency numbers at once; their worker and the team's
managers get an alert that jumps the outbox queue and ignores quiet hours. A manager
acknowledges it with a button; unacknowledged after 15 minutes, it goes to every manager again.
"""

import re
import unicodedata
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlmodel import Session, col, select

from bot import texts
from bot.buttons import Choice, keyboard
from bot.casework import current_worker, managers_of
from bot.models import Alert, Child, Staff
from bot.outbox import Outgoing, Priority, enqueue, tell

ESCALATE_AFTER = timedelta(minutes=15)
ACK = "ack"
_NOT_WORDS = re.compile(r"[^\w']+|_+")  # "help_me now" is three words too


def _words(value: str) -> str:
    """Lower-case words between single spaces, without invisible format characters."""
    visible = "".join(ch for ch in value if unicodedata.category(ch) != "Cf")
    plain = visible.casefold().replace("\N{RIGHT SINGLE QUOTATION MARK}", "'")
    return " " + _NOT_WORDS.sub(" ", plain).strip() + " "


def sounds_urgent(text: str, phrases: list[str]) -> bool:
    """Whether the words contain one of the configured phrases, as whole words, any case."""
    said = _words(text)
    return any(_words(phrase) in said for phrase in phrases if phrase.strip())


def raise_alarm(session: Session, child: Child, source: str, now: datetime) -> Alert:
    """The child gets the emergency numbers and is told truly who has been alerted: their
    worker and the team's managers (only the managers while they have no worker, or their case
    is closed)."""
    assert child.id is not None and child.telegram_user_id is not None
    alert = Alert(child_id=child.id, source=source, raised_at=now, escalate_at=now + ESCALATE_AFTER)
    session.add(alert)
    session.flush()
    worker = None if child.closed_at else current_worker(session, child.id)
    told = [worker] if worker else managers_of(session, child.team_id)
    enqueue(
        session,
        chat_id=child.telegram_user_id,
        key=f"alert:{alert.id}:child",
        outgoing=Outgoing.text(
            texts.URGENT_TO_CHILD.format(told=texts.names([p.name for p in told]))
            if told
            else texts.URGENT_TO_CHILD_NOBODY
        ),
        now=now,
        priority=Priority.URGENT,
    )
    if worker is not None and worker.telegram_user_id is not None:
        enqueue(
            session,
            chat_id=worker.telegram_user_id,
            key=f"alert:{alert.id}:{worker.id}",
            outgoing=Outgoing.text(texts.URGENT_ALERT.format(alias=child.alias)),
            now=now,
            priority=Priority.URGENT,
            child_id=child.id,
            answerable=True,
        )
    _to_managers(session, child, alert, texts.URGENT_ALERT, "raised", now)
    return alert


def _to_managers(
    session: Session, child: Child, alert: Alert, template: str, stage: str, now: datetime
) -> None:
    for manager in managers_of(session, child.team_id):
        assert manager.telegram_user_id is not None
        markup = keyboard(
            session,
            telegram_user_id=manager.telegram_user_id,
            group_key=f"alert:{alert.id}:{stage}:{manager.id}",
            rows=[[Choice(texts.ACK_BUTTON, ACK, {"alert": alert.id})]],
            now=now,
        )
        enqueue(
            session,
            chat_id=manager.telegram_user_id,
            key=f"alert:{alert.id}:{stage}:{manager.id}",
            outgoing=Outgoing.text(template.format(alias=child.alias), reply_markup=markup),
            now=now,
            priority=Priority.URGENT,
            child_id=child.id,
            answerable=True,
        )


def acknowledge(session: Session, alert_id: int, manager: Staff, now: datetime) -> bool:
    """The first manager to acknowledge takes it; the worker and the other managers are told.

    Taking it is one conditional update, so two presses at once, or a press and the
    escalation sweep, can never both win."""
    alert = session.get(Alert, alert_id)
    child = session.get(Child, alert.child_id) if alert else None
    if alert is None or child is None or child.team_id != manager.team_id:
        return False
    taken = session.exec(
        update(Alert)
        .where(col(Alert.id) == alert_id, col(Alert.acknowledged_at).is_(None))
        .values(acknowledged_at=now, acknowledged_by=manager.id, escalate_at=None)
    )
    if not taken.rowcount:
        return False
    session.refresh(alert)
    worker = current_worker(session, alert.child_id)
    told = [*managers_of(session, child.team_id), *([worker] if worker else [])]
    note = texts.ACKNOWLEDGED.format(name=manager.name, alias=child.alias)
    tell(
        session,
        told,
        key=f"alert:{alert.id}:ack",
        outgoing=Outgoing.text(note),
        now=now,
        priority=Priority.URGENT,
        child_id=child.id,
    )
    return True


def escalate_unacknowledged(session: Session, now: datetime, limit: int) -> int:
    """Alerts nobody acknowledged in 15 minutes go again to every manager of the team. An alert
    someone is acknowledging at this moment is locked and skipped: it is theirs."""
    alerts = session.exec(
        select(Alert)
        .where(col(Alert.escalate_at) <= now, col(Alert.acknowledged_at).is_(None))
        .limit(limit)
        .with_for_update(skip_locked=True)
    ).all()
    for alert in alerts:
        child = session.get(Child, alert.child_id)
        alert.escalate_at = None
        session.add(alert)
        if child is not None:
            _to_managers(session, child, alert, texts.URGENT_AGAIN, "again", now)
    return len(alerts)
