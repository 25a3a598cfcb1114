"""A child's words as staff get them, and the child told when someone has seen them.

Each person who gets the words gets them labelled with the child's alias, whole (in labelled
parts if the label makes them too long), never as a Telegram forward, with a "Seen" button.
When a member of staff presses it, or writes to the child, the child's receipts change in
place to say who has seen their words: no extra message.
"""

from collections.abc import Callable
from datetime import datetime
from enum import StrEnum

from sqlmodel import Session, col, select

from bot.outbox.queue import Outgoing, Priority, enqueue
from bot.outbox.textlimits import TEXT_MAX, split_text, utf16_len
from bot.rules import buttons
from bot.rules.buttons import Choice
from bot.storage.models import Child, Direction, Message, Outbox, OutboxStatus, Staff
from bot.wording import texts
from bot.wording.language import speaking

SEEN = "seen"  # the action of the button on a child's words
SEEN_AT_MOST = 20  # receipts changed at once: the newest, when many wait


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


def relay(
    session: Session,
    people: list[Staff],
    child: Child,
    message: Message,
    who: Callable[[], str],
    priority: Priority,
    now: datetime,
) -> None:
    """The child's words to each of these people, labelled by `who` in each one's language,
    a "Seen" button on the last part; a staff member's Telegram reply to any part goes to the
    child."""
    for person in people:
        if person.telegram_user_id is None:
            continue
        with speaking(person.language):
            calls = _relay_calls(who(), message)
            calls[-1] = _with_seen_button(session, calls[-1], person, message, now)
        for index, outgoing in enumerate(calls):
            enqueue(
                session,
                chat_id=person.telegram_user_id,
                key=f"msg:{message.id}:{index}:{person.id}",
                outgoing=outgoing,
                now=now,
                priority=priority,
                child_id=child.id,
                answerable=True,
            )


def _with_seen_button(
    session: Session, outgoing: Outgoing, person: Staff, message: Message, now: datetime
) -> Outgoing:
    assert person.telegram_user_id is not None
    markup = buttons.keyboard(
        session,
        telegram_user_id=person.telegram_user_id,
        group_key=f"seen:{message.id}:{person.id}",
        rows=[[Choice(texts.SEEN_BUTTON, SEEN, {"message": message.id})]],
        now=now,
    )
    return Outgoing(outgoing.method, {**outgoing.params, "reply_markup": markup})


def _relay_calls(who: str, message: Message) -> list[Outgoing]:
    protect = {"protect_content": True}
    if message.kind == Kind.VOICE:
        caption = texts.RELAY_VOICE.format(alias=who)
        voice = {"voice": message.telegram_file_id, "caption": caption, **protect}
        return [Outgoing("sendVoice", voice)]
    if message.kind == Kind.STICKER:
        return [
            Outgoing.text(texts.RELAY_STICKER.format(alias=who), **protect),
            Outgoing("sendSticker", {"sticker": message.telegram_file_id, **protect}),
        ]
    heading = (texts.RELAY_EDITED_LABEL if message.edited else texts.RELAY_LABEL).format(alias=who)
    return [Outgoing.text(part, **protect) for part in split_labelled(heading, message.body or "")]


def mark_seen(
    session: Session, child_id: int, seer: Staff, now: datetime, up_to: int | None = None
) -> set[int]:
    """`seer` has seen the child's words that reached them (up to message `up_to`): each
    plain receipt of those not yet saying so now does; the messages whose receipts change.
    Words that reached someone else are not said to be seen; a receipt out of hours keeps
    what it says."""
    child = session.get(Child, child_id)
    if child is None or child.telegram_user_id is None or seer.telegram_user_id is None:
        return set()
    reached = {
        int(key.split(":")[1])
        for key in session.exec(
            select(Outbox.dedupe_key).where(
                col(Outbox.chat_id) == seer.telegram_user_id,
                col(Outbox.child_id) == child_id,
                col(Outbox.status) == OutboxStatus.SENT,
                col(Outbox.dedupe_key).startswith("msg:"),
            )
        )
        if key.split(":")[1].isdigit()
    }
    query = select(Message).where(
        col(Message.id).in_(reached),
        col(Message.direction) == Direction.FROM_CHILD,
        col(Message.seen_at).is_(None),
    )
    if up_to is not None:
        query = query.where(col(Message.id) <= up_to)
    unseen = session.exec(query.order_by(col(Message.id).desc()).limit(SEEN_AT_MOST)).all()
    receipts = {f"msg:{m.id}:receipt": m for m in unseen}
    written = session.exec(
        select(Outbox.dedupe_key).where(
            col(Outbox.dedupe_key).in_(list(receipts)),
            col(Outbox.chat_id) == child.telegram_user_id,
        )
    ).all()
    for message in unseen:
        message.seen_at = now
        session.add(message)
    for key in sorted(written, key=lambda k: receipts[k].id or 0):
        with speaking(child.language):
            seen = Outgoing.edit(texts.RECEIPT_SEEN.format(seer=seer.name), of=key)
        enqueue(
            session,
            chat_id=child.telegram_user_id,
            key=f"{key}:seen",
            outgoing=seen,
            now=now,
            child_id=child_id,
        )
    return {receipts[key].id or 0 for key in written}
