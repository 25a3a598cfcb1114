"""The period month by month: each figure of the trend counted per calendar month in the
service's zone, by aggregate SQL grouped by month (one row per month comes back, however many
rows are counted). What each counts is defined in `bot.report`'s docstring."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Date, func, literal, select
from sqlalchemy.engine import Connection
from sqlmodel import col

from bot.report.sql import Month, Period, answered, count_if, counted_checkins, step
from bot.report.sql import local_midnight_utc as midnight
from bot.rules import overdue, timing
from bot.storage.models import CheckIn, Child, Episode, Review, UTCDateTime

_DAYS_PER_QUERY = 1_000  # due dates per on-time query: about 2 bound values a day, far below limits


@dataclass(frozen=True)
class MonthFigures:
    month: Month
    episodes_started: int
    returns: int
    rhis_within_72h: int
    rhis_not_yet_due: int
    reviews_held: int
    reviews_with_child_words: int
    reviews_due: int
    reviews_on_time: int
    checkins_prompted: int
    checkins_answered: int

    @property
    def rhis_past_72h(self) -> int:
        return self.returns - self.rhis_not_yet_due


def monthly_figures(
    connection: Connection, team_id: int, period: Period, now: datetime
) -> list[MonthFigures]:
    def by_month(query: Any, month: Any) -> dict[int, tuple[int, ...]]:
        """`query`'s counts per month, by the month's index (grouped by its label: PostgreSQL
        would not match a repeated expression, its bound values being numbered apart)."""
        rows = connection.execute(query.add_columns(month.label("month")).group_by("month"))
        return {int(row[-1]): tuple(int(n or 0) for n in row[:-1]) for row in rows}

    of_team = col(Child.team_id) == team_id
    opened = by_month(
        select(func.count())
        .select_from(Episode)
        .where(col(Episode.team_id) == team_id, period.holds(col(Episode.opened_at))),
        period.month_of(col(Episode.opened_at)),
    )
    returned = by_month(
        select(
            func.count(),
            count_if(col(Episode.rhi_done_at) <= col(Episode.rhi_due_at)),
            count_if(overdue.rhi_not_yet_due(now)),
        )
        .select_from(Episode)
        .where(col(Episode.team_id) == team_id, period.holds(col(Episode.returned_at))),
        period.month_of(col(Episode.returned_at)),
    )
    held = by_month(
        select(func.count(), count_if(col(Review.child_view).is_not(None)))
        .select_from(Review)
        .join(Child, col(Child.id) == col(Review.child_id))
        .where(of_team, period.holds(col(Review.held_at))),
        period.month_of(col(Review.held_at)),
    )
    # Reviews due: held ones that answered a due date in the month, a thousand days at a time,
    # and open cases still waiting for a review that fell due in the month (it has passed).
    due: dict[int, tuple[int, ...]] = {}
    day = period.start
    while day <= period.end:
        last = min(period.end, day + timedelta(days=_DAYS_PER_QUERY - 1))
        held_due = _held_reviews(team_id, day, last, period)
        due = _add(due, by_month(held_due, period.month_of_day(col(Review.due_on))))
        day = last + timedelta(days=1)
    waiting_until = min(period.end, timing.local_date(now, period.zone) - timedelta(days=1))
    waiting = by_month(
        select(func.count())
        .select_from(Child)
        .where(
            of_team,
            overdue.open_case(now),
            col(Child.review_due_on).between(period.start, waiting_until),
        ),
        period.month_of_day(col(Child.review_due_on)),
    )
    checkins = by_month(
        select(func.count(), count_if(answered()))
        .select_from(CheckIn)
        .join(Child, col(Child.id) == col(CheckIn.child_id))
        .where(of_team, *counted_checkins(period)),
        period.month_of(col(CheckIn.created_at)),
    )

    figures = []
    for index, month in enumerate(period.months):
        returns, within, not_yet_due = returned.get(index, (0, 0, 0))
        reviews_held, with_words = held.get(index, (0, 0))
        held_due, on_time = due.get(index, (0, 0))
        prompted, answers = checkins.get(index, (0, 0))
        figures.append(
            MonthFigures(
                month=month,
                episodes_started=opened.get(index, (0,))[0],
                returns=returns,
                rhis_within_72h=within,
                rhis_not_yet_due=not_yet_due,
                reviews_held=reviews_held,
                reviews_with_child_words=with_words,
                reviews_due=held_due + waiting.get(index, (0,))[0],
                reviews_on_time=on_time,
                checkins_prompted=prompted,
                checkins_answered=answers,
            )
        )
    return figures


def _add(
    totals: dict[int, tuple[int, ...]], more: dict[int, tuple[int, ...]]
) -> dict[int, tuple[int, ...]]:
    """Counts per month summed (a month may straddle two queries)."""
    summed = dict(totals)
    for month, counts in more.items():
        before = summed.get(month, (0,) * len(counts))
        summed[month] = tuple(a + b for a, b in zip(before, counts, strict=True))
    return summed


def _held_reviews(team_id: int, first: date, last: date, period: Period) -> Any:
    """How many of the team's held reviews answered a due date from `first` to `last`, and how
    many of them were held on time: before local midnight at the end of the due date."""
    days = _days(first, last)
    ends = [literal(midnight(day + timedelta(days=1), period.zone), UTCDateTime()) for day in days]
    day_ends = step(col(Review.due_on), [literal(day, Date()) for day in days], ends)
    return (
        select(func.count(), count_if(col(Review.held_at) < day_ends))
        .select_from(Review)
        .join(Child, col(Child.id) == col(Review.child_id))
        .where(col(Child.team_id) == team_id, col(Review.due_on).between(first, last))
    )


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]
