"""/history: one child's record, newest first, a page at a time, over the Bot API. A worker
reads their own children's, a manager any child of their team's; anyone else reads it as if the
child did not exist. Each page shown is audited, and an old page's buttons change nothing."""

import logging
from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from bot.rules import audit
from bot.sandbox.double import SentMessage
from bot.storage.models import Child
from bot.wording import history_texts as words
from bot.wording import texts
from tests.harness import Harness, Person
from tests.worlds import Worlds

SECRET = "my uncle's flat on Larch Street"
GONE = texts.NO_SUCH_CHILD.format(alias="Blue Fox")


@dataclass(frozen=True)
class Team:
    """Maria Lopez manages North, where Sam Patel is Blue Fox's worker and Ann Lee is Red
    Kite's; Olu Ade manages South."""

    manager: Person
    sam: Person
    ann: Person
    child: Person
    other_manager: Person


async def _build(homeward: Harness) -> Team:
    manager = await homeward.enrol_manager("Maria Lopez", "North")
    sam = await homeward.enrol_worker(manager, "Sam Patel")
    ann = await homeward.enrol_worker(manager, "Ann Lee")
    child = await homeward.enrol_child(sam, "Blue Fox")
    await homeward.enrol_child(ann, "Red Kite")
    other_manager = await homeward.enrol_manager("Olu Ade", "South")
    return Team(manager, sam, ann, child, other_manager)


@pytest.fixture
async def team(homeward: Harness, worlds: Worlds) -> Team:
    return await worlds.enter("history", homeward, _build)


async def _notes(homeward: Harness, child: Person, count: int, first: int = 0) -> None:
    """The child writes `note 0`, `note 1`, ... a minute apart."""
    for n in range(first, first + count):
        await homeward.advance(timedelta(minutes=1))
        await child.send(f"note {n}")


def _notes_on(page: SentMessage) -> list[int]:
    lines = (page.text or "").splitlines()
    return [int(line.removeprefix("note ")) for line in lines if line.startswith("note ")]


def _popups(homeward: Harness) -> list[str | None]:
    answers = [c for c in homeward.double.calls if c.method == "answerCallbackQuery"]
    return [c.params.get("text") for c in answers]


def _reads(homeward: Harness, alias: str = "Blue Fox") -> list[str]:
    with Session(homeward.engine) as session:
        child = session.exec(select(Child).where(Child.alias == alias)).one()
        assert child.id is not None
        return [e.who for e in audit.trail(session, child.id) if e.action == "read history"]


async def test_the_whole_record_newest_first(
    homeward: Harness, team: Team, caplog: pytest.LogCaptureFixture
) -> None:
    sam, child = team.sam, team.child
    await sam.command("intervention", "Blue Fox weekly mentoring")
    await homeward.advance(timedelta(hours=1))
    await child.send(SECRET)
    await homeward.advance(timedelta(hours=1))
    await sam.command("msg", "Blue Fox Thanks for telling me")
    await homeward.advance(timedelta(hours=1))
    await child.command("checkin")
    await child.press(child.inbox()[-1], "😐 OK")
    await child.press(child.inbox()[-1], "A bit")
    await child.send("school is hard")
    await homeward.advance(timedelta(hours=1))
    await sam.command("review", "Blue Fox")
    await sam.press(sam.inbox()[-1], "Helping")
    await sam.send("mentoring helps me")
    await sam.press(sam.inbox()[-1], "Keep 2026-02-02")
    await homeward.advance(timedelta(hours=1))
    await sam.command("missing", "Blue Fox")
    await sam.press(sam.inbox()[-1], "High")
    await homeward.advance(timedelta(hours=2))
    await sam.command("returned", "Blue Fox")
    await homeward.advance(timedelta(hours=73))
    caplog.set_level(logging.DEBUG)

    await sam.command("history", "blue fox")
    page = sam.last()
    assert page.startswith(words.HEAD.format(alias="Blue Fox") + "\n\n🚨 Monday 5 January")
    order = [
        "🚨 Monday 5 January 2026, 15:00 · Missing (police grade: High)\n"
        "Back Monday 5 January 2026, 17:00.\n"
        "❗ Return home interview overdue: it was due by Thursday 8 January 2026, 17:00.",
        "📝 Monday 5 January 2026, 14:00 · Progress review by Sam Patel\n"
        "weekly mentoring: Helping\nTheir view: “mentoring helps me”\n"
        "Next review: Monday 2 February",
        "💬 Monday 5 January 2026, 13:00 · Blue Fox to Sam Patel:\nschool is hard",
        "📋 Monday 5 January 2026, 13:00 · Check-in\n"
        "Feeling: 😐 OK. Is the help making a difference: A bit.\nThey said: “school is hard”",
        "✉️ Monday 5 January 2026, 12:00 · Sam Patel to Blue Fox:\nThanks for telling me",
        f"💬 Monday 5 January 2026, 11:00 · Blue Fox to Sam Patel:\n{SECRET}",
    ]
    assert [page.index(entry) for entry in order] == sorted(page.index(e) for e in order)
    assert page.endswith(words.NOTHING_OLDER)
    assert sam.buttons(sam.inbox()[-1]) == [], "one page holds it all"
    assert sam.inbox()[-1].protect_content
    ours = [r for r in caplog.records if r.name.split(".")[0] in {"bot", "conversations"}]
    assert ours and not any("Larch" in r.getMessage() for r in ours), "words are never logged"
    assert _reads(homeward) == ["worker Sam Patel (#2)"]


