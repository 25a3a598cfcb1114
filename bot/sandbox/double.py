"""A Telegram Bot API double: an aiohttp server on 127.0.0.1 that the real python-telegram-bot
client talks to over HTTP exactly as it would to api.telegram.org.

Tests (running in the same asyncio loop as the bot) act as people through Python methods
(`send_text`, `press_button`, ...) and read what the bot did from `sent` and `calls`.
Nothing here logs: the aiohttp access log is off because request URLs carry the token.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import html
import json
import math
import mimetypes
import re
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass
from functools import partial
from http import HTTPStatus
from typing import Any

from aiohttp import web

from bot.sandbox.spec import ApiSpec

JsonDict = dict[str, Any]
Params = dict[str, Any]
Handler = Callable[[Params], Awaitable[Any]]

DEFAULT_TOKEN = "123456:TEST-TOKEN"
BOT_FIRST_NAME = "Homeward"
MAX_TEXT_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024
MAX_CALLBACK_DATA_BYTES = 64
FIRST_USER_ID = 1000
FIRST_GROUP_ID = -1001
FIRST_CHANNEL_ID = -1_001_000_000_001
MAX_UPLOAD_BYTES = 50 * 1024 * 1024

BLOCKED_DESCRIPTION = "Forbidden: bot was blocked by the user"
NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)
WEBHOOK_CONFLICT = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)
POLLING_CONFLICT = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)

_HTTP_ERROR_STATUSES = frozenset(status.value for status in HTTPStatus if status.value >= 400)
_TEXT_METHODS = frozenset({"sendmessage", "editmessagetext"})
_COPY_METHODS = frozenset({"copymessage", "copymessages", "forwardmessage", "forwardmessages"})
_COPYABLE_CONTENT = (
    "text", "entities", "caption", "caption_entities",
    "photo", "voice", "sticker", "document", "video", "location", "contact",
)  # fmt: skip
_BOT_COMMAND = re.compile(r"[a-z0-9_]{1,32}")
_HTML_TAG = re.compile(r"<[^>]*>")

# Without the official method list, these are the types of the fields the double itself reads,
# so that form values still decode (and garbage is still rejected) in the spec-less demo mode.
# With the list loaded they also cover the deprecated reply_to_message_id it no longer names.
_REPLY_MARKUP_TYPES = ("InlineKeyboardMarkup", "ReplyKeyboardMarkup", "ReplyKeyboardRemove")
_FALLBACK_FIELD_TYPES: dict[str, tuple[str, ...]] = {
    "chat_id": ("Integer", "String"),
    "from_chat_id": ("Integer", "String"),
    "message_id": ("Integer",),
    "reply_to_message_id": ("Integer",),
    "offset": ("Integer",),
    "limit": ("Integer",),
    "timeout": ("Integer",),
    "duration": ("Integer",),
    "protect_content": ("Boolean",),
    "drop_pending_updates": ("Boolean",),
    "reply_markup": (*_REPLY_MARKUP_TYPES, "ForceReply"),
    "reply_parameters": ("ReplyParameters",),
    "entities": ("Array of MessageEntity",),
    "caption_entities": ("Array of MessageEntity",),
    "commands": ("Array of BotCommand",),
    "scope": ("BotCommandScope",),
}


# --- Public records ---------------------------------------------------------------------------


@dataclass(slots=True)
class User:
    id: int
    first_name: str
    username: str | None = None
    language_code: str = "en"
    is_bot: bool = False

    def to_api(self) -> JsonDict:
        data: JsonDict = {"id": self.id, "is_bot": self.is_bot, "first_name": self.first_name}
        if self.username:
            data["username"] = self.username
        if not self.is_bot:
            data["language_code"] = self.language_code
        return data


@dataclass(slots=True)
class Chat:
    id: int
    type: str
    title: str | None = None
    first_name: str | None = None
    username: str | None = None

    def to_api(self) -> JsonDict:
        return {key: value for key, value in asdict(self).items() if value is not None}


@dataclass(frozen=True, slots=True)
class SentMessage:
    """A message the bot put in a chat (sendMessage, sendPhoto, copyMessage, ...)."""

    chat_id: int
    message_id: int
    method: str
    text: str | None
    reply_markup: JsonDict | None
    protect_content: bool
    reply_to_message_id: int | None
    params: Params
    date: int


@dataclass(frozen=True, slots=True)
class ApiCall:
    method: str
    params: Params
    status: int


@dataclass(frozen=True, slots=True)
class UploadedFile:
    """A file part of a multipart request, as it appears in the parsed params."""

    filename: str
    content_type: str
    content: bytes


@dataclass(frozen=True, slots=True)
class StoredFile:
    file_id: str
    file_unique_id: str
    file_path: str
    file_name: str
    mime_type: str
    content: bytes


class ApiError(Exception):
    """A Telegram-style error answer: {"ok": false, "error_code", "description"}."""

    def __init__(self, status: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.retry_after = retry_after

    def body(self) -> JsonDict:
        body: JsonDict = {"ok": False, "error_code": self.status, "description": self.description}
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


def _bad_request(reason: str) -> ApiError:
    return ApiError(HTTPStatus.BAD_REQUEST, f"Bad Request: {reason}")


def _too_many_requests(retry_after: int) -> ApiError:
    return ApiError(
        HTTPStatus.TOO_MANY_REQUESTS,
        f"Too Many Requests: retry after {retry_after}",
        retry_after=retry_after,
    )


# --- Small collaborators ----------------------------------------------------------------------


class _ChangeSignal:
    """Wakes every waiter whenever anything changes (an API call, a new or confirmed update).

    An asyncio.Condition can only be notified with its lock held, which the synchronous person
    actions (send_text, ...) cannot take; swapping in a fresh Event per change gives the same
    wake-ups without any sleep-polling.
    """

    def __init__(self) -> None:
        self._event = asyncio.Event()
        self.version = 0  # how many changes so far

    def fire(self) -> None:
        self.version += 1
        self._event.set()
        self._event = asyncio.Event()

    async def wait_until(self, predicate: Callable[[], bool], timeout: float) -> None:
        """Returns once predicate() holds; raises TimeoutError after timeout seconds."""
        async with asyncio.timeout(timeout):
            while not predicate():
                await self._event.wait()


class _UpdateQueue:
    """Updates waiting for the bot. As in Telegram, an update stays until a later getUpdates
    call's offset is above its id."""

    def __init__(self) -> None:
        self._pending: list[JsonDict] = []
        self.created_ids: list[int] = []

    def __len__(self) -> int:
        return len(self._pending)

    def push(self, kind: str, payload: JsonDict) -> JsonDict:
        update_id = len(self.created_ids) + 1
        update = {"update_id": update_id, kind: copy.deepcopy(payload)}
        self.created_ids.append(update_id)
        self._pending.append(update)
        return copy.deepcopy(update)

    def confirm(self, offset: int) -> None:
        """A negative offset keeps only the last -offset updates and forgets the rest."""
        if offset < 0:
            self._pending = self._pending[offset:]
        else:
            self._pending = [u for u in self._pending if u["update_id"] >= offset]

    def peek(self, limit: int) -> list[JsonDict]:
        return self._pending[:limit]

    def clear(self) -> None:
        self._pending.clear()


