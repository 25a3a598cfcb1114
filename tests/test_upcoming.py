"""What the bot will next say on its own (`bot.rules.upcoming`, the sandbox's "next thing
due"): every moment it names is one where the bot does speak, and none is skipped."""

from datetime import timedelta

from sqlmodel import Session

from bot.rules.upcoming import Upcoming, upcoming
from bot.wording import texts
from tests.harness import Harness, Trio


def _next(homeward: Harness) -> list[Upcoming]:
    with Session(homeward.engine) as session:
        return upcoming(session, homeward.clock.now(), homeward.settings.zone)


async def test_each_moment_named_is_one_where_the_bot_speaks(homeward: Harness, trio: Trio) -> None:
    await trio.worker.command("missing", "Blue Fox")
    await trio.worker.press(trio.worker.inbox()[-1], "Medium")
    await trio.worker.command("returned", "Blue Fox")
    await trio.child.send("I'm not safe")
    await homeward.advance(timedelta(minutes=7))  # so no other moment hides its lapse
    await trio.child.command("checkin")  # left waiting for their words: it ends quietly
    await trio.child.press(trio.child.inbox()[-1], texts.CHECKIN_MOODS["good"])
    await trio.child.press(trio.child.inbox()[-1], "Yes")
    wanted = {
        "urgent alert again, nobody has taken it",
        "return interview reminder (48 hours)",
        "return interview overdue (72 hours), to the managers",
        "check-in prompt",
        "48 hours since the check-in prompt, the worker is told",
        "the 09:00 digest of what stays overdue",
        "review reminder, two days before",
        "review due today, to the worker",
        "review overdue, to the managers",
    }
    kinds: set[str] = set()
    for _ in range(40):
        due = _next(homeward)
        assert due, "something always falls due while the case is open"
        first = due[0]
        before = len(homeward.double.sent)
        if first.at > homeward.clock.now():
            await homeward.advance_to(first.at - timedelta(seconds=1))
            assert len(homeward.double.sent) == before, f"{first.what} spoke early"
        else:
            assert first.what.startswith("the 09:00 digest"), "only a digest is due already"
        await homeward.advance_to(first.at)
        assert len(homeward.double.sent) > before, f"{first.what} at {first.at} said nothing"
        kinds.add(first.what.split(": ", 1)[-1])
        if "urgent" in first.what:
            await trio.worker.press(trio.worker.inbox()[-1], texts.ACK_BUTTON)
        if wanted <= kinds:
            break
    assert wanted <= kinds, wanted - kinds


async def test_one_childs_moments_are_that_childs_only(homeward: Harness, trio: Trio) -> None:
    other = await homeward.enrol_child(trio.worker, "Green Owl")
    await other.send("I'm not safe")
    with Session(homeward.engine) as session:
        ids = {
            item.child_id
            for item in upcoming(session, homeward.clock.now(), homeward.settings.zone, 1)
        }
        everyone = upcoming(session, homeward.clock.now(), homeward.settings.zone)
    assert ids == {1}
    assert {item.child_id for item in everyone} >= {1, 2}
