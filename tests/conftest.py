"""Shared fixtures: a database of each test's own (SQLite, or PostgreSQL when TEST_DATABASE_URL
points at one), the Bot API double, and the whole bot running against both."""

import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from bot.clock import FrozenClock
from bot.sandbox.double import BotApiDouble
from bot.sandbox.spec import ApiSpec
from bot.storage.crypto import Keyring, new_key, use_keyring
from bot.storage.db import make_engine, migrate
from tests.databases import Databases
from tests.harness import START, Harness, Trio
from tests.worlds import Worlds

pytest_plugins = ["tests.sandbox_fixtures"]

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


@pytest.fixture(scope="session")
def databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Databases]:
    """This test process's databases: SQLite files, or PostgreSQL databases when
    TEST_DATABASE_URL points at a server."""
    store = Databases(os.environ.get("TEST_DATABASE_URL"), tmp_path_factory.mktemp("databases"))
    try:
        yield store
    finally:
        store.close()


@pytest.fixture
def database_url(databases: Databases) -> Iterator[str]:
    """A database of this test's own, migrated to the newest schema and holding nothing."""
    url = databases.copy_of(databases.template)
    try:
        yield url
    finally:
        databases.drop(url)


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """An engine on this test's own database, for tests of the rules without the bot."""
    engine = make_engine(database_url)
    migrate(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def empty_database_url(databases: Databases) -> Iterator[str]:
    """A database with no tables at all, for tests of the migrations themselves."""
    url = databases.empty()
    try:
        yield url
    finally:
        databases.drop(url)


@pytest.fixture(scope="session")
def worlds(databases: Databases) -> Worlds:
    return Worlds(databases)


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


async def _trio(homeward: Harness) -> Trio:
    manager = await homeward.enrol_manager("Maria Lopez")
    worker = await homeward.enrol_worker(manager, "Sam Patel")
    child = await homeward.enrol_child(worker, "Blue Fox")
    return Trio(manager, worker, child)


@pytest.fixture
async def trio(homeward: Harness, worlds: Worlds) -> Trio:
    """Maria Lopez manages North; Sam Patel is the trusted worker of the child Blue Fox."""
    return await worlds.enter("trio", homeward, _trio)


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """Two test processes a core: a test spends about half its time waiting for the bot's
    threads and HTTP round trips, so two per core keep the cores busy (measured on 2 cores:
    SQLite 327 s with 2 processes, 236 s with 4; PostgreSQL 450 s and 366 s)."""
    return 2 * (os.cpu_count() or 1)
