"""Failures never lose words: a message that can never be sent is set aside without holding up
the rest, a sweep that fails leaves the others running, and a turn that fails keeps the child's
words and passes them on later. The faults are real ones, in the real database and over the
Bot API: a row no key decrypts, a call Telegram refuses, a write the database refuses."""

import asyncio
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, text
from sqlmodel import Session, col, select

from bot.outbox.queue import Outgoing, Priority, enqueue
from bot.storage.models import Message, Outbox, OutboxStatus
from bot.wording import texts
from tests.harness import Harness, Trio, urgent_alert

URGENT = urgent_alert("Blue Fox")


@contextmanager
def refusing_inserts(engine: Engine, table: str, when: str = "1 = 1") -> Iterator[None]:
    """The database refuses new rows of `table` (matching `when`), as a full disk would."""
    with engine.begin() as connection:
        if connection.dialect.name == "sqlite":
            connection.execute(
                text(
                    f"CREATE TRIGGER refuse BEFORE INSERT ON {table} WHEN {when} "
                    "BEGIN SELECT RAISE(ABORT, 'refused'); END"
                )
            )
        else:
            connection.execute(
                text(
                    "CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN "
                    "RAISE EXCEPTION 'refused'; END $$ LANGUAGE plpgsql"
                )
            )
            connection.execute(
                text(
                    f"CREATE TRIGGER refuse BEFORE INSERT ON {table} FOR EACH ROW "
                    f"WHEN ({when}) EXECUTE FUNCTION refuse()"
                )
            )
    try:
        yield
    finally:
        with engine.begin() as connection:
            if connection.dialect.name == "sqlite":
                connection.execute(text("DROP TRIGGER refuse"))
            else:
                connection.execute(text(f"DROP TRIGGER refuse ON {table}"))
                connection.execute(text("DROP FUNCTION refuse()"))


def queue(homeward: Harness, chat_id: int, key: str, outgoing: Outgoing, child_id: int) -> int:
    with Session(homeward.engine) as session:
        enqueue(
            session,
            chat_id=chat_id,
            key=key,
            outgoing=outgoing,
            now=homeward.clock.now(),
            priority=Priority.URGENT,
            child_id=child_id,
        )
        session.commit()
        return session.exec(select(Outbox.id).where(Outbox.dedupe_key == key)).one()


async def test_poisoned_rows_are_set_aside_and_an_urgent_alert_behind_them_still_goes(
    homeward: Harness, trio: Trio, caplog: pytest.LogCaptureFixture
) -> None:
    await homeward.stop()  # the rows are queued while nothing sends, as after a crash
    unreadable = queue(homeward, trio.worker.id, "poison:1", Outgoing.text("x"), child_id=1)
    with homeward.engine.begin() as connection:
        connection.execute(
            text("UPDATE outbox SET payload = 'not a token' WHERE id = :id"), {"id": unreadable}
        )
    refused = queue(homeward, trio.child.id, "poison:2", Outgoing.text(""), child_id=1)
    await homeward.start()
    homeward.double.send_command(trio.child.id, "urgent")
    await homeward.double.wait_for(  # within seconds, or not at all
        lambda: URGENT in trio.worker.texts() and URGENT in trio.manager.texts(), timeout=5.0
    )
    await homeward.settle()
    with Session(homeward.engine) as session:
        poisoned = select(Outbox.id, Outbox.status, Outbox.last_error).where(
            col(Outbox.id).in_([unreadable, refused])
        )
        rows = {row_id: (status, error) for row_id, status, error in session.exec(poisoned)}
    assert [rows[unreadable], rows[refused]] == [
        (OutboxStatus.SET_ASIDE, "undecryptable"),
        (OutboxStatus.SET_ASIDE, "400"),
    ]
    assert (
        texts.SET_ASIDE_TO_STAFF.format(name="Sam Patel", why="it could not be read back")
        + texts.SET_ASIDE_ABOUT.format(alias="Blue Fox")
        in trio.manager.texts()
    )
    assert (
        texts.SET_ASIDE_TO_CHILD.format(alias="Blue Fox", why="Telegram refused it")
        in trio.worker.texts()
    )
    assert all("not a token" not in r.getMessage() for r in caplog.records)


