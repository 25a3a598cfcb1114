"""Every conversation at every step, against everything else that can arrive mid-way: a reply to
a child's relayed message, a reply to an alert, a button from another conversation, a stale
button of this one, a child's urgent words, and a command. Each lands where the contract's "Who
gets what a person sends" says, and the open conversation is intact, or announced as stopped.

The world: Sam Patel is the worker of Blue Fox (who has help running) and of Red Kite, who is
missing, has written ("can you call me?") and has asked for help now; Maria Lopez manages the
team, where Ann Lee is another worker.
"""

from dataclasses import dataclass, field
from typing import Any

import pytest
from sqlmodel import Session, select

from bot.rules import questions
from bot.sandbox.double import SentMessage
from bot.storage.models import CheckIn, CheckInStatus, Child, Conversation
from bot.wording import texts
from conversations import question_texts
from tests.harness import Harness, Person

Step = tuple[str, ...]  # ("command", name, args) | ("press", label) | ("text", words)
MISSING_RETURNED: list[Step] = [
    ("command", "missing", "Blue Fox"),
    ("command", "returned", "Blue Fox"),
]
RHI: list[Step] = [("command", "rhi", "Blue Fox")]
KITE_ALERT = "🚨 URGENT: Red Kite"


@dataclass(frozen=True)
class Case:
    who: str  # "worker", "manager" or "child"
    steps: list[Step]  # from nothing to the step under test
    kind: str | None  # the open conversation there (None: a check-in's own buttons)
    step: str | None = None
    before: list[Step] = field(default_factory=list)  # done once, before the first run


CASES: dict[str, Case] = {
    "msg: which child": Case("worker", [("command", "msg", "")], "msg", questions.PICK),
    "msg: the text": Case("worker", [("command", "msg", ""), ("press", "Blue Fox")], "msg", "text"),
    "add_child: the alias": Case("worker", [("command", "add_child", "")], "add_child", "alias"),
    "invite_worker: the name": Case(
        "manager", [("command", "invite_worker", "")], "invite_worker", "name"
    ),
    "intervention: which child": Case(
        "worker", [("command", "intervention", "")], "intervention", questions.PICK
    ),
    "intervention: the help": Case(
        "worker", [("command", "intervention", "Blue Fox")], "intervention", "title"
    ),
    "end_intervention: which child": Case(
        "worker", [("command", "end_intervention", "")], "end_intervention", questions.PICK
    ),
    "end_intervention: which help": Case(
        "worker", [("command", "end_intervention", "Blue Fox")], "end_intervention", "which"
    ),
    "risk: which child": Case("worker", [("command", "risk", "")], "risk", questions.PICK),
    "risk: the level": Case("worker", [("command", "risk", "Blue Fox")], "risk", "level"),
    "review: which child": Case("worker", [("command", "review", "")], "review", questions.PICK),
    "review: a rating": Case("worker", [("command", "review", "Blue Fox")], "review", "rate"),
    "review: the child's view": Case(
        "worker", [("command", "review", "Blue Fox"), ("press", "Helping")], "review", "view"
    ),
    "review: why no view": Case(
        "worker",
        [("command", "review", "Blue Fox"), ("press", "Helping"), ("press", texts.REVIEW_NO_VIEW)],
        "review",
        "reason",
    ),
    "review: the next date": Case(
        "worker",
        [("command", "review", "Blue Fox"), ("press", "Helping"), ("text", "all good")],
        "review",
        "date",
    ),
    "missing: which child": Case("worker", [("command", "missing", "")], "missing", questions.PICK),
    "returned: which child": Case(
        "worker",
        [("command", "returned", "")],
        "returned",
        questions.PICK,
        before=[("command", "missing", "Blue Fox")],
    ),
    "rhi: which child": Case(
        "worker", [("command", "rhi", "")], "rhi", questions.PICK, before=MISSING_RETURNED
    ),
    "rhi: the outcome": Case("worker", RHI, "rhi", "outcome", before=MISSING_RETURNED),
    "rhi: independent": Case(
        "worker", [*RHI, ("press", "Accepted")], "rhi", "independent", before=MISSING_RETURNED
    ),
    "rhi: the reasons": Case(
        "worker",
        [*RHI, ("press", "Accepted"), ("press", "Yes")],
        "rhi",
        "reasons",
        before=MISSING_RETURNED,
    ),
    "rhi: the other reason": Case(
        "worker",
        [*RHI, ("press", "Accepted"), ("press", "Yes"), ("press", "Other"), ("press", "Done")],
        "rhi",
        "other",
        before=MISSING_RETURNED,
    ),
    "rhi: the child's words": Case(
        "worker",
        [*RHI, ("press", "Accepted"), ("press", "No"), ("press", "School"), ("press", "Done")],
        "rhi",
        "words",
        before=MISSING_RETURNED,
    ),
    "export: which child": Case("manager", [("command", "export", "")], "export", questions.PICK),
    "close: which child": Case("manager", [("command", "close", "")], "close", questions.PICK),
    "erase: which child": Case("manager", [("command", "erase", "")], "erase", questions.PICK),
    "erase: are you sure": Case("manager", [("command", "erase", "Blue Fox")], "erase", "confirm"),
    "reassign: which child": Case(
        "manager", [("command", "reassign", "")], "reassign", questions.PICK
    ),
    "reassign: which worker": Case(
        "manager", [("command", "reassign", "Blue Fox")], "reassign", "worker"
    ),
    "duty: who covers": Case("manager", [("command", "duty", "")], "duty", "person"),
    "deactivate: which worker": Case(
        "manager", [("command", "deactivate", "")], "deactivate", "worker"
    ),
    "check-in: how things are": Case("child", [("command", "checkin", "")], None),
    "check-in: is the help working": Case(
        "child", [("command", "checkin", ""), ("press", "😊 Good")], None
    ),
    "check-in: anything to tell them": Case(
        "child",
        [("command", "checkin", ""), ("press", "😊 Good"), ("press", "Yes")],
        questions.CHECKIN,
        "comment",
    ),
}


