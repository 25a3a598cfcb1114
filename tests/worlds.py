"""Worlds built once: a module's people enrolled through the bot a single time per test
process, then put back before each test that needs them (the database, what the Bot API double
holds, and the clock), so each test still starts from exactly the same state."""

import dataclasses
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from tests.databases import Databases
from tests.harness import Harness, Person

W = TypeVar("W")


@dataclasses.dataclass(frozen=True)
class _Saved:
    database: str
    double: dict[str, Any]
    now: Any
    world: Any


class Worlds:
    def __init__(self, databases: Databases) -> None:
        self._databases = databases
        self._saved: dict[str, _Saved] = {}

    async def enter(
        self, key: str, harness: Harness, build: Callable[[Harness], Awaitable[W]]
    ) -> W:
        """The world `build` makes, in `harness`: built now the first time, restored after."""
        url = harness.settings.database_url
        saved = self._saved.get(key)
        if saved is None:
            world = await build(harness)
            await self._pause(harness)
            self._saved[key] = _Saved(
                self._databases.copy_of(url), harness.double.snapshot(), harness.clock.now(), world
            )
            await harness.start()
            return world
        await self._pause(harness)
        self._databases.restore(saved.database, url)
        harness.double.restore(saved.double)
        harness.clock.set(saved.now)
        await harness.start()
        return _rebind(saved.world, harness)  # type: ignore[no-any-return]

    @staticmethod
    async def _pause(harness: Harness) -> None:
        await harness.settle()
        await harness.stop()
        harness.engine.dispose()


def _rebind(world: Any, harness: Harness) -> Any:
    """The same world with each person speaking through `harness`."""
    if isinstance(world, Person):
        return Person(harness, harness.double.user(world.id))
    if dataclasses.is_dataclass(world) and not isinstance(world, type):
        changes = {
            f.name: _rebind(getattr(world, f.name), harness) for f in dataclasses.fields(world)
        }
        return dataclasses.replace(world, **changes)
    return world
