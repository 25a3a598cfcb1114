"""Messages both ways: a child's words to the people who look after them, and staff's answers
back to the child (by Telegram reply, or /msg)."""

import hashlib
from dataclasses import dataclass

from sqlmodel import select
from telegram import Message as TgMessage

from bot.rules import access, casework, checkins, episodes, messaging, notices, questions
from bot.rules.buttons import Pressed
from bot.rules.messaging import Incoming
from bot.rules.questions import Question
from bot.rules.relayed import Kind, mark_seen
from bot.storage.models import CheckIn, CheckInStatus, Child, Direction, Message, Outbox, Staff
from bot.wording import texts
from conversations import checkin_time, question_texts
from conversations.common import Turn, clean
from conversations.picking import ask_child, shown, split_alias

MSG = "msg"
TEXT_STEP = "text"


def words_of(message: TgMessage, after_command: str | None, edited: bool) -> Incoming | None:
    """What of a child's message can be passed on: their words (the text, a photo's caption, or
    what they wrote after one of the commands), a voice message or a sticker; of an edit, only
    words. `after_command`: what followed a command we know, which is all that counts then."""
    source = f"tg:{message.chat_id}:{message.message_id}"
    if edited:  # two edits within a second differ in their words
        stamp = int(message.edit_date.timestamp()) if message.edit_date else 0
        said = hashlib.sha256((message.text or "").encode()).hexdigest()[:12]
        source = f"{source}:e{stamp}:{said}"
    words = after_command if after_command is not None else message.text or message.caption
    if words and words.strip():
        return Incoming(source, Kind.TEXT, body=clean(words), edited=edited)
    if edited or after_command is not None:
        return None
    if message.voice:
        return Incoming(source, Kind.VOICE, file_id=message.voice.file_id)
    if message.sticker:
        return Incoming(source, Kind.STICKER, file_id=message.sticker.file_id)
    return None


def held_back(message: TgMessage) -> bool:
    """A photo, video, file, location or anything else that is not words, voice or a sticker."""
    return not (message.text or message.voice or message.sticker)


def keep(this: Turn, found: Incoming) -> None:
    """Store a child's words before anything else can fail."""
    child = this.session.get(Child, this.enrolled().record_id)
    assert child is not None
    messaging.keep_from_child(this.session, child, found, this.now)


def from_child(
    this: Turn,
    message: TgMessage,
    found: Incoming | None,
    *,
    asked_for_help: bool = False,
) -> None:
    """Rule 1: a child's words pass the safety checks and go on at once, whatever is open. Words
    typed at the check-in's last step are passed on at once too, as the check-in's answer; what
    cannot be passed on is said kindly (and, for a missing child, still tells those looking)."""
    child = this.session.get(Child, this.enrolled().record_id)
    assert child is not None and child.id is not None
    if found is not None:
        stored = messaging.keep_from_child(this.session, child, found, this.now)
        checkin = _checkin_answered(this, child, found)
        passed = messaging.pass_on(
            this.session,
            stored,
            child,
            this.services.safety,
            this.now,
            checkin=checkin,
            asked_for_help=asked_for_help,
        )
        if passed and checkin is not None:
            checkins.finish(this.session, child, checkin, found.body, this.now)
            if this.question is not None:
                this.finish(this.question)
            checkin_time.offer(this, child)
    if not held_back(message) or this.update.edited_message is not None:
        return
    told = texts.names([person.name for person in casework.carers(this.session, child)])
    if found is not None:
        this.say(texts.CAPTION_ONLY)
    else:
        this.say(texts.NOT_PASSED_ON.format(worker=told) if told else texts.NOT_PASSED_ON_TO_ANYONE)
    if episodes.open_episode(this.session, child.id) is not None:
        messaging.media_while_missing(this.session, child, this.key, this.now)


def _checkin_answered(this: Turn, child: Child, found: Incoming) -> CheckIn | None:
    """The open check-in these words answer, if the child is at its last step."""
    question = this.question
    if question is None or question.kind != questions.CHECKIN or found.kind is not Kind.TEXT:
        return None
    if question.step != checkins.STEP_COMMENT:
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
    """What a staff member's Telegram reply replied to: a message about this child (None: a
    message of ours we no longer hold, perhaps about a child since erased), and whether it
    carries the child's own words or call for help (so the reply is meant for the child)."""

    child_id: int | None
    answerable: bool


