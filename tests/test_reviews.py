"""Interventions, reviews, risk and the reminders and alerts around them, over the Bot API."""

from datetime import UTC, datetime, timedelta

from sqlmodel import Session, select

from bot.rules import audit
from bot.storage.models import Child, Rating, Review
from bot.wording import texts
from tests.harness import Harness, Trio, sent_at

# The child is added on Monday 5 January 2026 (tests/harness.py START): first review due on
# Monday 2 February; reminders at 09:00 on Saturday 31 January and on the 2nd; overdue alert
# at 09:00 on Tuesday 3 February. London is on GMT then, so 09:00 local is 09:00 UTC.
DUE = datetime(2026, 2, 2, 9, 0, tzinfo=UTC)
BEFORE = DUE - timedelta(days=2)
OVERDUE = DUE + timedelta(days=1)


async def test_a_review_rates_each_help_and_keeps_the_childs_words(
    homeward: Harness, trio: Trio
) -> None:
    await trio.worker.command("intervention", "Blue Fox weekly mentoring")
    await trio.worker.command("intervention", "blue fox family mediation")
    await trio.child.command("checkin")
    await trio.child.press(trio.child.inbox()[-1], "😊 Good")
    await trio.child.press(trio.child.inbox()[-1], "Yes")
    await trio.child.send("mentoring is fun")

    await trio.worker.command("review", "Blue Fox")
    assert "“weekly mentoring” helping?" in trio.worker.last()
    await trio.worker.press(trio.worker.inbox()[-1], "Helping")
    assert "“family mediation” helping?" in trio.worker.last()
    await trio.worker.press(trio.worker.inbox()[-1], "Too early")
    assert "“mentoring is fun”" in trio.worker.last()
    await trio.worker.press(trio.worker.inbox()[-1], texts.REVIEW_USE_WORDS)
    assert "Next review for Blue Fox: Monday 2 February" in trio.worker.last()
    await trio.worker.press(trio.worker.inbox()[-1], "Keep 2026-02-02")
    assert trio.worker.last() == texts.REVIEW_SAVED.format(
        alias="Blue Fox", due="Monday 2 February"
    )
    with Session(homeward.engine) as session:
        review = session.exec(select(Review)).one()
        assert review.child_view == "mentoring is fun" and review.no_view_reason is None
        ratings = {(r.rater, r.value) for r in session.exec(select(Rating))}
    assert ratings == {("worker", "helping"), ("worker", "too_early"), ("child", "yes")}


async def test_no_view_needs_a_reason_and_a_typed_date_is_taken(
    homeward: Harness, trio: Trio
) -> None:
    await trio.worker.command("review", "Blue Fox")
    assert "haven't written anything" in trio.worker.last()
    await trio.worker.press(trio.worker.inbox()[-1], texts.REVIEW_NO_VIEW)
    assert trio.worker.last() == texts.REVIEW_ASK_REASON.format(alias="Blue Fox")
    await trio.worker.send("Blue Fox was away at their dad's")
    await trio.worker.send("31/02/2026")
    assert trio.worker.last().startswith(texts.REVIEW_BAD_DATE)
    await trio.worker.send("20/01/2026")
    assert "Next review: Tuesday 20 January" in trio.worker.last()
    with Session(homeward.engine) as session:
        review = session.exec(select(Review)).one()
    assert review.child_view is None and review.no_view_reason == "Blue Fox was away at their dad's"
    assert review.next_due_chosen


async def test_a_review_survives_a_restart_and_times_out_politely(
    homeward: Harness, trio: Trio
) -> None:
    await trio.worker.command("review", "Blue Fox")
    await homeward.restart()
    await trio.worker.send("Things are calmer at home")
    assert "Next review for Blue Fox" in trio.worker.last()
    asked = trio.worker.inbox()[-1]
    await homeward.advance(timedelta(hours=2))
    assert trio.worker.last() == (
        "Your review of Blue Fox timed out. Nothing of it was saved. "
        "You can start again with /review."
    )
    assert trio.worker.inbox()[-1].reply_to_message_id == asked.message_id, "answers the question"
    with Session(homeward.engine) as session:
        assert session.exec(select(Review)).all() == []


async def test_reminders_and_the_overdue_alert_come_at_09_00(homeward: Harness, trio: Trio) -> None:
    await homeward.advance_to(BEFORE - timedelta(minutes=1))
    assert not any("progress review" in t for t in trio.worker.texts())
    await homeward.advance_to(BEFORE)
    await homeward.advance_to(DUE)
    await homeward.advance_to(OVERDUE)
    reminders = [
        (sent_at(m), line)
        for m in trio.worker.inbox()
        for line in (m.text or "").splitlines()
        if "progress review" in line
    ]
    assert reminders == [
        (BEFORE, texts.REVIEW_BEFORE.format(alias="Blue Fox", due="Monday 2 February")),
        (DUE, texts.REVIEW_TODAY.format(alias="Blue Fox")),
        (OVERDUE, texts.REVIEW_OVERDUE_WORKER.format(alias="Blue Fox", due="Monday 2 February")),
    ]
    alert = texts.REVIEW_OVERDUE_MANAGER.format(
        alias="Blue Fox", risk="no risk level set", worker="Sam Patel", due="Monday 2 February"
    )
    assert [(sent_at(m), m.text) for m in trio.manager.inbox() if m.text == alert] == [
        (OVERDUE, alert)
    ]
    await homeward.advance_to(OVERDUE + timedelta(days=1) - timedelta(minutes=1))
    assert not any(texts.DIGEST_HEAD[:10] in t for t in trio.manager.texts())
    await homeward.advance_to(OVERDUE + timedelta(days=1))
    digest = trio.manager.last()
    assert digest.startswith("This morning in North")
    assert "Blue Fox (no risk level set), Sam Patel" in digest
    assert "2 days overdue" in digest
    await trio.manager.command("overdue")
    head = texts.OVERDUE_HEAD.format(team="North")
    assert trio.manager.last() == head + digest[len(texts.DIGEST_HEAD.format(team="North")) :]
    await trio.worker.command("children")
    assert (
        "Blue Fox (no risk level set): next review Monday 2 February ❗ OVERDUE"
        in trio.worker.last()
    )


