"""What every conversation needs: the services, who is speaking, and how to answer them."""

import re
from collections.abc import Callable, Coroutine, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session
from telegram import Update
from telegram.ext import ContextTypes

from bot import access, texts
from bot.access import Person
from bot.clock import Clock
from bot.config import Settings
from bot.db import session_scope
from bot.dispatcher import Dispatcher
from bot.models import Child
from bot.outbox import Outgoing, Priority, enqueue

_COMMAND = re.compile(r"^/(?P<name>[A-Za-z0-9_]+)(?:@\w+)?(?:\s+(?P<args>.*))?$", re.DOTALL)


@dataclass
class Services:
    settings: Settings
    engine: Engine
    clock: Clock
    dispatcher: Dispatcher
    bot_username: str = ""


def services(context: ContextTypes.DEFAULT_TYPE) -> Services:
    found = context.application.bot_data["services"]
    assert isinstance(found, Services)
    return found


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
    _replies: int = 0

    @property
    def key(self) -> str:
        """A prefix for this turn's dedupe keys: a replayed update is harmless."""
        return f"u{self.update.update_id}"

    def say(self, text: str, **params: object) -> None:
        """Queue a reply to the person who spoke."""
        self.send(Outgoing.text(text, **params))

    def send(self, outgoing: Outgoing) -> None:
        enqueue(
            self.session,
            chat_id=self.chat_id,
            key=f"{self.key}:{self._replies}",
            outgoing=outgoing,
            now=self.now,
            priority=Priority.CONVERSATION,
        )
        self._replies += 1

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
        """The speaker, for handlers that `bot.access` already limited to enrolled roles."""
        assert self.person is not None
        return self.person


@contextmanager
def open_turn(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Iterator[Turn | None]:
    """Identify the speaker and open one transaction; the dispatcher wakes after the commit."""
    found = services(context)
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:
        yield None
        return
    with session_scope(found.engine) as session:
        person = access.identify(session, user.id)
        yield Turn(found, session, update, user.id, chat.id, found.clock.now(), person)
    found.dispatcher.wake()


def command_args(update: Update) -> str:
    """Everything after the command, spaces inside kept ("/msg Blue Fox hi" -> "Blue Fox hi")."""
    message = update.effective_message
    text = message.text if message is not None and message.text else ""
    match = _COMMAND.match(text.strip())
    return clean((match.group("args") or "").strip()) if match else ""


def clean(text: str) -> str:
    """Text as the database can hold it everywhere (PostgreSQL refuses NUL characters)."""
    return text.replace("\x00", "")


CommandBody = Callable[[Turn, str], None]
Handler = Callable[[Update, ContextTypes.DEFAULT_TYPE], Coroutine[Any, Any, None]]


def guarded(command: str, body: CommandBody) -> Handler:
    """A command handler that lets through only the roles `bot.access` allows for it."""

    async def handle(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        with open_turn(update, context) as this:
            if this is None:
                return
            if not access.may_run(this.person, command):
                this.say(texts.STRANGER if this.person is None else texts.NOT_ALLOWED)
                return
            body(this, command_args(update))

    return handle
