"""How an open conversation speaks of itself: what it is, what it expects next, what was not
saved when it stopped or lapsed."""

from sqlmodel import Session, select

from bot.outbox.queue import Outgoing
from bot.rules.questions import PICK, Question
from bot.storage.models import Outbox
from bot.wording import texts


def _what(question: Question) -> str:
    if question.step == PICK:
        return texts.PICK_WHAT.format(kind=question.kind)
    return texts.CONVERSATION_WHAT[question.kind].format(alias=question.alias)


def _not_saved(question: Question) -> str:
    return texts.PICK_NOT_SAVED if question.step == PICK else texts.NOT_SAVED[question.kind]


def expects(question: Question) -> str:
    if question.step == PICK:
        return texts.PICK_EXPECTS
    return texts.EXPECTS[(question.kind, question.step)].format(alias=question.alias)


def stopped(question: Question) -> str:
    return texts.sentence(
        texts.STOPPED.format(what=_what(question), not_saved=_not_saved(question))
    )


def still_open(question: Question) -> str:
    return texts.sentence(texts.STILL_OPEN.format(what=_what(question), expects=expects(question)))


def lapse_notice(session: Session, question: Question) -> Outgoing:
    """The message that says a question timed out, as a reply to the message that asked it."""
    text = texts.sentence(
        texts.LAPSED.format(
            what=_what(question), not_saved=_not_saved(question), kind=question.kind
        )
    )
    asked = (
        session.exec(
            select(Outbox.sent_message_id).where(Outbox.dedupe_key == question.asked_key)
        ).first()
        if question.asked_key
        else None
    )
    if asked is None:
        return Outgoing.text(text)
    return Outgoing.text(
        text, reply_parameters={"message_id": asked, "allow_sending_without_reply": True}
    )
