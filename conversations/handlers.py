"""Every handler the bot has, registered on the Application in one place."""

from telegram.ext import Application, CommandHandler, MessageHandler, filters

from bot.access import COMMAND_ROLES
from conversations import enrol, relay, talk
from conversations.common import CommandBody, guarded

COMMANDS: dict[str, CommandBody] = {
    "start": enrol.start,
    "help": talk.help_,
    "cancel": talk.cancel,
    "invite_worker": enrol.invite_worker,
    "add_child": enrol.add_child,
    "msg": relay.msg,
}


def register(application: Application) -> None:
    if set(COMMANDS) != set(COMMAND_ROLES):
        raise RuntimeError("every command needs its roles in bot.access and a handler here")
    private = filters.ChatType.PRIVATE
    new_message = filters.UpdateType.MESSAGE & private
    for name, body in COMMANDS.items():
        application.add_handler(CommandHandler(name, guarded(name, body), filters=new_message))
    application.add_handler(MessageHandler(new_message & filters.COMMAND, talk.on_unknown_command))
    application.add_handler(MessageHandler(new_message & ~filters.COMMAND, talk.on_message))
    application.add_handler(
        MessageHandler(filters.UpdateType.EDITED_MESSAGE & private, talk.on_edit)
    )
