"""Updates from different people are handled at the same time; one person's, strictly in the
order they sent them (a child's two messages must reach their worker in order)."""

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

# Updates held back behind their sender's earlier ones count against this too, so it is large:
# one person's burst must never leave no room for another's. The work itself runs in threads.
CONCURRENT_UPDATES = 256


class OnePersonAtATime(BaseUpdateProcessor):
    def __init__(self, max_concurrent_updates: int = CONCURRENT_UPDATES) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[int, asyncio.Lock] = {}
        self._waiting: dict[int, int] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        who = _sender(update)
        if who is None:
            await coroutine
            return
        lock = self._locks.setdefault(who, asyncio.Lock())
        self._waiting[who] = self._waiting.get(who, 0) + 1
        try:
            async with lock:
                await coroutine
        finally:
            self._waiting[who] -= 1
            if not self._waiting[who]:  # nobody else queued behind: forget the lock
                del self._waiting[who], self._locks[who]

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to free."""


def _sender(update: object) -> int | None:
    if not isinstance(update, Update):
        return None
    if update.effective_user is not None:
        return update.effective_user.id
    return update.effective_chat.id if update.effective_chat is not None else None
