"""Messages between a child and their trusted worker: stored first, then queued for delivery.

A child's words reach the worker whole (in labelled parts if the label makes them too long),
never as a Telegram forward, so the child's account is never exposed.
"""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlmodel import Session, select

from bot import texts
from bot.casework import current_worker
from bot.models import Child, Direction, Message, Staff
from bot.outbox import Outgoing, Priority, enqueue
from bot.textlimits import TEXT_MAX, split_text, utf16_len


class Kind(StrEnum):
    TEXT = "text"
    VOICE = "voice"
    STICKER = "sticker"


def split_labelled(label: str, body: str, limit: int = TEXT_MAX) -> list[str]:
    """The body whole, in as few parts as fit the limit, each headed by the label."""
    single = f"{label}:\n{body}"
    if utf16_len(single) <= limit:
        return [single]
    worst_header = utf16_len(label + texts.RELAY_PART.format(part=999, parts=999) + ":\n")
    chunks = split_text(body, limit - worst_header)
    return [
        f"{label}{texts.RELAY_PART.format(part=i, parts=len(chunks))}:\n{chunk}"
        for i, chunk in enumerate(chunks, start=1)
    ]


@dataclass(frozen=True)
class Incoming:
    """What a child sent, as the rules need it."""

    source_key: str  # unique per Telegram message (and edit), so a replayed update is harmless
    kind: Kind
    body: str | None = None
    file_id: str | None = None
    edited: bool = False


def already_handled(session: Session, source_key: str) -> bool:
    return (
        session.exec(select(Message.id).where(Message.source_key == source_key)).first() is not None
    )


def relay_from_child(
    session: Session,
    child: Child,
    incoming: Incoming,
    now: datetime,
    priority: Priority = Priority.CONVERSATION,
) -> bool:
    """Store the child's message, queue it to their worker, and queue the child's receipt.

    False if this message was handled before (a replayed update)."""
    assert child.id is not None and child.telegram_user_id is not None
    if already_handled(session, incoming.source_key):
        return False
    worker = current_worker(session, child.id)
    message = Message(
        source_key=incoming.source_key,
        child_id=child.id,
        worker_id=worker.id if worker else None,
        direction=Direction.FROM_CHILD,
        kind=incoming.kind,
        body=incoming.body,
        telegram_file_id=incoming.file_id,
        edited=incoming.edited,
        created_at=now,
    )
    session.add(message)
    session.flush()
    key = f"msg:{message.id}"
    if worker is None or worker.telegram_user_id is None:
        enqueue(
            session,
            chat_id=child.telegram_user_id,
            key=f"{key}:receipt",
            outgoing=Outgoing.text(texts.NO_WORKER_YET),
            now=now,
        )
        return True
    for index, outgoing in enumerate(_relay_calls(child.alias, incoming)):
        enqueue(
            session,
            chat_id=worker.telegram_user_id,
            key=f"{key}:{index}",
            outgoing=outgoing,
            now=now,
            child_id=child.id,
            priority=priority,
        )
    enqueue(
        session,
        chat_id=child.telegram_user_id,
        key=f"{key}:receipt",
        outgoing=Outgoing.text(texts.RECEIPT_TO_CHILD.format(worker=worker.name)),
        now=now,
    )
    return True


def _relay_calls(alias: str, incoming: Incoming) -> list[Outgoing]:
    protect = {"protect_content": True}
    if incoming.kind is Kind.VOICE:
        caption = texts.RELAY_VOICE.format(alias=alias)
        return [Outgoing("sendVoice", {"voice": incoming.file_id, "caption": caption, **protect})]
    if incoming.kind is Kind.STICKER:
        return [
            Outgoing.text(texts.RELAY_STICKER.format(alias=alias), **protect),
            Outgoing("sendSticker", {"sticker": incoming.file_id, **protect}),
        ]
    template = texts.RELAY_EDITED_LABEL if incoming.edited else texts.RELAY_LABEL
    parts = split_labelled(template.format(alias=alias), incoming.body or "")
    return [Outgoing.text(part, **protect) for part in parts]


def send_to_child(
    session: Session, worker: Staff, child: Child, text: str, source_key: str, now: datetime
) -> bool:
    """Store and queue the worker's words to the child, signed; False if the child hasn't joined."""
    assert worker.id is not None and child.id is not None and worker.telegram_user_id is not None
    if child.telegram_user_id is None:
        return False
    if already_handled(session, source_key):
        return True
    message = Message(
        source_key=source_key,
        child_id=child.id,
        worker_id=worker.id,
        direction=Direction.TO_CHILD,
        kind=Kind.TEXT,
        body=text,
        created_at=now,
    )
    session.add(message)
    session.flush()
    key = f"msg:{message.id}"
    signed = texts.SIGNED.format(text=text, worker=worker.name)
    for index, part in enumerate(split_text(signed, TEXT_MAX)):
        enqueue(
            session,
            chat_id=child.telegram_user_id,
            key=f"{key}:{index}",
            outgoing=Outgoing.text(part, protect_content=True),
            now=now,
            child_id=child.id,
        )
    enqueue(
        session,
        chat_id=worker.telegram_user_id,
        key=f"{key}:receipt",
        outgoing=Outgoing.text(texts.RECEIPT_TO_WORKER.format(alias=child.alias)),
        now=now,
        priority=Priority.CONVERSATION,
    )
    return True
