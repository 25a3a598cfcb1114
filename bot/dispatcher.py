"""Delivers outbox rows over the Bot API: priority order, retries, and never a row twice.

A row is marked sent in its own commit right after Telegram acknowledges it, so the only
possible duplicate is the one in flight when the process dies between the two.
"""

import asyncio
import contextlib
import logging
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, case, update
from sqlmodel import Session, col, func, select
from telegram import Bot, BotCommand, BotCommandScopeChat, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

from bot.clock import Clock
from bot.models import Outbox, OutboxStatus
from bot.outbox import Outgoing, report_unreachable
from bot.qr import qr_png

log = logging.getLogger(__name__)

MIN_HOLD = timedelta(seconds=1)
MAX_BACKOFF = timedelta(minutes=5)


async def deliver(bot: Bot, chat_id: int, outgoing: Outgoing) -> int | None:
    """Make one Bot API call; the sent message's id, when the call sends one."""
    params: dict[str, Any] = dict(outgoing.params)
    if "reply_markup" in params:
        params["reply_markup"] = InlineKeyboardMarkup.de_json(params["reply_markup"], bot)
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
        case "setMyCommands":
            commands = [BotCommand(name, about) for name, about in params["commands"]]
            await bot.set_my_commands(commands, scope=BotCommandScopeChat(chat_id))
            return None
        case _:
            raise ValueError(f"unknown outbox method {outgoing.method}")
    return message.message_id


def backoff(attempts: int) -> timedelta:
    return min(timedelta(seconds=2**attempts), MAX_BACKOFF)


class Dispatcher:
    def __init__(
        self, engine: Engine, clock: Clock, bot: Bot, *, idle_seconds: float = 5.0, batch: int = 100
    ) -> None:
        self._engine = engine
        self._clock = clock
        self._bot = bot
        self._idle_seconds = idle_seconds
        self._batch = batch
        self._wake = asyncio.Event()
        self._idle = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._held: set[int] = set()

    def wake(self) -> None:
        """Look for due rows now (called after a commit that queued something)."""
        self._idle.clear()
        self._wake.set()

    async def idle(self) -> None:
        """Return once a pass has found nothing due (what is due later stays queued)."""
        await self._idle.wait()

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="outbox-dispatcher")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None

    async def _run(self) -> None:
        while True:
            self._wake.clear()
            try:
                sent = await self.drain()
            except Exception:
                log.exception("outbox pass failed; trying again shortly")
                sent = 0
            if sent == 0:
                if not self._wake.is_set():
                    self._idle.set()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), timeout=self._seconds_to_next())

    async def drain(self) -> int:
        """Deliver everything due now; returns how many rows were settled."""
        settled = 0
        self._held = set()
        while rows := self._due():
            for row in rows:
                if row.chat_id not in self._held:
                    settled += await self._send(row)
            if len(rows) < self._batch:
                break
        return settled

    def _seconds_to_next(self) -> float:
        """How long to wait before the next pass: until the earliest held row, at most idle."""
        with Session(self._engine) as session:
            earliest = session.exec(
                select(func.min(Outbox.not_before)).where(
                    col(Outbox.status) == OutboxStatus.PENDING
                )
            ).one()
        if earliest is None:
            return self._idle_seconds
        ahead = (earliest - self._clock.now()).total_seconds()
        return min(max(ahead, 0.05), self._idle_seconds)

    def _due(self) -> list[Outbox]:
        with Session(self._engine, expire_on_commit=False) as session:
            return list(
                session.exec(
                    select(Outbox)
                    .where(
                        col(Outbox.status) == OutboxStatus.PENDING,
                        col(Outbox.not_before) <= self._clock.now(),
                    )
                    .order_by(col(Outbox.priority), col(Outbox.id))
                    .limit(self._batch)
                )
            )

    async def _send(self, row: Outbox) -> int:
        assert row.id is not None and row.payload is not None
        try:
            message_id = await deliver(self._bot, row.chat_id, Outgoing.decode(row.payload))
        except RetryAfter as exc:
            wait = max(_seconds(exc.retry_after), MIN_HOLD)
            self._hold_chat(row, self._clock.now() + wait, "429")
            return 0
        except Forbidden:
            self._undeliverable(row, "403", report=True)
            return 1
        except BadRequest as exc:
            log.error("outbox row %s refused by the Bot API: %s", row.id, type(exc).__name__)
            self._undeliverable(row, "400", report=False)
            return 1
        except (NetworkError, TelegramError) as exc:
            self._hold_chat(row, self._clock.now() + backoff(row.attempts), type(exc).__name__)
            return 0
        self._mark_sent(row, message_id)
        return 1

    def _mark_sent(self, row: Outbox, message_id: int | None) -> None:
        with Session(self._engine) as session:
            session.exec(
                update(Outbox)
                .where(col(Outbox.id) == row.id)
                .values(
                    status=OutboxStatus.SENT,
                    sent_at=self._clock.now(),
                    sent_message_id=message_id,
                    payload=None,
                    attempts=row.attempts + 1,
                )
            )
            session.commit()
        log.debug("outbox row %s sent", row.id)

    def _hold_chat(self, row: Outbox, until: datetime, error: str) -> None:
        """Retry later, holding back the chat's later rows too so they keep their order."""
        self._held.add(row.chat_id)
        log.warning("outbox row %s not sent (%s); retrying at %s", row.id, error, until)
        with Session(self._engine) as session:
            session.exec(
                update(Outbox)
                .where(col(Outbox.id) == row.id)
                .values(attempts=row.attempts + 1, last_error=error)
            )
            session.exec(
                update(Outbox)
                .where(
                    col(Outbox.chat_id) == row.chat_id, col(Outbox.status) == OutboxStatus.PENDING
                )
                .values(
                    not_before=case(
                        (col(Outbox.not_before) < until, until), else_=col(Outbox.not_before)
                    )
                )
            )
            session.commit()

    def _undeliverable(self, row: Outbox, error: str, *, report: bool) -> None:
        log.warning("outbox row %s undeliverable (%s)", row.id, error)
        with Session(self._engine) as session:
            session.exec(
                update(Outbox)
                .where(col(Outbox.id) == row.id)
                .values(
                    status=OutboxStatus.UNDELIVERABLE,
                    last_error=error,
                    payload=None,
                    attempts=row.attempts + 1,
                )
            )
            if report:
                report_unreachable(session, row.chat_id, self._clock.now())
            session.commit()
        self.wake()


def _seconds(value: int | timedelta) -> timedelta:
    return value if isinstance(value, timedelta) else timedelta(seconds=value)
