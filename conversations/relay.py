"""Messages both ways: a child's words to their worker, a worker's answer back to the child."""

from sqlmodel import col, select
from telegram import Message as TgMessage

from bot import access, casework, episodes, hours, messaging, questions, texts, urgent
from bot.access import Person
from bot.messaging import Incoming, Kind
from bot.models import Child, Outbox, Staff
from bot.outbox import Outgoing, Priority, tell
from conversations.common import Turn, clean

SHOWN_ALIAS_MAX = 32


def shown(alias: str) -> str:
    """Echo what a person typed as an alias without letting it grow a reply past any limit."""
    return alias if len(alias) <= SHOWN_ALIAS_MAX else alias[:SHOWN_ALIAS_MAX] + "…"


def from_child(this: Turn, message: TgMessage, edited: bool) -> None:
    child = this.session.get(Child, this.enrolled().record_id)
    assert child is not None
    incoming = _incoming(message, edited)
    if incoming is None:
        if not edited:
            worker = casework.current_worker(this.session, this.enrolled().record_id)
            this.say(texts.NOT_PASSED_ON.format(worker=worker.name if worker else "your worker"))
        return
    words_of_danger = incoming.kind is Kind.TEXT and urgent.sounds_urgent(
        incoming.body or "", this.services.settings.urgent_phrases
    )
    missing_now = episodes.open_episode(this.session, this.enrolled().record_id) is not None
    priority = Priority.URGENT if words_of_danger or missing_now else Priority.CONVERSATION
    new = messaging.relay_from_child(this.session, child, incoming, this.now, priority)
    if not new:
        return
    if words_of_danger:
        urgent.raise_alarm(this.session, child, "words", this.now)
    if missing_now:
        _copy_to_managers(this, child, incoming)
    worker = casework.current_worker(this.session, this.enrolled().record_id)
    zone = this.services.settings.zone
    if worker is not None and not hours.is_working(worker, this.now, zone):
        hours.out_of_hours(
            this.session, child, worker, incoming.source_key, incoming.body, this.now, zone
        )


def _copy_to_managers(this: Turn, child: Child, incoming: Incoming) -> None:
    """While a child is missing, anything they send is urgent for the managers too."""
    said = incoming.body if incoming.kind is Kind.TEXT else f"({incoming.kind} message)"
    tell(
        this.session,
        casework.managers_of(this.session, child.team_id),
        key=f"{incoming.source_key}:missing",
        outgoing=Outgoing.text(
            texts.MISSING_MESSAGE.format(alias=child.alias, text=said), protect_content=True
        ),
        now=this.now,
        priority=Priority.URGENT,
        child_id=child.id,
    )


def _incoming(message: TgMessage, edited: bool) -> Incoming | None:
    """What can be passed on: words, voice and stickers (an edit only of words)."""
    source = f"tg:{message.chat_id}:{message.message_id}"
    if edited:
        stamp = int(message.edit_date.timestamp()) if message.edit_date else 0
        source = f"{source}:e{stamp}"
    if message.text:
        return Incoming(source, Kind.TEXT, body=clean(message.text), edited=edited)
    if edited:
        return None
    if message.voice:
        return Incoming(source, Kind.VOICE, file_id=message.voice.file_id)
    if message.sticker:
        return Incoming(source, Kind.STICKER, file_id=message.sticker.file_id)
    return None


def from_worker(this: Turn, message: TgMessage) -> None:
    """A worker's plain message: an answer to a child if it replies to one of theirs."""
    worker = this.enrolled()
    target = message.reply_to_message
    child = _replied_child(this, worker, target.message_id) if target else None
    if child is None:
        this.say(texts.WORKER_HOW_TO_REPLY)
    elif not message.text:
        this.say(texts.WORKER_TEXT_ONLY)
    else:
        _send(this, child, clean(message.text))


def _replied_child(this: Turn, worker: Person, message_id: int) -> Child | None:
    """The child whose relayed message the worker replied to, if still theirs."""
    child_id = this.session.exec(
        select(Outbox.child_id).where(
            Outbox.chat_id == this.chat_id,
            Outbox.sent_message_id == message_id,
            col(Outbox.child_id).is_not(None),
        )
    ).first()
    return this.reach_id(child_id, "reply to child") if child_id else None


def msg(this: Turn, args: str) -> None:
    worker = this.enrolled()
    if not args:
        questions.ask(this.session, this.user_id, "msg", [], this.now)
        this.say(texts.ASK_ALIAS_MSG)
        return
    alias, text = split_alias(args, access.aliases_in_reach(this.session, worker))
    if alias is None:
        this.say(texts.NO_SUCH_CHILD.format(alias=shown(args.split()[0])))
    elif not text:
        questions.ask(this.session, this.user_id, "msg", [alias], this.now)
        this.say(texts.ASK_MSG_TEXT.format(alias=alias))
    else:
        send_by_alias(this, alias, text)


def msg_answer(this: Turn, collected: list[str], answer: str) -> None:
    """The worker answered a question /msg asked: first which child, then what to say."""
    if not collected:
        child = this.reach(answer, "message child")
        if child is None:
            this.say(texts.NO_SUCH_CHILD.format(alias=shown(answer)))
            return
        questions.ask(this.session, this.user_id, "msg", [child.alias], this.now)
        this.say(texts.ASK_MSG_TEXT.format(alias=child.alias))
        return
    send_by_alias(this, collected[0], answer)


def split_alias(args: str, aliases: list[str]) -> tuple[str | None, str]:
    """Read "Blue Fox hello" as alias "Blue Fox" and text "hello", longest alias first."""
    folded = args.casefold()
    for alias in sorted(aliases, key=len, reverse=True):
        key = alias.casefold()
        if folded == key:
            return alias, ""
        if folded.startswith(key) and folded[len(key)].isspace():
            return alias, args[len(alias) :].strip()
    return None, ""


def send_by_alias(this: Turn, alias: str, text: str) -> None:
    child = this.reach(alias, "message child")
    if child is None:
        this.say(texts.NO_SUCH_CHILD.format(alias=shown(alias)))
        return
    _send(this, child, text)


def _send(this: Turn, child: Child, text: str) -> None:
    staff = this.session.get(Staff, this.enrolled().record_id)
    assert staff is not None
    message = this.update.effective_message
    source = f"tg:{this.chat_id}:{message.message_id if message else this.update.update_id}"
    if not messaging.send_to_child(this.session, staff, child, text, source, this.now):
        this.say(texts.CHILD_NOT_JOINED.format(alias=child.alias))
