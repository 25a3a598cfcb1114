"""Missing episodes, the 72-hour return interview clock, repeat missing, and reassignment, seen
by all three people over the Bot API."""

from datetime import timedelta

import pytest
from sqlmodel import Session, col, select

from bot.outbox.queue import Priority
from bot.rules import episodes
from bot.storage.models import MissingReason, Outbox, Pairing, ReturnInterview
from bot.wording import texts
from tests.harness import Harness, Trio, sent_at


async def go_missing(trio: Trio, grade: str = "Medium") -> None:
    await trio.worker.command("missing", "Blue Fox")
    await trio.worker.press(trio.worker.inbox()[-1], grade)


async def begin_interview(trio: Trio, outcome: str) -> None:
    """Blue Fox missing and back, and the return interview begun with this outcome."""
    await go_missing(trio)
    await trio.worker.command("returned", "Blue Fox")
    await trio.worker.command("rhi", "Blue Fox")
    await trio.worker.press(trio.worker.inbox()[-1], outcome)


async def test_missing_tells_the_managers_and_marks_high_risk(
    homeward: Harness, trio: Trio
) -> None:
    await trio.worker.command("missing", "Blue Fox")
    assert trio.worker.last() == texts.ASK_GRADE.format(alias="Blue Fox")
    assert trio.manager.last().startswith(
        "🚨 Blue Fox is missing, since Monday 5 January 2026, 10:00"
    )
    assert trio.manager.last().endswith("Their worker: Sam Patel.")
    await trio.worker.press(trio.worker.inbox()[-1], "High")
    assert trio.worker.last() == texts.GRADED.format(alias="Blue Fox", grade="High")
    assert trio.manager.last() == texts.GRADED_HIGH.format(alias="Blue Fox")
    await trio.worker.command("missing", "Blue Fox")
    assert trio.worker.last().startswith("Blue Fox is already recorded as missing")
    await trio.worker.command("children")
    assert "🚨 MISSING" in trio.worker.last()


async def test_while_missing_anything_the_child_sends_is_urgent_for_worker_and_managers(
    homeward: Harness, trio: Trio
) -> None:
    await go_missing(trio)
    await trio.child.send("im ok dont worry")
    assert trio.worker.last() == "💬 Blue Fox (missing now):\nim ok dont worry", (
        "marked for the worker"
    )
    assert trio.manager.last() == texts.MISSING_MESSAGE.format(
        alias="Blue Fox", text="im ok dont worry"
    )
    with Session(homeward.engine) as session:
        relayed = session.exec(
            select(Outbox.priority)
            .where(Outbox.chat_id == trio.worker.id)
            .order_by(col(Outbox.id).desc())
        ).first()
    assert relayed == Priority.URGENT


async def test_the_72_hour_clock_reminds_then_alerts_and_survives_a_restart(
    homeward: Harness, trio: Trio
) -> None:
    await go_missing(trio)
    await homeward.advance(timedelta(hours=5))
    await trio.worker.command("returned", "Blue Fox")
    back = homeward.clock.now()
    assert trio.worker.last().startswith("Blue Fox is back. Offer a return home interview")
    assert trio.manager.last().startswith("✅ Blue Fox has returned")
    await homeward.advance(timedelta(hours=47, minutes=59))
    assert not any(t.startswith("⏰ Blue Fox's return home interview") for t in trio.worker.texts())
    await homeward.restart()
    await homeward.advance(timedelta(minutes=1))
    reminders = [m for m in trio.worker.inbox() if (m.text or "").startswith("⏰ Blue Fox's ret")]
    assert [sent_at(m) for m in reminders] == [back + timedelta(hours=48)]
    await homeward.advance(timedelta(hours=23, minutes=59))
    assert not any(t.startswith("❗ Blue Fox's return home") for t in trio.manager.texts())
    await homeward.advance(timedelta(minutes=1))
    alert = [m for m in trio.manager.inbox() if (m.text or "").startswith("❗ Blue Fox's return")]
    assert [sent_at(m) for m in alert] == [back + timedelta(hours=72)]
    assert any(t.startswith("❗ Blue Fox's return home") for t in trio.worker.texts())
    await trio.manager.command("overdue")
    line = "• Blue Fox (no risk level set), Sam Patel: return home interview overdue by"
    assert f"{line} less than a minute (due " in trio.manager.last()
    await homeward.advance(timedelta(days=30))  # the review falls overdue too
    await trio.manager.command("overdue")
    lines = trio.manager.last().splitlines()
    assert lines[1].startswith(f"{line} 30 days (due "), "the statutory item first, and how late"
    assert lines[2].startswith("• Blue Fox (no risk level set), Sam Patel: review due")


