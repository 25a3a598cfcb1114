"""Who gets what a person sends: every private update comes through here, and goes where the
contract's "Who gets what a person sends" says, in its order:

1. A child's words pass the safety checks and go to their worker (or, while they have none or
   their case is closed, to the managers) at once, whatever question is open; the words typed
   at a check-in's last step are passed on at once too.
2. A staff member's Telegram reply to a relayed child message or an urgent alert goes to that
   child, whatever question is open; the question stays open, and the bot says so.
3. A command ends the open question (the bot says what was not saved) and runs.
4. A button belongs to the conversation whose message carries it; a press on a message of a
   finished conversation gets a kind "that has finished" and changes nothing.
5. Only then does plain text answer the open question, and only when it is a valid answer;
   otherwise the bot says what it expects and how to /cancel.

A reply that is a command is a command (rule 3). All a child sends is their words but our
commands, and what follows one is too (rule 1). A reply to a notice is never an answer.
"""

import asyncio
import logging
from collections.abc import Callable

from telegram import Message as TgMessage
from telegram import Update
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.rules import access, buttons, messaging, notices, questions
from bot.rules.buttons import Pressed
from bot.rules.questions import Question
from bot.storage.db import read_scope, session_scope
from bot.storage.models import Child, Role
from bot.wording import texts
from conversations import (
    caseload,
    checkin,
    checkin_time,
    duty,
    enrol,
    episode,
    flows,
    held,
    history,
    languages,
    picking,
    question_texts,
    records,
    relay,
    report,
    review,
    talk,
    team,
)
from conversations.common import (
    Command,
    CommandBody,
    Services,
    Turn,
    clean,
    parse_command,
    run_turn,
    services,
)

log = logging.getLogger(__name__)

COMMANDS: dict[str, CommandBody] = {
    "start": enrol.start,
    "help": talk.help_,
    "cancel": talk.cancel,
    "invite_worker": enrol.invite_worker,
    "overdue": caseload.overdue,
    "invites": enrol.list_invites,
    "duty": duty.duty,
    "export": records.export,
    "close": records.close,
    "erase": records.erase,
    "reassign": team.reassign,
    "report": report.board,
    "deactivate": team.deactivate,
    "missing": episode.missing,
    "returned": episode.returned,
    "rhi": episode.rhi,
    "hours": caseload.working_hours,
    "add_child": enrol.add_child,
    "msg": relay.msg,
    "children": caseload.children,
    "risk": caseload.risk,
    "intervention": caseload.intervention,
    "end_intervention": caseload.end_intervention,
    "review": review.start,
    "checkin": checkin.start,
    "checkin_time": checkin_time.checkin_time,
    "urgent": checkin.help_now,
    "history": history.history,
    "language": languages.command,
}


# Buttons that belong to a record rather than to an open conversation: a check-in, an alert,
# an invite, a missing episode. Each checks its record's state itself.
RECORD_BUTTONS: dict[str, Callable[[Turn, Pressed], str | None]] = {  # -> a popup, if any
    "checkin": checkin.on_answer,
    "help_now": checkin.on_help_now,
    "ack": checkin.on_acknowledge,
    "resolve": checkin.on_resolve,
    "revoke": enrol.on_revoke,
    "relink": enrol.on_relink,
    "grade": episode.on_grade,
    "history": history.on_page,
    "seen": relay.on_seen,
    checkin_time.ACTION: checkin_time.on_press,
    languages.ACTION: languages.on_press,
    notices.ACT: lambda this, pressed: _act(this, pressed),
}


# Messages -------------------------------------------------------------------------------------


def _known(command: Command | None) -> Command | None:
    """The command, if it is one of ours."""
    return command if command is not None and command.for_us and command.name in COMMANDS else None


def _command(message: TgMessage, services: Services) -> Command | None:
    return parse_command(message, services.bot_username)


def _keep(found: Services, update: Update) -> bool:
    """Rule 1 begins here: a child's words are stored in a transaction of their own, before
    anything else can fail. Staff are only looked up (a read, which never waits on a writer)."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return False
    with read_scope(found.engine) as session:
        person = access.identify(session, user.id)
    if person is None or person.role is not Role.CHILD:
        return False
    known = _known(_command(message, found))
    edited = update.edited_message is not None
    words = relay.words_of(message, known.args if known else None, edited)
    if words is None:
        return False
    with session_scope(found.engine) as session:
        child = session.get(Child, person.record_id)
        assert child is not None
        messaging.keep_from_child(session, child, words, found.clock.now())
    return True


async def _keep_words(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    try:
        return await asyncio.to_thread(_keep, services(context), update)
    except Exception as error:  # the turn itself stores them again, or tells the child
        log.error("update %s: words not stored first: %s", update.update_id, type(error).__name__)
        return False


def _open_question(this: Turn) -> None:
    """The person's open conversation; a lapsed one ends here, and says so."""
    question = questions.current(this.session, this.user_id)
    if question is not None and question.lapsed(this.now):
        questions.end(this.session, question)
        if not questions.silent(question):
            this.send(question_texts.lapse_notice(this.session, question), question.child_id)
        question = None
    this.question = question


def _route_message(this: Turn) -> None:
    message = this.update.effective_message
    assert message is not None
    command = _command(message, this.services)
    if this.person is None:
        if command is not None and command.for_us and command.name in ("start", "help"):
            COMMANDS[command.name](this, command.args)
        else:
            this.say(texts.STRANGER)
        return
    _open_question(this)
    if this.person.role is Role.CHILD:
        _from_child(this, message, _known(command))
        languages.ask_once(this)
        return
    replied = relay.replied_to(this, message) if command is None else None
    if replied is not None and replied.answerable:  # rule 2
        relay.reply_to_child(this, replied, message)
    elif replied is not None and not _about(this.question, replied.child_id):
        relay.reply_to_a_notice(this, replied)  # not an answer about another child (rule 5)
    elif command is not None:  # rule 3
        _run_command(this, command)
    elif this.question is not None:  # rule 5
        _answer(this, this.question, message.text)
    else:
        relay.from_staff(this)
    languages.ask_once(this)


