"""The 09:00 digest: what stays overdue, calls for help nobody took, and a night with no
cover, one message to each manager and to each worker with something overdue."""

from datetime import date, datetime, timedelta

from sqlmodel import Session, select

from bot.outbox.queue import Outgoing, Priority, enqueue
from bot.rules import timing
from bot.rules.casework import managers_of
from bot.rules.morning import Morning, morning
from bot.rules.overview import no_cover_line, overdue_lines, untaken_line
from bot.storage.models import Staff, SweepMark, Team
from bot.wording import texts
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
            _send_digest(session, team, found, today, now, ctx)
    session.merge(SweepMark(name="digest", day=today))
    return 0


def _send_digest(
    session: Session,
    team: Team,
    morning: Morning,
    today: date,
    now: datetime,
    ctx: Context,
) -> None:
    reviews, interviews = morning.reviews, morning.interviews

    def digest(worker_id: int | None) -> str:
        mine = [r for r in reviews if worker_id in (None, r.worker_id)]
        theirs = [i for i in interviews if worker_id in (None, i.worker_id)]
        for_managers = worker_id is None
        unassigned = morning.unassigned if for_managers else []
        lines = overdue_lines(mine, theirs, ctx.zone, now, unassigned)
        if for_managers:
            lines[:0] = [
                *(untaken_line(alert, ctx.zone) for alert in morning.untaken),
                *([no_cover_line(morning.night)] if morning.night else []),
            ]
        return "\n".join([head.format(team=team.name), *lines])

    # After downtime the day's digest may go in the afternoon: it does not say "this morning".
    head = texts.DIGEST_HEAD if now.astimezone(ctx.zone).hour < 12 else texts.DIGEST_HEAD_LATE

    for manager in managers_of(session, team.id or 0):
        assert manager.telegram_user_id is not None
        enqueue(
            session,
            chat_id=manager.telegram_user_id,
            key=f"digest:{team.id}:{today.isoformat()}:{manager.id}",
            outgoing=Outgoing.text(digest(None)),
            now=now,
            priority=Priority.REMINDER,
        )
    workers = {r.worker_id for r in reviews} | {i.worker_id for i in interviews}
    for worker_id in sorted(w for w in workers if w is not None):
        worker = session.get(Staff, worker_id)
        if worker is not None and worker.telegram_user_id is not None and worker.active:
            enqueue(
                session,
                chat_id=worker.telegram_user_id,
                key=f"digest:{team.id}:{today.isoformat()}:{worker_id}",
                outgoing=Outgoing.text(digest(worker_id)),
                now=now,
                priority=Priority.REMINDER,
            )
