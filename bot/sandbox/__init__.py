"""Local stand-ins for Telegram: a Bot API double the real bot client talks to over HTTP."""

from bot.sandbox.double import ApiCall, BotApiDouble, Chat, SentMessage, UploadedFile, User
from bot.sandbox.spec import ApiSpec

__all__ = ["ApiCall", "ApiSpec", "BotApiDouble", "Chat", "SentMessage", "UploadedFile", "User"]
