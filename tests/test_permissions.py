"""Nobody learns what is not theirs: every command for every role, strangers, and another
worker's or another team's child."""

from collections.abc import AsyncIterator

import pytest

from bot import texts
from bot.access import COMMAND_ROLES
from tests.harness import Harness, Person

SECRETS = ["Blue Fox", "Red Kite", "Maria", "Lopez", "Sam Patel", "Ann Lee", "North", "hide"]

# Who may run what, written out here rather than read from the code under test.
ALLOWED = {
    "start": {"stranger", "manager", "worker", "child"},
    "help": {"stranger", "manager", "worker", "child"},
    "cancel": {"manager", "worker", "child"},
    "invite_worker": {"manager"},
    "overdue": {"manager"},
    "add_child": {"worker"},
    "msg": {"worker"},
    "children": {"worker"},
    "risk": {"worker"},
    "intervention": {"worker"},
    "end_intervention": {"worker"},
    "review": {"worker"},
    "checkin": {"child"},
    "urgent": {"child"},
}
ARGS = {
    "invite_worker": "Eve Stone",
    "add_child": "Green Frog",
    "msg": "Blue Fox hi",
    "risk": "Blue Fox high",
    "intervention": "Blue Fox mentoring",
    "end_intervention": "Blue Fox",
    "review": "Blue Fox",
}


class Team:
    def __init__(self, manager: Person, sam: Person, ann: Person, fox: Person) -> None:
        self.manager, self.worker, self.ann, self.child = manager, sam, ann, fox


@pytest.fixture
async def team(homeward: Harness) -> AsyncIterator[Team]:
    manager = await homeward.enrol_manager("Maria Lopez")
    sam = await homeward.enrol_worker(manager, "Sam Patel")
    ann = await homeward.enrol_worker(manager, "Ann Lee")
    fox = await homeward.enrol_child(sam, "Blue Fox")
    await ann.command("add_child", "Red Kite")
    await fox.send("hide this from others")
    yield Team(manager, sam, ann, fox)


def _nobody_else_heard(homeward: Harness, before: int, speaker: Person) -> None:
    others = [m for m in homeward.double.sent[before:] if m.chat_id != speaker.id]
    assert [m.text for m in others] == [], "nobody but the speaker hears anything"


def test_the_table_names_every_command() -> None:
    assert set(ALLOWED) == set(COMMAND_ROLES)


@pytest.mark.parametrize("command", sorted(ALLOWED))
@pytest.mark.parametrize("role", ["stranger", "manager", "worker", "child"])
async def test_each_command_is_allowed_or_refused_for_each_role(
    homeward: Harness, team: Team, command: str, role: str
) -> None:
    person = homeward.person("Eve") if role == "stranger" else getattr(team, role)
    before_sent = len(homeward.double.sent)
    before = len(person.inbox())
    await person.command(command, ARGS.get(command, ""))
    replies = [m.text or "" for m in person.inbox()[before:]]
    assert replies, "everyone gets an answer"
    if role == "stranger":  # /start without a code and /help say the same neutral words
        assert replies == [texts.STRANGER]
        _nobody_else_heard(homeward, before_sent, person)
    elif role in ALLOWED[command]:
        assert texts.NOT_ALLOWED not in replies
    else:
        assert replies == [texts.NOT_ALLOWED]
        _nobody_else_heard(homeward, before_sent, person)


async def test_a_stranger_gets_the_neutral_reply_to_anything(homeward: Harness, team: Team) -> None:
    stranger = homeward.person("Eve")
    before = len(homeward.double.sent)
    await stranger.send("Blue Fox")
    await stranger.command("no_such_command", "Blue Fox")
    await homeward.act(homeward.double.send_voice(stranger.id))
    await homeward.act(homeward.double.send_photo(stranger.id))
    for command in ALLOWED:
        if command not in {"start", "help"}:
            await stranger.command(command, ARGS.get(command, "Blue Fox"))
    assert set(stranger.texts()) == {texts.STRANGER}
    for secret in SECRETS:
        assert all(secret not in t for t in stranger.texts())
    _nobody_else_heard(homeward, before, stranger)


@pytest.mark.parametrize("command", ["msg", "risk", "intervention", "end_intervention", "review"])
async def test_another_workers_child_reads_exactly_like_one_that_does_not_exist(
    homeward: Harness, team: Team, command: str
) -> None:
    before = len(homeward.double.sent)
    await team.ann.command(command, ARGS[command])
    about_someone_elses = team.ann.last()
    await team.ann.command(command, ARGS[command].replace("Blue Fox", "Blue Cat"))
    about_nobody = team.ann.last()
    assert about_someone_elses.replace("Fox", "X") == about_nobody.replace("Cat", "X")
    _nobody_else_heard(homeward, before, team.ann)


async def test_another_worker_cannot_answer_a_child_by_replying(
    homeward: Harness, team: Team
) -> None:
    relayed = team.worker.inbox()[-1]
    while homeward.double.message(team.ann.id, relayed.message_id) is None:
        await team.ann.command("help")
    before = len(homeward.double.sent)
    await team.ann.send("I'm not your worker", reply_to=relayed.message_id)
    assert team.ann.last() == texts.WORKER_HOW_TO_REPLY
    _nobody_else_heard(homeward, before, team.ann)


async def test_a_worker_in_another_team_reaches_nothing(homeward: Harness, team: Team) -> None:
    other_manager = await homeward.enrol_manager("Olu Ade", "South")
    other = await homeward.enrol_worker(other_manager, "Kim Park")
    before = len(homeward.double.sent)
    for command in ["msg", "risk", "intervention", "end_intervention", "review"]:
        await other.command(command, ARGS[command])
        assert other.last().startswith("I can't find a child called Blue")
    await other_manager.command("overdue")
    assert "Blue Fox" not in other_manager.last()
    await other.command("add_child", "Blue Fox")
    assert "Blue Fox is now on your list" in other.texts()[-2], "aliases are unique per team"
    assert [
        m for m in homeward.double.sent[before:] if m.chat_id not in (other.id, other_manager.id)
    ] == []


async def test_help_is_per_role(homeward: Harness, team: Team) -> None:
    for person, expected in [
        (team.manager, texts.HELP_MANAGER),
        (team.worker, texts.HELP_WORKER),
        (team.child, texts.HELP_CHILD.format(worker="Sam Patel")),
        (homeward.person("Eve"), texts.HELP_STRANGER),
    ]:
        await person.command("help")
        assert person.last() == expected
