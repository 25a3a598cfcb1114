"""The Board's figures per worker, by the name each was invited with: counts only, never a
child's alias or words. Each figure is one aggregate query grouped by worker (one row per worker
comes back). What each counts is defined in `bot.report`'s docstring."""

from collections import defaultdict
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func, or_, select
from sqlalchemy.engine import Connection
from sqlmodel import col

from bot.report.sql import Period, answered, count_if, counted_checkins
from bot.rules import overdue
from bot.storage.models import CheckIn, Child, Episode, Pairing, Review, Role, Staff


@dataclass(frozen=True)
class WorkerFigures:
    name: str
    children: int  # children paired with them at some time in the period
    reviews_held: int
    reviews_overdue_now: int
    rhis_past_72h: int  # their children's returns in the period with an interview or past 72 h
    rhis_within_72h: int
    checkins_prompted: int
    checkins_answered: int


_FIGURES = [field.name for field in fields(WorkerFigures) if field.name != "name"]


def worker_figures(
    connection: Connection, team_id: int, period: Period, now: datetime, zone: ZoneInfo
) -> list[WorkerFigures]:
    """The team's workers in the order of their names: every active one, and any other who
    has a figure to show."""
    figures: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(_FIGURES, 0))

    def per_worker(names: tuple[str, ...], query: Any, worker: Any) -> None:
        """`query`'s counts, grouped by `worker`, as the figures `names` of each worker."""
        for *counts, who in connection.execute(query.add_columns(worker).group_by(worker)):
            figures[int(who)].update(zip(names, map(int, counts), strict=True))

    of_team = col(Child.team_id) == team_id
    in_period = and_(
        col(Pairing.started_at) < period.until,
        or_(col(Pairing.ended_at).is_(None), col(Pairing.ended_at) > period.since),
    )
    per_worker(
        ("children",),
        select(func.count(func.distinct(col(Pairing.child_id))))
        .select_from(Pairing)
        .join(Child, col(Child.id) == col(Pairing.child_id))
        .where(of_team, in_period),
        col(Pairing.worker_id),
    )
    per_worker(
        ("reviews_held",),
        select(func.count())
        .select_from(Review)
        .join(Child, col(Child.id) == col(Review.child_id))
        .where(of_team, period.holds(col(Review.held_at))),
        col(Review.worker_id),
    )
    per_worker(
        ("reviews_overdue_now",),
        select(func.count())
        .select_from(Child)
        .join(Pairing, col(Pairing.child_id) == col(Child.id))
        .where(of_team, col(Pairing.ended_at).is_(None), overdue.review_overdue(now, zone)),
        col(Pairing.worker_id),
    )
    per_worker(
        ("rhis_past_72h", "rhis_within_72h"),
        select(
            count_if(~overdue.rhi_not_yet_due(now)),
            count_if(col(Episode.rhi_done_at) <= col(Episode.rhi_due_at)),
        )
        .select_from(Episode)
        .join(Pairing, _paired_at(col(Episode.child_id), col(Episode.returned_at)))
        .where(col(Episode.team_id) == team_id, period.holds(col(Episode.returned_at))),
        col(Pairing.worker_id),
    )
    per_worker(
        ("checkins_prompted", "checkins_answered"),
        select(func.count(), count_if(answered()))
        .select_from(CheckIn)
        .join(Child, col(Child.id) == col(CheckIn.child_id))
        .join(Pairing, _paired_at(col(CheckIn.child_id), col(CheckIn.created_at)))
        .where(of_team, *counted_checkins(period)),
        col(Pairing.worker_id),
    )

    staff = connection.execute(
        select(col(Staff.id), col(Staff.name), col(Staff.active))
        .where(col(Staff.team_id) == team_id, col(Staff.role) == Role.WORKER)
        .order_by(col(Staff.name), col(Staff.id))
    )
    shown = []
    for worker, name, active in staff:
        assert worker is not None
        counts = figures[worker]
        if active or any(counts.values()):
            shown.append(WorkerFigures(name=name, **counts))
    return shown


def _paired_at(child: Any, moment: Any) -> Any:
    """The child's pairing that held at `moment`: whose worker they were then."""
    return and_(
        col(Pairing.child_id) == child,
        col(Pairing.started_at) <= moment,
        or_(col(Pairing.ended_at).is_(None), col(Pairing.ended_at) > moment),
    )
