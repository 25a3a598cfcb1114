"""Chats as the sandbox page shows them: each Telegram message of the double turned into what a
messenger draws (who said it, the text, buttons, the message replied to, a photo or a file,
whether it was edited)."""

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.sandbox.double import BotApiDouble, image_type

JsonDict = dict[str, Any]
QUOTE_CHARS = 120


def chat_messages(double: BotApiDouble, chat_id: int, zone: ZoneInfo) -> list[JsonDict]:
    bot_id = double.bot_user.id
    shown = [_shown(message, bot_id, zone) for message in double.chat_history(chat_id)]
    for message in shown:  # a picture only where there is one (people's photos are stand-ins)
        if "photo" in message:
            stored = double.file(message["photo"])
            if stored is None or image_type(stored.content) is None:
                message["text"] = "📷 photo" + (f"\n{message['text']}" if message["text"] else "")
                del message["photo"]
    return shown


def unread(double: BotApiDouble, chat_id: int, seen_up_to: int) -> int:
    """The bot's messages in the chat after the last one the page showed."""
    bot_id = double.bot_user.id
    return sum(
        1
        for message in double.chat_history(chat_id)
        if message["message_id"] > seen_up_to and message.get("from", {}).get("id") == bot_id
    )


def commands(double: BotApiDouble, chat_id: int) -> list[JsonDict]:
    """The person's command menu as Telegram would show it: set for their chat, else the
    bot's default."""
    mine = double.commands_for({"type": "chat", "chat_id": chat_id})
    return mine or double.commands_for({"type": "default"})


def _shown(message: JsonDict, bot_id: int, zone: ZoneInfo) -> JsonDict:
    sent = datetime.fromtimestamp(message["date"], UTC).astimezone(zone)
    shown: JsonDict = {
        "id": message["message_id"],
        "from_bot": message.get("from", {}).get("id") == bot_id,
        "date": sent.isoformat(),
        "time": f"{sent:%a %d %b %H:%M}",
        "text": message.get("text") or message.get("caption") or "",
        "edited": "edit_date" in message,
        "buttons": keyboard(message.get("reply_markup")),
    }
    replied = message.get("reply_to_message")
    if replied:
        quote = replied.get("text") or replied.get("caption") or _kind(replied) or ""
        shown["reply_to"] = {"id": replied["message_id"], "text": quote[:QUOTE_CHARS]}
    if "photo" in message:
        shown["photo"] = message["photo"][-1]["file_id"]
    if "document" in message:
        document = message["document"]
        shown["document"] = {"file_id": document["file_id"], "name": document.get("file_name")}
    kind = _kind(message)
    if kind:
        shown["text"] = f"{kind}\n{shown['text']}" if shown["text"] else kind
    return shown


def _kind(message: JsonDict) -> str | None:
    """A few words for what a message carries besides text (voice, a sticker, a video)."""
    if "voice" in message:
        return f"🎤 voice message, {message['voice'].get('duration', 1)} s"
    if "sticker" in message:
        return message["sticker"].get("emoji", "🙂") + " sticker"
    if "video" in message:
        return "🎬 video"
    return None


def keyboard(markup: JsonDict | None) -> list[list[JsonDict]]:
    """An inline keyboard's rows: each button's label and its callback data or link."""
    rows = (markup or {}).get("inline_keyboard", [])
    return [
        [
            {"text": button["text"], "data": button.get("callback_data"), "url": button.get("url")}
            for button in row
        ]
        for row in rows
    ]
