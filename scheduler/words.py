"""Words that must not be lost: a child's message stored but not passed on is passed on again
(after several failed tries the managers get the words), and a question nobody answered in
time ends with the person told what was not saved."""

import logging
from datetime import datetime

from sqlmodel import Session

from bot.outbox.queue import Outgoing, Priority, enqueue, tell
from bot.rules import messaging, questions
from bot.rules.access import language_of
from bot.rules.casework import managers_of
from bot.rules.relayed import Kind
from bot.storage.models import (
    Child,
    Message,
)
from bot.wording import texts
from bot.wording.language import speaking
from bot.wording.timefmt import show_day
from conversations import question_texts
from scheduler.context import BATCH, Context

log = logging.getLogger(__name__)


def words_not_passed_on(session: Session, now: datetime, ctx: Context) -> int:
    """A child's message stored but not passed on (its turn failed, or the process stopped
    half way) is passed on now; after several failed tries a manager is told."""
    found = messaging.not_passed_on(session, now, BATCH)
    for message in found:
        child = session.get(Child, message.child_id)
        message.relay_attempts += 1  # counted first, so a poisoned one stops being retried
        session.add(message)
        session.flush()
        try:
            with session.begin_nested():
                if child is not None and child.telegram_user_id is not None:
                    messaging.pass_on(session, message, child, ctx.safety, now)
        except Exception as error:
            log.error("message %s not passed on: %s", message.id, type(error).__name__)
            if message.relay_attempts >= messaging.MAX_RELAY_ATTEMPTS and child is not None:
                _gave_up(session, child, message, now, ctx)
    return len(found)


def _gave_up(session: Session, child: Child, message: Message, now: datetime, ctx: Context) -> None:
    """The last try failed too: the managers get the words themselves, so someone can act."""
    words = message.body if message.kind == Kind.TEXT else f"({message.kind})"
    try:
        with session.begin_nested():
            tell(
                session,
                managers_of(session, child.team_id),
                key=f"gave-up:{message.id}",
                outgoing=lambda: Outgoing.text(
                    texts.RELAY_GAVE_UP.format(
                        alias=child.alias,
                        when=show_day(message.created_at, ctx.zone),
                        words=words,
                    ),
                    protect_content=True,
                ),
                now=now,
                priority=Priority.URGENT,
                child_id=child.id,
                answerable=True,
            )
    except Exception as error:
        log.error("message %s: managers not told: %s", message.id, type(error).__name__)


def lapsed_questions(session: Session, now: datetime, ctx: Context) -> int:
    """A question nobody answered in time ends, and the person is told what was not saved."""
    found = questions.lapsed(session, now, BATCH)
    for question in found:
        questions.end(session, question)
        if not questions.silent(question):
            with speaking(language_of(session, question.user_id)):
                notice = question_texts.lapse_notice(session, question)
            enqueue(
                session,
                chat_id=question.user_id,
                key=f"lapsed:{question.id}",
                outgoing=notice,
                now=now,
                priority=Priority.CONVERSATION,
                child_id=question.child_id,
            )
    return len(found)
