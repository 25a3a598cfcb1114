"""Messages between a child and the people who look after them.

A child's message is stored first, in a transaction of its own, and then passed on: safety
first (urgent words, a missing child, out-of-hours cover), to their trusted worker, or, while
they have none or their case is closed, to the team's managers, labelled. The child's receipt
says truly who has it. A message stored but not yet passed on (the turn failed half way, or
the process stopped) is passed on by a sweep, so it is never lost.

The words reach staff whole (in labelled parts if the label makes them too long), never as a
Telegram forward, so the child's account is never exposed.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from bot.outbox.queue import Outgoing, Priority, enqueue, tell
from bot.outbox.textlimits import TEXT_MAX, split_text, utf16_len
from bot.rules import access, episodes, hours, urgent
from bot.rules.casework import carers, managers_of
from bot.rules.relayed import Kind, relay
from bot.storage.models import CheckIn, Child, Direction, Message, Staff
from bot.wording import texts
from bot.wording.language import plural, speaking
from bot.wording.timefmt import show_to_child

RETRY_AFTER = timedelta(minutes=1)  # a message not passed on by then is the sweep's to retry
MAX_RELAY_ATTEMPTS = 8  # tries 1, 2, 4 … 128 minutes apart: about four hours in all


@dataclass(frozen=True)
class Incoming:
    """What a child sent, as the rules need it."""

    source_key: str  # unique per Telegram message (and edit), so a replayed update is harmless
    kind: Kind
    body: str | None = None
    file_id: str | None = None
    edited: bool = False


@dataclass(frozen=True)
class Safety:
    """What the safety checks need to know: which words call for help, and the local time."""

    urgent_phrases: list[str]
    zone: ZoneInfo


def already_handled(session: Session, source_key: str) -> bool:
    return (
        session.exec(select(Message.id).where(Message.source_key == source_key)).first() is not None
    )


def keep_from_child(session: Session, child: Child, incoming: Incoming, now: datetime) -> Message:
    """Store what the child sent, before anything else can fail (a replayed update finds the
    message it stored the first time)."""
    assert child.id is not None
    found = session.exec(select(Message).where(Message.source_key == incoming.source_key)).first()
    if found is not None:
        return found
    message = Message(
        source_key=incoming.source_key,
        child_id=child.id,
        direction=Direction.FROM_CHILD,
        kind=incoming.kind,
        body=incoming.body,
        telegram_file_id=incoming.file_id,
        edited=incoming.edited,
        created_at=now,
    )
    session.add(message)
    session.flush()
    return message


def pass_on(
    session: Session,
    message: Message,
    child: Child,
    safety: Safety,
    now: datetime,
    *,
    checkin: CheckIn | None = None,
    asked_for_help: bool = False,
) -> bool:
    """Pass a stored message of the child's on, safety first, and queue the child's receipt;
    False if it had been passed on already. `checkin`: the words answer that check-in's last
    question. `asked_for_help`: they came with /urgent, which has raised the alarm already."""
    assert child.id is not None and child.telegram_user_id is not None and message.id
    session.refresh(message, with_for_update=True)  # the retry sweep may hold it right now
    if message.relayed_at is not None:
        return False
    danger = message.kind == Kind.TEXT and urgent.sounds_urgent(
        message.body or "", safety.urgent_phrases
    )
    missing = episodes.open_episode(session, child.id) is not None
    urgently = danger or missing or asked_for_help
    priority = Priority.URGENT if urgently else Priority.CONVERSATION
    cover = hours.cover(session, child, now, safety.zone)
    key = f"msg:{message.id}"
    worker = cover.worker
    primary = [worker] if worker is not None else cover.managers
    relay(
        session,
        primary,
        child,
        message,
        partial(_who, child, worker, checkin, missing),
        priority,
        now,
    )
    others = [p for p in cover.people() if p.id not in {q.id for q in primary}]
    if others:  # out of hours: the duty contact, or with nobody on duty the managers
        label = partial(_who_else, child, cover.duty is not None)
        relay(session, others, child, message, label, priority, now)
    if cover.duty is not None and cover.duty.id != (worker.id if worker else None):
        access.hold_on_duty(session, cover.duty, child, cover.back(now, safety.zone), now)
    if not (danger or asked_for_help):  # else the urgent reply says who has it, and the numbers
        with speaking(child.language):
            _receipt(session, child, cover, checkin, key, now, safety.zone)
    if danger and not asked_for_help:
        urgent.raise_alarm(session, child, "words", now, safety.zone)
    if missing and worker is not None:
        _copy_to_managers(session, child, message, now)
    message.worker_id = worker.id if worker else None
    message.uncovered = cover.out_of_hours and cover.duty is None
    message.relayed_at = now  # with nobody to tell, the child was told so, and it stays here
    session.add(message)
    session.flush()
    return True


def _who(child: Child, worker: Staff | None, checkin: CheckIn | None, missing: bool) -> str:
    """The label the child's words carry to those who have them."""
    if worker is not None:
        labels = texts.RELAY_WHO_MISSING if missing else texts.RELAY_WHO_PLAIN
        template = labels[bool(checkin)]
    else:
        template = texts.RELAY_WHO_CLOSED if child.closed_at else texts.RELAY_WHO_NO_WORKER
    return template.format(alias=child.alias)


def _who_else(child: Child, on_duty: bool) -> str:
    """The label for those who have the words out of the worker's hours."""
    template = texts.RELAY_WHO_ON_DUTY if on_duty else texts.RELAY_WHO_UNCOVERED
    return template.format(alias=child.alias)


