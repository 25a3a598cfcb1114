"""`homeward sandbox`: the whole product on this machine with no token, no settings and no
internet. The embedded Bot API server (the double), the real bot talking to it over HTTP
(the Application, the outbox and the sweeps, as in production), a fresh SQLite database under a
new key, a demo team made through the bot, and the web page to act as anyone and move the clock.

The sandbox's Telegram has no rate limits, so the bot sends unpaced (as the tests run it).
Everything lives in a temporary folder and is gone when the sandbox stops.
"""

import asyncio
import contextlib
import signal
import tempfile
import webbrowser
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

from bot.app import Runtime
from bot.clock import ShiftedClock
from bot.config import Settings
from bot.sandbox.double import BotApiDouble
from bot.sandbox.seed import SEEDED_HOURS_AGO, seed
from bot.sandbox.spec import PACKAGED, ApiSpec
from bot.sandbox.watch import UpdateWatch
from bot.sandbox.web import SandboxPage
from bot.storage.crypto import Keyring, new_key, use_keyring
from bot.storage.db import make_engine, migrate

BOT_USERNAME = "homeward_sandbox_bot"


async def serve(port: int, open_browser: bool, stop: asyncio.Event | None = None) -> None:
    """Runs until SIGINT or SIGTERM (or `stop` is set)."""
    stop = stop or _on_signals()
    with tempfile.TemporaryDirectory(prefix="homeward-sandbox-") as folder:
        sandbox = Sandbox(Path(folder), new_key())
        try:
            await sandbox.start(port)
            print(
                f"Homeward sandbox: {sandbox.url}  (Ctrl+C stops it; nothing is kept)", flush=True
            )
            if open_browser:
                webbrowser.open(sandbox.url)
            await sandbox.seed()
            await stop.wait()
        finally:
            await sandbox.stop()


def _on_signals() -> asyncio.Event:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    return stop


class Sandbox:
    """The parts of the sandbox, started and stopped together; its database lives in `folder`,
    encrypted under `key`."""

    def __init__(self, folder: Path, key: str) -> None:
        use_keyring(Keyring(key))
        self.clock = ShiftedClock(-SEEDED_HOURS_AGO)
        self.double = BotApiDouble(
            ApiSpec.load(PACKAGED),
            bot_username=BOT_USERNAME,
            clock=lambda: self.clock.now().timestamp(),
        )
        self._folder = folder
        self._key = key
        self._parts = contextlib.AsyncExitStack()
        self.url = ""

    async def start(self, port: int) -> None:
        """Each part in turn, the page's port before the bot: when the port is taken, no bot
        has started. Whatever started is stopped by `stop`, even after a failure."""
        await self._parts.enter_async_context(_running(self.double.start, self.double.stop))
        self.settings = Settings(
            telegram_bot_token=self.double.token,
            telegram_api_url=self.double.api_url,
            database_url=f"sqlite:///{self._folder / 'homeward.db'}",
            homeward_secret_key=self._key,
            _env_file=None,  # type: ignore[call-arg]
        )
        self.engine = make_engine(self.settings.database_url)
        self._parts.callback(self.engine.dispose)
        migrate(self.engine)
        self.runtime = Runtime(self.settings, self.engine, self.clock, limits=None)
        self.watch = UpdateWatch(self.double)
        self.watch.attach(self.runtime.application)
        self.page = SandboxPage(self.double, self.runtime, self.engine, self.settings, self.clock)
        self._parts.push_async_callback(self.page.stop)
        self.url = f"http://127.0.0.1:{await self.page.start(port)}/"
        await self._parts.enter_async_context(_running(self.runtime.start, self.runtime.stop))

    async def seed(self) -> None:
        await seed(self.double, self.runtime, self.watch, self.settings, self.clock)
        self.page.ready = True
        self.double.touch()

    async def stop(self) -> None:
        """Stops what started, the last first."""
        await self._parts.aclose()


@contextlib.asynccontextmanager
async def _running(
    start: Callable[[], Awaitable[None]], stop: Callable[[], Awaitable[None]]
) -> AsyncIterator[None]:
    await start()
    try:
        yield
    finally:
        await stop()
