"""Delivers outbox rows over the Bot API: priority order, Telegram's limits, retries, and never
a row twice.

Each pass takes the first due row of every chat (urgent rows first), so one busy chat never holds
up the others and each chat's messages keep their order. Rows go one at a time and each is
marked sent in its own commit right after Telegram acknowledges it, so the only possible
duplicate is the one in flight when the process dies between the two. A row that can never be
sent as it is (Telegram refuses it, or it cannot be read back) is set aside with its reason and
someone who can act is told; it never holds up another row. The database work runs off the
event loop, so a slow query never stalls updates.
"""

import asyncio
import contextlib
import logging
from datetime import datetime, timedelta
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, case, func, update
from sqlalchemy.orm import defer
from sqlmodel import Session, col, select
from telegram import Bot
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

from bot.clock import Clock
from bot.outbox.calls import deliver
from bot.outbox.queue import Outgoing
from bot.outbox.quiet_hours import in_quiet_hours, quiet_hours_end
from bot.outbox.ratelimit import Limits, RateLimiter
from bot.storage.crypto import SecretKeyError
from bot.storage.db import read_scope
from bot.storage.models import Outbox, OutboxStatus

log = logging.getLogger(__name__)

MIN_HOLD = timedelta(seconds=1)
MAX_BACKOFF = timedelta(minutes=5)
RETRY_PASS_SECONDS = 1.0  # after a pass failed (the database was unreachable, say)


class FailureReports(Protocol):
    """Who hears of a row that cannot go, and who gets a child's words it carried: the rules
    decide (`bot.rules.undelivered`); the dispatcher only says when."""

    def report_blocked(self, session: Session, chat_id: int, now: datetime) -> None: ...

    def report_set_aside(
        self, session: Session, row: Outbox, reason: str, now: datetime
    ) -> None: ...

    def to_others(
        self, session: Session, row: Outbox, outgoing: Outgoing | None, now: datetime
    ) -> None: ...


def backoff(attempts: int) -> timedelta:
    return min(timedelta(seconds=2**attempts), MAX_BACKOFF)


