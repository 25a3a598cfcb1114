"""Twelve weeks of a team, played through the Bot API with the injected clock.

One manager, three workers and thirty children of mixed risk. A third of the reviews are done on
the due day, a third three days late, a third never; half the children answer every check-in.
Every reminder, prompt and alert the people receive is checked against the schedule written out
below (local London times), across the last Sunday of March and of October. What falls due for
one member of staff at one moment comes as one message: each line of it is checked as an event.
"""

import random
import re
from collections import Counter
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.wording import texts
from tests.harness import Harness, Person, sent_at

LONDON = ZoneInfo("Europe/London")
DAYS = 84
WORKERS = ["Ann Lee", "Ben Cole", "Cat Diaz"]
RISKS = ["none", "low", "medium", "high"]  # child i has RISKS[i % 4]
GROUPS = ["on_time", "late", "never"]  # child i's reviews: GROUPS[i % 3]
FLAGGING = {4, 14, 24}  # answer "Not great" and "No"; other even children "Good" and "Yes"

# The schedule, by hand: day numbers from the Monday the team starts (day 0, children added at
# 10:00). Reviews fall due every 28 days, 14 for high risk; reminders at 09:00 two days before
# and on the day; the overdue alert at 09:00 the day after; then a 09:00 digest every day while
# it stays overdue. "On time" reviews are done at 10:00 on the due day, "late" ones at 10:00
# three days after it (the next review is then due 28 or 14 days from that day).
REVIEWS = {
    ("on_time", 28): {
        "before": [26, 54, 82],
        "due": [28, 56, 84],
        "overdue": [],
        "digest": [],
        "done": [28, 56, 84],
    },
    ("on_time", 14): {
        "before": [12, 26, 40, 54, 68, 82],
        "due": [14, 28, 42, 56, 70, 84],
        "overdue": [],
        "digest": [],
        "done": [14, 28, 42, 56, 70, 84],
    },
    ("late", 28): {
        "before": [26, 57],
        "due": [28, 59],
        "overdue": [29, 60],
        "digest": [30, 31, 61, 62],
        "done": [31, 62],
    },
    ("late", 14): {
        "before": [12, 29, 46, 63, 80],
        "due": [14, 31, 48, 65, 82],
        "overdue": [15, 32, 49, 66, 83],
        "digest": [16, 17, 33, 34, 50, 51, 67, 68, 84],
        "done": [17, 34, 51, 68],
    },
    ("never", 28): {
        "before": [26],
        "due": [28],
        "overdue": [29],
        "digest": list(range(30, 85)),
        "done": [],
    },
    ("never", 14): {
        "before": [12],
        "due": [14],
        "overdue": [15],
        "digest": list(range(16, 85)),
        "done": [],
    },
}
PROMPT_DAYS = [7, 14, 21, 28, 35, 42, 49, 56, 63, 70, 77, 84]  # at 16:00
UNANSWERED_DAYS = [9, 16, 23, 30, 37, 44, 51, 58, 65, 72, 79]  # 16:00, 48 hours after a prompt

Event = tuple[int, str, str, str, str]  # day, local time, recipient, kind, about whom


def alias(i: int) -> str:
    return f"C{i:02d}"