@dataclass(frozen=True, slots=True)
class _MediaKind:
    field: str
    method: str
    folder: str
    extension: str
    mime_type: str


_MEDIA_KINDS = {
    kind.field: kind
    for kind in (
        _MediaKind("photo", "sendPhoto", "photos", "jpg", "image/jpeg"),
        _MediaKind("voice", "sendVoice", "voice", "oga", "audio/ogg"),
        _MediaKind("sticker", "sendSticker", "stickers", "webp", "image/webp"),
        _MediaKind("document", "sendDocument", "documents", "bin", "application/octet-stream"),
        _MediaKind("video", "sendVideo", "videos", "mp4", "video/mp4"),
    )
}


class _FileStore:
    """Files people sent and files the bot uploaded, by file_id and by download path."""

    def __init__(self) -> None:
        self._by_id: dict[str, StoredFile] = {}
        self._by_path: dict[str, StoredFile] = {}

    def add(
        self,
        kind: _MediaKind,
        content: bytes,
        file_name: str | None = None,
        mime_type: str | None = None,
    ) -> StoredFile:
        number = len(self._by_id) + 1
        name = file_name or f"file_{number}.{kind.extension}"
        stored = StoredFile(
            file_id=f"{kind.field}-{number:06d}",
            file_unique_id=f"u{number:06d}",
            file_path=f"{kind.folder}/file_{number}.{kind.extension}",
            file_name=name,
            mime_type=mime_type or mimetypes.guess_type(name)[0] or kind.mime_type,
            content=content,
        )
        self._by_id[stored.file_id] = stored
        self._by_path[stored.file_path] = stored
        return stored

    def by_id(self, file_id: str) -> StoredFile | None:
        return self._by_id.get(file_id)

    def by_path(self, file_path: str) -> StoredFile | None:
        return self._by_path.get(file_path)


class _RateLimiter:
    """Telegram's flood limits: messages per second overall, and per chat a burst that refills
    at a steady rate (a token bucket). Time comes from the injected clock."""

    def __init__(
        self,
        clock: Callable[[], float],
        per_second: int,
        per_chat_per_second: float,
        chat_burst: int,
    ) -> None:
        self._clock = clock
        self._per_second = per_second
        self._chat_rate = per_chat_per_second
        self._chat_burst = float(chat_burst)
        self._recent: deque[float] = deque()
        self._buckets: dict[int, tuple[float, float]] = {}  # chat_id -> (tokens, as of)

    def acquire(self, chat_id: int) -> int | None:
        """Spends one message; returns the seconds to wait instead when a limit is hit."""
        now = self._clock()
        while self._recent and self._recent[0] <= now - 1.0:
            self._recent.popleft()
        if len(self._recent) >= self._per_second:
            return _whole_seconds(self._recent[0] + 1.0 - now)
        tokens = self._chat_tokens(chat_id, now)
        if tokens < 1.0:
            return _whole_seconds((1.0 - tokens) / self._chat_rate)
        self._recent.append(now)
        self._buckets[chat_id] = (tokens - 1.0, now)
        return None

    def _chat_tokens(self, chat_id: int, now: float) -> float:
        tokens, as_of = self._buckets.get(chat_id, (self._chat_burst, now))
        return min(self._chat_burst, tokens + (now - as_of) * self._chat_rate)


def _whole_seconds(seconds: float) -> int:
    return max(1, math.ceil(seconds))


@dataclass(slots=True)
class _PlannedFailure:
    method: str | None  # lower-case; None means any sending method
    status: int
    remaining: int
    retry_after: int
    chat_id: int | None

    def matches(self, method: str, chat_id: int | None) -> bool:
        method_matches = _is_sending(method) if self.method is None else self.method == method
        return method_matches and self.chat_id in (None, chat_id)

    def error(self) -> ApiError:
        if self.status == HTTPStatus.TOO_MANY_REQUESTS:
            return _too_many_requests(self.retry_after)
        return ApiError(self.status, HTTPStatus(self.status).phrase)


def _is_sending(method: str) -> bool:
    """Methods that put a new message in a chat: those flood limits and fail_next(None) hit."""
    return (method.startswith("send") and method != "sendchataction") or method in _COPY_METHODS


# --- The double -------------------------------------------------------------------------------


