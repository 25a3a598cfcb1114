"""/help, /cancel, and the groups and channels the bot is added to."""

import asyncio

from telegram import Chat, ChatMember, Update
from telegram.ext import ContextTypes

from bot.outbox.queue import Outgoing, enqueue
from bot.rules import casework, questions
from bot.storage.db import session_scope
from bot.storage.models import Child, Role
from bot.wording import texts
from conversations import question_texts
from conversations.common import Services, Turn, services, turn_key


def help_(this: Turn, _args: str) -> None:
    if this.person is None:
        this.say(texts.HELP_STRANGER)
    elif this.person.role is Role.MANAGER:
        this.say(texts.HELP_MANAGER)
    elif this.person.role is Role.WORKER:
        this.say(texts.HELP_WORKER)
    elif this.person.case_closed:
        this.say(texts.CASE_CLOSED_TO_CHILD)
    else:
        child = this.session.get(Child, this.person.record_id)
        assert child is not None
        told = texts.names([person.name for person in casework.carers(this.session, child)])
        this.say(texts.HELP_CHILD.format(worker=told or texts.YOUR_WORKER))


def cancel(this: Turn, _args: str) -> None:
    """/cancel: end the open question, saying what was not saved."""
    question = this.question
    if question is None:
        this.say(texts.NOTHING_TO_CANCEL)
        return
    this.finish(question)
    silent = questions.silent(question)
    this.say(texts.CANCELLED if silent else question_texts.stopped(question))


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
    member = update.my_chat_member
    moment = f"j{int(member.date.timestamp())}" if member is not None else turn_key(update)
    await asyncio.to_thread(_leave, found, chat.id, chat.type, joined, moment)
    found.dispatcher.wake()


def _leave(found: Services, chat_id: int, kind: str, joined: bool, moment: str) -> None:
    now = found.clock.now()
    with session_scope(found.engine) as session:
        if joined and kind != Chat.CHANNEL:
            enqueue(
                session,
                chat_id=chat_id,
                key=f"group:{chat_id}:notice:{moment}",
                outgoing=Outgoing.text(texts.PRIVATE_ONLY),
                now=now,
            )
        enqueue(
            session,
            chat_id=chat_id,
            key=f"group:{chat_id}:leave:{moment}",
            outgoing=Outgoing("leaveChat"),
            now=now,
        )