class World:
    def __init__(self, homeward: Harness) -> None:
        self.h = homeward

    async def build(self) -> None:
        h = self.h
        self.manager = await h.enrol_manager("Maria Lopez")
        self.worker = await h.enrol_worker(self.manager, "Sam Patel")
        await h.enrol_worker(self.manager, "Ann Lee")
        self.child = await h.enrol_child(self.worker, "Blue Fox")
        self.kite = await h.enrol_child(self.worker, "Red Kite")
        await self.worker.command("intervention", "Blue Fox weekly mentoring")
        await self.worker.command("missing", "Red Kite")
        await self.kite.send("can you call me?")
        await self.kite.command("urgent")
        await self.child.send("hello Sam")

    def person(self, who: str) -> Person:
        return {"worker": self.worker, "manager": self.manager, "child": self.child}[who]

    async def play(self, person: Person, step: Step) -> None:
        match step:
            case ("command", name, args):
                await person.command(name, args)
            case ("press", label):
                await person.press(last_with(person, label), label)
            case ("text", words):
                await person.send(words)

    def open_question(self, person: Person) -> tuple[Any, ...] | None:
        with Session(self.h.engine) as session:
            row = session.exec(
                select(Conversation).where(Conversation.telegram_user_id == person.id)
            ).first()
            return (row.id, row.kind, row.step, row.state) if row else None

    def question(self, person: Person) -> questions.Question | None:
        with Session(self.h.engine) as session:
            return questions.current(session, person.id)

    def blue_fox(self) -> Child:
        with Session(self.h.engine) as session:
            return session.exec(select(Child).where(Child.alias == "Blue Fox")).one()

    def open_checkin(self) -> CheckIn | None:
        with Session(self.h.engine) as session:
            return session.exec(select(CheckIn).where(CheckIn.status == CheckInStatus.OPEN)).first()


def last_with(person: Person, label: str) -> SentMessage:
    return next(m for m in reversed(person.inbox()) if label in person.buttons(m))


def buttoned(person: Person, since: int) -> SentMessage | None:
    """The last message with buttons the person got after `since` messages, if any."""
    return next((m for m in reversed(person.inbox()[since:]) if person.buttons(m)), None)


async def press_token_of(h: Harness, person: Person, message: SentMessage) -> str | None:
    """Press the first button of an old message; the popup the bot answered with."""
    token = message.reply_markup["inline_keyboard"][0][0]["callback_data"]  # type: ignore[index]
    answered = len([c for c in h.double.calls if c.method == "answerCallbackQuery"])
    await h.act(h.double.send_callback(person.id, token, message.message_id))
    answers = [c for c in h.double.calls if c.method == "answerCallbackQuery"]
    return answers[answered].params.get("text")


