"""Least privilege, walked as a table: every command and every button, for every role, against
the person's own record, a record in their team, and a record in another team."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlmodel import select

from bot.rules import casework
from bot.rules.access import BUTTON_ROLES, COMMAND_ROLES
from bot.rules.notices import Urgency, raise_notice, send_waiting
from bot.sandbox.double import SentMessage
from bot.storage.db import session_scope
from bot.storage.models import Child
from bot.wording import texts
from tests.harness import Harness, Person
from tests.worlds import Worlds

ROLES = ["stranger", "manager", "worker", "child"]

# Commands about no particular child: who may run them (written out, not read from the code).
PLAIN = {
    "start": {"stranger", "manager", "worker", "child"},
    "help": {"stranger", "manager", "worker", "child"},
    "cancel": {"manager", "worker", "child"},
    "invite_worker": {"manager"},
    "overdue": {"manager"},
    "invites": {"manager", "worker"},
    "duty": {"manager"},
    "deactivate": {"manager"},
    "report": {"manager"},
    "add_child": {"worker"},
    "children": {"worker"},
    "hours": {"worker"},
    "checkin": {"child"},
    "checkin_time": {"child"},
    "urgent": {"child"},
    "language": {"manager", "worker", "child"},
}
PLAIN_ARGS = {
    "invite_worker": "Eve Stone",
    "add_child": "Green Frog",
    "duty": "Ann Lee",
    "hours": "mon-fri 08:00-16:00",
    "deactivate": "Ann Lee",
}

# Commands about one child: `{}` stands for the alias. The worker's own child is Blue Fox; Red
# Kite is another worker's child in the same team; Grey Owl is in another team. For a manager,
# both Blue Fox and Red Kite are in their team.
ABOUT_A_CHILD = {
    "history": ("{}", {"worker": {"own"}, "manager": {"own", "team"}}),
    "msg": ("{} hello", {"worker": {"own"}, "manager": {"own", "team"}}),
    "risk": ("{} high", {"worker": {"own"}}),
    "intervention": ("{} mentoring", {"worker": {"own"}}),
    "end_intervention": ("{}", {"worker": {"own"}}),
    "review": ("{}", {"worker": {"own"}}),
    "missing": ("{}", {"worker": {"own"}}),
    "returned": ("{}", {"worker": {"own"}}),
    "rhi": ("{}", {"worker": {"own"}}),
    "reassign": ("{} Ann Lee", {"manager": {"own", "team"}}),
    "export": ("{}", {"manager": {"own", "team"}}),
    "close": ("{}", {"manager": {"own", "team"}}),
    "erase": ("{}", {"manager": {"own", "team"}}),
}
TARGETS = {"own": "Blue Fox", "team": "Red Kite", "other team": "Grey Owl"}


@dataclass
class World:
    manager: Person
    worker: Person
    child: Person
    ann: Person
    other_manager: Person
    other_worker: Person
    stranger: Person

    def role(self, name: str) -> Person:
        return getattr(self, name)  # type: ignore[no-any-return]


async def _build(homeward: Harness) -> World:
    manager = await homeward.enrol_manager("Maria Lopez", "North")
    worker = await homeward.enrol_worker(manager, "Sam Patel")
    ann = await homeward.enrol_worker(manager, "Ann Lee")
    child = await homeward.enrol_child(worker, "Blue Fox")
    await homeward.enrol_child(ann, "Red Kite")
    other_manager = await homeward.enrol_manager("Olu Ade", "South")
    other_worker = await homeward.enrol_worker(other_manager, "Kim Park")
    await homeward.enrol_child(other_worker, "Grey Owl")
    await worker.command("intervention", "Blue Fox weekly mentoring")
    await ann.command("intervention", "Red Kite art club")
    await other_worker.command("intervention", "Grey Owl football")
    await child.send("hide this from others")
    return World(manager, worker, child, ann, other_manager, other_worker, homeward.person("Eve"))


@pytest.fixture
async def world(homeward: Harness, worlds: Worlds) -> World:
    """Two teams, three workers, three children and a stranger, built once per test process."""
    return await worlds.enter("permissions", homeward, _build)


def _others_heard(homeward: Harness, before: int, speaker: Person) -> list[str]:
    return [m.text or "" for m in homeward.double.sent[before:] if m.chat_id != speaker.id]


def _refusal(role: str) -> str:
    return texts.STRANGER if role == "stranger" else texts.NOT_ALLOWED


async def _worker_to_end(world: World) -> tuple[Person, SentMessage]:
    await world.manager.command("deactivate")
    return world.manager, world.manager.inbox()[-1]


async def _taken_alert(world: World) -> tuple[Person, SentMessage]:
    owner, alert = await _alert(world)
    await owner.press(alert, texts.ACK_BUTTON)
    return owner, owner.inbox()[-1]


async def _history_page(world: World) -> tuple[Person, SentMessage]:
    for n in range(10):  # with "hide this from others", one more than a page
        await world.child.send(f"note {n}")
    await world.worker.command("history", "Blue Fox")
    return world.worker, world.worker.inbox()[-1]


async def _child_words(world: World) -> tuple[Person, SentMessage]:
    await world.child.send("can we talk tomorrow")
    return world.worker, world.worker.inbox()[-1]


async def _checkin_days(world: World) -> tuple[Person, SentMessage]:
    await world.child.command("checkin_time")
    return world.child, world.child.inbox()[-1]


async def _whom_for(world: World) -> tuple[Person, SentMessage]:
    """Sam asked to message Blue Fox; another child of his writes; Sam types."""
    jade = getattr(world, "jade_wren", None)  # enrolled once in the shared world
    if jade is None:
        jade = await world.worker.harness.enrol_child(world.worker, "Jade Wren")
        world.jade_wren = jade  # type: ignore[attr-defined]
    await world.worker.command("msg", "Blue Fox")
    await jade.send("are you there")
    await world.worker.send("yes")
    return world.worker, world.worker.inbox()[-1]


async def _digest_line(world: World) -> tuple[Person, SentMessage]:
    """Sam's notices about Blue Fox, raised and sent as the sweeps do."""
    harness = world.worker.harness
    now = harness.clock.now()
    with session_scope(harness.engine) as session:
        child = session.exec(select(Child).where(Child.alias == "Blue Fox")).one()
        sam = casework.current_worker(session, child.id or 0)
        assert sam is not None
        for urgency in (Urgency.REVIEW_TODAY, Urgency.CHECKIN_UNANSWERED):
            raise_notice(
                session,
                sam,
                key=f"permissions:{urgency}:{now.isoformat()}",
                text=lambda urgency=urgency: f"About Blue Fox ({urgency.name})",
                urgency=urgency,
                now=now,
                child=child,
                command="review",
            )
        send_waiting(session, now, harness.settings.zone, batch=10)
    await harness.advance(timedelta(0))
    return world.worker, world.worker.inbox()[-1]


