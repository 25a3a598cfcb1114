"""Urgent help: the child gets the emergency numbers at once; their worker and the team's
managers get an alert that jumps the outbox queue and ignores quiet hours."""

from datetime import datetime

from sqlmodel import Session

from bot import texts
from bot.casework import current_worker, managers_of
from bot.models import Child
from bot.outbox import Outgoing, Priority, enqueue


def raise_alarm(session: Session, child: Child, key: str, now: datetime) -> None:
    assert child.id is not None and child.telegram_user_id is not None
    worker = current_worker(session, child.id)
    worker_name = worker.name if worker else "Your worker"
    enqueue(
        session,
        chat_id=child.telegram_user_id,
        key=f"urgent:{key}:child",
        outgoing=Outgoing.text(texts.URGENT_TO_CHILD.format(worker=worker_name)),
        now=now,
        priority=Priority.URGENT,
    )
    staff = [worker] if worker else []
    staff += [m for m in managers_of(session, child.team_id) if m not in staff]
    for person in staff:
        if person.telegram_user_id is not None:
            enqueue(
                session,
                chat_id=person.telegram_user_id,
                key=f"urgent:{key}:{person.id}",
                outgoing=Outgoing.text(texts.URGENT_ALERT.format(alias=child.alias)),
                now=now,
                priority=Priority.URGENT,
                child_id=child.id,
            )
