"""Memory: the peak resident memory of `homeward run` (the real command line, in a child
process) with 100,000 children against 1,000.

Each caseload is seeded into a fresh SQLite file with 1% of the children due (review and weekly
check-in). The bot runs against the Bot API double (in this process) with the real clock: it
sweeps at start, a few children then send a message each, and once the bot has relayed them and
run a few seconds more it gets SIGTERM. The peak is the child process's ru_maxrss.

    python -m bench.memory [--sizes 1000 100000]
"""

import argparse
import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlmodel import col

from bench.common import (
    CHILD_TELEGRAM_ID,
    MANAGER_TELEGRAM_ID,
    REPO,
    WORKER_TELEGRAM_ID,
    WORKERS,
    ZONE,
    fresh_database,
    machine,
    make_due,
    running_double,
    seed_caseload,
    use_new_keyring,
)
from bot.rules import timing
from bot.sandbox.double import BotApiDouble
from bot.storage.db import make_engine, migrate
from bot.storage.models import Child

SIZES = (1_000, 100_000)
SENDERS = 5  # children who each send one message once the start-up sweep is done
BODY = "benchmark message"
STEP_TIMEOUT = 180.0
SETTLE = 5.0
STOP_TIMEOUT = 30.0
TARGET_RATIO = 1.2


@dataclass(frozen=True)
class Figures:
    children: int
    peak_kib: int  # ru_maxrss of the whole run
    sweep_seconds: float  # from start until the start-up sweep's work was all in the outbox
    exit_code: int


class Reader:
    """Reads the bot's SQLite file alongside it (WAL lets it read while the bot writes)."""

    def __init__(self, path: str) -> None:
        self._path = path

    def count(self, query: str) -> int:
        with sqlite3.connect(f"file:{self._path}?mode=ro", uri=True) as connection:
            return int(connection.execute(query).fetchone()[0])

    def sweep_done(self, due: int, digest: bool) -> bool:
        queued = self.count(
            "SELECT count(*) FROM outbox "
            "WHERE dedupe_key LIKE 'review:%' OR dedupe_key LIKE 'checkin:%'"
        )
        marked = self.count("SELECT count(*) FROM sweepmark WHERE name = 'digest'")
        return queued >= 2 * due and (marked > 0 or not digest)


async def until(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + STEP_TIMEOUT
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"gave up waiting for {what} after {STEP_TIMEOUT:.0f} s")
        await asyncio.sleep(0.2)


async def reap(process: subprocess.Popen[bytes]) -> tuple[int, int]:
    """SIGTERM, then wait (killing after STOP_TIMEOUT); the exit code and ru_maxrss in KiB."""
    process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + STOP_TIMEOUT
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() > deadline:
            process.kill()
        await asyncio.sleep(0.1)
    process.returncode = os.waitstatus_to_exitcode(status)
    return process.returncode, usage.ru_maxrss


def seed(url: str, children: int, now: datetime) -> list[int]:
    """The caseload, with 1% due; the due children's Telegram ids."""
    engine = make_engine(url)
    try:
        migrate(engine)
        seed_caseload(engine, children, now)
        make_due(engine, now, col(Child.id) % 100 == 0)
    finally:
        engine.dispose()
    with sqlite3.connect(url.removeprefix("sqlite:///")) as connection:
        rows = connection.execute("SELECT telegram_user_id FROM child WHERE id % 100 = 0")
        return [row[0] for row in rows]


def add_people(double: BotApiDouble, due_children: list[int], senders: list[int]) -> None:
    double.add_user("Manager", user_id=MANAGER_TELEGRAM_ID)
    for k in range(WORKERS):
        double.add_user("Worker", user_id=WORKER_TELEGRAM_ID + k)
    for child in sorted({*due_children, *senders}):
        double.add_user("Kid", user_id=child)


def relayed(double: BotApiDouble) -> int:
    """How many of the children's messages reached a worker."""
    workers = range(WORKER_TELEGRAM_ID, WORKER_TELEGRAM_ID + WORKERS)
    return sum(1 for m in double.sent if m.chat_id in workers and BODY in (m.text or ""))


async def measure(children: int, key: str) -> Figures:
    now = datetime.now(UTC)
    with fresh_database("sqlite") as url:
        due_children = seed(url, children, now)
        senders = [CHILD_TELEGRAM_ID + i for i in range(1, SENDERS + 1)]
        reader = Reader(url.removeprefix("sqlite:///"))
        async with running_double() as double:
            add_people(double, due_children, senders)
            env = {
                **os.environ,
                "TELEGRAM_BOT_TOKEN": double.token,
                "TELEGRAM_API_URL": double.api_url,
                "DATABASE_URL": url,
                "HOMEWARD_SECRET_KEY": key,
                "HOMEWARD_TIMEZONE": ZONE.key,
            }
            log_path = Path(url.removeprefix("sqlite:///")).with_name("homeward.log")
            with log_path.open("wb") as log:
                process = subprocess.Popen(
                    [sys.executable, "-m", "bot", "run"],
                    cwd=REPO,
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            start = time.monotonic()
            try:
                digest = timing.digest_due(now, ZONE)
                await until(lambda: reader.sweep_done(len(due_children), digest), "the sweep")
                sweep_seconds = time.monotonic() - start
                for sender in senders:
                    double.send_text(sender, BODY)
                await until(lambda: relayed(double) >= SENDERS, "the relayed messages")
                await asyncio.sleep(SETTLE)
            except TimeoutError:
                print(log_path.read_text()[-3000:], file=sys.stderr)  # the bot logs ids only
                raise
            finally:
                exit_code, peak_kib = await reap(process)
    return Figures(children, peak_kib, sweep_seconds, exit_code)


def report(results: list[Figures]) -> bool:
    print("\n| children | peak RSS (MiB) | start-up sweep done after (s) | exit code |")
    print("|---:|---:|---:|---:|")
    for r in results:
        print(
            f"| {r.children:,} | {r.peak_kib / 1024:.1f} | {r.sweep_seconds:.1f} | {r.exit_code} |"
        )
    small, large = results[0], results[-1]
    ratio = large.peak_kib / small.peak_kib
    held = ratio <= TARGET_RATIO
    print(f"\n{large.children:,}/{small.children:,} peak ratio: {ratio:.3f}")
    print(f"target (ratio <= {TARGET_RATIO}): {'held' if held else 'MISSED'}")
    return held


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=SIZES)
    args = parser.parse_args()
    print("\n".join(machine()))
    print(f"local time at start: {datetime.now(ZONE):%H:%M} {ZONE.key}")
    key = use_new_keyring()
    results = [asyncio.run(measure(size, key)) for size in sorted(args.sizes)]
    return 0 if report(results) else 1


if __name__ == "__main__":
    sys.exit(main())