class BotApiDouble:
    """Speaks the Bot API over HTTP on 127.0.0.1 and lets tests act as people."""

    def __init__(
        self,
        spec: ApiSpec | None,
        token: str = DEFAULT_TOKEN,
        bot_username: str = "homeward_test_bot",
        bot_id: int = 123456,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.spec = spec
        self.token = token
        self.bot_user = User(bot_id, BOT_FIRST_NAME, username=bot_username, is_bot=True)
        self.sent: list[SentMessage] = []
        self.calls: list[ApiCall] = []
        self.left_chats: list[int] = []
        self.rate_limited = 0
        self.waiting_polls = 0  # getUpdates calls currently held open by long polling
        self.webhook_url = ""
        self.webhook_secret_token: str | None = None
        self._clock = clock
        self._users: dict[int, User] = {}
        self._chats: dict[int, Chat] = {}
        self._messages: dict[int, dict[int, JsonDict]] = {}
        self._last_message_id: dict[int, int] = {}
        self._updates = _UpdateQueue()
        self._files = _FileStore()
        self._commands: dict[tuple[Any, ...], list[JsonDict]] = {}
        self._open_callback_queries: dict[str, int] = {}  # query id -> who pressed
        self.callback_answers: dict[int, list[str]] = {}  # what each person was shown on a press
        self._callback_count = 0
        self._group_count = 0
        self._blocked: set[int] = set()
        self._failures: list[_PlannedFailure] = []
        self._held_answers: set[int] = set()
        self._release_held = asyncio.Event()
        self._limiter: _RateLimiter | None = None
        self._signal = _ChangeSignal()
        self._poll_generation = 0
        self._closing = False
        self._runner: web.AppRunner | None = None
        self._port: int | None = None
        self._handlers = self._method_handlers()

    # --- Lifecycle ----------------------------------------------------------------------------

    async def start(self, port: int = 0) -> None:
        if self._runner is not None:
            raise RuntimeError("the Bot API double is already running")
        app = web.Application(client_max_size=MAX_UPLOAD_BYTES)
        app.add_routes(self._routes())
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", port).start()
        self._runner = runner
        self._port = runner.addresses[0][1]
        self._closing = False

    async def stop(self) -> None:
        if self._runner is None:
            return
        self._closing = True  # lets pending long polls answer at once instead of holding stop
        self._release_held.set()
        self._signal.fire()
        await self._runner.cleanup()
        self._runner = None
        self._port = None

    @property
    def api_url(self) -> str:
        if self._port is None:
            raise RuntimeError("start() the Bot API double first")
        return f"http://127.0.0.1:{self._port}"

    # What people and the bot have said, as data: kept and put back so a test can start from
    # a world built once (the HTTP server, limits and planned failures are not part of it).
    _STATE = (
        "sent",
        "calls",
        "left_chats",
        "rate_limited",
        "_users",
        "_chats",
        "_messages",
        "_last_message_id",
        "_updates",
        "_files",
        "_commands",
        "_open_callback_queries",
        "callback_answers",
        "_callback_count",
        "_group_count",
        "_blocked",
    )

    def snapshot(self) -> dict[str, Any]:
        """Everything said so far; only between polls (no update waiting for the bot)."""
        if len(self._updates):
            raise RuntimeError("updates are still waiting for the bot")
        return copy.deepcopy({name: getattr(self, name) for name in self._STATE})

    def restore(self, snapshot: dict[str, Any]) -> None:
        for name, value in copy.deepcopy(snapshot).items():
            setattr(self, name, value)

    def user(self, user_id: int) -> User:
        return self._users[user_id]

    def update_ids(self, *, pending: bool = False) -> set[int]:
        """The ids of every update made so far, or of those the bot has not yet confirmed."""
        if pending:
            return {update["update_id"] for update in self._updates.peek(len(self._updates))}
        return set(self._updates.created_ids)

    # --- People -------------------------------------------------------------------------------

    def add_user(
        self,
        first_name: str,
        user_id: int | None = None,
        username: str | None = None,
        language_code: str = "en",
    ) -> User:
        if user_id is None:
            user_id = max([FIRST_USER_ID - 1, *self._users]) + 1
        if user_id in self._users:
            raise AssertionError(f"user {user_id} already exists")
        user = User(user_id, first_name, username=username, language_code=language_code)
        self._users[user_id] = user
        self._chats[user_id] = Chat(user_id, "private", first_name=first_name, username=username)
        return user

    def send_text(self, user_id: int, text: str, reply_to: int | None = None) -> JsonDict:
        content: JsonDict = {"text": text}
        if reply_to is not None:
            content["reply_to_message"] = self._reply_snapshot(user_id, reply_to)
        return self._send_from(user_id, content)

    def send_command(self, user_id: int, command: str, args: str = "") -> JsonDict:
        command_text = "/" + command.removeprefix("/")
        entity = {"type": "bot_command", "offset": 0, "length": len(command_text)}
        text = f"{command_text} {args}" if args else command_text
        return self._send_from(user_id, {"text": text, "entities": [entity]})

    def send_voice(self, user_id: int, duration: int = 3) -> JsonDict:
        return self._send_upload(user_id, "voice", {"duration": duration})

    def send_photo(self, user_id: int, caption: str | None = None) -> JsonDict:
        return self._send_upload(user_id, "photo", {}, caption)

    def send_sticker(self, user_id: int, emoji: str = "😀") -> JsonDict:
        return self._send_upload(user_id, "sticker", {"emoji": emoji})

    def send_video(self, user_id: int, duration: int = 5, caption: str | None = None) -> JsonDict:
        return self._send_upload(user_id, "video", {"duration": duration}, caption)

    def send_document(
        self,
        user_id: int,
        file_name: str = "document.pdf",
        content: bytes = b"%PDF-1.4 fake",
        caption: str | None = None,
    ) -> JsonDict:
        stored = self._files.add(_MEDIA_KINDS["document"], content, file_name=file_name)
        document = _media_payload(_MEDIA_KINDS["document"], stored, {})
        return self._send_from(user_id, _with_caption({"document": document}, caption))

    def send_location(
        self, user_id: int, latitude: float = 51.5072, longitude: float = -0.1276
    ) -> JsonDict:
        return self._send_from(
            user_id, {"location": {"latitude": latitude, "longitude": longitude}}
        )

    def send_contact(self, user_id: int, phone_number: str = "+447700900123") -> JsonDict:
        """The person shares their own contact (as with a request_contact button)."""
        user = self._user(user_id)
        contact = {"phone_number": phone_number, "first_name": user.first_name, "user_id": user.id}
        return self._send_from(user_id, {"contact": contact})

    def edit_text(self, user_id: int, message_id: int, new_text: str) -> JsonDict:
        message = self._messages.get(user_id, {}).get(message_id)
        if message is None or message.get("from", {}).get("id") != user_id:
            raise AssertionError(f"user {user_id} has no message {message_id} to edit")
        message["text"] = new_text
        message.pop("entities", None)
        message["edit_date"] = self._now()
        return self._push_update("edited_message", message)

    def press_button(self, user_id: int, message_id: int, label: str) -> JsonDict:
        user = self._user(user_id)
        message = self._messages.get(user_id, {}).get(message_id)
        if message is None or message.get("from", {}).get("id") != self.bot_user.id:
            raise AssertionError(f"no message {message_id} from the bot in chat {user_id}")
        buttons = _inline_buttons(message.get("reply_markup"))
        button = next((b for b in buttons if b.get("text") == label), None)
        if button is None:
            labels = [b.get("text") for b in buttons]
            raise AssertionError(
                f"message {message_id} in chat {user_id} has no button {label!r}; "
                f"its buttons are {labels}"
            )
        if "callback_data" not in button:
            raise AssertionError(f"button {label!r} has no callback_data to press")
        return self._callback_update(user, message, button["callback_data"])

    def send_callback(self, user_id: int, data: str, message_id: int | None = None) -> JsonDict:
        """A callback query with arbitrary (possibly forged) data. Without message_id it is
        attached to the bot's latest message in the chat; a message that no longer exists is
        sent as an inaccessible message (date 0), as Telegram does."""
        user = self._user(user_id)
        chat_messages = self._messages.get(user_id, {})
        if message_id is None:
            message_id = max(
                (mid for mid, m in chat_messages.items() if self._is_from_bot(m)),
                default=None,
            )
            if message_id is None:
                raise AssertionError(f"the bot has sent no message to chat {user_id}")
        message = chat_messages.get(message_id) or {
            "chat": self._chats[user_id].to_api(),
            "message_id": message_id,
            "date": 0,
        }
        return self._callback_update(user, message, data)

    def add_bot_to_group(self, user_id: int, title: str) -> int:
        """The person creates a group with the bot in it; returns the group's chat id."""
        user = self._user(user_id)
        self._group_count += 1
        chat = Chat(FIRST_GROUP_ID - self._group_count + 1, "group", title=title)
        self._chats[chat.id] = chat
        self._membership_update(chat, user, old_status="left", new_status="member")
        message = self._new_message(chat, {"new_chat_members": [self.bot_user.to_api()]}, user)
        self._push_update("message", message)
        return chat.id

    def send_group_text(self, chat_id: int, user_id: int, text: str) -> JsonDict:
        user = self._user(user_id)
        chat = self._chats.get(chat_id)
        if chat is None or chat.type not in ("group", "supergroup"):
            raise AssertionError(f"no group {chat_id} with the bot in it")
        return self._push_update("message", self._new_message(chat, {"text": text}, user))

    def channel_post(self, text: str, title: str = "Homeward channel") -> JsonDict:
        """A post in the channel with this title (created on first use, bot as admin)."""
        chat = next(
            (c for c in self._chats.values() if c.type == "channel" and c.title == title), None
        )
        if chat is None:
            channels = sum(1 for c in self._chats.values() if c.type == "channel")
            chat = Chat(FIRST_CHANNEL_ID - channels, "channel", title=title)
            self._chats[chat.id] = chat
        message = self._new_message(chat, {"text": text, "sender_chat": chat.to_api()}, None)
        return self._push_update("channel_post", message)

    # --- Reading what the bot did -------------------------------------------------------------

    def messages_to(self, chat_id: int) -> list[SentMessage]:
        return [message for message in self.sent if message.chat_id == chat_id]

    def texts_to(self, chat_id: int) -> list[str]:
        return [m.text for m in self.messages_to(chat_id) if m.text is not None]

    @property
    def created_update_ids(self) -> list[int]:
        """Ids of every update people have caused so far, confirmed or not."""
        return list(self._updates.created_ids)

    def message(self, chat_id: int, message_id: int) -> JsonDict | None:
        """A message's current state (after edits); None once deleted or never sent."""
        return self._messages.get(chat_id, {}).get(message_id)

    def commands_for(self, scope: JsonDict, language_code: str = "") -> list[JsonDict]:
        return copy.deepcopy(self._commands.get(_command_key(scope, language_code), []))

    def users(self) -> list[User]:
        return list(self._users.values())

    def chat_history(self, chat_id: int) -> list[JsonDict]:
        """Every message in the chat, both ways, oldest first, as it stands after edits."""
        return copy.deepcopy(sorted(self._messages.get(chat_id, {}).values(), key=_message_id))

    def file(self, file_id: str) -> StoredFile | None:
        return self._files.by_id(file_id)

    @property
    def version(self) -> int:
        """Grows with every change (an API call, a new or confirmed update)."""
        return self._signal.version

    async def changed(self, since: int, timeout: float) -> int:
        """Waits until something changes after `version` was `since` (or timeout); the version."""
        with contextlib.suppress(TimeoutError):
            await self._signal.wait_until(lambda: self._signal.version > since, timeout)
        return self._signal.version

    def touch(self) -> None:
        """Tells those waiting on `changed` that something outside the chats moved (the clock)."""
        self._signal.fire()

    # --- Waiting ------------------------------------------------------------------------------

    async def wait_for(self, predicate: Callable[[], bool], timeout: float = 5.0) -> None:
        """Waits until predicate() holds, re-checking after every API call and update change."""
        try:
            await self._signal.wait_until(predicate, timeout)
        except TimeoutError:
            raise AssertionError(
                f"condition still false after {timeout}s; {self._describe_state()}"
            ) from None

    async def wait_until_acknowledged(self, timeout: float = 5.0) -> None:
        """Waits until the bot has fetched every update so far and confirmed it by offset."""
        await self.wait_for(lambda: len(self._updates) == 0, timeout)

    def _describe_state(self) -> str:
        recent = ", ".join(f"{call.method}->{call.status}" for call in self.calls[-8:])
        return f"{len(self._updates)} update(s) unconfirmed; last API calls: {recent or 'none'}"

    # --- Failure injection and limits ---------------------------------------------------------

    def fail_next(
        self,
        method: str | None = None,
        status: int = 429,
        times: int = 1,
        retry_after: int = 1,
        chat_id: int | None = None,
    ) -> None:
        """Answers the next `times` matching calls with `status` (method None: any sending
        method; chat_id: only calls to that chat)."""
        if status not in _HTTP_ERROR_STATUSES:
            raise ValueError(f"fail_next needs an HTTP error status, not {status}")
        name = method.lower() if method else None
        self._failures.append(_PlannedFailure(name, status, times, retry_after, chat_id))

    def hold_answer_after_delivery(self, chat_id: int) -> None:
        """The next message to this chat is delivered, but its answer is held back until
        `release_held_answers`: as if the bot died between Telegram's acknowledgement and its
        own commit."""
        self._held_answers.add(chat_id)

    def release_held_answers(self) -> None:
        self._release_held.set()

    def block(self, user_id: int) -> None:
        self._blocked.add(user_id)

    def unblock(self, user_id: int) -> None:
        self._blocked.discard(user_id)

    def enforce_limits(
        self, per_second: int = 30, per_chat_per_second: float = 1.0, chat_burst: int = 3
    ) -> None:
        self._limiter = _RateLimiter(self._clock, per_second, per_chat_per_second, chat_burst)

    # --- HTTP ---------------------------------------------------------------------------------

    def _routes(self) -> list[web.RouteDef]:
        return [
            web.get("/bot{token}/{method}", self._handle_api_request),
            web.post("/bot{token}/{method}", self._handle_api_request),
            web.get("/file/bot{token}/{file_path:.+}", self._handle_file_request),
            web.post("/_test/users", self._http_add_user),
            web.post("/_test/users/{user_id}/text", self._http_send_text),
            web.post("/_test/users/{user_id}/command", self._http_send_command),
            web.post("/_test/users/{user_id}/press", self._http_press_button),
            web.get("/_test/chats/{chat_id}/messages", self._http_chat_messages),
        ]

    async def _handle_api_request(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params: Params = {}
        try:
            params = await self._read_params(request, method)
            if request.match_info["token"] != self.token:
                raise ApiError(HTTPStatus.UNAUTHORIZED, "Unauthorized")
            result = await self._dispatch(method, params)
        except ApiError as error:
            status, body = int(error.status), error.body()
        else:
            status, body = int(HTTPStatus.OK), {"ok": True, "result": result}
        self.calls.append(ApiCall(method, params, status))
        self._signal.fire()
        await self._maybe_hold_answer(params, status)
        return web.json_response(body, status=status)

    async def _maybe_hold_answer(self, params: Params, status: int) -> None:
        raw = str(params.get("chat_id", ""))
        if status != HTTPStatus.OK or not raw.lstrip("-").isdigit():
            return
        chat_id = int(raw)
        if chat_id in self._held_answers:
            self._held_answers.discard(chat_id)
            await self._release_held.wait()

    async def _handle_file_request(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            error = ApiError(HTTPStatus.UNAUTHORIZED, "Unauthorized")
            return web.json_response(error.body(), status=error.status)
        stored = self._files.by_path(request.match_info["file_path"])
        if stored is None:
            error = ApiError(HTTPStatus.NOT_FOUND, "Not Found")
            return web.json_response(error.body(), status=error.status)
        return web.Response(body=stored.content, content_type=stored.mime_type)

    async def _http_add_user(self, request: web.Request) -> web.Response:
        body = await _json_object(request)
        return _test_answer(
            lambda: asdict(
                self.add_user(
                    str(body["first_name"]),
                    username=body.get("username"),
                    language_code=body.get("language_code", "en"),
                )
            )
        )

    async def _http_send_text(self, request: web.Request) -> web.Response:
        body = await _json_object(request)
        return _test_answer(
            lambda: self.send_text(_path_id(request, "user_id"), body["text"], body.get("reply_to"))
        )

    async def _http_send_command(self, request: web.Request) -> web.Response:
        body = await _json_object(request)
        return _test_answer(
            lambda: self.send_command(
                _path_id(request, "user_id"), body["command"], body.get("args", "")
            )
        )

    async def _http_press_button(self, request: web.Request) -> web.Response:
        body = await _json_object(request)
        return _test_answer(
            lambda: self.press_button(
                _path_id(request, "user_id"), int(body["message_id"]), body["label"]
            )
        )

    async def _http_chat_messages(self, request: web.Request) -> web.Response:
        return _test_answer(
            lambda: [asdict(m) for m in self.messages_to(_path_id(request, "chat_id"))]
        )

    # --- Request pipeline ---------------------------------------------------------------------

    async def _read_params(self, request: web.Request, method: str) -> Params:
        raw: dict[str, Any] = dict(request.query)
        raw.update(await _read_body(request))
        return {name: self._decode(method, name, value) for name, value in raw.items()}

    def _decode(self, method: str, name: str, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        return _decode_text_value(value, self._field_types(method, name))

    def _field_types(self, method: str, name: str) -> tuple[str, ...]:
        if self.spec is not None and self.spec.has_method(method):
            types = self.spec.field_types(method, name)
            if types:
                return types
        return _FALLBACK_FIELD_TYPES.get(name, ())

    async def _dispatch(self, method: str, params: Params) -> Any:
        name = method.lower()
        if self.spec is not None and not self.spec.has_method(name):
            raise ApiError(HTTPStatus.NOT_FOUND, "Not Found")
        self._validate(name, params)
        chat = self._target_chat(params)
        self._apply_planned_failure(name, chat)
        if chat is not None and chat.id in self._blocked:
            raise ApiError(HTTPStatus.FORBIDDEN, BLOCKED_DESCRIPTION)
        self._apply_rate_limits(name, chat)
        handler = self._handlers.get(name, self._accept)
        return await handler(params)

    def _validate(self, method: str, params: Params) -> None:
        if self.spec is not None:
            for required in self.spec.required_fields(method):
                _required(params, required)
        for name, value in params.items():
            types = self._field_types(method, name)
            if types and value is not None and not any(_matches_type(value, t) for t in types):
                raise _bad_request(f'parameter "{name}" must be of type {" or ".join(types)}')
        parse_mode = params.get("parse_mode")
        if method in _TEXT_METHODS and "text" in params:
            _check_message_text(params["text"], parse_mode)
        if "caption" in params:
            _check_caption(params["caption"], parse_mode)
        _check_callback_data(_inline_buttons(params.get("reply_markup")))

    def _target_chat(self, params: Params) -> Chat | None:
        if params.get("from_chat_id") is not None:
            self._resolve_chat(params["from_chat_id"])
        chat_id = params.get("chat_id")
        return None if chat_id is None else self._resolve_chat(chat_id)

    def _resolve_chat(self, value: Any) -> Chat:
        chat: Chat | None = None
        if isinstance(value, int) and not isinstance(value, bool):
            chat = self._chats.get(value)
        elif isinstance(value, str) and value.startswith("@"):
            username = value[1:].lower()
            chat = next(
                (
                    c
                    for c in self._chats.values()
                    if c.type != "private" and (c.username or "").lower() == username
                ),
                None,
            )
        if chat is None:
            raise _bad_request("chat not found")
        return chat

    def _chat_param(self, params: Params) -> Chat:
        return self._resolve_chat(_required(params, "chat_id"))

    def _apply_planned_failure(self, method: str, chat: Chat | None) -> None:
        chat_id = chat.id if chat else None
        failure = next((f for f in self._failures if f.matches(method, chat_id)), None)
        if failure is None:
            return
        failure.remaining -= 1
        if failure.remaining <= 0:
            self._failures.remove(failure)
        raise failure.error()

    def _apply_rate_limits(self, method: str, chat: Chat | None) -> None:
        if self._limiter is None or chat is None or not _is_sending(method):
            return
        retry_after = self._limiter.acquire(chat.id)
        if retry_after is not None:
            self.rate_limited += 1
            raise _too_many_requests(retry_after)

    # --- Bot API methods ----------------------------------------------------------------------

    def _method_handlers(self) -> dict[str, Handler]:
        media: dict[str, Handler] = {
            kind.method.lower(): partial(self._send_media, kind) for kind in _MEDIA_KINDS.values()
        }
        return {
            **media,
            "getme": self._get_me,
            "getupdates": self._get_updates,
            "sendmessage": self._send_message,
            "copymessage": self._copy_message,
            "editmessagetext": self._edit_message_text,
            "editmessagereplymarkup": self._edit_message_reply_markup,
            "deletemessage": self._delete_message,
            "answercallbackquery": self._answer_callback_query,
            "setmycommands": self._set_my_commands,
            "getmycommands": self._get_my_commands,
            "deletemycommands": self._delete_my_commands,
            "setwebhook": self._set_webhook,
            "deletewebhook": self._delete_webhook,
            "getwebhookinfo": self._get_webhook_info,
            "leavechat": self._leave_chat,
            "getchat": self._get_chat,
            "getfile": self._get_file,
        }

    async def _accept(self, params: Params) -> bool:
        """Any other known method (sendChatAction, logOut, close, ...) simply succeeds."""
        return True

    async def _get_me(self, params: Params) -> JsonDict:
        return {
            **self.bot_user.to_api(),
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    async def _get_updates(self, params: Params) -> list[JsonDict]:
        if self.webhook_url:
            raise ApiError(HTTPStatus.CONFLICT, WEBHOOK_CONFLICT)
        offset = params.get("offset") or 0
        limit = min(max(params.get("limit") or 100, 1), 100)
        timeout = max(params.get("timeout") or 0, 0)
        if offset:
            self._updates.confirm(offset)
            self._signal.fire()
        self._poll_generation += 1
        generation = self._poll_generation

        def should_answer() -> bool:
            return bool(len(self._updates)) or self._closing or generation != self._poll_generation

        if not should_answer() and timeout:
            await self._long_poll(should_answer, timeout)
        if generation != self._poll_generation:
            raise ApiError(HTTPStatus.CONFLICT, POLLING_CONFLICT)
        return self._updates.peek(limit)

    async def _long_poll(self, should_answer: Callable[[], bool], timeout: float) -> None:
        self.waiting_polls += 1
        self._signal.fire()
        try:
            with contextlib.suppress(TimeoutError):
                await self._signal.wait_until(should_answer, timeout)
        finally:
            self.waiting_polls -= 1

    async def _send_message(self, params: Params) -> JsonDict:
        chat = self._chat_param(params)
        content: JsonDict = {"text": str(_required(params, "text"))}
        _copy_present(params, content, "entities")
        return self._deliver(chat, "sendMessage", params, content)

    async def _send_media(self, kind: _MediaKind, params: Params) -> JsonDict:
        chat = self._chat_param(params)
        stored = self._media_file(kind, _required(params, kind.field))
        content: JsonDict = {kind.field: _media_payload(kind, stored, params)}
        _copy_present(params, content, "caption", "caption_entities")
        return self._deliver(chat, kind.method, params, content)

    async def _copy_message(self, params: Params) -> JsonDict:
        chat = self._chat_param(params)
        source_chat = self._resolve_chat(_required(params, "from_chat_id"))
        source = self.message(source_chat.id, _required(params, "message_id"))
        if source is None:
            raise _bad_request("message to copy not found")
        content = {key: copy.deepcopy(source[key]) for key in _COPYABLE_CONTENT if key in source}
        if "caption" in params and "text" not in content:
            content.pop("caption_entities", None)
            _copy_present(params, content, "caption", "caption_entities")
        message = self._deliver(chat, "copyMessage", params, content)
        return {"message_id": message["message_id"]}

    async def _edit_message_text(self, params: Params) -> JsonDict | bool:
        message = self._message_to_edit(params)
        if message is None:
            return True
        if "text" not in message:
            raise _bad_request("there is no text in the message to edit")
        text = str(_required(params, "text"))
        markup = _inline_markup(params.get("reply_markup"))
        entities = params.get("entities")
        unchanged = (message["text"], message.get("entities"), message.get("reply_markup"))
        if unchanged == (text, entities, markup):
            raise _bad_request(NOT_MODIFIED)
        message["text"] = text
        _set_or_drop(message, "entities", entities)
        _set_or_drop(message, "reply_markup", markup)
        message["edit_date"] = self._now()
        return message

    async def _edit_message_reply_markup(self, params: Params) -> JsonDict | bool:
        message = self._message_to_edit(params)
        if message is None:
            return True
        markup = _inline_markup(params.get("reply_markup"))
        if message.get("reply_markup") == markup:
            raise _bad_request(NOT_MODIFIED)
        _set_or_drop(message, "reply_markup", markup)
        message["edit_date"] = self._now()
        return message

    def _message_to_edit(self, params: Params) -> JsonDict | None:
        """The stored message an edit targets; None for inline messages (nothing stored)."""
        if params.get("chat_id") is None and params.get("inline_message_id"):
            return None
        chat = self._chat_param(params)
        message = self.message(chat.id, _required(params, "message_id"))
        if message is None:
            raise _bad_request("message to edit not found")
        if not self._is_from_bot(message):
            raise _bad_request("message can't be edited")
        return message

    async def _delete_message(self, params: Params) -> bool:
        chat = self._chat_param(params)
        message_id = _required(params, "message_id")
        if self._messages.get(chat.id, {}).pop(message_id, None) is None:
            raise _bad_request("message to delete not found")
        return True

    async def _answer_callback_query(self, params: Params) -> bool:
        query_id = str(_required(params, "callback_query_id"))
        if query_id not in self._open_callback_queries:
            raise _bad_request(
                "query is too old and response timeout expired or query ID is invalid"
            )
        user_id = self._open_callback_queries.pop(query_id)
        if params.get("text"):
            self.callback_answers.setdefault(user_id, []).append(str(params["text"]))
        return True

    async def _set_my_commands(self, params: Params) -> bool:
        commands = _required(params, "commands")
        for command in commands:
            _check_bot_command(command)
        self._commands[self._command_key(params)] = copy.deepcopy(commands)
        return True

    async def _get_my_commands(self, params: Params) -> list[JsonDict]:
        return copy.deepcopy(self._commands.get(self._command_key(params), []))

    async def _delete_my_commands(self, params: Params) -> bool:
        self._commands.pop(self._command_key(params), None)
        return True

    def _command_key(self, params: Params) -> tuple[Any, ...]:
        scope = params.get("scope") or {"type": "default"}
        if scope.get("chat_id") is not None:
            scope = {**scope, "chat_id": self._resolve_chat(scope["chat_id"]).id}
        return _command_key(scope, params.get("language_code") or "")

    async def _set_webhook(self, params: Params) -> bool:
        self.webhook_url = str(_required(params, "url"))
        self.webhook_secret_token = params.get("secret_token")
        self._drop_pending_if_asked(params)
        return True

    async def _delete_webhook(self, params: Params) -> bool:
        self.webhook_url = ""
        self.webhook_secret_token = None
        self._drop_pending_if_asked(params)
        return True

    def _drop_pending_if_asked(self, params: Params) -> None:
        if params.get("drop_pending_updates"):
            self._updates.clear()
            self._signal.fire()

    async def _get_webhook_info(self, params: Params) -> JsonDict:
        return {
            "url": self.webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }

    async def _leave_chat(self, params: Params) -> bool:
        chat = self._chat_param(params)
        self.left_chats.append(chat.id)
        if chat.type != "private":
            del self._chats[chat.id]
            self._membership_update(chat, self.bot_user, old_status="member", new_status="left")
        return True

    async def _get_chat(self, params: Params) -> JsonDict:
        chat = self._chat_param(params)
        no_gifts = dict.fromkeys(
            ("unlimited_gifts", "limited_gifts", "unique_gifts", "premium_subscription"), False
        )
        return {
            **chat.to_api(),
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {**no_gifts, "gifts_from_channels": False},
        }

    async def _get_file(self, params: Params) -> JsonDict:
        stored = self._files.by_id(str(_required(params, "file_id")))
        if stored is None:
            raise _bad_request("invalid file_id")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.content),
            "file_path": stored.file_path,
        }

    # --- Messages and updates -----------------------------------------------------------------

    def _deliver(self, chat: Chat, method: str, params: Params, content: JsonDict) -> JsonDict:
        """Puts a bot message in the chat and records it in `sent`."""
        reply_to_id = _reply_to_id(params)
        if reply_to_id is not None:
            replied = self._reply_target(chat.id, reply_to_id, params)
            if replied is not None:
                content["reply_to_message"] = replied
        markup = _inline_markup(params.get("reply_markup"))
        if markup is not None:
            content["reply_markup"] = markup
        protect = bool(params.get("protect_content"))
        if protect:
            content["has_protected_content"] = True
        message = self._new_message(chat, content, self.bot_user)
        raw_markup = params.get("reply_markup")
        self.sent.append(
            SentMessage(
                chat_id=chat.id,
                message_id=message["message_id"],
                method=method,
                text=content.get("text", content.get("caption")),
                reply_markup=raw_markup if isinstance(raw_markup, dict) else None,
                protect_content=protect,
                reply_to_message_id=reply_to_id,
                params=params,
                date=message["date"],
            )
        )
        return message

    def _reply_target(self, chat_id: int, message_id: int, params: Params) -> JsonDict | None:
        reply_parameters = params.get("reply_parameters") or {}
        if self.message(chat_id, message_id) is None:
            if reply_parameters.get("allow_sending_without_reply"):
                return None
            raise _bad_request("message to be replied not found")
        return self._reply_snapshot(chat_id, message_id)

    def _reply_snapshot(self, chat_id: int, message_id: int) -> JsonDict:
        """A copy of the message as embedded in reply_to_message (without its own reply)."""
        message = self.message(chat_id, message_id)
        if message is None:
            raise AssertionError(f"no message {message_id} in chat {chat_id} to reply to")
        snapshot = copy.deepcopy(message)
        snapshot.pop("reply_to_message", None)
        return snapshot

    def _media_file(self, kind: _MediaKind, value: Any) -> StoredFile:
        if isinstance(value, UploadedFile):
            mime_type = image_type(value.content) if kind.field == "photo" else None
            return self._files.add(
                kind, value.content, value.filename, mime_type or value.content_type
            )
        known = self._files.by_id(str(value))
        if known is not None:
            return known
        if isinstance(value, str) and value.startswith(("http://", "https://")):
            return self._files.add(kind, b"", file_name=value.rsplit("/", 1)[-1] or None)
        raise _bad_request("wrong file identifier/HTTP URL specified")

    def _new_message(self, chat: Chat, content: JsonDict, sender: User | None) -> JsonDict:
        message_id = self._last_message_id.get(chat.id, 0) + 1
        self._last_message_id[chat.id] = message_id
        message: JsonDict = {"message_id": message_id, "date": self._now(), "chat": chat.to_api()}
        if sender is not None:
            message["from"] = sender.to_api()
        message.update(content)
        self._messages.setdefault(chat.id, {})[message_id] = message
        return message

    def _send_from(self, user_id: int, content: JsonDict) -> JsonDict:
        user = self._user(user_id)
        message = self._new_message(self._chats[user.id], content, user)
        return self._push_update("message", message)

    def _send_upload(
        self, user_id: int, field_name: str, details: Params, caption: str | None = None
    ) -> JsonDict:
        kind = _MEDIA_KINDS[field_name]
        stored = self._files.add(kind, f"fake {kind.field} from {user_id}".encode())
        content = {kind.field: _media_payload(kind, stored, details)}
        return self._send_from(user_id, _with_caption(content, caption))

    def _callback_update(self, user: User, message: JsonDict, data: str) -> JsonDict:
        self._callback_count += 1
        query_id = f"{self.bot_user.id}{self._callback_count:06d}"
        self._open_callback_queries[query_id] = user.id
        query = {
            "id": query_id,
            "from": user.to_api(),
            "message": copy.deepcopy(message),
            "chat_instance": f"instance{message['chat']['id']}",
            "data": data,
        }
        return self._push_update("callback_query", query)

    def _membership_update(
        self, chat: Chat, actor: User, old_status: str, new_status: str
    ) -> JsonDict:
        bot = self.bot_user.to_api()
        change = {
            "chat": chat.to_api(),
            "from": actor.to_api(),
            "date": self._now(),
            "old_chat_member": {"status": old_status, "user": bot},
            "new_chat_member": {"status": new_status, "user": bot},
        }
        return self._push_update("my_chat_member", change)

    def _push_update(self, kind: str, payload: JsonDict) -> JsonDict:
        update = self._updates.push(kind, payload)
        self._signal.fire()
        return update

    def _user(self, user_id: int) -> User:
        user = self._users.get(user_id)
        if user is None:
            raise AssertionError(f"no user {user_id}; add them with add_user() first")
        return user

    def _is_from_bot(self, message: JsonDict) -> bool:
        return bool(message.get("from", {}).get("id") == self.bot_user.id)

    def _now(self) -> int:
        return int(self._clock())


# --- Request parsing and checks ---------------------------------------------------------------


async def _read_body(request: web.Request) -> dict[str, Any]:
    if not request.can_read_body:
        return {}
    if request.content_type == "application/json":
        try:
            body = await request.json()
        except ValueError:
            raise _bad_request("can't parse JSON body") from None
        if not isinstance(body, dict):
            raise _bad_request("JSON body must be an object")
        return body
    form = await request.post()
    return {name: _form_value(value) for name, value in form.items()}


def _form_value(value: str | bytes | bytearray | web.FileField) -> str | UploadedFile:
    if isinstance(value, web.FileField):
        return UploadedFile(value.filename, value.content_type, value.file.read())
    if isinstance(value, bytes | bytearray):
        return value.decode()
    return value


def _decode_text_value(raw: str, types: tuple[str, ...]) -> Any:
    """Form and multipart bodies carry every value as text, with non-string values JSON-encoded.
    Values that do not decode to one of the field's types stay text for the type check."""
    if all(t in ("String", "InputFile") for t in types):
        return raw
    try:
        value = json.loads(raw)
    except ValueError:
        return raw
    if isinstance(value, str) or not any(_matches_type(value, t) for t in types if t != "String"):
        return raw
    return value


def _matches_type(value: Any, type_name: str) -> bool:
    match type_name:
        case "Integer":
            return isinstance(value, int) and not isinstance(value, bool)
        case "Float":
            return isinstance(value, int | float) and not isinstance(value, bool)
        case "Boolean":
            return isinstance(value, bool)
        case "String":
            return isinstance(value, str | int | float)
        case "InputFile":
            return isinstance(value, UploadedFile)
        case _ if type_name.startswith("Array of"):
            return isinstance(value, list)
        case _:
            return isinstance(value, dict)  # an object type such as InlineKeyboardMarkup


def image_type(content: bytes) -> str | None:
    """A photo's type from its first bytes, as Telegram sees it whatever the upload claimed."""
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if content.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    return None


def _message_id(message: JsonDict) -> int:
    return int(message["message_id"])


def _required(params: Params, name: str) -> Any:
    value = params.get(name)
    if value is None:
        raise _bad_request(f'parameter "{name}" is required')
    return value


def _visible_text(text: str, parse_mode: Any) -> str:
    """The text as Telegram measures it: HTML markup is parsed into entities first."""
    if isinstance(parse_mode, str) and parse_mode.lower() == "html":
        return html.unescape(_HTML_TAG.sub("", text))
    return text


def _telegram_length(text: str) -> int:
    """Telegram measures text in UTF-16 code units (an emoji outside the BMP counts twice)."""
    return len(text.encode("utf-16-le")) // 2


def _check_message_text(text: Any, parse_mode: Any) -> None:
    visible = _visible_text(str(text), parse_mode)
    if not visible.strip():
        raise _bad_request("message text is empty")
    if _telegram_length(visible) > MAX_TEXT_LENGTH:
        raise _bad_request("message is too long")


def _check_caption(caption: Any, parse_mode: Any) -> None:
    if _telegram_length(_visible_text(str(caption), parse_mode)) > MAX_CAPTION_LENGTH:
        raise _bad_request("message caption is too long")


def _inline_markup(markup: Any) -> JsonDict | None:
    """The markup if it is an inline keyboard, the only kind Telegram echoes in messages."""
    return markup if isinstance(markup, dict) and "inline_keyboard" in markup else None


def _inline_buttons(markup: Any) -> list[JsonDict]:
    inline = _inline_markup(markup)
    if inline is None:
        return []
    rows = inline["inline_keyboard"]
    if not isinstance(rows, list) or not all(
        isinstance(row, list) and all(isinstance(button, dict) for button in row) for row in rows
    ):
        raise _bad_request("can't parse inline keyboard button")
    return [button for row in rows for button in row]


def _check_callback_data(buttons: list[JsonDict]) -> None:
    for button in buttons:
        data = button.get("callback_data")
        if data is not None and not 1 <= len(str(data).encode()) <= MAX_CALLBACK_DATA_BYTES:
            raise _bad_request("BUTTON_DATA_INVALID")


def _check_bot_command(command: Any) -> None:
    if not isinstance(command, dict) or not _BOT_COMMAND.fullmatch(str(command.get("command"))):
        raise _bad_request("BOT_COMMAND_INVALID")
    if not 1 <= len(str(command.get("description") or "")) <= 256:
        raise _bad_request("BOT_COMMAND_DESCRIPTION_INVALID")


def _reply_to_id(params: Params) -> int | None:
    """The replied-to message id, from reply_parameters or the older reply_to_message_id."""
    reply_parameters = params.get("reply_parameters")
    value = reply_parameters.get("message_id") if reply_parameters else None
    if value is None:
        value = params.get("reply_to_message_id")
    if value is not None and not _matches_type(value, "Integer"):
        raise _bad_request("invalid reply message identifier")
    return value


def _command_key(scope: JsonDict, language_code: str) -> tuple[Any, ...]:
    return (scope.get("type", "default"), scope.get("chat_id"), scope.get("user_id"), language_code)


def _media_payload(kind: _MediaKind, stored: StoredFile, details: Params) -> Any:
    """The message field for a file: photo is a list of sizes, the rest single objects."""
    base = {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": len(stored.content),
    }
    duration = details.get("duration") or 1
    match kind.field:
        case "photo":
            return [{**base, "width": 1280, "height": 960}]
        case "voice":
            return {**base, "duration": duration, "mime_type": stored.mime_type}
        case "video":
            return {**base, "width": 1280, "height": 720, "duration": duration}
        case "sticker":
            sticker = {**base, "type": "regular", "width": 512, "height": 512}
            sticker |= {"is_animated": False, "is_video": False}
            if details.get("emoji"):
                sticker["emoji"] = details["emoji"]
            return sticker
        case _:
            return {**base, "file_name": stored.file_name, "mime_type": stored.mime_type}


def _with_caption(content: JsonDict, caption: str | None) -> JsonDict:
    return content if caption is None else {**content, "caption": caption}


def _copy_present(source: Params, target: JsonDict, *names: str) -> None:
    for name in names:
        if source.get(name) is not None:
            target[name] = source[name]


def _set_or_drop(message: JsonDict, key: str, value: Any) -> None:
    if value is None:
        message.pop(key, None)
    else:
        message[key] = value


# --- Test-route helpers -----------------------------------------------------------------------


async def _json_object(request: web.Request) -> JsonDict:
    try:
        body = await request.json() if request.can_read_body else {}
    except ValueError:
        body = None
    if not isinstance(body, dict):
        raise web.HTTPBadRequest(
            text=json.dumps({"error": "the body must be a JSON object"}),
            content_type="application/json",
        )
    return body


def _path_id(request: web.Request, name: str) -> int:
    return int(request.match_info[name])


def _test_answer(action: Callable[[], Any]) -> web.Response:
    """Runs a person action for the /_test routes; misuse becomes a 400 with the reason."""
    try:
        result = action()
    except (AssertionError, KeyError, ValueError) as error:
        return web.json_response({"error": str(error)}, status=HTTPStatus.BAD_REQUEST)
    return web.json_response(result, dumps=partial(json.dumps, default=_describe_bytes))


def _describe_bytes(value: Any) -> str:
    """JSON fallback for uploaded file contents in recorded params."""
    if isinstance(value, bytes | bytearray):
        return f"<{len(value)} bytes>"
    raise TypeError(f"{type(value).__name__} is not JSON serializable")
