"""The one conversation the bot is waiting on from each person, typed: its kind (the command
that asked), its step, the child it concerns, the message that asked, and when it lapses.

It lives in the database, so it survives a restart. A conversation is read with a row lock, so
the sweep that announces lapsed ones never races a person answering.
"""

import json
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete
from sqlmodel import Session, col, select

from bot.storage.crypto import SecretKeyError
from bot.storage.models import Conversation

log = logging.getLogger(__name__)

ANSWER_WITHIN = timedelta(minutes=30)
PICK = "child"  # the step at which a command that needs a child asks which one
CHECKIN = "checkin"  # a child's check-in, waiting for their words for their worker


@dataclass
class Question:
    """An open conversation as the rules see it; `state` is what it has collected so far."""

    id: int
    user_id: int
    kind: str
    step: str
    child_id: int | None
    state: dict[str, Any]
    asked_key: str | None
    expires_at: datetime

    @property
    def alias(self) -> str:
        return str(self.state.get("alias", ""))

    def lapsed(self, now: datetime) -> bool:
        return self.expires_at <= now


def silent(question: Question) -> bool:
    """A child's check-in question ends without a word: nothing they write is ever lost (their
    words always reach their worker), and telling a child it lapsed would only nag."""
    return question.kind == CHECKIN


def _question(row: Conversation) -> Question:
    assert row.id is not None
    return Question(
        row.id,
        row.telegram_user_id,
        row.kind,
        row.step,
        row.child_id,
        json.loads(row.state),
        row.asked_key,
        row.expires_at,
    )


def current(session: Session, user_id: int) -> Question | None:
    """The person's open conversation, lapsed or not (the caller announces a lapsed one). One
    that can no longer be read (its key was dropped) is ended, so the person can go on."""
    try:
        row = session.exec(
            select(Conversation).where(Conversation.telegram_user_id == user_id).with_for_update()
        ).first()
    except SecretKeyError:
        log.error("an unreadable conversation of user %s ended", user_id)
        session.exec(delete(Conversation).where(col(Conversation.telegram_user_id) == user_id))
        return None
    return _question(row) if row is not None else None


def save(
    session: Session,
    user_id: int,
    *,
    kind: str,
    step: str,
    child_id: int | None,
    state: dict[str, Any],
    now: datetime,
    within: timedelta = ANSWER_WITHIN,
) -> Question:
    """Open a conversation, or move the person's open one of the same kind to `step`.

    Opening one replaces whatever else was open; the caller has already said so."""
    found = current(session, user_id)
    if found is not None and found.kind != kind:
        end(session, found)
        found = None
    row = session.get(Conversation, found.id) if found is not None else None
    if row is None:
        row = Conversation(
            telegram_user_id=user_id,
            kind=kind,
            step=step,
            state="{}",
            started_at=now,
            expires_at=now,
        )
    row.step, row.child_id = step, child_id
    row.state = json.dumps(state)
    row.expires_at = now + within
    session.add(row)
    session.flush()
    return _question(row)


def note_asked(session: Session, question: Question, asked_key: str) -> None:
    """Remember the outbox key of the message that asked, to answer it when it lapses."""
    row = session.get(Conversation, question.id)
    if row is not None:
        row.asked_key = question.asked_key = asked_key
        session.add(row)
        session.flush()


def end(session: Session, question: Question) -> None:
    session.exec(delete(Conversation).where(col(Conversation.id) == question.id))
    session.flush()


def end_for(session: Session, user_id: int) -> Question | None:
    """End whatever the person had open; what it was, so the caller can say so."""
    found = current(session, user_id)
    if found is not None:
        end(session, found)
    return found


def about_child(session: Session, child_id: int) -> list[Question]:
    """Everyone's open conversations about this child (to end them when access ends)."""
    rows = session.exec(
        select(Conversation).where(Conversation.child_id == child_id).with_for_update()
    )
    return [_question(row) for row in rows]


def lapsed(session: Session, now: datetime, limit: int) -> list[Question]:
    """Conversations past their time, skipping any a person is answering right now."""
    rows = session.exec(
        select(Conversation)
        .where(col(Conversation.expires_at) <= now)
        .order_by(col(Conversation.expires_at))
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return [_question(row) for row in rows]
