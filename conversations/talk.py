"""Routes every private message to the conversation it belongs to; /help, /cancel, unknowns."""

from collections.abc import Callable
from typing import Any

from telegram import ChatMember, Update
from telegram.ext import ContextTypes

from bot import casework, checkins, questions, texts
from bot.db import session_scope
from bot.models import Role
from bot.outbox import Outgoing, enqueue
from conversations import caseload, checkin, enrol, episode, relay, review
from conversations.common import Turn, clean, open_turn, services

ANSWERS: dict[str, Callable[[Turn, Any, str], None]] = {
    "invite_worker": lambda this, _state, answer: enrol.invite_worker(this, answer),
    "add_child": lambda this, _state, answer: enrol.add_child(this, answer),
    "msg": relay.msg_answer,
    "intervention": caseload.intervention_answer,
    "end_intervention": lambda this, _state, answer: caseload.end_intervention(this, answer),
    "review": review.on_text,
    "review_alias": review.on_alias,
    checkins.COMMENT_QUESTION: checkin.on_comment,
    "rhi": episode.on_text,
}


def help_(this: Turn, _args: str) -> None:
    if this.person is None:
        this.say(texts.HELP_STRANGER)
    elif this.person.role is Role.MANAGER:
        this.say(texts.HELP_MANAGER)
    elif this.person.role is Role.WORKER:
        this.say(texts.HELP_WORKER)
    else:
        worker = casework.current_worker(this.session, this.person.record_id)
        this.say(texts.HELP_CHILD.format(worker=worker.name if worker else "your worker"))


def cancel(this: Turn, _args: str) -> None:
    stopped = questions.forget(this.session, this.user_id)
    this.say(texts.CANCELLED if stopped else texts.NOTHING_TO_CANCEL)


async def on_unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    with open_turn(update, context) as this:
        if this is not None:
            questions.forget(this.session, this.user_id)
            this.say(texts.STRANGER if this.person is None else texts.UNKNOWN_COMMAND)


async def on_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Any private message that is not a command."""
    message = update.message
    if message is None:
        return
    with open_turn(update, context) as this:
        if this is None:
            return
        if this.person is None:
            this.say(texts.STRANGER)
            return
        pending = questions.peek(this.session, this.user_id, this.now)
        if pending is not None and message.text:
            command, state = pending
            questions.forget(this.session, this.user_id)
            ANSWERS[command](this, state, clean(message.text.strip()))
        elif this.person.role is Role.CHILD:
            relay.from_child(this, message, edited=False)
        elif this.person.role is Role.WORKER:
            relay.from_worker(this, message)
        else:
            this.say(texts.STAFF_PLAIN_TEXT)


async def on_edit(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A child's edited words are passed on marked as an edit; other edits are left alone."""
    message = update.edited_message
    if message is None:
        return
    with open_turn(update, context) as this:
        if this is not None and this.person is not None and this.person.role is Role.CHILD:
            relay.from_child(this, message, edited=True)


async def on_group(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Added to a group or a channel: say so and leave. Anything else from one: just leave."""
    chat = update.effective_chat
    if chat is None or chat.type == chat.PRIVATE:
        return
    joined = update.my_chat_member is not None and update.my_chat_member.new_chat_member.status in (
        ChatMember.MEMBER,
        ChatMember.ADMINISTRATOR,
    )
    if update.my_chat_member is not None and not joined:
        return  # the bot was removed, or left: nothing to do
    message = update.effective_message
    if message is not None and message.new_chat_members:
        return  # the same joining as the member update that comes with it
    found = services(context)
    now = found.clock.now()
    with session_scope(found.engine) as session:
        if joined and chat.type != chat.CHANNEL:
            enqueue(
                session,
                chat_id=chat.id,
                key=f"group:{chat.id}:notice:{update.update_id}",
                outgoing=Outgoing.text(texts.PRIVATE_ONLY),
                now=now,
            )
        enqueue(
            session,
            chat_id=chat.id,
            key=f"group:{chat.id}:leave:{update.update_id}",
            outgoing=Outgoing("leaveChat"),
            now=now,
        )
    found.dispatcher.wake()
