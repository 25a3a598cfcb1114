"""The whole bot running against the Bot API double, and people who talk to it.

Waiting here is for the bot's own asynchronous work to finish, never for time to pass: the
clock is frozen and only `advance` moves it.
"""

import asyncio
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.app import Runtime
from bot.cli import invite_manager
from bot.clock import FrozenClock
from bot.config import Settings
from bot.outbox.ratelimit import Limits
from bot.sandbox.double import BotApiDouble, SentMessage
from bot.sandbox.seed import last_invite_link, start_code
from bot.sandbox.watch import UpdateWatch
from bot.storage.db import make_engine, migrate
from bot.wording import texts

START = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)  # a Monday, 10:00 in London


class Harness:
    def __init__(self, double: BotApiDouble, database_url: str, clock: FrozenClock) -> None:
        self.double = double
        self.clock = clock
        self.settings = Settings(
            telegram_bot_token=double.token,
            telegram_api_url=double.api_url,
            database_url=database_url,
            homeward_timezone="Europe/London",
            _env_file=None,  # type: ignore[call-arg]
        )
        self.engine = make_engine(database_url)
        migrate(self.engine)
        self.runtime: Runtime | None = None
        self.paced = False  # Telegram's pacing, on real time: only where a test measures it
        self.watch = UpdateWatch(double)

    async def start(self) -> None:
        self.runtime = Runtime(
            self.settings,
            self.engine,
            self.clock,
            poll_timeout=5,
            limits=Limits() if self.paced else None,
            sweep_seconds=None,
        )
        self.watch.attach(self.runtime.application)
        await self.runtime.start()

    async def stop(self) -> None:
        if self.runtime is not None:
            await self.runtime.stop()
            self.runtime = None

    async def restart(self) -> None:
        await self.stop()
        await self.start()

    async def settle(self) -> None:
        """Every update sent so far handled, and every message it caused delivered."""
        assert self.runtime is not None
        await self.watch.settle(self.runtime.dispatcher)

    async def act(self, update: dict[str, Any]) -> dict[str, Any]:
        """Note an update a person just made, then wait until the bot has dealt with it."""
        self.watch.expect(update["update_id"])
        await self.settle()
        return update

    async def advance(self, delta: timedelta) -> None:
        """Move the clock, run the sweeps as the timer would, and deliver what they queued."""
        self.clock.advance(delta)
        assert self.runtime is not None
        await self.runtime.sweep()
        await self.settle()

    async def advance_to(self, moment: datetime) -> None:
        await self.advance(moment - self.clock.now())

    async def manager_invite(self, name: str, team: str) -> str:
        """The link `homeward invite manager` prints on its last line."""
        lines = await asyncio.to_thread(invite_manager, self.settings, name, team, self.clock)
        return lines[-1]

    def person(self, first_name: str, language_code: str = "en") -> "Person":
        """Someone on Telegram, their app set to `language_code`."""
        return Person(self, self.double.add_user(first_name, language_code=language_code))

    async def enrol_manager(
        self, name: str = "Maria Lopez", team: str = "North", language_code: str = "en"
    ) -> "Person":
        manager = self.person(name.split()[0], language_code)
        await manager.command("start", start_code(await self.manager_invite(name, team)))
        return manager

    async def enrol_worker(
        self, manager: "Person", name: str = "Sam Patel", language_code: str = "en"
    ) -> "Person":
        await manager.command("invite_worker", name)
        worker = self.person(name.split()[0], language_code)
        await worker.command("start", start_code(manager.last_link()))
        return worker

    async def enrol_child(
        self, worker: "Person", alias: str = "Blue Fox", language_code: str = "en"
    ) -> "Person":
        await worker.command("add_child", alias)
        child = self.person("Kid", language_code)
        await child.command("start", start_code(worker.last_link()))
        return child


def sent_at(message: SentMessage) -> datetime:
    """When the double received the message, by the frozen clock."""
    return datetime.fromtimestamp(message.date, UTC)


def urgent_alert(alias: str, worker: str = "Sam Patel") -> str:
    """The urgent alert about a child of this worker's, as staff receive it."""
    return texts.URGENT_ALERT.format(alias=alias) + texts.ALERT_CONTEXT.format(
        details=f"{worker}'s child"
    )


class Person:
    """Someone with a Telegram account, talking to the bot through the double."""

    def __init__(self, harness: Harness, user: Any) -> None:
        self.harness = harness
        self.user = user
        self.id: int = user.id

    async def send(self, text: str, reply_to: int | None = None) -> dict[str, Any]:
        return await self.harness.act(self.harness.double.send_text(self.id, text, reply_to))

    async def command(self, name: str, args: str = "") -> dict[str, Any]:
        return await self.harness.act(self.harness.double.send_command(self.id, name, args))

    async def press(self, message: SentMessage, label: str) -> dict[str, Any]:
        update = self.harness.double.press_button(self.id, message.message_id, label)
        return await self.harness.act(update)

    def buttons(self, message: SentMessage) -> list[str]:
        rows = (message.reply_markup or {}).get("inline_keyboard", [])
        return [button["text"] for row in rows for button in row]

    def reads(self, message: SentMessage) -> str:
        """What a message to this person says now, after any edits."""
        return str(self._now(message)["text"])

    def buttons_now(self, message: SentMessage) -> list[str]:
        """A message's buttons now, after any edits."""
        rows = (self._now(message).get("reply_markup") or {}).get("inline_keyboard", [])
        return [button["text"] for row in rows for button in row]

    def _now(self, message: SentMessage) -> dict[str, Any]:
        stored = self.harness.double.message(self.id, message.message_id)
        assert stored is not None, "the message is gone"
        return stored

    def inbox(self) -> list[SentMessage]:
        return self.harness.double.messages_to(self.id)

    def texts(self) -> list[str]:
        return [m.text or "" for m in self.inbox()]

    def last(self) -> str:
        texts = self.texts()
        assert texts, f"user {self.id} got no messages"
        return texts[-1]

    def last_link(self) -> str:
        return last_invite_link(self.texts())


@dataclass(frozen=True)
class Trio:
    """A manager, a worker and a child of one team, all enrolled."""

    manager: Person
    worker: Person
    child: Person
