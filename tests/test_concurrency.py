"""No lost updates when several things happen at once on PostgreSQL, and no one's slow work
stalls anyone else. SQLite lets one writer in at a time, so none of this can interleave there;
these tests run on PostgreSQL (TEST_DATABASE_URL), as `.ci/run` does."""

import asyncio
import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlmodel import Session, select

from bot.rules import reviews, taking, timing, urgent
from bot.storage.models import Alert, Child, Staff
from bot.wording import texts
from tests.harness import Harness, Trio

SWEEP_TIMEOUT = 10.0  # a sweep that waits on a row someone is changing would take until then


@pytest.fixture(autouse=True)
def _postgresql_only(homeward: Harness) -> None:
    if not homeward.settings.database_url.startswith("postgresql"):
        pytest.skip("SQLite serialises writers: nothing here can interleave on it")


async def _sweep(homeward: Harness) -> None:
    runtime = homeward.runtime
    assert runtime is not None
    await asyncio.wait_for(asyncio.to_thread(runtime.sweeper.run_once), SWEEP_TIMEOUT)


async def test_a_sweep_never_overwrites_a_review_saved_at_the_same_moment(
    homeward: Harness, trio: Trio
) -> None:
    zone = homeward.settings.zone
    homeward.clock.advance(timedelta(days=26))  # the first reminder (two days before) is due
    editing = Session(homeward.engine)
    try:
        child = editing.exec(select(Child)).one()
        new_due = timing.local_date(homeward.clock.now(), zone) + timedelta(days=28)
        reviews.save_review(
            editing,
            child,
            worker_id=1,
            ratings={},
            child_view="calmer at home",
            no_view_reason=None,
            next_due_on=new_due,
            next_due_chosen=False,
            now=homeward.clock.now(),
            zone=zone,
        )
        await _sweep(homeward)  # the child being reviewed is skipped, not waited for
    finally:
        editing.commit()
        editing.close()
    with Session(homeward.engine) as session:
        child = session.exec(select(Child)).one()
    assert child.review_due_on == new_due
    assert child.review_next_event_at == timing.first_reminder_at(new_due, zone)
    await _sweep(homeward)
    await homeward.settle()
    assert not any("progress review is due" in t for t in trio.worker.texts())


async def test_an_escalation_never_overrides_an_acknowledgement_at_the_same_moment(
    homeward: Harness, trio: Trio
) -> None:
    await trio.child.command("urgent")
    homeward.clock.advance(urgent.ESCALATE_EVERY)
    acknowledging = Session(homeward.engine)
    try:
        alert = acknowledging.exec(select(Alert)).one()
        manager = acknowledging.exec(select(Staff).where(Staff.name == "Maria Lopez")).one()
        assert alert.id is not None
        assert taking.acknowledge(acknowledging, alert.id, manager, homeward.clock.now())
        await _sweep(homeward)  # the alert being taken is skipped, not escalated
    finally:
        acknowledging.commit()
        acknowledging.close()
    await _sweep(homeward)
    await homeward.settle()
    assert not any("STILL UNANSWERED" in t for t in trio.manager.texts())
    assert texts.ACKNOWLEDGED.format(name="Maria Lopez", alias="Blue Fox") in trio.worker.texts()


async def test_a_slow_report_never_stalls_another_persons_words(
    homeward: Harness, trio: Trio
) -> None:
    await homeward.advance_to(datetime(2026, 1, 5, 11, 0, tzinfo=UTC))
    blocker = homeward.engine.connect()
    transaction = blocker.begin()
    blocker.execute(text("LOCK TABLE missingreason IN ACCESS EXCLUSIVE MODE"))
    released = threading.Event()

    def release() -> None:
        if not released.is_set():
            released.set()
            transaction.rollback()
            blocker.close()

    safety_net = threading.Timer(30.0, release)  # only if the bot wrongly waits on the report
    safety_net.start()
    try:
        homeward.double.send_command(trio.manager.id, "report")
        homeward.double.send_text(trio.child.id, "are you there?")
        await homeward.double.wait_for(
            lambda: "💬 Blue Fox:\nare you there?" in trio.worker.texts(), timeout=10.0
        )
        assert not released.is_set(), "the child's words went while the report still waited"
        assert not _report_arrived(trio)
    finally:
        safety_net.cancel()
        await asyncio.to_thread(release)
    await homeward.double.wait_for(lambda: _report_arrived(trio), timeout=10.0)


def _report_arrived(trio: Trio) -> bool:
    return any(m.method == "sendDocument" for m in trio.manager.inbox())
