"""Questions the bot asked for an argument a person left out; they survive a restart."""

import json
from datetime import datetime, timedelta

from sqlmodel import Session

from bot.models import PendingQuestion

ANSWER_WITHIN = timedelta(minutes=30)


def ask(
    session: Session, telegram_user_id: int, command: str, collected: list[str], now: datetime
) -> None:
    question = session.get(PendingQuestion, telegram_user_id) or PendingQuestion(
        telegram_user_id=telegram_user_id, command=command, collected="[]", expires_at=now
    )
    question.command = command
    question.collected = json.dumps(collected)
    question.expires_at = now + ANSWER_WITHIN
    session.add(question)
    session.flush()


def take(session: Session, telegram_user_id: int, now: datetime) -> tuple[str, list[str]] | None:
    """The open question (command and what was collected so far), removing it; None if none."""
    question = session.get(PendingQuestion, telegram_user_id)
    if question is None:
        return None
    session.delete(question)
    session.flush()
    if question.expires_at <= now:
        return None
    return question.command, list(json.loads(question.collected))


def forget(session: Session, telegram_user_id: int) -> bool:
    question = session.get(PendingQuestion, telegram_user_id)
    if question is None:
        return False
    session.delete(question)
    session.flush()
    return True
