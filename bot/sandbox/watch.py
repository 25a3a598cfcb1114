"""Knowing when the bot has finished with what people did: every update handled and every
message it caused delivered. The tests and the sandbox's seeding wait on this, never on time."""

import asyncio

from telegram import Update
from telegram.ext import Application, ContextTypes, TypeHandler

from bot.outbox.dispatcher import Dispatcher
from bot.sandbox.double import BotApiDouble

SETTLE_TIMEOUT = 10.0
OBSERVER_GROUP = 1_000_000  # after every handler of the bot's own


class UpdateWatch:
    def __init__(self, double: BotApiDouble) -> None:
        self._double = double
        self._processed: set[int] = set()
        self._expected: set[int] = set()
        self._progress = asyncio.Condition()

    def attach(self, application: Application) -> None:
        """Watch this run of the bot. What it confirmed before was handled then; what still
        waits is for this run."""
        double = self._double
        self._processed |= double.update_ids() - double.update_ids(pending=True)
        application.add_handler(TypeHandler(Update, self._observe), OBSERVER_GROUP)

    def expect(self, update_id: int) -> None:
        self._expected.add(update_id)

    async def _observe(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        """Runs after every handler for each update: the update is fully handled."""
        async with self._progress:
            self._processed.add(update.update_id)
            self._progress.notify_all()

    async def settle(self, dispatcher: Dispatcher, timeout: float = SETTLE_TIMEOUT) -> None:
        """Every update made so far handled, and every message it caused delivered."""
        self._expected |= self._double.update_ids()
        await self._double.wait_until_acknowledged(timeout=timeout)
        async with self._progress:
            await asyncio.wait_for(
                self._progress.wait_for(lambda: self._expected <= self._processed), timeout
            )
        dispatcher.wake()
        await asyncio.wait_for(dispatcher.idle(), timeout)