async def test_older_and_newer_page_through_the_record(homeward: Harness, team: Team) -> None:
    sam = team.sam
    await _notes(homeward, team.child, 26)
    await sam.command("history", "Blue Fox")
    first = sam.inbox()[-1]
    assert _notes_on(first) == list(range(25, 15, -1))
    assert sam.buttons(first) == [words.OLDER]
    await sam.press(first, words.OLDER)
    second = sam.inbox()[-1]
    assert _notes_on(second) == list(range(15, 5, -1))
    assert sam.buttons(second) == [words.NEWER, words.OLDER]
    await sam.press(second, words.OLDER)
    last = sam.inbox()[-1]
    assert _notes_on(last) == list(range(5, -1, -1))
    assert (last.text or "").endswith(words.NOTHING_OLDER)
    assert sam.buttons(last) == [words.NEWER]
    await sam.press(last, words.NEWER)
    assert _notes_on(sam.inbox()[-1]) == list(range(15, 5, -1))
    assert all(len(m.text or "") < 4096 for m in (first, second, last))
    assert _reads(homeward) == ["worker Sam Patel (#2)"] * 4, "each page shown is audited"

    before = len(homeward.double.sent)
    await sam.press(first, words.OLDER)  # spent when it was pressed
    assert _popups(homeward)[-1] == texts.BUTTON_GONE
    assert homeward.double.sent[before:] == []
    assert len(_reads(homeward)) == 4


async def test_an_old_page_goes_on_from_where_it_was_after_the_record_grew(
    homeward: Harness, team: Team
) -> None:
    sam = team.sam
    await _notes(homeward, team.child, 12)
    await sam.command("history", "Blue Fox")
    first = sam.inbox()[-1]
    assert _notes_on(first) == list(range(11, 1, -1))
    await _notes(homeward, team.child, 3, first=12)
    await sam.press(first, words.OLDER)
    second = sam.inbox()[-1]
    assert _notes_on(second) == [1, 0], "just past what the page showed, none twice"
    await sam.press(second, words.NEWER)
    assert _notes_on(sam.inbox()[-1]) == list(range(11, 1, -1))

    await sam.command("history", "Blue Fox")
    page = sam.inbox()[-1]
    await team.manager.command("reassign", "Blue Fox Ann Lee")
    before = len(homeward.double.sent)
    await sam.press(page, words.OLDER)
    assert _popups(homeward)[-1] == texts.BUTTON_GONE, "no longer his to read"
    assert homeward.double.sent[before:] == []


async def test_another_workers_child_reads_like_one_that_does_not_exist(
    homeward: Harness, team: Team
) -> None:
    await team.child.send(SECRET)
    await team.ann.command("history", "Blue Fox")
    await team.ann.command("history", "Grey Owl")
    await team.other_manager.command("history", "Blue Fox")
    assert team.ann.texts()[-2:] == [GONE, texts.NO_SUCH_CHILD.format(alias="Grey Owl")]
    assert team.other_manager.last() == GONE
    assert _reads(homeward) == []
    await team.ann.command("history")
    assert team.ann.buttons(team.ann.inbox()[-1]) == ["Red Kite"], "only her own to choose"


