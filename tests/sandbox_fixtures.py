"""The whole sandbox in the test's own event loop, and a client for its page's API."""

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.sandbox.run import Sandbox
from bot.storage.crypto import Keyring, active_keyring, new_key, use_keyring


class PageClient:
    """What the page's JavaScript does, as plain HTTP calls."""

    def __init__(self, box: Sandbox, http: aiohttp.ClientSession) -> None:
        self.box = box
        self.http = http

    async def get(self, path: str) -> Any:
        async with self.http.get(self.box.url.rstrip("/") + path) as response:
            assert response.status == 200, await response.text()
            return await response.json()

    async def post(self, path: str, body: Any, status: int = 200) -> Any:
        async with self.http.post(self.box.url.rstrip("/") + path, json=body) as response:
            assert response.status == status, await response.text()
            return await response.json()

    async def settled(self) -> None:
        """The bot has handled everything people did and delivered what it caused."""
        await self.box.watch.settle(self.box.runtime.dispatcher)

    async def person(self, name: str) -> dict[str, Any]:
        people = (await self.get("/api/state"))["people"]
        return next(person for person in people if person["name"] == name)

    async def texts(self, name: str) -> list[str]:
        person = await self.person(name)
        chat = await self.get(f"/api/chats/{person['id']}")
        return [message["text"] for message in chat["messages"]]


@pytest.fixture
async def sandbox(tmp_path: Path) -> AsyncIterator[Sandbox]:
    """Seeded and running; the tests' own key is put back afterwards."""
    earlier: Keyring = active_keyring()
    box = Sandbox(tmp_path, new_key())
    try:
        await box.start(0)
        await box.seed()
        yield box
    finally:
        await box.stop()
        use_keyring(earlier)


@pytest.fixture
async def page(sandbox: Sandbox) -> AsyncIterator[PageClient]:
    async with aiohttp.ClientSession() as http:
        yield PageClient(sandbox, http)