async def _duty_choice(world: World) -> tuple[Person, SentMessage]:
    await world.manager.command("duty")
    return world.manager, world.manager.inbox()[-1]


def test_the_tables_name_every_command_and_button() -> None:
    assert set(PLAIN) | set(ABOUT_A_CHILD) == set(COMMAND_ROLES)
    assert set(BUTTONS) == set(BUTTON_ROLES)


@pytest.mark.parametrize("command", sorted(PLAIN))
@pytest.mark.parametrize("role", ROLES)
async def test_commands_about_no_child(
    homeward: Harness, world: World, command: str, role: str
) -> None:
    person = world.role(role)
    before_sent, before = len(homeward.double.sent), len(person.inbox())
    args = PLAIN_ARGS.get(command, "")
    await person.command(command, args)
    replies = [m.text or "" for m in person.inbox()[before:]]
    assert replies, "everyone gets an answer"
    if role == "child" and args and role not in PLAIN[command]:
        _refused_but_words_passed_on(homeward, world, before_sent, replies, args)
    elif role == "stranger":  # /start without a code and /help say the same neutral words
        assert replies == [texts.STRANGER]
    elif role in PLAIN[command]:
        assert texts.NOT_ALLOWED not in replies
    else:
        assert replies == [texts.NOT_ALLOWED]
    if (role not in PLAIN[command] or role == "stranger") and not (role == "child" and args):
        assert _others_heard(homeward, before_sent, person) == []


def _refused_but_words_passed_on(
    homeward: Harness, world: World, before_sent: int, replies: list[str], args: str
) -> None:
    """What a child writes after any command is their words, for their worker: the command is
    refused, and the words go to their worker alone."""
    assert replies == [texts.RECEIPT_TO_CHILD.format(worker="Sam Patel"), texts.NOT_ALLOWED]
    others = [(m.chat_id, m.text) for m in homeward.double.sent[before_sent:]]
    assert [o for o in others if o[0] != world.child.id] == [
        (world.worker.id, f"💬 Blue Fox:\n{args}")
    ]