def worker_of(i: int) -> str:
    return WORKERS[i // 10]


def cadence(i: int) -> int:
    return 14 if RISKS[i % 4] == "high" else 28


def answers(i: int) -> bool:
    return i % 2 == 0


def expected_events() -> list[Event]:
    events: list[Event] = []
    for i in range(30):
        me, worker = alias(i), worker_of(i)
        plan = REVIEWS[(GROUPS[i % 3], cadence(i))]
        events += [(d, "09:00", worker, "before", me) for d in plan["before"]]
        events += [(d, "09:00", worker, "due", me) for d in plan["due"]]
        events += [(d, "09:00", worker, "overdue", me) for d in plan["overdue"]]
        events += [(d, "09:00", "manager", "overdue", me) for d in plan["overdue"]]
        events += [
            (d, "09:00", who, "digest", me) for d in plan["digest"] for who in (worker, "manager")
        ]
        events += [(d, "16:00", me, "prompt", me) for d in PROMPT_DAYS]
        if answers(i):
            events += [(d, "17:00", worker, "summary", me) for d in PROMPT_DAYS]
            if i in FLAGGING:
                events += [
                    (d, "17:00", worker, kind, me)
                    for d in PROMPT_DAYS
                    for kind in ("flag_mood", "flag_help")
                ]
        else:
            events += [(d, "16:00", worker, "unanswered", me) for d in UNANSWERED_DAYS]
    return sorted(events)


KINDS = [
    ("prompt", re.compile(re.escape(texts.CHECKIN_PROMPT) + r"$()")),
    ("before", re.compile(r"^⏰ (C\d\d)'s progress review is due on")),
    ("due", re.compile(r"^⏰ (C\d\d)'s progress review is due today")),
    ("overdue", re.compile(r"^❗ (C\d\d)'s progress review was due")),
    ("overdue", re.compile(r"^❗ Overdue review: (C\d\d) ")),
    ("summary", re.compile(r"^📋 (C\d\d) checked in")),
    ("unanswered", re.compile(r"^(C\d\d) hasn't answered")),
    ("flag_mood", re.compile(r"^⚠️ (C\d\d) says things are not great")),
    ("flag_help", re.compile(r"^⚠️ (C\d\d) says the help is not")),
    ("digest", re.compile(r"^• (C\d\d) \(")),
]
HEADS = (texts.DIGEST_HEAD.format(team="North"), texts.DIGEST_HEAD_LATE.format(team="North"))


class Team:
    def __init__(self, harness: Harness, start: date) -> None:
        self.harness = harness
        self.start = start
        self.manager: Person
        self.workers: dict[str, Person] = {}
        self.children: dict[str, Person] = {}

    def at(self, day: int, clock: time) -> datetime:
        return datetime.combine(self.start + timedelta(days=day), clock, tzinfo=LONDON)

    async def enrol(self) -> None:
        self.harness.clock.set(self.at(0, time(10, 0)))
        self.manager = await self.harness.enrol_manager("Maria Lopez", "North")
        for name in WORKERS:
            self.workers[name] = await self.harness.enrol_worker(self.manager, name)
        for i in range(30):
            worker = self.workers[worker_of(i)]
            self.children[alias(i)] = await self.harness.enrol_child(worker, alias(i))
            if RISKS[i % 4] != "none":
                await worker.command("risk", f"{alias(i)} {RISKS[i % 4]}")

    def who(self, chat_id: int) -> str:
        if chat_id == self.manager.id:
            return "manager"
        people = {**self.workers, **self.children}
        return next(name for name, person in people.items() if person.id == chat_id)

    def events(self) -> list[Event]:
        """What the people received that the bot said on its own, by local day and time: each
        line of a message of several notices is an event of its own."""
        found: list[Event] = []
        for message in self.harness.double.sent:
            text = message.text or ""
            lines = text.split("\n")[1:] if text.split("\n")[0] in HEADS else [text]
            local = sent_at(message).astimezone(LONDON)
            when = ((local.date() - self.start).days, f"{local:%H:%M}", self.who(message.chat_id))
            for line in lines:
                kind, about = self._kind(line)
                if kind is not None:
                    found.append((*when, kind, about or when[2]))
        return sorted(found)

    @staticmethod
    def _kind(line: str) -> tuple[str | None, str]:
        for kind, pattern in KINDS:
            match = pattern.match(line)
            if match is not None:
                return kind, match.group(1)
        return None, ""

    def staff_messages_at_sweeps(self) -> Counter[tuple[int, str, str]]:
        """How many messages each member of staff received at each 09:00 and 16:00."""
        staff = {self.manager.id, *(w.id for w in self.workers.values())}
        moments: Counter[tuple[int, str, str]] = Counter()
        for message in self.harness.double.sent:
            local = sent_at(message).astimezone(LONDON)
            if message.chat_id in staff and f"{local:%H:%M}" in ("09:00", "16:00"):
                when = ((local.date() - self.start).days, f"{local:%H:%M}")
                moments[(*when, self.who(message.chat_id))] += 1
        return moments

    async def review(self, i: int) -> None:
        worker = self.workers[worker_of(i)]
        await worker.command("review", alias(i))
        await worker.send("Things are going OK, they said.")
        await worker.press(
            worker.inbox()[-1],
            next(b for b in worker.buttons(worker.inbox()[-1]) if b.startswith("Keep")),
        )

    async def answer_checkin(self, i: int) -> None:
        child = self.children[alias(i)]
        mood, difference = ("😟 Not great", "No") if i in FLAGGING else ("😊 Good", "Yes")
        await child.press(child.inbox()[-1], mood)
        await child.press(child.inbox()[-1], difference)
        await child.press(child.inbox()[-1], texts.SKIP)


async def play(
    team: Team,
    restart_before: set[int] = frozenset(),  # type: ignore[assignment]
    in_flight_at: tuple[int, str] | None = None,
) -> None:
    """Run the twelve weeks: 09:00 sweeps, 10:00 reviews, 16:00 prompts, 17:00 answers."""
    step = 0
    for day in range(DAYS + 1):
        for clock in (time(9, 0), time(10, 0), time(16, 0), time(17, 0)):
            moment = team.at(day, clock)
            if moment <= team.harness.clock.now():
                continue
            step += 1
            if step in restart_before:
                await team.harness.restart()
            if in_flight_at == (day, f"{clock:%H:%M}"):
                await die_between_send_and_commit(team, moment)
            else:
                await team.harness.advance_to(moment)
            await act(team, day, clock)


async def act(team: Team, day: int, clock: time) -> None:
    if clock == time(10, 0):
        for i in range(30):
            if day in REVIEWS[(GROUPS[i % 3], cadence(i))]["done"]:
                await team.review(i)
    if clock == time(17, 0) and day in PROMPT_DAYS:
        for i in range(30):
            if answers(i):
                await team.answer_checkin(i)


async def die_between_send_and_commit(team: Team, moment: datetime) -> None:
    """Telegram takes a prompt for C05, and the process dies before recording that it did."""
    harness, child = team.harness, team.children["C05"]
    harness.double.hold_answer_after_delivery(child.id)
    harness.clock.set(moment)
    assert harness.runtime is not None
    await harness.runtime.sweep()
    await harness.double.wait_for(
        lambda: any(
            m.chat_id == child.id and m.text == texts.CHECKIN_PROMPT and sent_at(m) == moment
            for m in child.inbox()
        )
    )
    await harness.stop()
    harness.double.release_held_answers()
    await harness.start()
    await harness.advance(timedelta(0))


def diff(got: list[Event], want: list[Event]) -> str:
    extra = Counter(got) - Counter(want)
    missing = Counter(want) - Counter(got)
    return (
        f"unexpected: {sorted(extra.elements())[:10]}\nmissing: {sorted(missing.elements())[:10]}"
    )


@pytest.mark.parametrize(
    "start", [date(2026, 3, 2), date(2026, 9, 28)], ids=["across-march", "across-october"]
)
async def test_twelve_weeks_bring_exactly_the_expected_messages(
    homeward: Harness, start: date
) -> None:
    team = Team(homeward, start)
    await team.enrol()
    await play(team)
    got, want = team.events(), expected_events()
    assert got == want, diff(got, want)
    per_person = team.staff_messages_at_sweeps()
    assert per_person and set(per_person.values()) == {1}, per_person.most_common(3)


async def test_restarts_change_nothing_but_the_one_in_flight_duplicate(
    homeward: Harness,
) -> None:
    team = Team(homeward, date(2026, 3, 2))
    await team.enrol()
    restarts = set(random.Random(20260302).sample(range(1, 4 * DAYS), 12))
    await play(team, restarts, in_flight_at=(21, "16:00"))
    got, want = team.events(), expected_events()
    duplicate = (21, "16:00", "C05", "prompt", "C05")
    assert Counter(got) - Counter(want) == Counter([duplicate]), diff(got, want)
    assert Counter(want) - Counter(got) == Counter(), diff(got, want)
    assert set(team.staff_messages_at_sweeps().values()) == {1}
