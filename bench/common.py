"""What the benchmarks share: the machine's facts, fresh databases, and a seeded caseload."""

import os
import platform
import sqlite3
import subprocess
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Engine, Table, create_engine, insert, select, text, update
from sqlmodel import SQLModel

from bot.rules import timing
from bot.sandbox.double import BotApiDouble
from bot.sandbox.spec import ApiSpec
from bot.storage.crypto import Keyring, new_key, use_keyring
from bot.storage.models import Child, Pairing, Role, Staff, Team

REPO = Path(__file__).resolve().parents[1]
API_SPEC_PATH = REPO.parent / "shared" / "telegram-bot-api" / "api.min.json"
POSTGRES_URL = os.environ.get(
    "BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
DATABASES = ("sqlite", "postgresql")
ZONE = ZoneInfo("Europe/London")

WORKERS = 100
MANAGER_TELEGRAM_ID = 500
WORKER_TELEGRAM_ID = 1_000  # worker k (0-based) has WORKER_TELEGRAM_ID + k
CHILD_TELEGRAM_ID = 1_000_000  # child i (0-based) has CHILD_TELEGRAM_ID + i
CHUNK = 10_000


def _table(model: type[SQLModel]) -> Table:
    return model.__table__  # type: ignore[attr-defined,no-any-return]


TEAM, STAFF, CHILD, PAIRING = map(_table, (Team, Staff, Child, Pairing))


def use_new_keyring() -> str:
    """A fresh encryption key, installed for this process; returned for child processes."""
    key = new_key()
    use_keyring(Keyring(key))
    return key


def elapsed_ms(action: Callable[[], Any]) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


# The machine ----------------------------------------------------------------------------------


def machine(postgres: bool = False) -> list[str]:
    """One line per fact: what a figure was measured on."""
    facts = [
        f"date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"code: {_code_version()}",
        f"cpu: {os.cpu_count()} cores, {_cpu_model()}",
        f"memory: {_memory_gib():.1f} GiB",
        "load average (1, 5, 15 min) at start: {:.2f}, {:.2f}, {:.2f}".format(*os.getloadavg()),
        f"python: {platform.python_version()}",
        f"sqlite: {sqlite3.sqlite_version}",
    ]
    if postgres:
        engine = create_engine(POSTGRES_URL)
        with engine.connect() as connection:
            facts.append(f"postgresql: {connection.execute(text('SHOW server_version')).scalar()}")
        engine.dispose()
    return facts


def _code_version() -> str:
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True).stdout

    changed = git("status", "--porcelain", "--", "bot", "conversations", "scheduler").strip()
    return git("rev-parse", "--short", "HEAD").strip() + (
        " + uncommitted product changes" if changed else ""
    )


def _cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown cpu"


def _memory_gib() -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return int(line.split()[1]) / 1024**2
    return float("nan")


# Databases ------------------------------------------------------------------------------------


@contextmanager
def fresh_database(kind: str) -> Iterator[str]:
    """The URL of an empty database: a new SQLite file, or a new PostgreSQL schema (dropped
    afterwards)."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory(prefix="homeward-bench-") as folder:
            yield f"sqlite:///{folder}/homeward.db"
        return
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


# The caseload ---------------------------------------------------------------------------------


def seed_caseload(engine: Engine, children: int, now: datetime) -> None:
    """One team: a manager, WORKERS workers and `children` children, all enrolled a year ago,
    each child in an open pairing. Nothing is due: reviews and check-ins lie days ahead."""
    joined = now - timedelta(days=365)
    today = timing.local_date(now, ZONE)
    with engine.begin() as connection:
        team_id = connection.execute(
            insert(TEAM).values(name="Bench", created_at=joined)
        ).inserted_primary_key[0]
        staff = [_staff(team_id, Role.MANAGER, "Manager", MANAGER_TELEGRAM_ID, joined)]
        staff += [
            _staff(team_id, Role.WORKER, f"Worker {k}", WORKER_TELEGRAM_ID + k, joined)
            for k in range(WORKERS)
        ]
        connection.execute(insert(STAFF), staff)
        workers = (
            connection.execute(
                select(STAFF.c.id).where(STAFF.c.role == Role.WORKER).order_by(STAFF.c.id)
            )
            .scalars()
            .all()
        )
        for start in range(0, children, CHUNK):
            numbers = range(start, min(start + CHUNK, children))
            connection.execute(insert(CHILD), [_child(team_id, i, today, joined) for i in numbers])
        child_ids = connection.execute(select(CHILD.c.id).order_by(CHILD.c.id)).scalars().all()
        for start in range(0, len(child_ids), CHUNK):
            pairings = [
                {"child_id": child, "worker_id": workers[child % WORKERS], "started_at": joined}
                for child in child_ids[start : start + CHUNK]
            ]
            connection.execute(insert(PAIRING), pairings)


def _staff(team_id: int, role: Role, name: str, telegram_id: int, joined: datetime) -> dict:
    return {
        "team_id": team_id,
        "role": role,
        "name": name,
        "telegram_user_id": telegram_id,
        "active": True,
        "language": "en",
        "created_at": joined,
    }


def _child(team_id: int, i: int, today: date, joined: datetime) -> dict:
    review_due_on = today + timedelta(days=10 + i % 18)
    checkin_day = today + timedelta(days=1 + i % 6)
    return {
        "team_id": team_id,
        "alias": f"Child {i}",
        "alias_key": f"child {i}",
        "risk_level": "none",
        "language": "en",
        "telegram_user_id": CHILD_TELEGRAM_ID + i,
        "created_at": joined,
        "review_due_on": review_due_on,
        "review_next_event_at": timing.first_reminder_at(review_due_on, ZONE),
        "next_checkin_at": timing.at_local(checkin_day, timing.CHECKIN_AT, ZONE),
    }


def make_due(engine: Engine, now: datetime, where: ColumnElement[bool]) -> int:
    """Make these children's review (due today) and weekly check-in fall due; how many."""
    moment = now - timedelta(minutes=1)
    with engine.begin() as connection:
        result = connection.execute(
            update(CHILD)
            .where(where)
            .values(
                review_due_on=timing.local_date(now, ZONE),
                review_next_event_at=moment,
                next_checkin_at=moment,
            )
        )
    return result.rowcount


# The Bot API double ---------------------------------------------------------------------------


@asynccontextmanager
async def running_double() -> AsyncIterator[BotApiDouble]:
    """The Bot API double on 127.0.0.1, checking calls against the official method list when
    it is present beside the repository (as in the tests)."""
    spec = ApiSpec.load(API_SPEC_PATH) if API_SPEC_PATH.exists() else None
    double = BotApiDouble(spec)
    await double.start()
    try:
        yield double
    finally:
        await double.stop()
