"""What every conversation needs: the services, who is speaking, how to answer them, and how
to ask them something and wait for the answer."""

import asyncio
import logging
import re
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from sqlmodel import Session
from telegram import Message as TgMessage
from telegram import Update
from telegram.ext import ContextTypes

from bot.clock import Clock
from bot.config import Settings
from bot.outbox.dispatcher import Dispatcher
from bot.outbox.queue import Outgoing, Priority, enqueue
from bot.rules import access, questions
from bot.rules.access import Person
from bot.rules.buttons import Choice, keyboard
from bot.rules.messaging import Safety
from bot.rules.questions import Question
from bot.storage.db import session_scope
from bot.storage.models import Child, Role
from bot.wording import texts
from bot.wording.language import speaking, suggest
from conversations import question_texts

log = logging.getLogger(__name__)

_COMMAND = re.compile(
    r"^/(?P<name>[A-Za-z0-9_]+)(?:@(?P<bot>\w+))?(?:\s+(?P<args>.*))?$", re.DOTALL
)
T = TypeVar("T")
CommandBody = Callable[["Turn", str], None]


@dataclass
class Services:
    settings: Settings
    engine: Engine
    clock: Clock
    dispatcher: Dispatcher
    bot_username: str = ""

    @property
    def safety(self) -> Safety:
        return Safety(self.settings.urgent_phrases, self.settings.zone)

    @property
    def zone(self) -> ZoneInfo:
        return self.settings.zone


def services(context: ContextTypes.DEFAULT_TYPE) -> Services:
    found = context.application.bot_data["services"]
    assert isinstance(found, Services)
    return found


@dataclass(frozen=True)
class Command:
    name: str  # lower case
    args: str
    for_us: bool  # False when addressed to another bot (/help@other_bot)


def parse_command(message: TgMessage, bot_username: str) -> Command | None:
    """The command a message starts with (Telegram marks it as one), if any."""
    text = message.text or ""
    first = message.entities[0] if message.entities else None
    if first is None or first.type != "bot_command" or first.offset != 0:
        return None
    match = _COMMAND.match(text.strip())
    if match is None:
        return None
    addressed = match.group("bot")
    return Command(
        match.group("name").lower(),
        clean((match.group("args") or "").strip()),
        addressed is None or addressed.casefold() == bot_username.casefold(),
    )


def clean(text: str) -> str:
    """Text as the database can hold it everywhere (PostgreSQL refuses NUL characters)."""
    return text.replace("\x00", "")


def turn_key(update: Update) -> str:
    """A prefix for the dedupe keys of what a turn queues, from the chat and the message (or the
    button press): a replayed update is harmless, and Telegram may start update ids afresh."""
    if update.callback_query is not None:
        return f"q{update.callback_query.id}"
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None:
        return f"u{update.update_id}"
    key = f"c{chat.id}m{message.message_id}"
    if update.edited_message is not None and message.edit_date is not None:
        key += f"e{int(message.edit_date.timestamp())}"
    return key


