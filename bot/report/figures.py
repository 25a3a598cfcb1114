"""The Board's figures: one team's counts for a period, each by aggregate SQL in the database
(what each counts is defined in `bot.report`'s docstring)."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Date, case, func, literal, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import Executable
from sqlmodel import col

from bot.report.urgent import UrgentFigures, urgent_figures
from bot.rules import overdue, timing
from bot.rules.episodes import OTHER, PULL_FACTORS, PUSH_FACTORS, REASONS
from bot.storage.models import (
    CheckIn,
    CheckInStatus,
    Child,
    Episode,
    MissingReason,
    Pairing,
    Rater,
    Rating,
    Review,
    Team,
    UTCDateTime,
)
from bot.wording import texts

NOT_GRADED = "not_graded"
GRADES: dict[str, str] = {**texts.GRADES, NOT_GRADED: "Not graded"}

# "Is it helping?" on each rater's scale; the same position means the same kind of answer.
RATING_VALUES: dict[str, dict[str, str]] = {
    Rater.CHILD.value: dict(texts.CHECKIN_DIFFERENCES),  # yes, a_bit, no, not_sure
    Rater.WORKER.value: dict(texts.REVIEW_RATINGS),  # helping, partly, not_helping, too_early
}

_DAYS_PER_QUERY = 1_000  # due dates per on-time query: about 2 bound values a day, far below limits


@dataclass(frozen=True)
class BoardReport:
    team: str
    start: date  # local dates, both included
    end: date
    as_at: datetime  # the `now` the report was made at (UTC)
    zone: ZoneInfo  # the service's time zone, to show dates and times in
    reviews_due: int
    reviews_on_time: int
    reviews_on_time_pct: float | None
    overdue_reviews_now: int
    overdue_rhis_now: int
    returns: int
    rhis_within_72h: int
    rhis_not_yet_due: int
    episodes_by_grade: Mapping[str, int]  # every key of GRADES
    reasons: Mapping[str, int]  # every key of REASONS
    push_total: int
    pull_total: int
    ratings: Mapping[str, Mapping[str, int]]  # rater -> value -> count, every value present
    children_paired: int  # children with a pairing overlapping the period
    worker_changes: int  # total over those children of (pairings in the period - 1)
    worker_changes_mean: float | None
    worker_changes_max: int
    children_with_change: int
    checkins_prompted: int
    checkins_answered: int
    checkins_response_pct: float | None
    urgent: UrgentFigures

    @property
    def rhis_past_72h(self) -> int:
        """Returns whose interview is held or whose 72 hours have run out: the share's base."""
        return self.returns - self.rhis_not_yet_due

    @property
    def rhis_within_72h_pct(self) -> float | None:
        return pct(self.rhis_within_72h, self.rhis_past_72h)


def pct(part: int, whole: int) -> float | None:
    return None if whole == 0 else 100 * part / whole


def local_midnight_utc(day: date, zone: ZoneInfo) -> datetime:
    """The UTC instant at which `day` begins on the wall clock in `zone`."""
    return timing.at_local(day, time(0, 0), zone).astimezone(UTC)


# The figures ----------------------------------------------------------------------------------


