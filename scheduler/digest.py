"""The 09:00 digest: what stays overdue, calls for help nobody took, and a night with no
cover, as notices to each manager and to each worker with something overdue; they go with the
morning's reminders and alerts, one message per person (`bot.rules.notices`)."""

from collections.abc import Callable
from datetime import datetime, timedelta
from functools import partial

from sqlmodel import Session, select

from bot.rules import timing
from bot.rules.casework import managers_of
from bot.rules.morning import Morning, morning
from bot.rules.notices import Urgency, raise_notice
from bot.rules.overview import (
    interview_line,
    no_cover_line,
    no_worker_line,
    overdue_line,
    untaken_line,
)
from bot.storage.models import Child, Staff, SweepMark, Team
from scheduler.context import Context


def digests(session: Session, now: datetime, ctx: Context) -> int:
    """At 09:00 each day, what stays overdue, to the team's managers and each worker."""
    today = timing.local_date(now, ctx.zone)
    mark = session.get(SweepMark, "digest")
    if not timing.digest_due(now, ctx.zone) or (mark is not None and mark.day >= today):
        return 0
    last_day = mark.day if mark is not None else today - timedelta(days=1)
    for team in session.exec(select(Team)).all():
        assert team.id is not None
        found = morning(session, team.id, now, ctx.zone, last_day)
        if found:
            _digest(session, team, found, f"digest:{team.id}:{today.isoformat()}", now, ctx)
    session.merge(SweepMark(name="digest", day=today))
    return 0


def _digest(
    session: Session, team: Team, found: Morning, key: str, now: datetime, ctx: Context
) -> None:
    managers = managers_of(session, team.id or 0)

    def tell(
        people: list[Staff],
        what: str,
        text: Callable[[], str],
        urgency: Urgency,
        child: Child | None = None,
        command: str | None = None,
        late: int = 0,
    ) -> None:
        for person in people:
            raise_notice(
                session,
                person,
                key=f"{key}:{what}",
                text=text,
                urgency=urgency,
                now=now,
                child=child,
                command=command,
                late=late,
            )

    for n, alert in enumerate(found.untaken):
        tell(
            managers, f"untaken:{n}", partial(untaken_line, alert, ctx.zone), Urgency.UNTAKEN_ALERT
        )
    if found.night:
        tell(managers, "night", partial(no_cover_line, found.night), Urgency.NO_COVER)
    for child in found.unassigned:
        tell(
            managers,
            f"unassigned:{child.id}",
            partial(no_worker_line, child),
            Urgency.NO_WORKER,
            child,
        )
    for interview in found.interviews:
        about = session.get(Child, interview.child_id)
        line, what = partial(interview_line, interview, ctx.zone, now), f"rhi:{interview.child_id}"
        late = int((now - interview.due_at).total_seconds() // 3600)
        tell(managers, what, line, Urgency.INTERVIEW_OVERDUE, about, late=late)
        worker = _active(session, interview.worker_id)
        tell(worker, what, line, Urgency.INTERVIEW_OVERDUE, about, command="rhi", late=late)
    for review in found.reviews:
        about = session.get(Child, review.child_id)
        line, what = partial(overdue_line, review), f"review:{review.child_id}"
        tell(managers, what, line, Urgency.REVIEW_OVERDUE, about, late=24 * review.days)
        worker = _active(session, review.worker_id)
        tell(
            worker,
            what,
            line,
            Urgency.REVIEW_OVERDUE,
            about,
            command="review",
            late=24 * review.days,
        )


def _active(session: Session, worker_id: int | None) -> list[Staff]:
    worker = session.get(Staff, worker_id) if worker_id is not None else None
    return [worker] if worker is not None and worker.active else []