@dataclass
class Turn:
    """One update from one person, inside the transaction that answers it."""

    services: Services
    session: Session
    update: Update
    user_id: int
    chat_id: int
    now: datetime
    person: Person | None
    key: str
    question: Question | None = None  # the conversation open when the turn began
    _replies: int = field(default=0)

    def say(self, text: str, **params: object) -> str:
        """Queue a reply to the person who spoke; its dedupe key."""
        return self.send(Outgoing.text(text, **params))

    def still_ours(self, question: Question, purpose: str) -> Child | None:
        """The conversation's child, while the speaker may still act on them; if not, the
        conversation ends here, and says so. Only the conversation's start is audited: one
        review is one entry in the child's audit trail, not one a step."""
        child = access.child_in_reach_by_id(
            self.session,
            self.enrolled(),
            question.child_id or 0,
            purpose=purpose,
            now=self.now,
            audited=False,
        )
        if child is None:
            self.finish(question)
            self.say(texts.NO_SUCH_CHILD.format(alias=question.alias[:32]))
        return child

    def send(self, outgoing: Outgoing, child_id: int | None = None) -> str:
        """Queue a call to the person who spoke (`child_id`: it is about that child, so an
        erasure takes it back too)."""
        key = f"{self.key}:{self._replies}"
        enqueue(
            self.session,
            chat_id=self.chat_id,
            key=key,
            outgoing=outgoing,
            now=self.now,
            priority=Priority.CONVERSATION,
            child_id=child_id,
        )
        self._replies += 1
        return key

    def ask(
        self,
        kind: str,
        step: str,
        text: str,
        *,
        child: Child | None = None,
        state: dict[str, Any] | None = None,
        choices: list[list[tuple[str, Any]]] | None = None,
        within: timedelta = questions.ANSWER_WITHIN,
        action: str | None = None,
        in_place: bool = False,
    ) -> Question:
        """Ask the person something and wait for the answer: opens a conversation of this kind,
        or moves the open one to `step`. Buttons (`choices`: rows of label and value) belong to
        this step of this conversation; any other conversation that was open is stopped, and
        the person is told."""
        earlier = questions.current(self.session, self.user_id)
        if earlier is not None and earlier.kind != kind:
            self.say(question_texts.stopped(earlier))
        collected = dict(state or {})
        if child is not None:
            collected.setdefault("alias", child.alias)
        question = questions.save(
            self.session,
            self.user_id,
            kind=kind,
            step=step,
            child_id=child.id if child is not None else _same(earlier, kind),
            state=collected,
            now=self.now,
            within=within,
        )
        params: dict[str, Any] = {}
        if choices:
            params["reply_markup"] = keyboard(
                self.session,
                telegram_user_id=self.user_id,
                group_key=f"{kind}:{self.key}:{step}:{self._replies}",
                rows=[
                    [Choice(label, action or kind, {"value": value}) for label, value in row]
                    for row in choices
                ],
                now=self.now,
                lifetime=within,
                conversation=question,
            )
        if (
            in_place
            and earlier is not None
            and earlier.asked_key
            and self.edit_pressed(text, **params)
        ):
            # The step asks again on the message whose button was pressed: no new message.
            questions.note_asked(self.session, question, earlier.asked_key)
        else:
            questions.note_asked(self.session, question, self.say(text, **params))
        self.question = question
        return question

    def edit_pressed(self, text: str, **params: Any) -> bool:
        """Change the message whose button was pressed; False if this turn is no press."""
        query = self.update.callback_query
        if query is None or query.message is None:
            return False
        self.send(Outgoing.edit(text, message_id=query.message.message_id, **params))
        return True

    def expect(self, question: Question) -> None:
        """The answer was not one the question can take: say what it expects, and how to stop."""
        self.say(f"{question_texts.expects(question)} {texts.CANCEL_HINT}")

    def finish(self, question: Question) -> None:
        """The conversation is done (saved, sent, or handed on to the next command)."""
        questions.end(self.session, question)
        if self.question is not None and self.question.id == question.id:
            self.question = None

    def reach(self, alias: str, purpose: str) -> Child | None:
        """The child with this alias if the speaker may act on it (audited as `purpose`)."""
        return access.child_in_reach(
            self.session, self.enrolled(), alias, purpose=purpose, now=self.now
        )

    def reach_id(self, child_id: int, purpose: str) -> Child | None:
        return access.child_in_reach_by_id(
            self.session, self.enrolled(), child_id, purpose=purpose, now=self.now
        )

    def enrolled(self) -> Person:
        """The speaker, for handlers that `bot.rules.access` already limited to enrolled roles."""
        assert self.person is not None
        return self.person


def _same(earlier: Question | None, kind: str) -> int | None:
    """The child of the conversation being moved on (none when a new one begins)."""
    return earlier.child_id if earlier is not None and earlier.kind == kind else None


# Running a turn ------------------------------------------------------------------------------


async def run_turn(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    body: Callable[[Turn], T],
    *,
    words_kept: bool = False,
) -> T | None:
    """Answer one update: `body` runs in one transaction, off the event loop; the outbox wakes
    after the commit. If it fails, nothing of it is kept and the person is told kindly; a
    child's words were stored before (`words_kept`), so they are not lost and are still passed
    on."""
    found = services(context)
    try:
        return await asyncio.to_thread(_in_transaction, found, update, body)
    except Exception as error:
        key = turn_key(update)
        log.error(
            "update %s (%s) failed: %s\n%s",
            update.update_id,
            key,
            type(error).__name__,
            "".join(traceback.format_tb(error.__traceback__)),
        )
        await asyncio.to_thread(_apologise, found, update, key, words_kept)
        return None
    finally:
        found.dispatcher.wake()


def _in_transaction(found: Services, update: Update, body: Callable[[Turn], T]) -> T | None:
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:
        return None
    with session_scope(found.engine) as session:
        person = access.identify(session, user.id)
        this = Turn(
            found, session, update, user.id, chat.id, found.clock.now(), person, turn_key(update)
        )
        with speaking(reading(person, user.language_code)):
            return body(this)


def _apologise(found: Services, update: Update, key: str, words_kept: bool) -> None:
    chat = update.effective_chat
    user = update.effective_user
    if chat is None or user is None or chat.type != chat.PRIVATE:
        return
    try:
        with session_scope(found.engine) as session:
            person = access.identify(session, user.id)
            if person is None:
                return
            with speaking(person.language):
                if person.role is not Role.CHILD:
                    text = texts.TURN_FAILED
                elif words_kept:
                    text = texts.TURN_FAILED_WORDS_KEPT
                else:
                    text = texts.TURN_FAILED_CHILD
            enqueue(
                session,
                chat_id=chat.id,
                key=f"{key}:failed",
                outgoing=Outgoing.text(text),
                now=found.clock.now(),
                priority=Priority.URGENT,
            )
    except Exception as error:
        log.error("could not tell update %s's sender it failed: %s", key, type(error).__name__)


def reading(person: Person | None, telegram_code: str | None) -> str:
    """The language a turn answers in: the person's own, or for someone not enrolled the one
    their Telegram is set to, if Homeward speaks it."""
    return person.language if person is not None else suggest(telegram_code, staff=False)
