"""What falls due for one member of staff at one moment comes as one message: most urgent first,
a button on each line to act on it, and a lone notice as it was written."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import select

from bot.rules import episodes, reviews
from bot.rules.notices import Urgency, raise_notice
from bot.storage.db import session_scope
from bot.storage.models import Child, Staff
from bot.wording import texts
from tests.harness import Harness, Person, sent_at

ZONE = ZoneInfo("Europe/London")
D = date(2026, 1, 21)  # a Wednesday; the children were added on Monday 5 January


def at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=ZONE)


async def _caseload(homeward: Harness) -> tuple[Person, Person, dict[str, Person]]:
    """Sam's children: Blue Fox (high risk) overdue from this morning, Green Owl due today
    and back from missing with the interview overdue since yesterday, Red Kite due on Friday."""
    manager = await homeward.enrol_manager()
    sam = await homeward.enrol_worker(manager)
    children = {
        a: await homeward.enrol_child(sam, a) for a in ("Blue Fox", "Green Owl", "Red Kite")
    }
    await sam.command("risk", "Blue Fox high")
    due = {"Blue Fox": D - timedelta(1), "Green Owl": D, "Red Kite": D + timedelta(2)}
    with session_scope(homeward.engine) as session:
        worker_id = session.exec(select(Staff).where(Staff.name == "Sam Patel")).one().id
        assert worker_id is not None
        for child in session.exec(select(Child)).all():
            assert child.id is not None
            reviews.set_review_due(child, due[child.alias], ZONE)
            session.add(child)
            if child.alias == "Green Owl":
                back = at(D - timedelta(4), 8)  # the interview overdue since Tuesday 08:00
                episode = episodes.start(session, child.id, child.team_id, worker_id, back)
                episodes.record_return(session, episode, back)
    return manager, sam, children


def _at(person: Person, moment: datetime) -> list[str]:
    return [m.text or "" for m in person.inbox() if sent_at(m) == moment]


async def test_the_morning_is_one_message_most_urgent_first_with_a_button_a_line(
    homeward: Harness,
) -> None:
    manager, sam, _ = await _caseload(homeward)
    await homeward.advance_to(at(D, 9))
    (morning,) = [m for m in sam.inbox() if sent_at(m) == at(D, 9)]
    head, *lines = (morning.text or "").split("\n")
    assert head == texts.DIGEST_HEAD.format(team="North")
    assert lines[0] == (  # one line, the one that says how late, after a night of downtime
        "• Green Owl (no risk level set), Sam Patel: return home interview overdue by 1 day "
        "1 hour (due Tuesday 20 January 2026, 08:00)"
    )
    assert [line.split(" ")[1:3] for line in lines[1:]] == [
        ["Blue", "Fox's"],  # high risk, overdue from this morning
        ["Green", "Owl's"],  # due today
        ["Red", "Kite's"],  # due on Friday
    ]
    assert lines[1] == texts.REVIEW_OVERDUE_WORKER.format(
        alias="Blue Fox", due="Tuesday 20 January"
    )
    assert sam.buttons(morning) == [
        "🏠 Return interview: Green Owl",
        "📝 Review Blue Fox",
        "📝 Review Green Owl",
        "📝 Review Red Kite",
    ]
    (managers,) = _at(manager, at(D, 9))  # the managers too: one message
    assert managers.startswith(texts.DIGEST_HEAD.format(team="North"))
    assert "Green Owl" in managers.split("\n")[1] and "Blue Fox" in managers.split("\n")[2]

    await sam.press(morning, "📝 Review Blue Fox")
    assert "Blue Fox" in sam.last()
    await sam.press(morning, "📝 Review Red Kite")  # a command ends the open question
    stopped, asked = sam.texts()[-2:]
    assert stopped.startswith("Your review of Blue Fox has stopped") and "Red Kite" in asked


async def test_a_lone_notice_goes_as_written_and_its_button_messages_the_child(
    homeward: Harness,
) -> None:
    _manager, sam, children = await _caseload(homeward)
    await homeward.advance_to(at(date(2026, 1, 12), 16))  # the first check-in prompts
    await homeward.advance_to(at(date(2026, 1, 14), 16))  # 48 hours after
    (unanswered,) = [m for m in sam.inbox() if sent_at(m) == at(date(2026, 1, 14), 16)]
    lines = (unanswered.text or "").split("\n")
    assert lines[0] == texts.DIGEST_HEAD_LATE.format(team="North")
    assert [line.split(" hasn't")[0] for line in lines[1:]] == ["Blue Fox", "Green Owl", "Red Kite"]
    await sam.press(unanswered, "✉️ Message Red Kite")
    assert sam.last() == texts.ASK_MSG_TEXT.format(alias="Red Kite")
    await sam.send("Are you OK?")
    assert children["Red Kite"].last() == "Are you OK?\n\n— Sam Patel"

    await sam.command("children")
    await homeward.advance_to(at(D - timedelta(3), 9))  # only Blue Fox's review is near
    (alone,) = _at(sam, at(D - timedelta(3), 9))
    assert alone == texts.REVIEW_BEFORE.format(alias="Blue Fox", due="Tuesday 20 January")


async def test_a_deactivated_worker_gets_nothing_and_the_managers_still_do(
    homeward: Harness,
) -> None:
    manager, sam, _ = await _caseload(homeward)
    await manager.command("deactivate", "Sam Patel")
    before = len(sam.inbox())
    await homeward.advance_to(at(D, 9))
    assert len(sam.inbox()) == before
    (morning,) = _at(manager, at(D, 9))
    assert texts.NO_WORKER_LINE.format(alias="Blue Fox", risk="high risk") in morning


async def test_notices_raised_before_a_deactivation_or_a_reassignment_are_not_sent(
    homeward: Harness,
) -> None:
    """Raised, then the world changes before they go (the sweep that sends them had not run,
    say after downtime): a deactivated worker hears nothing, and a child who moved to another
    worker is not Sam's to hear about."""
    manager, sam, _ = await _caseload(homeward)
    ann = await homeward.enrol_worker(manager, "Ann Lee")
    now = homeward.clock.now()
    with session_scope(homeward.engine) as session:
        for alias in ("Blue Fox", "Green Owl"):
            child = session.exec(select(Child).where(Child.alias == alias)).one()
            staff = session.exec(select(Staff).where(Staff.name == "Sam Patel")).one()
            raise_notice(
                session,
                staff,
                key=f"test:{alias}",
                text=lambda alias=alias: f"⏰ About {alias}",
                urgency=Urgency.REVIEW_TODAY,
                now=now,
                child=child,
                command="review",
            )
    await manager.command("reassign", "Blue Fox Ann Lee")
    before = len(sam.inbox())
    await homeward.advance(timedelta(0))
    assert [m.text for m in sam.inbox()[before:]] == ["⏰ About Green Owl"]
    assert "⏰ About Blue Fox" not in ann.texts()
    with session_scope(homeward.engine) as session:
        staff = session.exec(select(Staff).where(Staff.name == "Sam Patel")).one()
        child = session.exec(select(Child).where(Child.alias == "Green Owl")).one()
        raise_notice(
            session,
            staff,
            key="test:later",
            text=lambda: "⏰ About Green Owl again",
            urgency=Urgency.REVIEW_TODAY,
            now=now,
            child=child,
        )
    await manager.command("deactivate", "Sam Patel")
    before = len(sam.inbox())
    await homeward.advance(timedelta(0))
    assert "⏰ About Green Owl again" not in [m.text for m in sam.inbox()[before:]]