async def test_a_digest_sent_late_does_not_say_this_morning(homeward: Harness, trio: Trio) -> None:
    await homeward.advance_to(OVERDUE)
    await homeward.stop()  # down over the next 09:00, back at 18:00
    homeward.clock.advance(timedelta(days=1, hours=9))
    await homeward.start()
    await homeward.advance(timedelta(0))
    digest = trio.manager.last()
    assert digest.startswith(texts.DIGEST_HEAD_LATE.format(team="North")), digest


async def test_after_downtime_only_the_latest_alert_goes_out_once(
    homeward: Harness, trio: Trio
) -> None:
    await homeward.stop()
    homeward.clock.set(OVERDUE + timedelta(days=2, hours=3))
    await homeward.start()
    await homeward.advance(timedelta(0))
    await homeward.advance(timedelta(minutes=5))
    reminders = [t for t in trio.worker.texts() if "progress review" in t]
    assert reminders == [
        texts.REVIEW_OVERDUE_WORKER.format(alias="Blue Fox", due="Monday 2 February")
    ]
    assert sum(t.startswith("❗ Overdue review: Blue Fox") for t in trio.manager.texts()) == 1


async def test_high_risk_brings_the_review_forward_and_first_in_lists(
    homeward: Harness, trio: Trio
) -> None:
    await trio.worker.command("add_child", "Amber Owl")
    await trio.worker.command("risk", "Blue Fox high")
    assert trio.worker.last() == texts.RISK_SET.format(
        alias="Blue Fox", risk="high risk", due="Monday 19 January"
    )
    await trio.worker.command("risk", "Blue Fox none")
    assert trio.worker.last().startswith("Blue Fox has no risk level set now.")
    await trio.worker.command("risk", "Blue Fox high")
    await trio.worker.command("risk", "Blue Fox extreme")
    assert trio.worker.last() == "“extreme” isn't a risk level. What is Blue Fox's risk level now?"
    await homeward.advance_to(datetime(2026, 2, 4, 9, 0, tzinfo=UTC))
    await trio.manager.command("overdue")
    lines = trio.manager.last().splitlines()
    assert lines[1].startswith("• Blue Fox (high risk)") and lines[2].startswith("• Amber Owl")


async def test_interventions_can_be_ended(homeward: Harness, trio: Trio) -> None:
    await trio.worker.command("intervention", "Blue Fox")
    assert trio.worker.last() == texts.ASK_INTERVENTION.format(alias="Blue Fox")
    await trio.worker.send("art therapy")
    await trio.worker.command("end_intervention", "Blue Fox")
    await trio.worker.press(trio.worker.inbox()[-1], "art therapy")
    assert trio.worker.last() == texts.INTERVENTION_ENDED.format(
        alias="Blue Fox", title="art therapy"
    )
    await trio.worker.command("end_intervention", "Blue Fox")
    assert trio.worker.last() == texts.NO_INTERVENTIONS.format(alias="Blue Fox")


async def test_one_review_is_one_entry_in_the_childs_audit_trail(
    homeward: Harness, trio: Trio
) -> None:
    """The review's start is audited; its steps are the same access, not new ones."""
    await trio.worker.command("review", "Blue Fox")
    await trio.worker.press(trio.worker.inbox()[-1], texts.REVIEW_NO_VIEW)
    await trio.worker.send("Blue Fox was away at their dad's")
    await trio.worker.send("20/01/2026")
    assert "Next review: Tuesday 20 January" in trio.worker.last()
    with Session(homeward.engine) as session:
        child = session.exec(select(Child)).one()
        assert child.id is not None
        actions = [entry.action for entry in audit.trail(session, child.id)]
    assert actions.count("review") == 1


async def test_a_handover_tells_why_there_was_no_view_and_that_the_next_review_is_overdue(
    homeward: Harness, trio: Trio
) -> None:
    await trio.worker.command("review", "Blue Fox")
    await trio.worker.press(trio.worker.inbox()[-1], texts.REVIEW_NO_VIEW)
    await trio.worker.send("Blue Fox was in hospital")
    await trio.worker.send("20/01/2026")
    await homeward.advance_to(datetime(2026, 1, 22, 10, 0, tzinfo=UTC))
    ann = await homeward.enrol_worker(trio.manager, "Ann Lee")
    await trio.manager.command("reassign", "Blue Fox Ann Lee")
    handover = next(t for t in ann.texts() if t.startswith("🤝"))
    line = texts.HANDOVER_REVIEW_NO_VIEW.split("{when}")[1].format(
        reason="Blue Fox was in hospital", due="Tuesday 20 January" + texts.OVERDUE_MARK
    )
    assert line in handover and "Their view: “" not in handover
