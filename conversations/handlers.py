"""Every handler the bot has, registered on the Application in one place."""

import logging

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot import access, buttons, texts
from bot.buttons import Pressed
from conversations import (
    caseload,
    checkin,
    enrol,
    episode,
    records,
    relay,
    report,
    review,
    talk,
    team,
)
from conversations.common import CommandBody, Turn, guarded, open_turn

log = logging.getLogger(__name__)

COMMANDS: dict[str, CommandBody] = {
    "start": enrol.start,
    "help": talk.help_,
    "cancel": talk.cancel,
    "invite_worker": enrol.invite_worker,
    "overdue": caseload.overdue,
    "invites": enrol.list_invites,
    "duty": caseload.duty,
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
    "urgent": checkin.help_now,
}

BUTTONS = {
    "checkin": checkin.on_answer,
    "help_now": checkin.on_help_now,
    "review": review.on_button,
    "end_intervention": caseload.on_end,
    "ack": checkin.on_acknowledge,
    "revoke": enrol.on_revoke,
    "erase": records.on_erase,
    "grade": episode.on_grade,
    "rhi": episode.on_button,
}


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A button press: the token must be this person's, unspent and unexpired. A refused press
    gets a short note, except from a stranger, who learns nothing at all."""
    query = update.callback_query
    if query is None:
        return
    note = None
    with open_turn(update, context) as this:
        if this is not None:
            pressed = buttons.press(this.session, query.data or "", this.user_id, this.now)
            if not _handle_press(this, pressed) and this.person is not None:
                note = texts.BUTTON_GONE
    try:
        await query.answer(note)
    except TelegramError as exc:
        log.info("callback %s not answered: %s", query.id, type(exc).__name__)


def _handle_press(this: Turn, pressed: Pressed | None) -> bool:
    if pressed is None or not access.may_press(this.person, pressed.action):
        return False
    BUTTONS[pressed.action](this, pressed)
    return True


def register(application: Application) -> None:
    if set(COMMANDS) != set(access.COMMAND_ROLES) or set(BUTTONS) != set(access.BUTTON_ROLES):
        raise RuntimeError("every command and button needs its roles in bot.access")
    private = filters.ChatType.PRIVATE
    new_message = filters.UpdateType.MESSAGE & private
    for name, body in COMMANDS.items():
        application.add_handler(CommandHandler(name, guarded(name, body), filters=new_message))
    application.add_handler(MessageHandler(new_message & filters.COMMAND, talk.on_unknown_command))
    application.add_handler(MessageHandler(new_message & ~filters.COMMAND, talk.on_message))
    application.add_handler(
        MessageHandler(filters.UpdateType.EDITED_MESSAGE & private, talk.on_edit)
    )
    application.add_handler(CallbackQueryHandler(on_button))
    application.add_handler(TypeHandler(Update, talk.on_group), group=1)