async def test_a_failing_sweep_leaves_the_others_running(
    homeward: Harness, trio: Trio, caplog: pytest.LogCaptureFixture
) -> None:
    await trio.child.command("urgent")
    runtime = homeward.runtime
    assert runtime is not None
    homeward.clock.advance(timedelta(days=1))  # past 09:00 (the digest) and the re-alert
    with refusing_inserts(homeward.engine, "sweepmark"):
        failed = await asyncio.to_thread(runtime.sweeper.run_once)
    await homeward.settle()
    assert failed == ["digests"]
    again = texts.URGENT_AGAIN.format(alias="Blue Fox", waited="1 day")
    assert any(t.startswith(again) for t in trio.manager.texts())
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert [r.getMessage().split(":")[0] for r in errors] == ["sweep digests failed"]
    assert all("refused" not in r.getMessage() for r in errors), "the error's type, not its words"
    assert await asyncio.to_thread(runtime.sweeper.run_once) == []


async def test_a_failed_turn_keeps_the_childs_words_and_passes_them_on_later(
    homeward: Harness, trio: Trio
) -> None:
    await homeward.advance_to(datetime(2026, 1, 6, 11, 0, tzinfo=UTC))
    worker_chat = f"chat_id = {trio.worker.id}"
    with refusing_inserts(homeward.engine, "outbox", f"NEW.{worker_chat}"):
        await trio.child.send("please can we talk today")
    assert trio.child.last() == texts.TURN_FAILED_WORDS_KEPT
    assert not any("please can we talk" in t for t in trio.worker.texts())
    with Session(homeward.engine) as session:
        kept = session.exec(select(Message)).all()
    assert [(m.body, m.relayed_at) for m in kept] == [("please can we talk today", None)]
    await homeward.advance(timedelta(minutes=1))
    assert trio.worker.last() == "💬 Blue Fox:\nplease can we talk today"
    assert trio.child.last() == texts.RECEIPT_TO_CHILD.format(worker="Sam Patel")


async def test_a_conversation_no_key_can_read_is_ended_and_the_person_goes_on(
    homeward: Harness, trio: Trio
) -> None:
    await trio.worker.command("review", "Blue Fox")
    with homeward.engine.begin() as connection:
        connection.execute(text("UPDATE conversation SET state = 'not a token'"))
    await trio.worker.command("children")
    assert trio.worker.last().startswith(texts.CHILDREN_HEAD)
    await trio.worker.command("review", "Blue Fox")
    assert trio.worker.last().startswith("What does Blue Fox say")


async def test_words_for_a_worker_who_cannot_be_reached_go_to_the_managers(
    homeward: Harness, trio: Trio
) -> None:
    homeward.double.block(trio.worker.id)
    await trio.child.send("are you there, Sam?")
    copy = texts.UNREACHABLE_COPY.format(name="Sam Patel") + "💬 Blue Fox:\nare you there, Sam?"
    assert copy in trio.manager.texts()
    handed = next(m for m in trio.manager.inbox() if m.text == copy)
    await trio.manager.send("Sam is away, I'm here", reply_to=handed.message_id)
    assert trio.child.last() == "Sam is away, I'm here\n\n— Maria Lopez"


async def test_when_storing_fails_the_child_is_told_once_and_kindly(
    homeward: Harness, trio: Trio
) -> None:
    with refusing_inserts(homeward.engine, "message"):
        before = len(trio.child.inbox())
        await trio.child.send("hello?")
    assert trio.child.texts()[before:] == [texts.TURN_FAILED_CHILD]
    await trio.child.send("hello again")
    assert trio.worker.last() == "💬 Blue Fox:\nhello again"
