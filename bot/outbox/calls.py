"""One Bot API call for each kind of outbox row: the method and parameters as queued, made
with python-telegram-bot."""

import base64
from typing import Any

from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeChat,
    InlineKeyboardMarkup,
    InputFile,
    ReplyParameters,
)

from bot.outbox.qr import qr_png
from bot.outbox.queue import Outgoing


async def deliver(bot: Bot, chat_id: int, outgoing: Outgoing) -> int | None:
    """Make one Bot API call; the sent message's id, when the call sends one."""
    params: dict[str, Any] = dict(outgoing.params)
    if "reply_markup" in params:
        params["reply_markup"] = InlineKeyboardMarkup.de_json(params["reply_markup"], bot)
    if "reply_parameters" in params:
        params["reply_parameters"] = ReplyParameters(**params["reply_parameters"])
    match outgoing.method:
        case "sendMessage":
            message = await bot.send_message(chat_id, **params)
        case "sendVoice":
            message = await bot.send_voice(chat_id, **params)
        case "sendSticker":
            message = await bot.send_sticker(chat_id, **params)
        case "sendQr":
            message = await bot.send_photo(
                chat_id, photo=qr_png(params["link"]), caption=params.get("caption")
            )
        case "sendPng":
            message = await bot.send_photo(
                chat_id, photo=base64.b64decode(params["png"]), caption=params.get("caption")
            )
        case "sendDocument":
            document = InputFile(params["content"].encode(), filename=params["filename"])
            message = await bot.send_document(
                chat_id,
                document,
                caption=params.get("caption"),
                protect_content=params.get("protect_content"),
            )
        case "editMessageText":  # by Telegram's id, or by the key of the row that sent it
            params.pop("edits", None)
            if params.get("message_id") is None:
                return None  # that message never went: there is nothing to change
            await bot.edit_message_text(chat_id=chat_id, **params)
            return None
        case "leaveChat":
            await bot.leave_chat(chat_id)
            return None
        case "setMyCommands":
            commands = [BotCommand(name, about) for name, about in params["commands"]]
            await bot.set_my_commands(commands, scope=BotCommandScopeChat(chat_id))
            return None
        case _:
            raise ValueError(f"unknown outbox method {outgoing.method}")
    return message.message_id
