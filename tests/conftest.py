"""Shared fixtures: a fresh database per test (SQLite, or PostgreSQL when TEST_DATABASE_URL
points at one), the Bot API double, and the whole bot running against both."""

import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from bot.clock import FrozenClock
from bot.sandbox.double import BotApiDouble
from bot.sandbox.spec import ApiSpec
from bot.storage.crypto import Keyring, new_key, use_keyring
from tests.harness import START, Harness, Trio

REPO_ROOT = Path(__file__).resolve().parents[1]
API_SPEC_PATH = REPO_ROOT.parent / "shared" / "telegram-bot-api" / "api.min.json"
TEST_KEY = new_key()


@pytest.fixture(scope="session")
def api_spec_path() -> Path:
    if not API_SPEC_PATH.exists():
        pytest.fail(f"the Bot API method list is missing at {API_SPEC_PATH}")
    return API_SPEC_PATH


@pytest.fixture(scope="session")
def api_spec(api_spec_path: Path) -> ApiSpec:
    return ApiSpec.load(api_spec_path)


@pytest.fixture(autouse=True, scope="session")
def keyring() -> Keyring:
    ring = Keyring(TEST_KEY)
    use_keyring(ring)
    return ring


@pytest.fixture
def database_url(tmp_path: Path) -> Iterator[str]:
    """An empty database: a new SQLite file, or a new schema on the PostgreSQL server."""
    server = os.environ.get("TEST_DATABASE_URL")
    if not server:
        yield f"sqlite:///{tmp_path / 'homeward.db'}"
        return
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in server else "?"
    try:
        yield f"{server}{separator}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(START)


@pytest.fixture
async def double(api_spec: ApiSpec, clock: FrozenClock) -> AsyncIterator[BotApiDouble]:
    """The Bot API double, dating what it records by the same frozen clock as the bot."""
    server = BotApiDouble(api_spec, clock=lambda: clock.now().timestamp())
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


@pytest.fixture
async def homeward(
    double: BotApiDouble, database_url: str, clock: FrozenClock
) -> AsyncIterator[Harness]:
    harness = Harness(double, database_url, clock)
    await harness.start()
    try:
        yield harness
    finally:
        await harness.stop()


@pytest.fixture
async def trio(homeward: Harness) -> Trio:
    """Maria Lopez manages North; Sam Patel is the trusted worker of the child Blue Fox."""
    manager = await homeward.enrol_manager("Maria Lopez")
    worker = await homeward.enrol_worker(manager, "Sam Patel")
    child = await homeward.enrol_child(worker, "Blue Fox")
    return Trio(manager, worker, child)