@pytest.mark.parametrize("target", sorted(TARGETS))
@pytest.mark.parametrize("command", sorted(ABOUT_A_CHILD))
@pytest.mark.parametrize("role", ROLES)
async def test_commands_about_a_child(
    homeward: Harness, world: World, command: str, role: str, target: str
) -> None:
    template, allowed = ABOUT_A_CHILD[command]
    person = world.role(role)
    alias = TARGETS[target]
    before_sent, before = len(homeward.double.sent), len(person.inbox())
    await person.command(command, template.format(alias))
    replies = [m.text or "" for m in person.inbox()[before:]]
    assert replies
    if target in allowed.get(role, set()):
        assert _refusal(role) not in replies
        assert not any(r.startswith("I can't find a child") for r in replies)
        return
    if role == "child":
        _refused_but_words_passed_on(homeward, world, before_sent, replies, template.format(alias))
        return
    if role in allowed:  # the right role, someone else's child: as if it did not exist
        assert replies == [
            texts.NO_SUCH_CHILD.format(
                alias=alias.split()[0] if command in {"msg", "intervention", "reassign"} else alias
            )
        ]
    else:
        assert replies == [_refusal(role)]
    assert _others_heard(homeward, before_sent, person) == []
    for secret in ("hide this", "mentoring", "art club", "football"):
        assert all(secret not in reply for reply in replies)


# Buttons: each is obtained by its rightful owner, then pressed by everyone.
Obtain = Callable[[World], Awaitable[tuple[Person, SentMessage]]]


async def _checkin_prompt(world: World) -> tuple[Person, SentMessage]:
    await world.child.command("checkin")
    return world.child, world.child.inbox()[-1]


async def _review_step(world: World) -> tuple[Person, SentMessage]:
    await world.worker.command("review", "Blue Fox")
    await world.worker.press(world.worker.inbox()[-1], "Helping")
    return world.worker, world.worker.inbox()[-1]


async def _end_choice(world: World) -> tuple[Person, SentMessage]:
    await world.worker.command("end_intervention", "Blue Fox")
    return world.worker, world.worker.inbox()[-1]


async def _alert(world: World) -> tuple[Person, SentMessage]:
    await world.child.command("urgent")
    return world.manager, world.manager.inbox()[-1]


async def _open_invite(world: World) -> tuple[Person, SentMessage]:
    await world.manager.command("invite_worker", "Zed Cole")
    await world.manager.command("invites")
    return world.manager, world.manager.inbox()[-1]


async def _erase_confirmation(world: World) -> tuple[Person, SentMessage]:
    await world.manager.command("erase", "Blue Fox")
    return world.manager, world.manager.inbox()[-1]


async def _grade_choice(world: World) -> tuple[Person, SentMessage]:
    await world.worker.command("missing", "Blue Fox")
    return world.worker, world.worker.inbox()[-1]


async def _interview_step(world: World) -> tuple[Person, SentMessage]:
    await world.worker.command("missing", "Blue Fox")
    await world.worker.command("returned", "Blue Fox")
    await world.worker.command("rhi", "Blue Fox")
    return world.worker, world.worker.inbox()[-1]


async def _child_choice(world: World) -> tuple[Person, SentMessage]:
    await world.worker.command("review")
    return world.worker, world.worker.inbox()[-1]


async def _risk_choice(world: World) -> tuple[Person, SentMessage]:
    await world.worker.command("risk", "Blue Fox")
    return world.worker, world.worker.inbox()[-1]


async def _worker_choice(world: World) -> tuple[Person, SentMessage]:
    await world.manager.command("reassign", "Blue Fox")
    return world.manager, world.manager.inbox()[-1]


async def _language_choice(world: World) -> tuple[Person, SentMessage]:
    await world.worker.command("language")
    return world.worker, world.worker.inbox()[-1]


