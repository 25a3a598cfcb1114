"""Nobody learns what is not theirs: strangers, the wrong role, and another worker's child."""

from collections.abc import AsyncIterator

import pytest

from bot import texts
from bot.access import COMMAND_ROLES
from tests.harness import Harness, Person

SECRETS = ["Blue Fox", "Red Kite", "Maria", "Lopez", "Sam Patel", "Ann Lee", "North", "hide"]


class Team:
    def __init__(self, manager: Person, sam: Person, ann: Person, fox: Person) -> None:
        self.manager, self.sam, self.ann, self.fox = manager, sam, ann, fox


@pytest.fixture
async def team(homeward: Harness) -> AsyncIterator[Team]:
    manager = await homeward.enrol_manager("Maria Lopez")
    sam = await homeward.enrol_worker(manager, "Sam Patel")
    ann = await homeward.enrol_worker(manager, "Ann Lee")
    fox = await homeward.enrol_child(sam, "Blue Fox")
    await ann.command("add_child", "Red Kite")
    await fox.send("hide this from others")
    yield Team(manager, sam, ann, fox)


def _everyone_else_unchanged(homeward: Harness, before: int, speaker: Person) -> None:
    others = [m for m in homeward.double.sent[before:] if m.chat_id != speaker.id]
    assert others == [], "nobody but the speaker hears anything"


ARGS = {"start": "", "invite_worker": "Eve", "add_child": "Red Kite", "msg": "Blue Fox hi"}


@pytest.mark.parametrize("command", sorted(COMMAND_ROLES))
async def test_a_stranger_gets_the_neutral_reply_to_every_command(
    homeward: Harness, team: Team, command: str
) -> None:
    stranger = homeward.person("Eve")
    before = len(homeward.double.sent)
    await stranger.command(command, ARGS.get(command, "Blue Fox"))
    assert stranger.texts() == [texts.STRANGER]
    _everyone_else_unchanged(homeward, before, stranger)


async def test_a_stranger_gets_the_neutral_reply_to_anything(homeward: Harness, team: Team) -> None:
    stranger = homeward.person("Eve")
    before = len(homeward.double.sent)
    await stranger.send("Blue Fox")
    await stranger.command("no_such_command", "Blue Fox")
    await homeward.act(homeward.double.send_voice(stranger.id))
    await homeward.act(homeward.double.send_photo(stranger.id))
    assert stranger.texts() == [texts.STRANGER] * 4
    for secret in SECRETS:
        assert all(secret not in t for t in stranger.texts())
    _everyone_else_unchanged(homeward, before, stranger)


WRONG_ROLE = [
    ("fox", "invite_worker", "Eve"),
    ("fox", "add_child", "Green Frog"),
    ("fox", "msg", "Blue Fox hi"),
    ("sam", "invite_worker", "Eve"),
    ("manager", "add_child", "Green Frog"),
    ("manager", "msg", "Blue Fox hi"),
]


@pytest.mark.parametrize(("who", "command", "args"), WRONG_ROLE)
async def test_the_wrong_role_is_refused_politely(
    homeward: Harness, team: Team, who: str, command: str, args: str
) -> None:
    person: Person = getattr(team, who)
    before = len(homeward.double.sent)
    await person.command(command, args)
    assert person.last() == texts.NOT_ALLOWED
    _everyone_else_unchanged(homeward, before, person)


async def test_every_command_is_covered_by_these_tables() -> None:
    assert set(ARGS) | {"help", "cancel"} == set(COMMAND_ROLES)
    restricted = {c for c, roles in COMMAND_ROLES.items() if None not in roles}
    assert {c for _, c, _ in WRONG_ROLE} >= restricted - {"cancel"}


async def test_another_workers_child_reads_exactly_like_one_that_does_not_exist(
    homeward: Harness, team: Team
) -> None:
    before = len(homeward.double.sent)
    await team.ann.command("msg", "Blue Fox are you ok?")
    about_someone_elses = team.ann.last()
    await team.ann.command("msg", "Blue Cat are you ok?")
    about_nobody = team.ann.last()
    assert about_someone_elses == about_nobody == texts.NO_SUCH_CHILD.format(alias="Blue")
    assert team.fox.texts()[-1] == texts.RECEIPT_TO_CHILD.format(worker="Sam Patel")
    _everyone_else_unchanged(homeward, before, team.ann)


async def test_another_worker_cannot_answer_a_child_by_replying(
    homeward: Harness, team: Team
) -> None:
    relayed = team.sam.inbox()[-1]
    while homeward.double.message(team.ann.id, relayed.message_id) is None:
        await team.ann.command("help")
    before = len(homeward.double.sent)
    await team.ann.send("I'm not your worker", reply_to=relayed.message_id)
    assert team.ann.last() == texts.WORKER_HOW_TO_REPLY
    _everyone_else_unchanged(homeward, before, team.ann)


async def test_a_worker_in_another_team_reaches_nothing(homeward: Harness, team: Team) -> None:
    other_manager = await homeward.enrol_manager("Olu Ade", "South")
    other = await homeward.enrol_worker(other_manager, "Kim Park")
    before = len(homeward.double.sent)
    await other.command("msg", "Blue Fox hi")
    assert other.last() == texts.NO_SUCH_CHILD.format(alias="Blue")
    await other.command("add_child", "Blue Fox")
    assert "Blue Fox is now on your list" in other.texts()[-2], "aliases are unique per team"
    assert [m for m in homeward.double.sent[before:] if m.chat_id != other.id] == []


async def test_help_is_per_role(homeward: Harness, team: Team) -> None:
    for person, expected in [
        (team.manager, texts.HELP_MANAGER),
        (team.sam, texts.HELP_WORKER),
        (team.fox, texts.HELP_CHILD.format(worker="Sam Patel")),
        (homeward.person("Eve"), texts.HELP_STRANGER),
    ]:
        await person.command("help")
        assert person.last() == expected