def replied_to(this: Turn, message: TgMessage) -> Replied | None:
    """Rule 2's test; None when the reply is to nothing about a child (so it is plain text)."""
    target = message.reply_to_message
    if target is None or target.from_user is None or not target.from_user.is_bot:
        return None
    row = this.session.exec(
        select(Outbox.answerable, Outbox.child_id, Outbox.dedupe_key).where(
            Outbox.chat_id == this.chat_id, Outbox.sent_message_id == target.message_id
        )
    ).first()
    if row is None:
        return Replied(None, answerable=True)
    answerable, child_id, key = row
    if child_id is None and key.startswith(notices.KEY_PREFIX):  # about several children
        return Replied(None, answerable=False)
    return Replied(child_id, answerable) if child_id is not None else None


def reply_to_child(this: Turn, replied: Replied, message: TgMessage) -> None:
    """Rule 2: the reply goes to the child; an open question stays open, and the bot says so."""
    child = (
        access.child_to_answer(this.session, this.enrolled(), this.now, child_id=replied.child_id)
        if replied.child_id
        else None
    )
    if replied.child_id is None:
        this.say(texts.REPLY_UNKNOWN)
    elif child is None:
        this.say(texts.REPLY_NOT_YOURS)
    elif not message.text:
        this.say(texts.WORKER_TEXT_ONLY)
    else:
        _send(this, child, clean(message.text))
    if this.question is not None:
        this.say(question_texts.still_open(this.question))


def reply_to_a_notice(this: Turn, replied: Replied) -> None:
    """A reply to a notice about a child (a reminder, say) is not an answer about another one,
    nor is it sent to the child: the bot says how to reach them."""
    child = this.session.get(Child, replied.child_id) if replied.child_id else None
    if child is None:
        this.say(texts.REPLY_ABOUT_NOTICES)
    else:
        this.say(texts.REPLY_ABOUT_A_NOTICE.format(alias=child.alias))
    if this.question is not None:
        this.say(question_texts.still_open(this.question))


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
        this.say(texts.EDIT_NOT_PASSED.format(alias=child.alias if child else texts.THE_CHILD))


def msg(this: Turn, args: str) -> None:
    """/msg, /msg ALIAS, /msg ALIAS TEXT."""
    if not args:
        ask_child(this, MSG)
        return
    person = this.enrolled()
    answerable = access.children_to_answer(this.session, person, this.now)
    alias, text = split_alias(args, [c.alias for c in answerable])
    child = access.child_to_answer(this.session, person, this.now, alias=alias) if alias else None
    if child is None:
        this.say(texts.NO_SUCH_CHILD.format(alias=shown(args.split()[0])))
    elif not text:
        this.ask(MSG, TEXT_STEP, texts.ASK_MSG_TEXT.format(alias=child.alias), child=child)
    else:
        _send(this, child, text)


def on_text(this: Turn, question: Question, text: str) -> None:
    """What to send, typed after /msg ALIAS."""
    this.finish(question)
    child = access.child_to_answer(
        this.session, this.enrolled(), this.now, child_id=question.child_id
    )
    if child is None:
        this.say(texts.NO_SUCH_CHILD.format(alias=shown(question.alias)))
        return
    _send(this, child, text)


def on_seen(this: Turn, pressed: Pressed) -> str | None:
    """ "Seen" on a child's words: the child's receipt says so, if the child is still theirs."""
    message = this.session.get(Message, pressed.data["message"])
    person = this.enrolled()
    child = (
        access.child_to_answer(this.session, person, this.now, child_id=message.child_id)
        if message is not None
        else None
    )
    seer = this.session.get(Staff, person.record_id)
    if child is None or child.id is None or seer is None:
        return texts.BUTTON_GONE
    assert message is not None
    changed = mark_seen(this.session, child.id, seer, this.now, message.id)
    return (texts.SEEN_TOLD if message.id in changed else texts.SEEN_NOTED).format(
        alias=child.alias
    )


def _send(this: Turn, child: Child, text: str) -> None:
    sender = this.session.get(Staff, this.enrolled().record_id)
    assert sender is not None and child.id is not None
    message = this.update.effective_message
    source = f"tg:{this.chat_id}:{message.message_id if message else this.key}"
    if not messaging.send_to_child(this.session, sender, child, text, source, this.now):
        this.say(texts.CHILD_NOT_JOINED.format(alias=child.alias))
    else:
        mark_seen(this.session, child.id, sender, this.now)  # writing back is having seen