BUTTONS: dict[str, tuple[Obtain, int]] = {  # action: how to get it, which button on the message
    "checkin": (_checkin_prompt, 0),
    "help_now": (_checkin_prompt, -1),
    "review": (_review_step, 0),
    "end_intervention": (_end_choice, 0),
    "ack": (_alert, 0),
    "revoke": (_open_invite, 0),
    "relink": (_open_invite, 1),
    "erase": (_erase_confirmation, 0),
    "grade": (_grade_choice, 0),
    "rhi": (_interview_step, 0),
    "pick": (_child_choice, 0),
    "risk": (_risk_choice, 0),
    "reassign": (_worker_choice, 0),
    "deactivate": (_worker_to_end, 0),
    "duty": (_duty_choice, 0),
    "resolve": (_taken_alert, 0),
    "act": (_digest_line, 1),
    "history": (_history_page, 0),
    "seen": (_child_words, 0),
    "checkin_time": (_checkin_days, 0),
    "held": (_whom_for, 0),
    "language": (_language_choice, 0),
}
PRESSERS = ["owner", "stranger", "manager", "worker", "child", "other_manager", "other_worker"]


@pytest.mark.parametrize("presser", PRESSERS)
@pytest.mark.parametrize("action", sorted(BUTTONS))
async def test_a_button_works_only_for_the_person_it_was_sent_to(
    homeward: Harness, world: World, action: str, presser: str
) -> None:
    obtain, index = BUTTONS[action]
    owner, message = await obtain(world)
    buttons = [b for row in (message.reply_markup or {})["inline_keyboard"] for b in row]
    token = buttons[index]["callback_data"]
    person = owner if presser == "owner" else world.role(presser)
    if person is not owner:
        await person.command("help")  # a chat with the bot to press the stolen button in
    before_sent, before_calls = len(homeward.double.sent), len(homeward.double.calls)
    answered = len([c for c in homeward.double.calls if c.method == "answerCallbackQuery"])
    own_chat = message.message_id if person is owner else None
    await homeward.act(homeward.double.send_callback(person.id, token, own_chat))
    answer = [c for c in homeward.double.calls if c.method == "answerCallbackQuery"][answered]
    if person is owner:
        assert answer.params.get("text") != texts.BUTTON_GONE
        made = {c.method for c in homeward.double.calls[before_calls:]}
        assert made - {"answerCallbackQuery"}, "the press did something (sent or changed)"
    else:
        refusal = None if presser == "stranger" else texts.BUTTON_GONE
        assert answer.params.get("text") == refusal
        assert homeward.double.sent[before_sent:] == []


async def test_a_replayed_or_forged_button_does_nothing(homeward: Harness, world: World) -> None:
    owner, message = await _checkin_prompt(world)
    await owner.press(message, "😊 Good")
    before = len(homeward.double.sent)
    await owner.press(message, "😐 OK")
    await homeward.act(homeward.double.send_callback(owner.id, "x" * 22, message.message_id))
    await homeward.act(homeward.double.send_callback(owner.id, "", message.message_id))
    assert homeward.double.sent[before:] == []


async def test_a_stranger_gets_the_neutral_reply_to_anything(
    homeward: Harness, world: World
) -> None:
    stranger = world.stranger
    before = len(homeward.double.sent)
    await stranger.send("Blue Fox")
    await stranger.command("no_such_command", "Blue Fox")
    await homeward.act(homeward.double.send_voice(stranger.id))
    await homeward.act(homeward.double.send_photo(stranger.id))
    assert set(stranger.texts()) == {texts.STRANGER}
    assert _others_heard(homeward, before, stranger) == []


async def test_another_worker_cannot_answer_a_child_by_replying(
    homeward: Harness, world: World
) -> None:
    relayed = next(m for m in reversed(world.worker.inbox()) if "hide this" in (m.text or ""))
    while homeward.double.message(world.ann.id, relayed.message_id) is None:
        await world.ann.command("help")
    before = len(homeward.double.sent)
    await world.ann.send("I'm not your worker", reply_to=relayed.message_id)
    assert world.ann.last() == texts.STAFF_HOW_TO_REPLY
    assert _others_heard(homeward, before, world.ann) == []


async def test_help_is_per_role(homeward: Harness, world: World) -> None:
    for person, expected in [
        (world.manager, texts.HELP_MANAGER),
        (world.worker, texts.HELP_WORKER),
        (world.child, texts.HELP_CHILD.format(worker="Sam Patel")),
        (world.stranger, texts.HELP_STRANGER),
    ]:
        await person.command("help")
        assert person.last() == expected
