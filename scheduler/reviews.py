"""Progress reviews falling due: the reminders two days before and on the day, and the
overdue alert at 09:00 on the day after (`bot.rules.timing`)."""

from datetime import datetime

from sqlmodel import Session, col, select

from bot.rules import invites, timing
from bot.rules.casework import current_worker, managers_of
from bot.rules.notices import Urgency, raise_notice
from bot.storage.models import Child
from bot.wording import texts
from bot.wording.timefmt import show_date
from scheduler.context import BATCH, Context


def review_reminders(session: Session, now: datetime, ctx: Context) -> int:
    children = session.exec(
        select(Child)
        .where(col(Child.review_next_event_at) <= now, col(Child.closed_at).is_(None))
        .order_by(col(Child.review_next_event_at))
        .limit(BATCH)
        .with_for_update(skip_locked=True)
    ).all()
    for child in children:
        assert child.review_due_on is not None
        stage = timing.review_stage(child.review_due_on, now, ctx.zone)
        if stage is not None:
            _review_stage(session, child, stage, now, ctx)
        child.review_next_event_at = timing.next_review_event_at(child.review_due_on, now, ctx.zone)
        session.add(child)
    return len(children)


URGENCY = {
    timing.ReviewStage.BEFORE: Urgency.REVIEW_SOON,
    timing.ReviewStage.DUE: Urgency.REVIEW_TODAY,
    timing.ReviewStage.OVERDUE: Urgency.REVIEW_OVERDUE,
}


def _review_stage(session: Session, child: Child, stage: str, now: datetime, ctx: Context) -> None:
    assert child.id is not None and child.review_due_on is not None
    worker = current_worker(session, child.id)
    due_on, joining = child.review_due_on, invites.joining(session, child, now)
    key = f"review:{child.id}:{due_on.isoformat()}:{stage}"

    def worker_text() -> str:
        return {
            timing.ReviewStage.BEFORE: texts.REVIEW_BEFORE,
            timing.ReviewStage.DUE: texts.REVIEW_TODAY,
            timing.ReviewStage.OVERDUE: texts.REVIEW_OVERDUE_WORKER,
        }[stage].format(alias=child.alias, due=show_date(due_on)) + texts.joining_mark(joining)

    def manager_text() -> str:
        return texts.REVIEW_OVERDUE_MANAGER.format(
            alias=child.alias,
            risk=texts.risk(child.risk_level),
            due=show_date(due_on),
            worker=worker.name if worker else texts.NO_WORKER_NAMED,
        ) + texts.joining_mark(joining)

    if worker is not None:
        raise_notice(
            session,
            worker,
            key=f"{key}:worker",
            text=worker_text,
            urgency=URGENCY[stage],
            now=now,
            child=child,
            command="review",
        )
    if stage != timing.ReviewStage.OVERDUE:
        return
    child.review_alerted_on = timing.local_date(now, ctx.zone)
    for manager in managers_of(session, child.team_id):
        raise_notice(
            session,
            manager,
            key=key,
            text=manager_text,
            urgency=Urgency.REVIEW_OVERDUE,
            now=now,
            child=child,
        )