async def test_the_return_interview_records_reasons_and_the_childs_words(
    homeward: Harness, trio: Trio
) -> None:
    await begin_interview(trio, "Accepted")
    await trio.worker.press(trio.worker.inbox()[-1], "Yes")
    reasons_step, messages = trio.worker.inbox()[-1], len(trio.worker.inbox())
    for reason in ["Conflict at home or placement", "A partner", "Other", "✓ A partner"]:
        await trio.worker.press(reasons_step, reason)  # the last: they changed their mind
    assert len(trio.worker.inbox()) == messages, "each tap changes the one message in place"
    now = homeward.double.message(trio.worker.id, reasons_step.message_id)
    assert now is not None and "Chosen: Conflict at home or placement, Other" in now["text"]
    await trio.worker.press(reasons_step, "Done")
    assert trio.worker.last() == texts.RHI_OTHER
    await trio.worker.send("a row about a phone")
    await trio.worker.send("I just needed space from everyone")
    assert trio.worker.last() == texts.RHI_SAVED.format(alias="Blue Fox")
    with Session(homeward.engine) as session:
        interview = session.exec(select(ReturnInterview)).one()
        reasons = sorted(r.reason for r in session.exec(select(MissingReason)))
    assert (interview.outcome, interview.independent) == ("accepted", True)
    assert interview.other_reason == "a row about a phone"
    assert reasons == ["conflict", "other"]
    await homeward.advance(timedelta(hours=80))
    assert not any(t.startswith("❗ Blue Fox's return home") for t in trio.manager.texts())
    await trio.worker.command("review", "Blue Fox")
    assert "“I just needed space from everyone”" in trio.worker.last()


async def test_a_declined_interview_is_not_asked_whether_it_was_independent(
    homeward: Harness, trio: Trio
) -> None:
    await begin_interview(trio, "Declined")
    assert trio.worker.last().startswith("Why did Blue Fox go missing?")
    await trio.worker.press(trio.worker.inbox()[-1], "Done")  # nothing chosen: not known
    await trio.worker.press(trio.worker.inbox()[-1], texts.SKIP)
    assert texts.RHI_INDEPENDENT.format(alias="Blue Fox") not in trio.worker.texts()
    with Session(homeward.engine) as session:
        interview = session.exec(select(ReturnInterview)).one()
        reasons = [r.reason for r in session.exec(select(MissingReason))]
    assert (interview.outcome, interview.independent) == ("declined", False)
    assert reasons == ["not_known"], "counted, not left out"


@pytest.mark.parametrize(
    ("chosen", "tapped", "after"),
    [
        ([], "conflict", ["conflict"]),
        (["conflict", "school"], "school", ["conflict"]),
        (["conflict", "friends"], "not_known", ["not_known"]),
        (["not_known"], "bullying", ["bullying"]),
        (["not_known"], "not_known", []),
        (["friends"], "abuse", ["abuse", "friends"]),
    ],
)
def test_not_known_stands_alone_among_the_reasons(
    chosen: list[str], tapped: str, after: list[str]
) -> None:
    assert episodes.toggle_reason(chosen, tapped) == after


