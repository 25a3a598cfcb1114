"""Check-ins: the weekly prompt at 16:00, when it actually went out, and the worker told when
48 hours pass without an answer."""

from datetime import UTC, datetime
from functools import partial

from sqlmodel import Session, col, select

from bot.outbox.queue import Priority, enqueue
from bot.outbox.quiet_hours import quiet_hours_end
from bot.rules import checkins, timing
from bot.rules.casework import current_worker
from bot.rules.checkins import STEP_MOOD, open_checkin, step_message
from bot.rules.notices import Urgency, raise_notice
from bot.storage.models import (
    CheckIn,
    CheckInStatus,
    Child,
    Outbox,
    OutboxStatus,
)
from bot.wording import texts
from bot.wording.timefmt import show_day
from scheduler.context import BATCH, Context


def checkin_prompts(session: Session, now: datetime, ctx: Context) -> int:
    """One prompt per child that is due, however many weeks were missed."""
    children = session.exec(
        select(Child)
        .where(
            col(Child.next_checkin_at) <= now,
            col(Child.closed_at).is_(None),
            col(Child.telegram_user_id).is_not(None),
        )
        .order_by(col(Child.next_checkin_at))
        .limit(BATCH)
        .with_for_update(skip_locked=True)
    ).all()
    for child in children:
        assert child.telegram_user_id is not None
        send_at = quiet_hours_end(now, ctx.zone)
        key = f"checkin:{child.id}:{send_at.astimezone(UTC).isoformat(timespec='minutes')}"
        checkin = open_checkin(session, child, now, prompt_key=key)
        enqueue(
            session,
            chat_id=child.telegram_user_id,
            key=key,
            outgoing=step_message(session, child, checkin, STEP_MOOD, now),
            now=now,
            priority=Priority.REMINDER,
            not_before=send_at,
            quiet=True,
            child_id=child.id,
        )
        child.next_checkin_at = timing.next_checkin_at(
            send_at, ctx.zone, child.checkin_weekday, child.checkin_time
        )
        session.add(child)
    return len(children)


def prompts_sent(session: Session, now: datetime, ctx: Context) -> int:
    """Learn when each prompt actually went out: the 48 hours count from then."""
    rows = session.exec(
        select(CheckIn, Outbox)
        .join(Outbox, col(Outbox.dedupe_key) == col(CheckIn.prompt_key))
        .where(
            col(CheckIn.status) == CheckInStatus.OPEN,
            col(CheckIn.prompt_sent_at).is_(None),
            col(Outbox.status) != OutboxStatus.PENDING,
        )
        .limit(BATCH)
        .with_for_update(of=CheckIn, skip_locked=True)
    ).all()
    for checkin, prompt in rows:
        if prompt.status == OutboxStatus.SENT and prompt.sent_at is not None:
            checkin.prompt_sent_at = prompt.sent_at
            checkin.unanswered_at = timing.checkin_unanswered_at(prompt.sent_at)
        else:  # the child can't be reached; their worker has been told that already
            checkin.status = CheckInStatus.UNANSWERED
        session.add(checkin)
    return len(rows)


def unanswered_checkins(session: Session, now: datetime, ctx: Context) -> int:
    """48 hours after a prompt went out without a finished answer: the worker is told."""
    rows = session.exec(
        select(CheckIn)
        .where(col(CheckIn.unanswered_at) <= now, col(CheckIn.status) == CheckInStatus.OPEN)
        .limit(BATCH)
        .with_for_update(skip_locked=True)
    ).all()
    for checkin in rows:
        child = session.get(Child, checkin.child_id)
        worker = current_worker(session, checkin.child_id)
        assert child is not None and checkin.prompt_sent_at is not None
        checkin.status = (
            CheckInStatus.DONE if checkin.answered_at is not None else CheckInStatus.UNANSWERED
        )
        session.add(checkin)
        if worker is not None:
            raise_notice(
                session,
                worker,
                key=f"checkin:{checkin.id}:unanswered",
                text=partial(_not_finished, child, checkin, ctx),
                urgency=Urgency.CHECKIN_UNANSWERED,
                now=now,
                child=child,
                command="msg",
            )
    return len(rows)


def _not_finished(child: Child, checkin: CheckIn, ctx: Context) -> str:
    """The worker's line about a check-in the child left, or only partly answered."""
    if checkin.answered_at is not None:
        return checkins.partly_answered(child, checkin)
    assert checkin.prompt_sent_at is not None
    return texts.CHECKIN_UNANSWERED.format(
        alias=child.alias, sent=show_day(checkin.prompt_sent_at, ctx.zone)
    )
