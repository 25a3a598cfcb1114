"""Conversations waiting on a person: a command's missing argument, or a review half done.

They live in the database, so they survive a restart, and they expire.
"""

import json
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session

from bot.models import PendingQuestion

ANSWER_WITHIN = timedelta(minutes=30)


def ask(
    session: Session,
    telegram_user_id: int,
    command: str,
    state: Any,
    now: datetime,
    within: timedelta = ANSWER_WITHIN,
) -> None:
    """Wait for this person's next words (or button) on behalf of `command`."""
    question = session.get(PendingQuestion, telegram_user_id) or PendingQuestion(
        telegram_user_id=telegram_user_id, command=command, collected="null", expires_at=now
    )
    question.command = command
    question.collected = json.dumps(state)
    question.expires_at = now + within
    session.add(question)
    session.flush()


def peek(session: Session, telegram_user_id: int, now: datetime) -> tuple[str, Any] | None:
    """The open question (command and its state), if any and not expired."""
    question = session.get(PendingQuestion, telegram_user_id)
    if question is None or question.expires_at <= now:
        return None
    return question.command, json.loads(question.collected)


def forget(session: Session, telegram_user_id: int) -> bool:
    question = session.get(PendingQuestion, telegram_user_id)
    if question is None:
        return False
    session.delete(question)
    session.flush()
    return True
