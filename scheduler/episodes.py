"""The return home interview's clock: the worker reminded at 48 hours after a return, the
managers and the worker alerted at 72 hours."""

from datetime import datetime

from sqlmodel import Session, col, select

from bot.rules import timing
from bot.rules.casework import current_worker, managers_of
from bot.rules.notices import Urgency, raise_notice
from bot.storage.models import Child, Episode
from bot.wording import texts
from bot.wording.timefmt import show_day
from scheduler.context import BATCH, Context


def rhi_clock(session: Session, now: datetime, ctx: Context) -> int:
    """48 hours after a return, remind the worker; at 72 hours, alert managers and worker."""
    due = session.exec(
        select(Episode)
        .where(col(Episode.rhi_next_event_at) <= now)
        .limit(BATCH)
        .with_for_update(skip_locked=True)
    ).all()
    for episode in due:
        assert episode.returned_at is not None and episode.rhi_due_at is not None
        child = session.get(Child, episode.child_id)
        stage = timing.rhi_stage(episode.returned_at, now)
        if child is not None and child.closed_at is None and stage is not None:
            _rhi_stage(session, child, episode, stage, now, ctx)
        episode.rhi_next_event_at = timing.next_rhi_event_at(episode.returned_at, now)
        session.add(episode)
    return len(due)


def _rhi_stage(
    session: Session, child: Child, episode: Episode, stage: str, now: datetime, ctx: Context
) -> None:
    assert child.id is not None and episode.rhi_due_at and episode.returned_at
    worker = current_worker(session, child.id)
    key = f"rhi:{episode.id}:{stage}"
    due_at, back_at = episode.rhi_due_at, episode.returned_at
    if stage == timing.RhiStage.REMINDER:
        urgency, managers = Urgency.INTERVIEW_DUE, []
    else:
        urgency, managers = Urgency.INTERVIEW_OVERDUE, managers_of(session, child.team_id)

    def text() -> str:
        if stage == timing.RhiStage.REMINDER:
            return texts.RHI_REMINDER.format(alias=child.alias, deadline=show_day(due_at, ctx.zone))
        return texts.RHI_OVERDUE.format(alias=child.alias, back=show_day(back_at, ctx.zone))

    if worker is not None:
        raise_notice(
            session,
            worker,
            key=key,
            text=text,
            urgency=urgency,
            now=now,
            child=child,
            command="rhi",
        )
    for manager in managers:
        raise_notice(session, manager, key=key, text=text, urgency=urgency, now=now, child=child)