def _about(question: Question | None, child_id: int | None) -> bool:
    """Whether a reply to a notice about `child_id` (None: about several) may answer it."""
    return question is not None and child_id is not None and question.child_id == child_id


def _from_child(this: Turn, message: TgMessage, known: Command | None) -> None:
    """Rule 1: everything a child sends is their words, but a command of ours, of which what
    they wrote after it is; then the command runs (rule 3)."""
    words = relay.words_of(message, known.args if known else None, edited=False)
    if words is not None or known is None:
        asked_for_help = known is not None and known.name == "urgent"
        relay.from_child(this, message, words, asked_for_help=asked_for_help)
    if known is not None:
        _run_command(this, known)


def _run_command(this: Turn, command: Command) -> None:
    question = this.question
    if question is not None and command.name != "cancel":
        this.finish(question)
        if not questions.silent(question):
            this.say(question_texts.stopped(question))
    if not command.for_us or command.name not in COMMANDS:
        this.say(texts.UNKNOWN_COMMAND)
    elif not access.may_run(this.person, command.name):
        closed = this.person is not None and this.person.case_closed
        this.say(texts.CASE_CLOSED_TO_CHILD if closed else texts.NOT_ALLOWED)
    else:
        COMMANDS[command.name](this, command.args)


def _act(this: Turn, pressed: Pressed) -> str | None:
    """A digest line's button: its command for its child, as if typed (rule 3)."""
    child = this.session.get(Child, pressed.data["child"])
    if child is None or child.erased_at is not None or child.team_id != this.enrolled().team_id:
        return texts.BUTTON_GONE
    _run_command(this, Command(pressed.data["command"], child.alias, for_us=True))
    return None


def _answer(this: Turn, question: Question, text: str | None) -> None:
    answer = clean(text.strip()) if text else ""
    if not answer:
        this.expect(question)
        return
    flow = flows.FLOWS.get(question.kind, flows.Flow())
    if question.step == questions.PICK:
        picking.on_text(this, question, answer, COMMANDS[question.kind])
    elif flow.on_text is not flows.buttons_only and (other := held.other_writer(this, question)):
        held.ask_whom(this, question, answer, other)  # the words may be meant for them
    else:
        flow.on_text(this, question, answer)


def _route_edit(this: Turn) -> None:
    """A child's edit is passed on marked as an edit; a staff member is told an edit of what
    they sent a child does not reach them."""
    message = this.update.edited_message
    if message is None or this.person is None:
        return
    if this.person.role is Role.CHILD:
        relay.from_child(this, message, relay.words_of(message, None, edited=True))
    else:
        relay.edited_by_staff(this, message)


async def on_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Every private message: words, commands, media."""
    if update.message is None:
        return
    kept = await _keep_words(update, context)
    await run_turn(update, context, _route_message, words_kept=kept)


async def on_edit(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    kept = await _keep_words(update, context)
    await run_turn(update, context, _route_edit, words_kept=kept)


# Buttons (rule 4) -----------------------------------------------------------------------------


def _route_button(this: Turn) -> str | None:
    """The popup to show with the answer to the press, if any. A stranger learns nothing."""
    query = this.update.callback_query
    assert query is not None
    pressed = buttons.find(this.session, query.data or "", this.user_id, this.now)
    if pressed is None or not access.may_press(this.person, pressed.action):
        return texts.BUTTON_GONE if this.person is not None else None
    _open_question(this)
    question = this.question
    if pressed.conversation_id is not None and (
        question is None or question.id != pressed.conversation_id or question.step != pressed.step
    ):
        return texts.BUTTON_GONE
    if pressed.conversation_id is None and pressed.action not in RECORD_BUTTONS:
        return texts.BUTTON_GONE  # a conversation's button from before they were bound to one
    if not buttons.spend(this.session, pressed, this.now):
        return texts.BUTTON_GONE
    if question is None or pressed.conversation_id is None:  # (the first only with the second)
        return RECORD_BUTTONS[pressed.action](this, pressed)
    if question.step == questions.PICK:
        picking.on_button(this, question, pressed.data.get("value"), COMMANDS[question.kind])
    elif pressed.action == held.ACTION:
        held.on_button(
            this, question, pressed.data.get("value"), flows.FLOWS[question.kind].on_text
        )
    else:
        flows.FLOWS[question.kind].on_button(this, question, pressed.data.get("value"))
    return None


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    if query is None:
        return
    note = await run_turn(update, context, _route_button)
    try:
        await query.answer(note)
    except TelegramError as exc:
        log.info("callback %s not answered: %s", query.id, type(exc).__name__)


def register(application: Application) -> None:
    with_buttons = {
        kind for kind, flow in flows.FLOWS.items() if flow.on_button is not flows.no_buttons
    }
    actions = with_buttons | set(RECORD_BUTTONS) | {picking.PICK_ACTION, held.ACTION}
    if set(COMMANDS) != set(access.COMMAND_ROLES) or actions != set(access.BUTTON_ROLES):
        raise RuntimeError("every command and button needs its roles in bot.rules.access")
    private = filters.ChatType.PRIVATE
    application.add_handler(MessageHandler(filters.UpdateType.MESSAGE & private, on_message))
    application.add_handler(MessageHandler(filters.UpdateType.EDITED_MESSAGE & private, on_edit))
    application.add_handler(CallbackQueryHandler(on_button))
    application.add_handler(TypeHandler(Update, talk.on_group), group=1)