class Dispatcher:
    def __init__(
        self,
        engine: Engine,
        clock: Clock,
        bot: Bot,
        zone: ZoneInfo,
        failures: FailureReports,
        *,
        limits: Limits | None = None,
        idle_seconds: float = 5.0,
        batch: int = 100,
    ) -> None:
        self._engine = engine
        self._clock = clock
        self._bot = bot
        self._zone = zone
        self._failures = failures
        self._limiter = RateLimiter(limits) if limits else None
        self._idle_seconds = idle_seconds
        self._batch = batch
        self._wake = asyncio.Event()
        self._idle = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._chat_wait = 0.0

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
                await self.drain()
                wait = await asyncio.to_thread(self._seconds_to_next)
            except Exception as exc:
                log.error("outbox pass failed (%s); trying again shortly", type(exc).__name__)
                wait = RETRY_PASS_SECONDS  # not idle: what was due is still due
            else:
                if not self._wake.is_set() and self._chat_wait == 0:
                    self._idle.set()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=wait)

    async def drain(self) -> int:
        """Deliver everything that may go now; returns how many rows were settled."""
        settled = 0
        while True:
            limited = self._limiter.limited_chats() if self._limiter else {}
            rows = await asyncio.to_thread(self._first_due_per_chat, set(limited))
            self._chat_wait = min(limited.values(), default=0.0)
            if not rows:
                return settled
            for row in rows:  # one request in flight at a time: a crash duplicates at most one
                settled += await self._paced_send(row)

    async def _paced_send(self, row: Outbox) -> int:
        if self._limiter is not None:
            await asyncio.sleep(self._limiter.reserve())
            self._limiter.take(row.chat_id)
        return await self._send(row)

    def _first_due_per_chat(self, skip_chats: set[int]) -> list[Outbox]:
        """The next row of each chat that may receive now, urgent first, up to a batch."""
        now = self._clock.now()
        # Each chat's first pending row, due or not: a row held for a retry keeps the chat's
        # later ones behind it. Only what quiet hours hold back may be overtaken.
        pending = [col(Outbox.status) == OutboxStatus.PENDING]
        if in_quiet_hours(now, self._zone):
            pending.append(col(Outbox.quiet).is_(False))
        if skip_chats:
            pending.append(col(Outbox.chat_id).not_in(skip_chats))
        place = (
            func.row_number()
            .over(partition_by=col(Outbox.chat_id), order_by=(col(Outbox.priority), col(Outbox.id)))
            .label("place")
        )
        firsts = select(col(Outbox.id), col(Outbox.not_before), place).where(*pending).subquery()
        with read_scope(self._engine) as session:
            return list(
                session.exec(
                    select(Outbox)
                    .options(defer(Outbox.payload))  # type: ignore[arg-type]  # read per row, on its own
                    .join(firsts, firsts.c.id == col(Outbox.id))
                    .where(firsts.c.place == 1, firsts.c.not_before <= now)
                    .order_by(col(Outbox.priority), col(Outbox.id))
                    .limit(self._batch)
                )
            )

    def _seconds_to_next(self) -> float:
        """How long to wait before the next pass: until the earliest held row, at most idle."""
        now = self._clock.now()
        query = select(func.min(Outbox.not_before)).where(
            col(Outbox.status) == OutboxStatus.PENDING
        )
        quiet = in_quiet_hours(now, self._zone)
        if quiet:
            query = query.where(col(Outbox.quiet).is_(False))
        with read_scope(self._engine) as session:
            earliest = session.exec(query).one()
        candidates = [quiet_hours_end(now, self._zone)] if quiet else []
        if earliest is not None:
            candidates.append(earliest)
        ahead = [(moment - now).total_seconds() for moment in candidates]
        if self._chat_wait:
            ahead.append(self._chat_wait)
        return min(max(min(ahead, default=self._idle_seconds), 0.01), self._idle_seconds)

    async def _send(self, row: Outbox) -> int:
        assert row.id is not None
        try:
            outgoing = await asyncio.to_thread(self._outgoing, row.id, row.chat_id)
        except SecretKeyError:
            return await self._set_aside(row, None, "undecryptable")
        except (ValueError, KeyError, TypeError):
            return await self._set_aside(row, None, "payload")
        try:
            message_id = await deliver(self._bot, row.chat_id, outgoing)
        except RetryAfter as exc:
            wait = max(_seconds(exc.retry_after), MIN_HOLD)
            await asyncio.to_thread(self._hold_chat, row, self._clock.now() + wait, "429")
            return 0
        except Forbidden:
            log.warning("outbox row %s undeliverable (403)", row.id)
            await asyncio.to_thread(self._settle_failed, row, outgoing, OutboxStatus.UNDELIVERABLE)
            self.wake()
            return 1
        except BadRequest:
            if row.method in ("leaveChat", "editMessageText"):  # gone, or already as it should be
                log.info("outbox row %s: %s refused (400), nothing to change", row.id, row.method)
                await asyncio.to_thread(self._mark_sent, row, None)
                return 1
            return await self._set_aside(row, outgoing, "400")
        except (NetworkError, TelegramError) as exc:
            until = self._clock.now() + backoff(row.attempts)
            await asyncio.to_thread(self._hold_chat, row, until, type(exc).__name__)
            return 0
        except (ValueError, KeyError, TypeError):
            return await self._set_aside(row, outgoing, "payload")
        await asyncio.to_thread(self._mark_sent, row, message_id)
        return 1

    def _outgoing(self, row_id: int, chat_id: int) -> Outgoing:
        """The row's call, read back (decrypted) on its own; an edit learns the id Telegram
        gave the message it changes (sent before it: rows to one chat go in order)."""
        with read_scope(self._engine) as session:
            payload = session.exec(select(Outbox.payload).where(col(Outbox.id) == row_id)).one()
            if payload is None:
                raise ValueError("an outbox row without a payload")
            outgoing = Outgoing.decode(payload)
            if "edits" in outgoing.params:  # in this chat: an edit changes nothing elsewhere
                edited = (col(Outbox.dedupe_key) == outgoing.params["edits"]) & (
                    col(Outbox.chat_id) == chat_id
                )
                found = session.exec(select(Outbox.sent_message_id).where(edited)).first()
                outgoing.params["message_id"] = found
        return outgoing

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

    async def _set_aside(self, row: Outbox, outgoing: Outgoing | None, reason: str) -> int:
        log.error("outbox row %s set aside (%s)", row.id, reason)
        await asyncio.to_thread(self._settle_failed, row, outgoing, OutboxStatus.SET_ASIDE, reason)
        self.wake()
        return 1

    def _settle_failed(
        self,
        row: Outbox,
        outgoing: Outgoing | None,
        status: OutboxStatus,
        reason: str = "403",
    ) -> None:
        """Take the row out of the queue with its reason, tell someone who can act, and hand a
        child's words it carried to someone who can read them. A set-aside row keeps its
        (encrypted) payload, so an operator can look at it and send it again; an undeliverable
        one (the person blocked the bot) keeps none."""
        values: dict[str, Any] = {
            "status": status,
            "last_error": reason,
            "attempts": row.attempts + 1,
        }
        if status == OutboxStatus.UNDELIVERABLE:
            values["payload"] = None
        now = self._clock.now()
        with Session(self._engine) as session:
            session.exec(update(Outbox).where(col(Outbox.id) == row.id).values(**values))
            if status == OutboxStatus.UNDELIVERABLE:
                self._failures.report_blocked(session, row.chat_id, now)
            else:
                self._failures.report_set_aside(session, row, reason, now)
            self._failures.to_others(session, row, outgoing, now)
            session.commit()


def _seconds(value: int | timedelta) -> timedelta:
    return value if isinstance(value, timedelta) else timedelta(seconds=value)
