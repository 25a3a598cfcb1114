"""The outbox: every message the bot means to send is a row first, then a delivery.

Rows are written in the same transaction as the change that caused them. The dedupe key is
unique, so writing the same intent twice (a repeated sweep, a retried handler) is harmless.
"""

import json
from collections.abc import Callable, Iterable
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import datetime
from enum import IntEnum
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col, select

from bot.outbox.textlimits import TEXT_MAX, split_text, utf16_len
from bot.storage.crypto import SecretKeyError
from bot.storage.db import insert_for
from bot.storage.models import Outbox, OutboxStatus, Staff
from bot.wording.language import speaking


class Priority(IntEnum):
    """Lower goes first."""

    URGENT = 0
    CONVERSATION = 10
    REMINDER = 50


@dataclass(frozen=True)
class Outgoing:
    """One Bot API call to make: a method and its parameters (chat_id is added on send)."""

    method: str
    params: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def text(cls, text: str, **params: Any) -> "Outgoing":
        return cls("sendMessage", {"text": text, **params})

    @classmethod
    def edit(
        cls, text: str, *, message_id: int | None = None, of: str | None = None, **params: Any
    ) -> "Outgoing":
        """Change a message the bot sent: Telegram's `message_id`, or the outbox key `of` the
        row that sent it (queued to the same chat, before this)."""
        target = {"message_id": message_id} if of is None else {"edits": of}
        return cls("editMessageText", {**target, "text": text, **params})

    def encode(self) -> str:
        return json.dumps({"method": self.method, "params": self.params})

    @classmethod
    def decode(cls, payload: str) -> "Outgoing":
        data = json.loads(payload)
        return cls(data["method"], data["params"])


def enqueue(
    session: Session,
    *,
    chat_id: int,
    key: str,
    outgoing: Outgoing,
    now: datetime,
    priority: Priority = Priority.CONVERSATION,
    not_before: datetime | None = None,
    child_id: int | None = None,
    quiet: bool = False,
    answerable: bool = False,
) -> bool:
    """Write the outbox row(s) for one message; False if that dedupe key was written before.

    `answerable`: the message carries the child's words or call for help, so a staff member's
    Telegram reply to it goes to that child. A text too long for one Telegram message goes
    whole, in parts; its buttons on the last."""
    text = outgoing.params.get("text") if outgoing.method == "sendMessage" else None
    if isinstance(text, str) and utf16_len(text) > TEXT_MAX:
        parts = split_text(text)
        rest = {k: v for k, v in outgoing.params.items() if k not in ("text", "reply_markup")}
        written = False
        for n, part in enumerate(parts):
            params = {**(outgoing.params if n == len(parts) - 1 else rest), "text": part}
            written |= enqueue(
                session,
                chat_id=chat_id,
                key=key if n == 0 else f"{key}~{n}",
                outgoing=Outgoing("sendMessage", params),
                now=now,
                priority=priority,
                not_before=not_before,
                child_id=child_id,
                quiet=quiet,
                answerable=answerable,
            )
        return written
    values = {
        "dedupe_key": key,
        "chat_id": chat_id,
        "method": outgoing.method,
        "payload": outgoing.encode(),
        "priority": int(priority),
        "quiet": quiet,
        "status": OutboxStatus.PENDING,
        "child_id": child_id,
        "answerable": answerable and child_id is not None,
        "attempts": 0,
        "not_before": not_before or now,
        "created_at": now,
    }
    table = Outbox.__table__  # type: ignore[attr-defined]
    statement = (
        insert_for(session)(table)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["dedupe_key"])
        .returning(table.c.id)
    )
    return session.connection().execute(statement).first() is not None


def tell(
    session: Session,
    people: Iterable[Staff],
    *,
    key: str,
    outgoing: Callable[[], Outgoing],
    now: datetime,
    priority: Priority,
    child_id: int | None = None,
    answerable: bool = False,
) -> None:
    """The same message to each of these staff who are enrolled, one row each (`key:<id>`),
    each composed by `outgoing` in its reader's language."""
    for person in people:
        if person.telegram_user_id is not None:
            with speaking(person.language):
                composed = outgoing()
            enqueue(
                session,
                chat_id=person.telegram_user_id,
                key=f"{key}:{person.id}",
                outgoing=composed,
                now=now,
                priority=priority,
                child_id=child_id,
                answerable=answerable,
            )


def withdraw(
    session: Session, *, chat_id: int, now: datetime, child_id: int | None = None
) -> list[tuple[Outbox, Outgoing]]:
    """Take back what still waits to go to this chat (about one child, if given): its
    recipient's access has ended. What carried a child's own words or call for help is handed
    back, with its call, for whoever has the child now (a row that cannot be read is dropped)."""
    waiting = select(Outbox.id, Outbox.answerable).where(
        Outbox.chat_id == chat_id, Outbox.status == OutboxStatus.PENDING
    )
    if child_id is not None:
        waiting = waiting.where(Outbox.child_id == child_id)
    rows = session.exec(waiting).all()
    taken = []
    for row_id, answerable in rows:
        if answerable:
            with suppress(SecretKeyError):
                row = session.get(Outbox, row_id)
                if row is not None and row.payload is not None:
                    taken.append((row, Outgoing.decode(row.payload)))
    session.exec(
        update(Outbox)
        .where(col(Outbox.id).in_([row_id for row_id, _ in rows]))
        .values(status=OutboxStatus.WITHDRAWN, payload=None, last_error="access ended")
    )
    session.flush()
    return taken
