"""A child's data rights are complete: the export holds everything about them and erasure
leaves nothing, in every table there is (a new table must say which it is)."""

import json

from sqlalchemy import text
from sqlmodel import Session, SQLModel, select

from bot.rules import casework
from bot.rules.notices import Urgency, raise_notice
from bot.rules.records import CHILD_TABLES
from bot.storage.models import Child, InviteAttempt
from bot.wording import texts
from tests.harness import Harness, Trio

NOT_ABOUT_A_CHILD = {
    "team": "teams",
    "staff": "staff",
    "dutyslot": "the team's duty rota",
    "sweepmark": "when a daily sweep last ran",
    "auditevent": "kept on purpose: ids and actions only, it says who erased the record",
}
# Tables whose rows hold nothing the child said or did worth a section of the export.
NOT_EXPORTED = {
    "button": "opaque tokens",
    "inviteattempt": "codes that did not work",
    "dutyhold": "how long a duty contact may answer",
    "notice": "staff reminders about the child; once sent, only their keys are kept",
}
SECTIONS = {
    "child": "child",
    "pairing": "trusted_workers",
    "invite": "invites",
    "message": "messages",
    "intervention": "help",
    "rating": "is_it_helping",
    "review": "reviews",
    "checkin": "check_ins",
    "alert": "calls_for_help",
    "episode": "missing_episodes",
    "conversation": "open_questions",
    "outbox": "messages_being_sent",
}


def test_every_table_is_either_about_a_child_or_not() -> None:
    tables = set(SQLModel.metadata.tables)
    assert tables == set(CHILD_TABLES) | set(NOT_ABOUT_A_CHILD)
    with_child_id = {t.name for t in SQLModel.metadata.sorted_tables if "child_id" in t.c}
    assert with_child_id <= set(CHILD_TABLES) | {"auditevent"}
    within = {"returninterview", "missingreason", "alertholder"}  # episodes', calls for help's
    assert set(CHILD_TABLES) == set(SECTIONS) | within | set(NOT_EXPORTED)


async def _a_full_record(homeward: Harness, trio: Trio) -> None:
    """The child has written, checked in, been reviewed, called for help, gone missing and
    come back, and been interviewed; a review and an unsent message are under way."""
    await trio.child.send("my words")
    await trio.worker.command("intervention", "Blue Fox weekly mentoring")
    await trio.child.command("checkin")
    await trio.child.press(trio.child.inbox()[-1], "😊 Good")
    await trio.child.press(trio.child.inbox()[-1], "Yes")
    await trio.child.send("school is better")
    await trio.worker.command("review", "Blue Fox")
    await trio.worker.press(trio.worker.inbox()[-1], "Helping")
    await trio.worker.press(trio.worker.inbox()[-1], texts.REVIEW_USE_WORDS)
    await trio.worker.press(trio.worker.inbox()[-1], "Keep 2026-02-02")
    await trio.worker.command("hours", "mon 11:00-17:00")  # 10:00 now: out of their hours
    await trio.manager.command("duty", "Maria Lopez")
    await trio.child.command("urgent")  # so the duty contact holds it, and may answer
    await trio.worker.command("hours", "mon-fri 09:00-17:00")
    await trio.worker.command("missing", "Blue Fox")
    await trio.worker.press(trio.worker.inbox()[-1], "High")
    await trio.worker.command("returned", "Blue Fox")
    await trio.worker.command("rhi", "Blue Fox")
    for label in ("Accepted", "Yes", "Friends or peers", "Done"):
        await trio.worker.press(trio.worker.inbox()[-1], label)
    await trio.worker.send("I was with my mates")
    homeward.double.block(trio.child.id)
    await trio.worker.command("msg", "Blue Fox are you OK?")  # it cannot be delivered
    await trio.worker.command("review", "Blue Fox")  # left open
    with Session(homeward.engine) as session:
        session.add(InviteAttempt(telegram_user_id=trio.child.id, at=homeward.clock.now()))
        child = session.exec(select(Child)).one()
        worker = casework.current_worker(session, child.id or 0)
        assert worker is not None
        raise_notice(  # a reminder waiting to go, as the sweeps raise them
            session,
            worker,
            key="data-rights",
            text=lambda: "⏰ Blue Fox's progress review is due today.",
            urgency=Urgency.REVIEW_TODAY,
            now=homeward.clock.now(),
            child=child,
            command="review",
        )
        session.commit()


async def test_the_export_holds_every_table_about_the_child(homeward: Harness, trio: Trio) -> None:
    await _a_full_record(homeward, trio)
    await trio.manager.command("export", "Blue Fox")
    document = next(c for c in reversed(homeward.double.calls) if c.method == "sendDocument")
    data = json.loads(document.params["document"].content)
    for table, section in SECTIONS.items():
        assert data[section], f"the export's {section} (table {table}) is empty"
    (episode,) = data["missing_episodes"]
    (interview,) = episode["return_interviews"]
    assert episode["police_risk_grade"] == "high"
    assert interview["reasons"] == ["friends"]
    assert interview["childs_words"] == "I was with my mates"
    assert data["open_questions"][0]["about"] == "review"


async def test_erasure_leaves_nothing_about_the_child_in_any_table(
    homeward: Harness, trio: Trio
) -> None:
    await _a_full_record(homeward, trio)
    with Session(homeward.engine) as session:
        child = session.exec(select(Child)).one()
    assert child.id is not None
    counts_before = _rows_about(homeward, child.id, trio.child.id)
    assert all(counts_before[t] for t in CHILD_TABLES), counts_before
    await trio.manager.command("erase", "Blue Fox")
    await trio.manager.press(trio.manager.inbox()[-1], "Erase Blue Fox for good")
    assert trio.manager.last() == texts.ERASED.format(alias="Blue Fox")
    left = _rows_about(homeward, child.id, trio.child.id)
    assert {t: n for t, n in left.items() if n} == {"child": 1}  # the tombstone alone
    with Session(homeward.engine) as session:
        tombstone = session.get(Child, child.id)
    assert tombstone is not None and tombstone.alias.startswith("#erased-")
    assert tombstone.telegram_user_id is None and tombstone.erased_at is not None


def _rows_about(homeward: Harness, child_id: int, account: int) -> dict[str, int]:
    """Rows in each child table that belong to the child, found the way each table links."""
    by_child = {t for t in CHILD_TABLES if "child_id" in SQLModel.metadata.tables[t].c}
    queries = {t: f"SELECT count(*) FROM {t} WHERE child_id = :c" for t in by_child}
    queries["child"] = "SELECT count(*) FROM child WHERE id = :c"
    queries["missingreason"] = (
        "SELECT count(*) FROM missingreason WHERE interview_id IN "
        "(SELECT id FROM returninterview WHERE child_id = :c)"
    )
    queries["conversation"] = (
        "SELECT count(*) FROM conversation WHERE child_id = :c OR telegram_user_id = :a"
    )
    queries["button"] = "SELECT count(*) FROM button WHERE telegram_user_id = :a"
    queries["alertholder"] = (
        "SELECT count(*) FROM alertholder WHERE alert_id IN "
        "(SELECT id FROM alert WHERE child_id = :c)"
    )
    queries["outbox"] = "SELECT count(*) FROM outbox WHERE child_id = :c OR chat_id = :a"
    queries["inviteattempt"] = "SELECT count(*) FROM inviteattempt WHERE telegram_user_id = :a"
    assert set(queries) == set(CHILD_TABLES)
    with homeward.engine.connect() as connection:
        return {
            table: connection.execute(text(sql), {"c": child_id, "a": account}).scalar_one()
            for table, sql in queries.items()
        }