async def test_a_manager_reads_any_child_of_the_team_closed_cases_too(
    homeward: Harness, team: Team
) -> None:
    await team.child.send(SECRET)
    await team.manager.command("close", "Blue Fox")
    await team.sam.command("history", "Blue Fox")
    assert team.sam.last() == GONE, "a closed case is no longer the worker's"
    await team.manager.command("history", "Red Kite")
    assert team.manager.last() == words.NOTHING_YET.format(alias="Red Kite")
    await team.manager.command("history", "Blue Fox")
    assert SECRET in team.manager.last()
    assert _reads(homeward) == ["manager Maria Lopez (#1)"]


async def test_without_an_alias_it_asks_which_child(homeward: Harness, team: Team) -> None:
    sam = team.sam
    await sam.command("history")
    assert sam.last() == texts.PICK_CHILD.format(command="history")
    await sam.press(sam.inbox()[-1], "Blue Fox")
    assert sam.last() == words.NOTHING_YET.format(alias="Blue Fox")
    await sam.command("history")
    await sam.send("blue fox")
    assert sam.last() == words.NOTHING_YET.format(alias="Blue Fox")
    assert len(_reads(homeward)) == 2


async def test_a_command_mid_way_ends_nothing_badly(homeward: Harness, team: Team) -> None:
    sam = team.sam
    await team.sam.command("intervention", "Blue Fox weekly mentoring")
    await _notes(homeward, team.child, 11)
    await sam.command("review", "Blue Fox")
    await sam.command("history", "Blue Fox")
    assert sam.texts()[-2] == "Your review of Blue Fox has stopped. Nothing of it was saved."
    page = sam.inbox()[-1]

    await sam.command("review", "Blue Fox")
    asked = sam.inbox()[-1]
    await sam.press(page, words.OLDER)
    assert _notes_on(sam.inbox()[-1]) == [0], "a page comes, whatever is open"
    await sam.press(asked, "Helping")
    assert "What does Blue Fox say" in sam.last(), "and the review goes on"

    await sam.command("history")
    picker = sam.inbox()[-1]
    await sam.command("children")
    assert sam.texts()[-2] == "Choosing a child for /history has stopped. Nothing was done."
    await sam.press(picker, "Blue Fox")
    assert _popups(homeward)[-1] == texts.BUTTON_GONE


async def test_long_words_are_cut_short_so_a_page_is_one_message(
    homeward: Harness, team: Team
) -> None:
    for n in range(5):
        await team.child.send(f"{n} " + "word " * 700)
    await team.sam.command("history", "Blue Fox")
    page = team.sam.inbox()[-1]
    assert len(page.text or "") < 4000
    assert (page.text or "").count(words.CUT) == 3
    assert team.sam.buttons(page) == [words.OLDER], "the rest is on the next page"
    await team.sam.press(page, words.OLDER)
    assert (team.sam.last()).count(words.CUT) == 2


async def test_each_kind_says_where_it_stands(homeward: Harness, team: Team) -> None:
    sam, child = team.sam, team.child
    await sam.command("missing", "Blue Fox")
    await sam.command("returned", "Blue Fox")
    await sam.command("rhi", "Blue Fox")
    await sam.press(sam.inbox()[-1], "Declined")
    await sam.press(sam.inbox()[-1], "Done")
    await sam.press(sam.inbox()[-1], texts.SKIP)
    await homeward.advance(timedelta(hours=1))
    await sam.command("missing", "Blue Fox")
    await homeward.advance(timedelta(hours=1))
    await homeward.act(homeward.double.send_voice(child.id))
    await homeward.advance(timedelta(hours=1))
    await child.command("checkin")
    await sam.command("history", "Blue Fox")
    entries = sam.last().split("\n\n")[1:]
    assert entries[:3] == [
        "📋 Monday 5 January 2026, 13:00 · Check-in\nWaiting for their answers.",
        "💬 Monday 5 January 2026, 12:00 · Blue Fox to Sam Patel:\n(a voice message)",
        "🚨 Monday 5 January 2026, 11:00 · Missing\nStill missing.",
    ]
    assert entries[3] == (
        "🚨 Monday 5 January 2026, 10:00 · Missing\nBack Monday 5 January 2026, 10:00.\n"
        "Return home interview: declined, Monday 5 January 2026, 10:00."
    )
