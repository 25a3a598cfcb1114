"""The Board's figures: one team's counts for a period, each by aggregate SQL in the database
(what each counts is defined in `bot.report`'s docstring)."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import Executable
from sqlmodel import col

from bot.report.months import MonthFigures, monthly_figures
from bot.report.sql import HELD, Period, count_if
from bot.report.urgent import UrgentFigures, urgent_figures
from bot.report.workers import WorkerFigures, worker_figures
from bot.rules import overdue
from bot.rules.episodes import OTHER, PULL_FACTORS, PUSH_FACTORS, REASONS
from bot.storage.models import (
    Child,
    Episode,
    MissingReason,
    Pairing,
    Rater,
    Rating,
    ReturnInterview,
    Team,
)
from bot.wording import children, staff
from bot.wording.language import N_

# The labels below are marked English (as `bot.wording` keeps them, untranslated), said with
# `language.say` where they are read: these dicts are made once, at import.
NOT_GRADED = "not_graded"
GRADES: dict[str, str] = {**staff.GRADES, NOT_GRADED: N_("Not graded")}

# "Is it helping?" on each rater's scale; the same position means the same kind of answer.
RATING_VALUES: dict[str, dict[str, str]] = {
    Rater.CHILD.value: dict(children.CHECKIN_DIFFERENCES),  # yes, a_bit, no, not_sure
    Rater.WORKER.value: dict(staff.REVIEW_RATINGS),  # helping, partly, not_helping, too_early
}


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
    rhis_held: int  # returns in the period whose interview was held (not offered or declined)
    rhis_held_within_72h: int
    reviews_held: int  # reviews held in the period
    reviews_with_child_words: int
    interviews_held: int  # return interviews held in the period
    interviews_with_child_words: int
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
    children_not_joined: int  # open cases whose child has not joined: no check-ins to count
    months: tuple[MonthFigures, ...]
    workers: tuple[WorkerFigures, ...]
    urgent: UrgentFigures

    @property
    def rhis_past_72h(self) -> int:
        """Returns whose interview is held or whose 72 hours have run out: the share's base."""
        return self.returns - self.rhis_not_yet_due

    @property
    def rhis_within_72h_pct(self) -> float | None:
        return pct(self.rhis_within_72h, self.rhis_past_72h)

    @property
    def rhis_held_within_72h_pct(self) -> float | None:
        return pct(self.rhis_held_within_72h, self.rhis_held)


def pct(part: int, whole: int) -> float | None:
    return None if whole == 0 else 100 * part / whole


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
    period = Period(start, end, zone)
    in_team = col(Child.team_id) == team_id
    months = monthly_figures(connection, team_id, period, now)

    def total(figure: str) -> int:
        return sum(getattr(month, figure) for month in months)

    overdue_reviews, not_joined = one(
        select(
            count_if(overdue.review_overdue(now, zone)),
            count_if(overdue.open_case(now) & col(Child.telegram_user_id).is_(None)),
        )
        .select_from(Child)
        .where(in_team)
    )

    # Episodes by grade and return interviews overdue now: one pass over the team's episodes.
    opened = period.holds(col(Episode.opened_at))
    grade = col(Episode.risk_grade)
    graded = [code for code in GRADES if code != NOT_GRADED]
    overdue_rhis, *by_grade = one(
        select(
            count_if(overdue.rhi_overdue(now)),
            *(count_if(opened & (grade == code)) for code in graded),
            count_if(opened & or_(grade.is_(None), grade.not_in(graded))),
        )
        .select_from(Episode)
        .join(Child, col(Child.id) == col(Episode.child_id))
        .where(col(Episode.team_id) == team_id)
    )
    grades = dict(zip([*graded, NOT_GRADED], by_grade, strict=True))

    # Interviews held: those of returns in the period, in time or not, and those held in the
    # period, with the child's words or not.
    interview_held = period.holds(col(ReturnInterview.held_at))
    returned = period.holds(col(Episode.returned_at))
    rhis_held, rhis_held_within, interviews_held, with_words = one(
        select(
            count_if(returned),
            count_if(returned & (col(ReturnInterview.held_at) <= col(Episode.rhi_due_at))),
            count_if(interview_held),
            count_if(interview_held & col(ReturnInterview.child_words).is_not(None)),
        )
        .select_from(ReturnInterview)
        .join(Episode, col(Episode.id) == col(ReturnInterview.episode_id))
        .where(
            col(Episode.team_id) == team_id,
            col(ReturnInterview.outcome) == HELD,
            or_(returned, interview_held),
        )
    )

    # Reasons given in return interviews.
    reason = col(MissingReason.reason)
    named = [code for code in REASONS if code != OTHER]
    counts = one(
        select(
            *(count_if(reason == code) for code in named),
            count_if(reason.not_in(named)),
        ).where(col(MissingReason.team_id) == team_id, period.holds(col(MissingReason.held_at)))
    )
    reasons = dict(zip([*named, OTHER], counts, strict=True))

    # "Is it helping?", per rater and answer.
    pairs = [(rater, value) for rater, values in RATING_VALUES.items() for value in values]
    counts = one(
        select(
            *(
                count_if((col(Rating.rater) == rater) & (col(Rating.value) == value))
                for rater, value in pairs
            )
        )
        .select_from(Rating)
        .join(Child, col(Child.id) == col(Rating.child_id))
        .where(in_team, period.holds(col(Rating.created_at)))
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
            col(Pairing.started_at) < period.until,
            or_(col(Pairing.ended_at).is_(None), col(Pairing.ended_at) > period.since),
        )
        .group_by(col(Child.id))
        .subquery()
    )
    changes = per_child.c.pairings - 1
    children_paired, worker_changes, most_changes, children_with_change = one(
        select(func.count(), func.sum(changes), func.max(changes), count_if(changes > 0))
    )

    reviews_due, on_time = total("reviews_due"), total("reviews_on_time")
    prompted, answered = total("checkins_prompted"), total("checkins_answered")
    return BoardReport(
        team=team,
        start=start,
        end=end,
        as_at=now.astimezone(UTC),
        zone=zone,
        reviews_due=reviews_due,
        reviews_on_time=on_time,
        reviews_on_time_pct=pct(on_time, reviews_due),
        overdue_reviews_now=overdue_reviews,
        overdue_rhis_now=overdue_rhis,
        returns=total("returns"),
        rhis_within_72h=total("rhis_within_72h"),
        rhis_not_yet_due=total("rhis_not_yet_due"),
        rhis_held=rhis_held,
        rhis_held_within_72h=rhis_held_within,
        reviews_held=total("reviews_held"),
        reviews_with_child_words=total("reviews_with_child_words"),
        interviews_held=interviews_held,
        interviews_with_child_words=with_words,
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
        children_not_joined=not_joined,
        months=tuple(months),
        workers=tuple(worker_figures(connection, team_id, period, now, zone)),
        urgent=urgent_figures(connection, team_id, period.since, period.until),
    )