def board_report(
    session: Session, team_id: int, start: date, end: date, zone: ZoneInfo, now: datetime
) -> BoardReport:
    """The team's figures for the local dates `start` to `end` (both included), as at `now`."""
    if end < start:
        raise ValueError("the period ends before it starts")
    connection = session.connection()

    def one(query: Executable) -> tuple[int, ...]:
        """A row of counts and sums as ints (PostgreSQL sums to numeric; an empty SUM is NULL)."""
        return tuple(int(value or 0) for value in connection.execute(query).one())

    team = connection.execute(select(col(Team.name)).where(col(Team.id) == team_id)).scalar()
    if team is None:
        raise LookupError(f"no team {team_id}")
    since = local_midnight_utc(start, zone)
    until = local_midnight_utc(end + timedelta(days=1), zone)
    today = timing.local_date(now, zone)
    in_team = col(Child.team_id) == team_id
    open_now = overdue.open_case(now)

    # Reviews: held ones that answered a due date in the period ...
    held_due = held_on_time = 0
    day = start
    while day <= end:
        last = min(end, day + timedelta(days=_DAYS_PER_QUERY - 1))
        due, on_time = one(_held_reviews(team_id, day, last, zone))
        held_due += due
        held_on_time += on_time
        day = last + timedelta(days=1)
    # ... and open cases still waiting for a review that fell due in the period (their due
    # date has passed), among the open cases overdue now.
    waiting_until = min(end, today - timedelta(days=1))
    overdue_reviews, waiting = one(
        select(
            _count_if(overdue.review_overdue(now, zone)),
            _count_if(open_now & col(Child.review_due_on).between(start, waiting_until)),
        )
        .select_from(Child)
        .where(in_team)
    )

    # Missing episodes, return interviews and their 72 hours: one pass over the team's episodes.
    opened = (col(Episode.opened_at) >= since) & (col(Episode.opened_at) < until)
    returned = (col(Episode.returned_at) >= since) & (col(Episode.returned_at) < until)
    grade = col(Episode.risk_grade)
    graded = [code for code in GRADES if code != NOT_GRADED]
    returns, within, not_yet_due, overdue_rhis, *by_grade = one(
        select(
            _count_if(returned),
            _count_if(returned & (col(Episode.rhi_done_at) <= col(Episode.rhi_due_at))),
            _count_if(returned & overdue.rhi_not_yet_due(now)),
            _count_if(overdue.rhi_overdue(now)),
            *(_count_if(opened & (grade == code)) for code in graded),
            _count_if(opened & or_(grade.is_(None), grade.not_in(graded))),
        )
        .select_from(Episode)
        .join(Child, col(Child.id) == col(Episode.child_id))
        .where(col(Episode.team_id) == team_id)
    )
    grades = dict(zip([*graded, NOT_GRADED], by_grade, strict=True))

    # Reasons given in return interviews.
    reason = col(MissingReason.reason)
    named = [code for code in REASONS if code != OTHER]
    counts = one(
        select(
            *(_count_if(reason == code) for code in named),
            _count_if(reason.not_in(named)),
        ).where(
            col(MissingReason.team_id) == team_id,
            col(MissingReason.held_at) >= since,
            col(MissingReason.held_at) < until,
        )
    )
    reasons = dict(zip([*named, OTHER], counts, strict=True))

    # "Is it helping?", per rater and answer.
    pairs = [(rater, value) for rater, values in RATING_VALUES.items() for value in values]
    counts = one(
        select(
            *(
                _count_if((col(Rating.rater) == rater) & (col(Rating.value) == value))
                for rater, value in pairs
            )
        )
        .select_from(Rating)
        .join(Child, col(Child.id) == col(Rating.child_id))
        .where(in_team, col(Rating.created_at) >= since, col(Rating.created_at) < until)
    )
    ratings: dict[str, dict[str, int]] = {rater: {} for rater in RATING_VALUES}
    for (rater, value), count in zip(pairs, counts, strict=True):
        ratings[rater][value] = count

    # Worker changes: pairings overlapping the period, per child.
    per_child = (
        select(func.count().label("pairings"))
        .select_from(Pairing)
        .join(Child, col(Child.id) == col(Pairing.child_id))
        .where(
            in_team,
            col(Pairing.started_at) < until,
            or_(col(Pairing.ended_at).is_(None), col(Pairing.ended_at) > since),
        )
        .group_by(col(Child.id))
        .subquery()
    )
    changes = per_child.c.pairings - 1
    children_paired, worker_changes, most_changes, children_with_change = one(
        select(func.count(), func.sum(changes), func.max(changes), _count_if(changes > 0))
    )

    # Check-ins the bot prompted.
    prompted, answered = one(
        select(func.count(), _count_if(col(CheckIn.answered_at).is_not(None)))
        .select_from(CheckIn)
        .join(Child, col(Child.id) == col(CheckIn.child_id))
        .where(
            in_team,
            col(CheckIn.prompt_key).is_not(None),
            col(CheckIn.created_at) >= since,
            col(CheckIn.created_at) < until,
            or_(
                col(CheckIn.status) != CheckInStatus.SUPERSEDED,
                col(CheckIn.answered_at).is_not(None),
            ),
        )
    )

    reviews_due = held_due + waiting
    return BoardReport(
        team=team,
        start=start,
        end=end,
        as_at=now.astimezone(UTC),
        zone=zone,
        reviews_due=reviews_due,
        reviews_on_time=held_on_time,
        reviews_on_time_pct=pct(held_on_time, reviews_due),
        overdue_reviews_now=overdue_reviews,
        overdue_rhis_now=overdue_rhis,
        returns=returns,
        rhis_within_72h=within,
        rhis_not_yet_due=not_yet_due,
        episodes_by_grade=grades,
        reasons=reasons,
        push_total=sum(reasons[code] for code in PUSH_FACTORS),
        pull_total=sum(reasons[code] for code in PULL_FACTORS),
        ratings=ratings,
        children_paired=children_paired,
        worker_changes=worker_changes,
        worker_changes_mean=None if children_paired == 0 else worker_changes / children_paired,
        worker_changes_max=most_changes,
        children_with_change=children_with_change,
        checkins_prompted=prompted,
        checkins_answered=answered,
        checkins_response_pct=pct(answered, prompted),
        urgent=urgent_figures(connection, team_id, since, until),
    )


def _count_if(condition: Any) -> Any:
    """COUNT of the rows meeting the condition (CASE gives NULL otherwise, which COUNT skips)."""
    return func.count(case((condition, 1)))


def _held_reviews(team_id: int, first: date, last: date, zone: ZoneInfo) -> Executable:
    """How many of the team's held reviews answered a due date from `first` to `last`, and how
    many of them were held on time: before local midnight at the end of the due date."""
    days = []
    day = first
    while day <= last:
        days.append((day, local_midnight_utc(day + timedelta(days=1), zone)))
        day += timedelta(days=1)
    on_time = col(Review.held_at) < _day_ends(col(Review.due_on), days)
    return (
        select(func.count(), _count_if(on_time))
        .select_from(Review)
        .join(Child, col(Child.id) == col(Review.child_id))
        .where(col(Child.team_id) == team_id, col(Review.due_on).between(first, last))
    )


def _day_ends(due_on: Any, days: list[tuple[date, datetime]]) -> Any:
    """The UTC instant the local day `due_on` ends, as a binary search over the period's days
    written as nested CASEs: a row costs a few comparisons (log2 of the days), the SQL needs no
    date arithmetic (which SQLite and PostgreSQL spell differently) and no join (which SQLite
    would plan as a scan of the days for every review)."""
    if len(days) == 1:
        return literal(days[0][1], UTCDateTime())
    middle = len(days) // 2
    return case(
        (due_on < literal(days[middle][0], Date()), _day_ends(due_on, days[:middle])),
        else_=_day_ends(due_on, days[middle:]),
    )
