"""`homeward sandbox`: the whole product on this machine with no token, no settings and no
internet. The embedded Bot API server (the double), the real bot talking to it over HTTP
(the Application, the outbox and the sweeps, as in production), a fresh SQLite database under a
new key, a demo team made through the bot, and the web page to act as anyone and move the clock.

The sandbox's Telegram has no rate limits, so the bot sends unpaced (as the tests run it).
Everything lives in a temporary folder and is gone when the sandbox stops.
"""

import asyncio
import logging
import signal
import tempfile
import webbrowser
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

log = logging.getLogger(__name__)

DEFAULT_PORT = 8765
BOT_USERNAME = "homeward_sandbox_bot"


async def serve(port: int, open_browser: bool, stop: asyncio.Event | None = None) -> None:
    """Runs until SIGINT or SIGTERM (or `stop` is set)."""
    stop = stop or _on_signals()
    with tempfile.TemporaryDirectory(prefix="homeward-sandbox-") as folder:
        sandbox = Sandbox(Path(folder), new_key())
        await sandbox.start(port)
        print(f"Homeward sandbox: {sandbox.url}  (Ctrl+C stops it; nothing is kept)", flush=True)
        if open_browser:
            webbrowser.open(sandbox.url)
        try:
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
        self.url = ""

    async def start(self, port: int) -> None:
        await self.double.start()
        self.settings = Settings(
            telegram_bot_token=self.double.token,
            telegram_api_url=self.double.api_url,
            database_url=f"sqlite:///{self._folder / 'homeward.db'}",
            homeward_secret_key=self._key,
            _env_file=None,  # type: ignore[call-arg]
        )
        self.engine = make_engine(self.settings.database_url)
        migrate(self.engine)
        self.runtime = Runtime(self.settings, self.engine, self.clock, limits=None)
        self.watch = UpdateWatch(self.double)
        self.watch.attach(self.runtime.application)
        self.page = SandboxPage(self.double, self.runtime, self.engine, self.settings, self.clock)
        try:  # the page's port first: when it is taken, nothing else has started
            self.url = f"http://127.0.0.1:{await self.page.start(port)}/"
        except OSError:
            await self.double.stop()
            self.engine.dispose()
            raise
        await self.runtime.start()

    async def seed(self) -> None:
        await seed(self.double, self.runtime, self.watch, self.settings, self.clock)
        self.page.ready = True
        self.double.touch()

    async def stop(self) -> None:
        await self.page.stop()
        await self.runtime.stop()
        await self.double.stop()
        self.engine.dispose()
