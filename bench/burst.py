"""Burst: 3,000 outbox rows due at once, delivered by the real Dispatcher (Telegram's limits:
30 messages a second, a burst of 3 then 1 a second per chat) through a real python-telegram-bot
Bot to the Bot API double enforcing the same limits, in real time.

Most rows go to a chat of their own; a few chats get several rows, shuffled among the rest.
Each row's text is unique, so the double's record shows what was lost or sent twice.

    python -m bench.burst [--rows 3000] [--database sqlite|postgresql] [--timeout 300]

`--per-second` paces the dispatcher at another overall rate than the product's Limits() (30),
to see how the double's answers change; the double always enforces 30.
"""

import argparse
import asyncio
import logging
import random
import sys
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine, func, insert, select
from sqlmodel import col
from telegram import Bot

from bench.common import (
    CHILD_TELEGRAM_ID,
    DATABASES,
    ZONE,
    fresh_database,
    machine,
    running_double,
    use_new_keyring,
)
from bot.clock import SystemClock
from bot.outbox.dispatcher import Dispatcher
from bot.outbox.queue import Outgoing, Priority
from bot.outbox.ratelimit import Limits
from bot.rules import undelivered
from bot.sandbox.double import BotApiDouble
from bot.storage.db import make_engine, migrate
from bot.storage.models import Outbox, OutboxStatus

ROWS = 3_000
BUSY_CHATS = 10  # chats that get several rows each
ROWS_PER_BUSY_CHAT = 10
BUSY_CHAT_ID = 900
TIMEOUT = 300.0
POLL = 0.1
TARGET_RATE = 27.0


@dataclass(frozen=True)
class Figures:
    rows: int
    seconds: float
    delivered: int  # distinct rows the double received
    duplicates: int  # deliveries beyond the first of a row
    limited_first_second: int  # 429s the double answered in the first second
    limited_later: int
    retried_rows: int  # rows that needed more than one attempt
    finished: bool

    @property
    def rate(self) -> float:
        return self.delivered / self.seconds

    @property
    def lost(self) -> int:
        return self.rows - self.delivered


def plan_chats(rows: int) -> list[int]:
    """The chat of each row: a few busy chats, the rest one row each, in shuffled order."""
    busy = [BUSY_CHAT_ID + k for k in range(BUSY_CHATS) for _ in range(ROWS_PER_BUSY_CHAT)]
    chats = busy + [CHILD_TELEGRAM_ID + i for i in range(rows - len(busy))]
    random.Random(1).shuffle(chats)
    return chats


def seed_outbox(engine: Engine, chats: list[int]) -> None:
    now = datetime.now(UTC)
    rows = [
        {
            "dedupe_key": f"burst:{i}",
            "chat_id": chat,
            "method": "sendMessage",
            "payload": Outgoing.text(f"burst row {i}").encode(),
            "priority": int(Priority.REMINDER),
            "quiet": False,
            "status": OutboxStatus.PENDING,
            "attempts": 0,
            "not_before": now,
            "created_at": now,
        }
        for i, chat in enumerate(chats)
    ]
    with engine.begin() as connection:
        connection.execute(insert(Outbox), rows)


def pending(engine: Engine) -> int:
    with engine.connect() as connection:
        query = select(func.count()).where(col(Outbox.status) == OutboxStatus.PENDING)
        return int(connection.execute(query).scalar_one())


async def deliver_all(
    engine: Engine, double: BotApiDouble, limits: Limits, timeout: float
) -> tuple[float, int]:
    """Run the dispatcher until no row is pending (or the timeout); the seconds it took and
    the 429s answered in the first second."""
    bot = Bot(
        double.token, base_url=f"{double.api_url}/bot", base_file_url=f"{double.api_url}/file/bot"
    )
    async with bot:
        dispatcher = Dispatcher(engine, SystemClock(), bot, ZONE, undelivered, limits=limits)
        start = time.monotonic()
        dispatcher.start()
        await asyncio.sleep(1.0)
        limited_first_second = double.rate_limited
        while pending(engine) and time.monotonic() - start < timeout:
            await asyncio.sleep(POLL)
        seconds = time.monotonic() - start
        await dispatcher.stop()
    return seconds, limited_first_second


async def measure(database: str, rows: int, limits: Limits, timeout: float) -> Figures:
    chats = plan_chats(rows)
    with fresh_database(database) as url:
        engine = make_engine(url)
        try:
            migrate(engine)
            seed_outbox(engine, chats)
            async with running_double() as double:
                for chat in sorted(set(chats)):
                    double.add_user("Bench", user_id=chat)
                double.enforce_limits(per_second=30, per_chat_per_second=1.0, chat_burst=3)
                seconds, limited_first_second = await deliver_all(engine, double, limits, timeout)
            with engine.connect() as connection:
                retried = connection.execute(
                    select(func.count()).where(col(Outbox.attempts) > 1)
                ).scalar_one()
            left = pending(engine)
        finally:
            engine.dispose()
    texts = Counter(m.text for m in double.sent if m.method == "sendMessage")
    return Figures(
        rows=rows,
        seconds=seconds,
        delivered=len(texts),
        duplicates=sum(texts.values()) - len(texts),
        limited_first_second=limited_first_second,
        limited_later=double.rate_limited - limited_first_second,
        retried_rows=int(retried),
        finished=left == 0,
    )


def report(f: Figures) -> bool:
    checks = {
        f"rate >= {TARGET_RATE:g}/s": f.rate >= TARGET_RATE,
        "0 lost": f.lost == 0,
        "0 duplicates": f.duplicates == 0,
        "no 429 after the first second": f.limited_later == 0,
    }
    print(
        f"\n{f.rows:,} rows in {f.seconds:.1f} s{'' if f.finished else ' (TIMED OUT)'}: "
        f"{f.rate:.1f} messages/s sustained; lost {f.lost}, duplicates {f.duplicates}; "
        f"429s from the double: {f.limited_first_second} in the first second, "
        f"{f.limited_later} after; rows retried: {f.retried_rows}"
    )
    for name, held in checks.items():
        print(f"target {name}: {'held' if held else 'MISSED'}")
    return all(checks.values())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=ROWS)
    parser.add_argument("--database", choices=DATABASES, default="sqlite")
    parser.add_argument("--timeout", type=float, default=TIMEOUT)
    parser.add_argument("--per-second", type=float, default=Limits().per_second)
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)  # the dispatcher warns (ids only) on every 429
    print("\n".join(machine(postgres=args.database == "postgresql")))
    limits = Limits(per_second=args.per_second)
    print(f"database: {args.database}; dispatcher limits: {limits}")
    use_new_keyring()
    figures = asyncio.run(measure(args.database, args.rows, limits, args.timeout))
    return 0 if report(figures) else 1


if __name__ == "__main__":
    sys.exit(main())