def _receipt(
    session: Session,
    child: Child,
    cover: hours.Cover,
    checkin: CheckIn | None,
    key: str,
    now: datetime,
    zone: ZoneInfo,
) -> None:
    """What the child is told about who has their message, truly: out of the worker's hours,
    once a stretch (and again when who covers changes), who has it now and when the worker is
    back, with the emergency numbers unless an urgent reply gave them this stretch."""
    assert child.telegram_user_id is not None
    seeing = cover.now_seeing()
    told = texts.names([person.name for person in seeing])
    worker = cover.worker
    if worker is not None and cover.out_of_hours and not checkin and cover.duty != worker:
        back = hours.back_at(worker, now, zone)
        template = texts.AWAY_RECEIPT_ON_DUTY if cover.duty else texts.AWAY_RECEIPT_MANAGERS
        when = show_to_child(back, now, zone) if back else texts.SOON
        have = plural(texts.HAS_HAVE, len(seeing))
        text = template.format(worker=worker.name, told=told, back=when, have=have)
        since = hours.stopped_work(worker, now, zone)
        if not urgent.numbers_given(session, child.telegram_user_id, since):
            text += texts.NUMBERS_TAIL
        holders = "-".join(str(person.id) for person in seeing)
        stretch = f"{back.isoformat() if back else 'none'}:{holders}"
        if enqueue(
            session,
            chat_id=child.telegram_user_id,
            key=f"away:{child.id}:{stretch}",
            outgoing=Outgoing.text(text),
            now=now,
        ):
            return
    # Only the plain receipt is later changed to say who has seen the words (`relayed`): the
    # others carry what the child needs to keep, the numbers or what happens next.
    kind = "receipt"
    if worker is not None:
        text = (texts.CHECKIN_THANKS if checkin else texts.RECEIPT_TO_CHILD).format(worker=told)
    elif not seeing:
        text, kind = texts.NOBODY_TO_TELL, "told"
    else:
        template = texts.CLOSED_CASE_RECEIPT if child.closed_at else texts.NO_WORKER_RECEIPT
        text, kind = template.format(managers=told), "told"
    enqueue(
        session,
        chat_id=child.telegram_user_id,
        key=f"{key}:{kind}",
        outgoing=Outgoing.text(text),
        now=now,
    )


def _copy_to_managers(session: Session, child: Child, message: Message, now: datetime) -> None:
    """While a child is missing, anything they send is urgent for the managers too."""
    body, kind = message.body, message.kind
    tell(
        session,
        managers_of(session, child.team_id),
        key=f"msg:{message.id}:missing",
        outgoing=lambda: Outgoing.text(
            texts.MISSING_MESSAGE.format(
                alias=child.alias,
                text=body if kind == Kind.TEXT else f"({texts.NOT_WORDS.get(kind, kind)})",
            ),
            protect_content=True,
        ),
        now=now,
        priority=Priority.URGENT,
        child_id=child.id,
        answerable=True,
    )


def not_passed_on(session: Session, now: datetime, limit: int) -> list[Message]:
    """Children's messages stored but not passed on, due another try, oldest first."""
    waiting = session.exec(
        select(Message)
        .where(
            col(Message.relayed_at).is_(None),
            col(Message.created_at) <= now - RETRY_AFTER,
            col(Message.relay_attempts) < MAX_RELAY_ATTEMPTS,
        )
        .order_by(col(Message.created_at))
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return [m for m in waiting if next_try_at(m) <= now]


def next_try_at(message: Message) -> datetime:
    """When a child's message not yet passed on is tried again: a minute after it was written,
    then twice as long after each failed try."""
    return message.created_at + RETRY_AFTER * 2**message.relay_attempts


def media_while_missing(session: Session, child: Child, key: str, now: datetime) -> None:
    """A missing child sent something that is not passed on: the people looking for them still
    hear that they were in touch."""
    assert child.id is not None
    people = {s.id: s for s in [*carers(session, child), *managers_of(session, child.team_id)]}
    tell(
        session,
        list(people.values()),
        key=f"{key}:missing",
        outgoing=lambda: Outgoing.text(texts.MISSING_MEDIA.format(alias=child.alias)),
        now=now,
        priority=Priority.URGENT,
        child_id=child.id,
        answerable=True,
    )


def send_to_child(
    session: Session, sender: Staff, child: Child, text: str, source_key: str, now: datetime
) -> bool:
    """Store and queue the sender's words to the child, signed; False if the child hasn't
    joined."""
    assert sender.id is not None and child.id is not None and sender.telegram_user_id is not None
    if child.telegram_user_id is None:
        return False
    if already_handled(session, source_key):
        return True
    message = Message(
        source_key=source_key,
        child_id=child.id,
        worker_id=sender.id,
        direction=Direction.TO_CHILD,
        kind=Kind.TEXT,
        body=text,
        created_at=now,
        relayed_at=now,
    )
    session.add(message)
    session.flush()
    key = f"msg:{message.id}"
    with speaking(child.language):
        signature = texts.SIGNED.format(text="", worker=sender.name)
    parts = split_text(text, TEXT_MAX - utf16_len(signature)) or [""]  # the name stays on
    parts[-1] += signature
    for index, part in enumerate(parts):
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
        chat_id=sender.telegram_user_id,
        key=f"{key}:receipt",
        outgoing=Outgoing.text(texts.RECEIPT_TO_WORKER.format(alias=child.alias)),
        now=now,
        priority=Priority.CONVERSATION,
    )
    return True


def written_without_a_worker(session: Session, child_id: int, since: datetime) -> list[Message]:
    """What the child wrote since `since` that no worker of theirs received (for the handover)."""
    return list(
        session.exec(
            select(Message)
            .where(
                Message.child_id == child_id,
                Message.direction == Direction.FROM_CHILD,
                col(Message.worker_id).is_(None),
                col(Message.relayed_at).is_not(None),
                col(Message.created_at) >= since,
            )
            .order_by(col(Message.created_at))
        )
    )
