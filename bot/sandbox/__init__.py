"""A local stand-in for Telegram (the Bot API double the real bot client talks to over HTTP),
and `homeward sandbox`, the whole product on one machine built on it (`run.py`)."""

from bot.sandbox.double import ApiCall, BotApiDouble, Chat, SentMessage, UploadedFile, User
from bot.sandbox.spec import ApiSpec

__all__ = ["ApiCall", "ApiSpec", "BotApiDouble", "Chat", "SentMessage", "UploadedFile", "User"]
