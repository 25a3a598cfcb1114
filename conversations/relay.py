"""Messages both ways: a child's words to the people who look after them, and staff's answers
back to the child (by Telegram reply, or /msg)."""

from dataclasses import dataclass

from sqlmodel import select
from telegram import Message as TgMessage

from bot import access, casework, checkins, messaging, questions, texts
from bot.messaging import Incoming, Kind
from bot.models import CheckIn, CheckInStatus, Child, Direction, Message, Outbox, Staff
from bot.questions import Question
from conversations.common import Turn, clean
from conversations.picking import ask_child, shown, split_alias

MSG = "msg"
TEXT_STEP = "text"


def incoming(message: TgMessage, edited: bool) -> Incoming | None:
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


def keep(this: Turn, message: TgMessage) -> bool:
    """Store a child's words before anything else can fail; True if something was stored."""
    found = incoming(message, edited=this.update.edited_message is not None)
    if found is None:
        return False
    child = this.session.get(Child, this.enrolled().record_id)
    assert child is not None
    messaging.keep_from_child(this.session, child, found, this.now)
    return True


def from_child(this: Turn, message: TgMessage, edited: bool) -> None:
    """Rule 1: a child's words pass the safety checks and go on at once, whatever is open. Words
    typed at the check-in's last step are passed on at once too, as the check-in's answer."""
    child = this.session.get(Child, this.enrolled().record_id)
    assert child is not None and child.id is not None
    found = incoming(message, edited)
    if found is None:
        if not edited:
            told = [person.name for person in casework.carers(this.session, child)]
            this.say(texts.NOT_PASSED_ON.format(worker=texts.names(told) or "anyone"))
        return
    stored = messaging.keep_from_child(this.session, child, found, this.now)
    checkin = _checkin_answered(this, child, found)
    if messaging.pass_on(
        this.session, stored, child, this.services.safety, this.now, checkin=checkin
    ) and checkin is not None:
        checkins.finish(this.session, child, checkin, found.body, this.now)
    if checkin is not None and this.question is not None:
        this.finish(this.question)


def _checkin_answered(this: Turn, child: Child, found: Incoming) -> CheckIn | None:
    """The open check-in these words answer, if the child is at its last step."""
    question = this.question
    if question is None or question.kind != questions.CHECKIN or found.kind is not Kind.TEXT:
        return None
    if found.edited:
        return None
    checkin = this.session.get(CheckIn, question.state.get("checkin"))
    if checkin is None or checkin.child_id != child.id or checkin.status != CheckInStatus.OPEN:
        return None
    return checkin


# Staff to a child ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Replied:
    """A staff member replied to a message carrying this child's words or call for help (None:
    to a message of ours we no longer hold; it may have been about a child since erased)."""

    child_id: int | None


def replied_child(this: Turn, message: TgMessage) -> Replied | None:
    """Rule 2's test: whom a staff member's Telegram reply is for; None when it is not a reply
    to a child's message or alert, so it is plain text."""
    target = message.reply_to_message
    if target is None or target.from_user is None or not target.from_user.is_bot:
        return None
    row = this.session.exec(
        select(Outbox.answerable, Outbox.child_id).where(
            Outbox.chat_id == this.chat_id, Outbox.sent_message_id == target.message_id
        )
    ).first()
    if row is None:
        return Replied(None)
    answerable, child_id = row
    return Replied(child_id) if answerable and child_id is not None else None


def reply_to_child(this: Turn, replied: Replied, message: TgMessage) -> None:
    """Rule 2: the reply goes to the child; an open question stays open, and the bot says so."""
    child = this.reach_id(replied.child_id, "reply to child") if replied.child_id else None
    if replied.child_id is None:
        this.say(texts.REPLY_UNKNOWN)
    elif child is None:
        this.say(texts.REPLY_NOT_YOURS)
    elif not message.text:
        this.say(texts.WORKER_TEXT_ONLY)
    else:
        _send(this, child, clean(message.text))
    if this.question is not None:
        this.say(questions.still_open(this.question))


def from_staff(this: Turn) -> None:
    """A staff member's plain message with no question open: how to reach a child."""
    this.say(texts.STAFF_HOW_TO_REPLY)


def edited_by_staff(this: Turn, message: TgMessage) -> None:
    """An edit of words already sent to a child does not reach them: say so."""
    source = f"tg:{message.chat_id}:{message.message_id}"
    sent = this.session.exec(
        select(Message.child_id).where(
            Message.source_key == source, Message.direction == Direction.TO_CHILD
        )
    ).first()
    if sent is not None:
        child = this.session.get(Child, sent)
        this.say(texts.EDIT_NOT_PASSED.format(alias=child.alias if child else "the child"))


def msg(this: Turn, args: str) -> None:
    """/msg, /msg ALIAS, /msg ALIAS TEXT."""
    if not args:
        ask_child(this, MSG)
        return
    alias, text = split_alias(args, access.aliases_in_reach(this.session, this.enrolled()))
    child = this.reach(alias, "message child") if alias else None
    if child is None:
        this.say(texts.NO_SUCH_CHILD.format(alias=shown(args.split()[0])))
    elif not text:
        this.ask(MSG, TEXT_STEP, texts.ASK_MSG_TEXT.format(alias=child.alias), child=child)
    else:
        _send(this, child, text)


def on_text(this: Turn, question: Question, text: str) -> None:
    """What to send, typed after /msg ALIAS."""
    child = this.reach_id(question.child_id or 0, "message child")
    this.finish(question)
    if child is None:
        this.say(texts.NO_SUCH_CHILD.format(alias=shown(question.alias)))
        return
    _send(this, child, text)


def _send(this: Turn, child: Child, text: str) -> None:
    sender = this.session.get(Staff, this.enrolled().record_id)
    assert sender is not None
    message = this.update.effective_message
    source = f"tg:{this.chat_id}:{message.message_id if message else this.key}"
    if not messaging.send_to_child(this.session, sender, child, text, source, this.now):
        this.say(texts.CHILD_NOT_JOINED.format(alias=child.alias))

