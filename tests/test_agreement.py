"""`/overdue`, `/children`, the overdue alerts and the Board's report count the same things at
every moment: the one definition in `bot.rules.timing` and `bot.rules.overdue`. Before it, the
chat counted a review overdue from midnight and the alert came at 09:00; the report counted an
interview overdue an instant later than `/overdue`, and counted closed cases that `/overdue` left
out."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from bot import report
from bot.rules import audit, casework, episodes, records, reviews
from bot.storage.db import session_scope
from bot.storage.models import Child, Role, Staff, Team
from bot.wording import texts
from tests.harness import Harness, Person, Trio, sent_at

ZONE = ZoneInfo("Europe/London")
D = date(2026, 1, 7)  # a Wednesday; the harness starts on the Monday before


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=ZONE)


def _aliases(lines: list[str], marker: str) -> set[str]:
    return {line[2:].split(" (")[0] for line in lines if line.startswith("• ") and marker in line}


async def _seed(homeward: Harness) -> tuple[Person, Person]:
    manager = await homeward.enrol_manager()
    worker = await homeward.enrol_worker(manager)
    for alias in ("Amber Owl", "Blue Fox", "Cedar Jay", "Dove Elk"):
        await homeward.enrol_child(worker, alias)
    due = {"Amber Owl": D - timedelta(1), "Blue Fox": D, "Cedar Jay": D - timedelta(3)}
    due["Dove Elk"] = D - timedelta(5)
    returned = {
        "Blue Fox": at(D, 6),  # its 72 hours end at 06:00 on Saturday, exactly
        "Cedar Jay": at(D - timedelta(4), 10),  # overdue since Tuesday 10:00
        "Dove Elk": at(D - timedelta(5), 10),  # overdue, but the case is closed
    }
    with session_scope(homeward.engine) as session:
        sam = session.exec(select(Staff).where(Staff.role == Role.WORKER)).one().id
        assert sam is not None
        for child in session.exec(select(Child)).all():
            assert child.id is not None
            reviews.set_review_due(child, due[child.alias], ZONE)
            session.add(child)
            if child.alias in returned:
                back = returned[child.alias]
                episode = episodes.start(session, child.id, child.team_id, sam, back - timedelta(1))
                episodes.record_return(session, episode, back)
            if child.alias == "Dove Elk":
                records.close(session, child, at(D - timedelta(1), 12))
    return manager, worker


async def test_the_chat_the_alerts_and_the_board_agree_at_every_moment(
    homeward: Harness,
) -> None:
    manager, worker = await _seed(homeward)
    with session_scope(homeward.engine) as session:
        team = session.exec(select(Team)).one().id
    assert team is not None
    seen: dict[datetime, tuple[set[str], set[str]]] = {}
    moment = at(D, 0)
    while moment <= at(D + timedelta(3), 12):
        await homeward.advance_to(moment)
        sent_before = len(manager.inbox())
        await manager.command("overdue")
        overdue_lines = "\n".join(manager.texts()[sent_before:]).splitlines()
        listed = (
            _aliases(overdue_lines, "review due"),
            _aliases(overdue_lines, "return home interview overdue"),
        )
        sent_before = len(worker.inbox())
        await worker.command("children")
        marked = _aliases("\n".join(worker.texts()[sent_before:]).splitlines(), texts.OVERDUE_MARK)
        alerts = manager.texts()
        alerted_reviews = {a for a in _all(homeward) if _alerted(alerts, "Overdue review: " + a)}
        alerted_rhis = {a for a in _all(homeward) if _alerted(alerts, f"❗ {a}'s return home")}
        with session_scope(homeward.engine) as session:
            board = report.board_report(session, team, D - timedelta(30), D, ZONE, moment)
        assert listed[0] == marked == alerted_reviews, moment
        assert listed[1] == alerted_rhis, moment
        assert (board.overdue_reviews_now, board.overdue_rhis_now) == tuple(map(len, listed))
        seen[moment] = listed
        moment += timedelta(hours=1)

    # The moments the rule turns, as worked out by hand.
    assert seen[at(D, 8)] == ({"Cedar Jay"}, {"Cedar Jay"})  # Amber Owl was due yesterday
    assert seen[at(D, 9)] == ({"Amber Owl", "Cedar Jay"}, {"Cedar Jay"})
    assert seen[at(D + timedelta(1), 8)][0] == {"Amber Owl", "Cedar Jay"}
    assert seen[at(D + timedelta(1), 9)][0] == {"Amber Owl", "Blue Fox", "Cedar Jay"}
    assert seen[at(D + timedelta(3), 5)][1] == {"Cedar Jay"}
    assert seen[at(D + timedelta(3), 6)][1] == {"Blue Fox", "Cedar Jay"}  # the 72nd hour


def _all(homeward: Harness) -> list[str]:
    with session_scope(homeward.engine) as session:
        return [c.alias for c in session.exec(select(Child)).all()]


def _alerted(messages: list[str], words: str) -> bool:
    return any(words in message for message in messages)


async def test_every_listing_of_a_workers_children_is_audited(
    homeward: Harness, trio: Trio
) -> None:
    await trio.worker.command("children")
    with session_scope(homeward.engine) as session:
        child = session.exec(select(Child)).one()
        assert child.id is not None
        actions = [entry.action for entry in audit.trail(session, child.id)]
    assert "list children" in actions


async def test_staff_are_found_by_name_one_way(homeward: Harness, trio: Trio) -> None:
    """Inviting "ann  LEE" again finds the Ann Lee already invited, as /duty would, and a
    second person of a name already in the team is refused: nobody could tell them apart."""
    await trio.manager.command("invite_worker", "Ann Lee")
    await trio.manager.command("invite_worker", "ann  LEE")
    assert trio.manager.last().startswith("Here is a new one-time invite for Ann Lee; the earlier")
    await trio.manager.command("invite_worker", "sam PATEL")  # Sam Patel has joined
    assert trio.manager.last() == texts.ALREADY_IN_TEAM.format(name="Sam Patel")
    with session_scope(homeward.engine) as session:
        team = session.exec(select(Team)).one().id
        assert team is not None
        anns = [s for s in session.exec(select(Staff)).all() if s.name.casefold() == "ann lee"]
        assert len(anns) == 1
        assert casework.staff_named(session, team, "ANN lee", enrolled_only=False) == anns[0]


@pytest.mark.parametrize("closed", [False, True])
async def test_the_morning_digest_leaves_out_a_case_closed_before_it(
    homeward: Harness, closed: bool
) -> None:
    """Cedar Jay's interview is overdue since Tuesday 10:00, so Wednesday's 09:00 digest lists
    it; unless the case was closed at 08:00, when the digest, like `/overdue`, leaves it out."""
    manager, _worker = await _seed(homeward)
    await homeward.advance_to(at(D - timedelta(1), 10))
    await homeward.advance_to(at(D, 8))
    if closed:
        with session_scope(homeward.engine) as session:
            cedar = session.exec(select(Child).where(Child.alias == "Cedar Jay")).one()
            records.close(session, cedar, at(D, 8))
    await homeward.advance_to(at(D, 9))
    digest = "\n".join(m.text or "" for m in manager.inbox() if sent_at(m) == at(D, 9))
    await manager.command("overdue")
    assert ("Cedar Jay" in digest) is ("Cedar Jay" in manager.last()) is (not closed)