async def test_three_episodes_in_30_days_alert_the_managers(homeward: Harness, trio: Trio) -> None:
    for _ in range(2):
        await go_missing(trio)
        await trio.worker.command("returned", "Blue Fox")
        await homeward.advance(timedelta(days=9))
    assert not any(t.startswith("🔁") for t in trio.manager.texts())
    await go_missing(trio)
    assert trio.manager.texts().count(texts.REPEAT_MISSING.format(alias="Blue Fox", count=3)) == 1


async def test_reassignment_is_seen_by_all_three_people(homeward: Harness, trio: Trio) -> None:
    ann = await homeward.enrol_worker(trio.manager, "Ann Lee")
    await trio.worker.command("intervention", "Blue Fox weekly mentoring")
    await trio.worker.command("reassign", "Blue Fox Ann Lee")
    assert trio.worker.last() == texts.NOT_ALLOWED
    await trio.manager.command("reassign", "Blue Fox Ann Lee")
    assert trio.manager.last() == texts.REASSIGNED.format(alias="Blue Fox", worker="Ann Lee")
    handover = ann.last()
    assert handover.startswith(
        "🤝 Handover: Blue Fox (no risk level set) is now yours, from Sam Patel."
    )
    assert "weekly mentoring (not rated)" in handover
    assert trio.child.last() == texts.NEW_WORKER_TO_CHILD.format(worker="Ann Lee")
    assert trio.worker.last() == texts.OLD_WORKER_TOLD.format(alias="Blue Fox", worker="Ann Lee")
    await trio.child.send("hi Ann")
    assert ann.last() == "💬 Blue Fox:\nhi Ann"
    await trio.worker.command("msg", "Blue Fox still there?")
    assert trio.worker.last() == texts.NO_SUCH_CHILD.format(alias="Blue")
    with Session(homeward.engine) as session:
        history = session.exec(select(Pairing).order_by(col(Pairing.started_at))).all()
    assert [(p.ended_at is None, p.end_reason) for p in history] == [
        (False, "reassigned by a manager"),
        (True, None),
    ]


async def test_the_handover_puts_what_keeps_the_child_safe_first(
    homeward: Harness, trio: Trio
) -> None:
    """Back from missing with the interview overdue, a call for help still open, missing
    three times in a month: the new worker reads all of it first."""
    for _ in range(3):
        await go_missing(trio)
        await trio.worker.command("returned", "Blue Fox")
    await trio.child.send("I'm not safe")
    await trio.manager.press(trio.manager.inbox()[-1], texts.ACK_BUTTON)
    await homeward.advance(timedelta(hours=73))
    ann = await homeward.enrol_worker(trio.manager, "Ann Lee")
    await trio.manager.command("reassign", "Blue Fox Ann Lee")
    lines = ann.last().splitlines()
    assert lines[0] == "🤝 Handover: Blue Fox (no risk level set) is now yours, from Sam Patel."
    assert lines[1].startswith("❗ Back since Monday 5 January 2026, 10:00: the return home")
    assert lines[1].endswith("is overdue (due Thursday 8 January 2026, 10:00).")
    assert lines[2] == (
        "🚨 A call for help from Monday 5 January 2026, 10:00 is still open: Maria Lopez has it."
    )
    assert lines[3] == "⚠️ Missing 3 or more times in the last 30 days."


async def test_a_deactivated_worker_loses_access_at_once(homeward: Harness, trio: Trio) -> None:
    await trio.manager.command("deactivate", "Sam Patel")
    assert trio.manager.last() == texts.DEACTIVATED.format(name="Sam Patel", children="Blue Fox")
    await trio.worker.command("children")
    assert trio.worker.last() == texts.STRANGER
    await trio.child.send("hello?")
    assert trio.child.last() == texts.NO_WORKER_RECEIPT.format(managers="Maria Lopez")
    assert trio.manager.last() == "💬 Blue Fox (needs a worker):\nhello?"
