"""The sandbox's demo team, made through the bot itself: every step is a person's message or
button press to the Bot API double, answered by the real bot, as a team would start.

Team North: Maria Lopez (manager), Sam Patel and Ann Lee (workers). Sam's children are Blue Fox
(high risk, missing this afternoon and back, so the 72-hour interview clock runs) and Green Owl
(helped by a football club; next review in two days). Ann's child Red Kite has not joined yet:
the invite link waits in Ann's chat.
"""

import asyncio
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

from bot.app import Runtime
from bot.cli import invite_manager
from bot.clock import ShiftedClock
from bot.config import Settings
from bot.sandbox.double import BotApiDouble
from bot.sandbox.watch import UpdateWatch
from bot.wording import texts

TEAM = "North"
MANAGER, SAM, ANN = "Maria Lopez", "Sam Patel", "Ann Lee"
BLUE_FOX, GREEN_OWL, RED_KITE = "Blue Fox", "Green Owl", "Red Kite"
SEEDED_HOURS_AGO = timedelta(hours=3)  # the team starts this long before the page opens


@dataclass
class Demo:
    """The seeded people's Telegram user ids, by name or alias."""

    people: dict[str, int]


class Actors:
    """People of the demo, each step waited on until the bot has answered it."""

    def __init__(self, double: BotApiDouble, runtime: Runtime, watch: UpdateWatch) -> None:
        self._double = double
        self._runtime = runtime
        self._watch = watch

    async def _done(self, update: dict[str, Any]) -> None:
        self._watch.expect(update["update_id"])
        await self._watch.settle(self._runtime.dispatcher)

    async def command(self, user: int, name: str, args: str = "") -> None:
        await self._done(self._double.send_command(user, name, args))

    async def send(self, user: int, text: str, reply_to: int | None = None) -> None:
        await self._done(self._double.send_text(user, text, reply_to))

    async def press(self, user: int, label: str) -> None:
        """Press the button with this label on the bot's latest message to `user`."""
        latest = self._double.messages_to(user)[-1]
        await self._done(self._double.press_button(user, latest.message_id, label))

    async def join(self, first_name: str, link: str) -> int:
        user = self._double.add_user(first_name).id
        await self.command(user, "start", start_code(link))
        return user

    def last_link(self, user: int) -> str:
        return last_invite_link(self._double.texts_to(user))

    async def later(self, clock: ShiftedClock, delta: timedelta) -> None:
        """Time passes: the sweeps run as their timer would, and what they queue goes out."""
        clock.advance(delta)
        await self._runtime.sweep()
        await self._watch.settle(self._runtime.dispatcher)

    def last_message_id(self, user: int) -> int:
        return self._double.messages_to(user)[-1].message_id


def last_invite_link(texts_sent: list[str]) -> str:
    """The latest invite link among the bot's messages to someone."""
    for text in reversed(texts_sent):
        for word in text.split():
            if word.startswith("https://t.me/"):
                return word
    raise LookupError("the bot sent no invite link")


def invite_code(link: str) -> str | None:
    """The code in an invite link (`https://t.me/BOT?start=CODE`); None if it has none."""
    codes = parse_qs(urlsplit(link).query).get("start")
    return codes[0] if codes else None


def start_code(link: str) -> str:
    code = invite_code(link)
    if code is None:
        raise LookupError("that link carries no invite code")
    return code


async def seed(
    double: BotApiDouble,
    runtime: Runtime,
    watch: UpdateWatch,
    settings: Settings,
    clock: ShiftedClock,
) -> Demo:
    """Builds the team, starting `SEEDED_HOURS_AGO` before now, and leaves the clock at now."""
    act = Actors(double, runtime, watch)
    link = (await asyncio.to_thread(invite_manager, settings, MANAGER, TEAM, clock))[-1]
    maria = await act.join("Maria", link)
    await act.command(maria, "invite_worker", SAM)
    sam = await act.join("Sam", act.last_link(maria))
    await act.command(maria, "invite_worker", ANN)
    ann = await act.join("Ann", act.last_link(maria))

    await act.command(sam, "add_child", BLUE_FOX)
    blue_fox = await act.join("Jay", act.last_link(sam))
    await act.command(sam, "risk", f"{BLUE_FOX} high")
    await act.command(sam, "add_child", GREEN_OWL)
    green_owl = await act.join("Mia", act.last_link(sam))
    await act.command(sam, "intervention", f"{GREEN_OWL} weekly football club")
    await act.command(green_owl, "checkin")
    await act.press(green_owl, texts.CHECKIN_MOODS["good"])
    await act.press(green_owl, "Yes")
    await act.send(green_owl, "football is the best bit of my week")
    await _review_due_in_two_days(act, sam, clock, settings)

    await act.command(sam, "missing", BLUE_FOX)
    await act.press(sam, texts.GRADES["high"])
    await act.later(clock, timedelta(hours=2))
    await act.command(sam, "returned", BLUE_FOX)
    await act.send(blue_fox, "I'm back home now. Sorry I didn't answer.")
    await act.send(
        sam, "Glad you're safe. I'll come and see you tomorrow after school.",
        reply_to=act.last_message_id(sam),
    )  # fmt: skip
    await act.command(ann, "add_child", RED_KITE)
    await act.later(clock, SEEDED_HOURS_AGO - timedelta(hours=2))
    people = {MANAGER: maria, SAM: sam, ANN: ann, BLUE_FOX: blue_fox, GREEN_OWL: green_owl}
    return Demo(people)


async def _review_due_in_two_days(
    act: Actors, sam: int, clock: ShiftedClock, settings: Settings
) -> None:
    """Sam's review of Green Owl, with the next one set two days after the page opens."""
    await act.command(sam, "review", GREEN_OWL)
    await act.press(sam, "Helping")
    await act.press(sam, texts.REVIEW_USE_WORDS)
    opens = clock.now() + SEEDED_HOURS_AGO
    due: date = opens.astimezone(settings.zone).date() + timedelta(days=2)
    await act.send(sam, due.isoformat())