@pytest.mark.parametrize("name", list(CASES))
async def test_a_conversation_holds_against_whatever_arrives_mid_way(
    homeward: Harness, name: str
) -> None:
    case = CASES[name]
    world = World(homeward)
    await world.build()
    person = world.person(case.who)
    for step in case.before:
        await world.play(person, step)
    # A first run, cancelled: its buttons are stale ones of the same conversation's kind.
    since = len(person.inbox())
    for step in case.steps:
        await world.play(person, step)
    stale = buttoned(person, since)
    await person.command("cancel")
    # Another conversation's button, left behind when it ended.
    other = world.manager if case.who == "manager" else world.worker
    other_kind = ("erase", "Blue Fox") if other is world.manager else ("risk", "Blue Fox")
    if case.who == "child":
        await world.child.command("checkin")
        foreign = world.child.inbox()[-1]  # an earlier check-in's, superseded below
    else:
        await other.command(*other_kind)
        foreign = other.inbox()[-1]
        await other.command("cancel")
    for step in case.steps:
        await world.play(person, step)
    at_step = world.open_question(person)
    if case.kind is not None:
        assert at_step is not None and at_step[1:3] == (case.kind, case.step)
    checkin = world.open_checkin() if case.who == "child" else None

    def intact() -> None:
        assert world.open_question(person) == at_step, "the conversation is unchanged"
        if case.who == "child":
            still = world.open_checkin()
            assert still is not None and checkin is not None and still.id == checkin.id

    # 1. A reply to a child's relayed message goes to that child.
    if case.who == "child":
        fox = next(m for m in reversed(world.worker.inbox()) if (m.text or "").endswith("o Sam"))
        await world.worker.send("Hi Blue Fox", reply_to=fox.message_id)
        assert world.child.last() == "Hi Blue Fox\n\n— Sam Patel"
    else:
        kite = next(m for m in reversed(person.inbox()) if "can you call me?" in (m.text or ""))
        await person.send("I'll call at 4", reply_to=kite.message_id)
        signed = "Sam Patel" if case.who == "worker" else "Maria Lopez"
        assert world.kite.last() == f"I'll call at 4\n\n— {signed}"
        assert person.last() == question_texts.still_open(world.question(person))
    intact()

    # 2. A reply to an urgent alert goes to that child.
    if case.who != "child":
        alert = next(m for m in reversed(person.inbox()) if (m.text or "").startswith(KITE_ALERT))
        await person.send("On my way", reply_to=alert.message_id)
        assert world.kite.last().startswith("On my way\n\n— ")
        assert person.last() == question_texts.still_open(world.question(person))
        intact()

    # 3. A button from another conversation changes nothing.
    blue_fox = world.blue_fox()
    before_sent = len(homeward.double.sent)
    presser = world.child if case.who == "child" else other
    assert await press_token_of(homeward, presser, foreign) == texts.BUTTON_GONE
    assert homeward.double.sent[before_sent:] == []
    assert world.blue_fox().risk_level == blue_fox.risk_level and world.blue_fox().erased_at is None
    intact()

    # 4. A stale button of this conversation's kind changes nothing.
    if stale is not None:
        before_sent = len(homeward.double.sent)
        assert await press_token_of(homeward, person, stale) == texts.BUTTON_GONE
        assert homeward.double.sent[before_sent:] == []
        intact()

    # 5. The child's urgent words raise the alarm at once, whatever is open.
    def calls(person: Person) -> int:  # the first call for help, or asking again while it waits
        first = ("🚨 URGENT: Blue Fox", "🚨 URGENT, AGAIN: Blue Fox")
        return sum(t.startswith(first) for t in person.texts())

    alerts = calls(world.worker)
    await world.child.send("I'm not safe")
    assert calls(world.worker) == alerts + 1 and calls(world.manager) >= 1
    if case.kind == questions.CHECKIN:  # the words answered the check-in: passed on, and done
        assert "💬 Blue Fox (check-in):\nI'm not safe" in world.worker.texts()
        assert world.open_question(person) is None and world.open_checkin() is None
        return
    intact()

    # 6. A command ends the conversation, saying what was not saved, and runs.
    command, answer = {
        "worker": ("children", texts.CHILDREN_HEAD),
        "manager": ("overdue", texts.NOTHING_OVERDUE.format(team="North")),
        "child": ("help", texts.HELP_CHILD.format(worker="Sam Patel")),
    }[case.who]
    question = world.question(person)
    before = len(person.inbox())
    await person.command(command)
    said = person.texts()[before:]
    if question is not None:
        assert said[0] == question_texts.stopped(question)
        said = said[1:]
    assert said[0].startswith(answer), "then the command runs"
    assert world.open_question(person) is None
    if case.who == "child":
        assert world.open_checkin() is not None, "the check-in itself stays open"
