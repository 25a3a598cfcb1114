"""The Board's report: one team's figures for a period, as text, a chart and a CSV.

Every figure is counted by aggregate SQL in the database (COUNT, SUM, MAX, GROUP BY, CASE); no
rows are loaded into Python, so the report costs the same memory for ten children or a hundred
thousand. The same query code runs on SQLite and PostgreSQL.

The period is a range of local dates in the service's zone, both ends included: it runs from
00:00 local on `start` to 00:00 local on the day after `end`, converted to UTC instants, so a
report for June counts what happened in June on the wall clock, across clock changes.

What each figure counts (the team's rows only):

- **Reviews due**: reviews that fell due in the period. A held review counts when the due date
  it answered (`Review.due_on`) is in the period; an open case counts when its current due date
  (`Child.review_due_on`) is in the period and had passed at `now` (that is, it is before today)
  with no review held. Reviews held with no recorded due date are not counted. A due date in the
  period that has not yet passed at `now` is not counted: it is not yet known whether it will
  be on time.
- **Reviews on time**: of those, reviews held on or before the due date (the local date of
  `held_at` is on or before `due_on`). A case still waiting is never on time.
- **Overdue reviews now**: open cases (not closed at `now`) whose `review_due_on` is before
  today; **overdue return interviews now**: episodes whose child has returned, with no return
  interview recorded and the 72 hours over (`rhi_due_at < now`).
- **Returns**: episodes whose `returned_at` is in the period; **within 72 hours**: of those,
  `rhi_done_at <= rhi_due_at`. The percentage is over all returns in the period; returns whose
  72 hours had not yet run out at `now` are counted as well (as `rhis_not_yet_due`) so a
  reader can see why the percentage may still rise.
- **Episodes by risk grade**: episodes opened in the period, per police grade, every grade
  present; `not_graded` counts episodes with no grade (or one not on the scale).
- **Reasons**: each reason given in a return interview held in the period (`MissingReason`), per
  code, every code present; one interview may give several. Codes not in `REASONS` count as
  `other`. `push_total` and `pull_total` sum the push and pull factors.
- **Ratings**: "is it helping?" answers created in the period, per rater (`child`, `worker`)
  and value, every value present (0 when none). Values not on the rater's scale are left out.
- **Worker changes**: over the team's children with a pairing overlapping the period, the number
  of pairings overlapping the period minus one, per child: the total, the mean, the maximum and
  how many children changed worker at least once.
- **Check-ins**: `checkins_prompted` counts check-ins the bot prompted (`prompt_key` set) created
  in the period, leaving out prompts superseded by a newer check-in before the child answered
  any of it (usually because the child started a check-in of their own; such a prompt was
  neither answered nor ignored). `checkins_answered` counts those with `answered_at` set (the
  child answered at least the first question, at any time up to the report). A prompt still
  open and unanswered at `now` counts as not (yet) answered.

- **Urgent help**: see `bot.report.urgent`.

Percentages are 0 to 100, unrounded in `BoardReport`, None when there was nothing to count.

The CSV (`csv_text`) has the header `section,item,value` and one row per figure. Sections, in
order, with their items:

- `report`: `team`, `period_start`, `period_end` (ISO dates, inclusive), `as_at` (ISO UTC)
- `reviews`: `due`, `on_time`, `on_time_pct`, `overdue_now`
- `return_interviews`: `returns`, `within_72h`, `within_72h_pct`, `not_yet_due`, `overdue_now`
- `episodes_by_grade`: `no_apparent`, `low`, `medium`, `high`, `not_graded`
- `missing_reasons`: each code of `REASONS`, then `push_total`, `pull_total`
- `ratings_child`: `yes`, `a_bit`, `no`, `not_sure`
- `ratings_worker`: `helping`, `partly`, `not_helping`, `too_early`
- `worker_changes`: `children`, `changes`, `mean`, `max`, `children_with_change`
- `checkins`: `prompted`, `answered`, `response_pct`
- `urgent_help`: `raised`, `out_of_hours`, `out_of_hours_pct`, `no_one_on_duty`,
  `acknowledged`, `within_15_min`, `within_15_min_pct`, `ack_median_min`, `ack_worst_min`,
  `resolved`

Counts are integers; percentages have one decimal and the mean two; an empty value means no data
(nothing to divide by).
"""

import csv
import io
import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from sqlalchemy import Date, case, func, literal, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import Executable
from sqlmodel import col

from bot.report.urgent import UrgentFigures, urgent_figures
from bot.rules import timing
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
    RiskGrade,
    Team,
    UTCDateTime,
)
from bot.wording import texts

if TYPE_CHECKING:  # matplotlib is imported only to draw (it costs ~50 MiB and ~1 s)
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

NOT_GRADED = "not_graded"
GRADES: dict[str, str] = {**texts.GRADES, NOT_GRADED: "Not graded"}

# "Is it helping?" on each rater's scale; the same position means the same kind of answer.
RATING_VALUES: dict[str, dict[str, str]] = {
    Rater.CHILD.value: dict(texts.CHECKIN_DIFFERENCES),  # yes, a_bit, no, not_sure
    Rater.WORKER.value: dict(texts.REVIEW_RATINGS),  # helping, partly, not_helping, too_early
}

CSV_COLUMNS = ("section", "item", "value")
CSV_SECTIONS = (
    "report",
    "reviews",
    "return_interviews",
    "episodes_by_grade",
    "missing_reasons",
    "ratings_child",
    "ratings_worker",
    "worker_changes",
    "checkins",
    "urgent_help",
)

# The chart's panels, in order; `chart_titles` gives them and the PNG draws exactly these.
TITLE_REVIEWS = "Reviews on time"
TITLE_RHIS = "Return interviews within 72 hours"
TITLE_GRADES = "Episodes by risk grade"
TITLE_REASONS = "Why children went missing"
TITLE_RATINGS = "Is the help helping? (child vs worker)"
TITLE_CONTINUITY = "Worker changes and check-ins"

_DAYS_PER_QUERY = 1_000  # due dates per on-time query: about 2 bound values a day, far below limits


@dataclass(frozen=True)
class BoardReport:
    team: str
    start: date  # local dates, both included
    end: date
    as_at: datetime  # the `now` the report was made at (UTC)
    reviews_due: int
    reviews_on_time: int
    reviews_on_time_pct: float | None
    overdue_reviews_now: int
    overdue_rhis_now: int
    returns: int
    rhis_within_72h: int
    rhis_within_72h_pct: float | None
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
    open_now = or_(col(Child.closed_at).is_(None), col(Child.closed_at) > now)

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
            func.count(),
            _count_if(col(Child.review_due_on).between(start, waiting_until)),
        )
        .select_from(Child)
        .where(in_team, open_now, col(Child.review_due_on) < today)
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
            _count_if(
                returned & col(Episode.rhi_done_at).is_(None) & (col(Episode.rhi_due_at) >= now)
            ),
            _count_if(
                col(Episode.returned_at).is_not(None)
                & col(Episode.rhi_done_at).is_(None)
                & (col(Episode.rhi_due_at) < now)
            ),
            *(_count_if(opened & (grade == code)) for code in graded),
            _count_if(opened & or_(grade.is_(None), grade.not_in(graded))),
        ).where(col(Episode.team_id) == team_id)
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
        reviews_due=reviews_due,
        reviews_on_time=held_on_time,
        reviews_on_time_pct=pct(held_on_time, reviews_due),
        overdue_reviews_now=overdue_reviews,
        overdue_rhis_now=overdue_rhis,
        returns=returns,
        rhis_within_72h=within,
        rhis_within_72h_pct=pct(within, returns),
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


# Words ----------------------------------------------------------------------------------------


def rounded(value: float) -> int:
    """Halves round up (62.5 -> 63), as people expect of a percentage."""
    return math.floor(value + 0.5)


def show_pct(value: float | None) -> str:
    return "no data" if value is None else f"{rounded(value)}%"


def show_period(start: date, end: date) -> str:
    return f"{start.day} {start:%b %Y} to {end.day} {end:%b %Y}"


def _share(part: int, whole: int) -> str:
    return f"{part} of {whole} ({show_pct(pct(part, whole))})" if whole else "no data"


def _helping(report: BoardReport, rater: str) -> tuple[int, int]:
    """How many answers said the help is working at least partly, of how many."""
    values = list(RATING_VALUES[rater])
    counts = report.ratings[rater]
    return counts[values[0]] + counts[values[1]], sum(counts.values())


def summary_text(report: BoardReport) -> str:
    """A few plain lines for a manager's phone and the Board."""
    r = report
    episodes = sum(r.episodes_by_grade.values())
    grades = ", ".join(
        f"{GRADES[grade].lower()} {count}" for grade, count in r.episodes_by_grade.items()
    )
    top = max(r.reasons.values())
    most = ", ".join(REASONS[code] for code, count in r.reasons.items() if count == top)
    reasons = (
        f"push {r.push_total}, pull {r.pull_total}, other {r.reasons[OTHER]}; "
        f"most often: {most} ({top})"
        if top
        else "none recorded"
    )
    child_yes, child_all = _helping(r, Rater.CHILD)
    worker_yes, worker_all = _helping(r, Rater.WORKER)
    rhis = _share(r.rhis_within_72h, r.returns)
    if r.rhis_not_yet_due:
        rhis += f", {r.rhis_not_yet_due} not yet due"
    changes = (
        "no data"
        if r.worker_changes_mean is None
        else f"{r.worker_changes_mean:.2f} per child on average, most {r.worker_changes_max} "
        f"({r.children_with_change} of {r.children_paired} children changed worker)"
    )
    lines = [
        f"Board report: {r.team}, {show_period(r.start, r.end)}",
        f"Reviews on time: {_share(r.reviews_on_time, r.reviews_due)}; "
        f"overdue now: {r.overdue_reviews_now}",
        f"Return interviews within 72 hours: {rhis}; overdue now: {r.overdue_rhis_now}",
        f"Missing episodes: {episodes} ({grades})",
        f"Why children went missing: {reasons}",
        f"Is the help helping? Children said yes or a bit: {_share(child_yes, child_all)}; "
        f"workers said helping or partly: {_share(worker_yes, worker_all)}",
        f"Worker changes: {changes}",
        f"Check-ins answered: {_share(r.checkins_answered, r.checkins_prompted)}",
        _urgent_line(r.urgent),
    ]
    return "\n".join(lines)


def _urgent_line(u: UrgentFigures) -> str:
    if not u.raised:
        return "Urgent help: no calls for help"
    line = (
        f"Urgent help: {texts.count(u.raised, 'call', 'calls')} ({u.out_of_hours} out of hours, "
        f"{u.uncovered} with no one on duty); taken: {_share(u.acknowledged, u.raised)}, "
        f"within 15 minutes: {_share(u.within_15_min, u.raised)}"
    )
    if u.median_minutes is not None and u.worst_minutes is not None:
        line += (
            f"; time to take one: median {u.median_minutes:.0f} min, "
            f"worst {u.worst_minutes:.0f} min"
        )
    return line + f"; resolved: {u.resolved}"


# The CSV --------------------------------------------------------------------------------------


def csv_rows(report: BoardReport) -> list[tuple[str, str, str]]:
    """(section, item, value) for every figure, in the documented order."""
    r = report

    def number(value: float | None, places: int = 1) -> str:
        return "" if value is None else f"{value:.{places}f}"

    rows: list[tuple[str, str, Any]] = [
        ("report", "team", r.team),
        ("report", "period_start", r.start.isoformat()),
        ("report", "period_end", r.end.isoformat()),
        ("report", "as_at", r.as_at.isoformat()),
        ("reviews", "due", r.reviews_due),
        ("reviews", "on_time", r.reviews_on_time),
        ("reviews", "on_time_pct", number(r.reviews_on_time_pct)),
        ("reviews", "overdue_now", r.overdue_reviews_now),
        ("return_interviews", "returns", r.returns),
        ("return_interviews", "within_72h", r.rhis_within_72h),
        ("return_interviews", "within_72h_pct", number(r.rhis_within_72h_pct)),
        ("return_interviews", "not_yet_due", r.rhis_not_yet_due),
        ("return_interviews", "overdue_now", r.overdue_rhis_now),
    ]
    rows += [("episodes_by_grade", g, n) for g, n in r.episodes_by_grade.items()]
    rows += [("missing_reasons", code, n) for code, n in r.reasons.items()]
    rows += [("missing_reasons", "push_total", r.push_total)]
    rows += [("missing_reasons", "pull_total", r.pull_total)]
    for rater in (Rater.CHILD, Rater.WORKER):
        rows += [(f"ratings_{rater}", v, n) for v, n in r.ratings[rater].items()]
    rows += [
        ("worker_changes", "children", r.children_paired),
        ("worker_changes", "changes", r.worker_changes),
        ("worker_changes", "mean", number(r.worker_changes_mean, 2)),
        ("worker_changes", "max", r.worker_changes_max),
        ("worker_changes", "children_with_change", r.children_with_change),
        ("checkins", "prompted", r.checkins_prompted),
        ("checkins", "answered", r.checkins_answered),
        ("checkins", "response_pct", number(r.checkins_response_pct)),
    ]
    u = r.urgent
    rows += [
        ("urgent_help", "raised", u.raised),
        ("urgent_help", "out_of_hours", u.out_of_hours),
        ("urgent_help", "out_of_hours_pct", number(pct(u.out_of_hours, u.raised))),
        ("urgent_help", "no_one_on_duty", u.uncovered),
        ("urgent_help", "acknowledged", u.acknowledged),
        ("urgent_help", "within_15_min", u.within_15_min),
        ("urgent_help", "within_15_min_pct", number(pct(u.within_15_min, u.raised))),
        ("urgent_help", "ack_median_min", number(u.median_minutes)),
        ("urgent_help", "ack_worst_min", number(u.worst_minutes)),
        ("urgent_help", "resolved", u.resolved),
    ]
    return [(section, item, str(value)) for section, item, value in rows]


def csv_text(report: BoardReport) -> str:
    """The figures as CSV: `section,item,value` (see the module's docstring)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(csv_rows(report))
    return out.getvalue()


# The chart ------------------------------------------------------------------------------------

WIDTH_PX, HEIGHT_PX, DPI = 1080, 1600, 150
FONT = 12  # points at 150 dpi: about 25 px, legible on a phone held upright
TITLE_FONT = 14
GREEN, LIGHT_GREEN, RED, GREY, LIGHT_GREY = "#1b7837", "#a6dba0", "#c2352b", "#8c8c8c", "#d9d9d9"
PUSH_COLOUR, PULL_COLOUR = "#2166ac", "#e08214"
GRADE_COLOURS = {
    RiskGrade.NO_APPARENT: "#a6cee3",
    RiskGrade.LOW: "#ffd92f",
    RiskGrade.MEDIUM: "#fc8d62",
    RiskGrade.HIGH: "#d7301f",
    NOT_GRADED: LIGHT_GREY,
}
RATING_COLOURS = (GREEN, LIGHT_GREEN, RED, GREY)


def chart_titles(report: BoardReport) -> list[str]:
    """The titles of the chart's panels, top to bottom."""
    return [TITLE_REVIEWS, TITLE_RHIS, TITLE_GRADES, TITLE_REASONS, TITLE_RATINGS, TITLE_CONTINUITY]


def chart_figure(report: BoardReport) -> "Figure":
    """The chart as a matplotlib Figure (no pyplot, no global state), 1080 x 1600 px."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(WIDTH_PX / DPI, HEIGHT_PX / DPI), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    figure.suptitle(
        f"{report.team}: {show_period(report.start, report.end)}",
        fontsize=TITLE_FONT + 2,
        fontweight="bold",
    )
    # One sub-figure per panel, so each lays out its own labels and uses the whole width.
    panels = figure.subfigures(6, 1, squeeze=False, height_ratios=[0.5, 0.5, 1.05, 1.9, 1.05, 0.75])
    axes: list[Axes] = [panel.add_subplot() for panel in panels[:, 0]]
    titles = chart_titles(report)
    for ax, title in zip(axes, titles, strict=True):
        ax.set_title(title, fontsize=TITLE_FONT, fontweight="bold", loc="left")
        ax.tick_params(labelsize=FONT)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
    r = report
    _progress(axes[0], r.reviews_on_time, r.reviews_due, "on time")
    _progress(axes[1], r.rhis_within_72h, r.returns, "within 72 hours")
    _grades(axes[2], r)
    _reasons(axes[3], r)
    _ratings(axes[4], r)
    _continuity(axes[5], r)
    return figure


def chart_axes(figure: "Figure") -> "list[Axes]":
    """The panels of a figure made by `chart_figure`, top to bottom."""
    return [ax for panel in figure.subfigs for ax in panel.axes]


def chart_png(report: BoardReport) -> bytes:
    """The chart as a PNG, 1080 x 1600 px, drawn with the Agg canvas."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    figure = chart_figure(report)
    out = io.BytesIO()
    canvas = figure.canvas
    assert isinstance(canvas, FigureCanvasAgg)
    canvas.print_png(out)
    return out.getvalue()


def _no_data(ax: "Axes") -> None:
    ax.text(
        0.5,
        0.5,
        "no data",
        ha="center",
        va="center",
        fontsize=FONT,
        color=GREY,
        transform=ax.transAxes,
    )


def _progress(ax: "Axes", part: int, whole: int, what: str) -> None:
    """One bar from 0 to 100%, filled to the share, with the counts beside it."""
    ax.set_xlim(0, 100)
    ax.set_yticks([])
    ax.set_xticks([0, 50, 100], ["0%", "50%", "100%"])
    ax.spines["left"].set_visible(False)
    share = pct(part, whole)
    if share is None:
        _no_data(ax)
        return
    ax.barh([0], [100], color=LIGHT_GREY, height=0.6)
    ax.barh([0], [share], color=GREEN if share >= 80 else PULL_COLOUR, height=0.6)
    ax.text(
        2,
        0,
        f"{show_pct(share)}  ({part} of {whole} {what})",
        va="center",
        fontsize=FONT,
        fontweight="bold",
        color="black",
    )


def _grades(ax: "Axes", report: BoardReport) -> None:
    counts = list(report.episodes_by_grade.values())
    labels = [GRADES[g].replace(" risk", "\nrisk") for g in report.episodes_by_grade]
    colours = [GRADE_COLOURS[g] for g in report.episodes_by_grade]
    bars = ax.bar(range(len(counts)), counts, color=colours, edgecolor=GREY)
    ax.set_xticks(range(len(counts)), labels, fontsize=FONT - 1)
    ax.bar_label(bars, fontsize=FONT)
    ax.set_ylim(0, max(max(counts), 1) * 1.3)
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    if not any(counts):
        _no_data(ax)


def _reasons(ax: "Axes", report: BoardReport) -> None:
    codes = list(REASONS)
    counts = [report.reasons[c] for c in codes]
    colours = [
        PUSH_COLOUR if c in PUSH_FACTORS else PULL_COLOUR if c in PULL_FACTORS else GREY
        for c in codes
    ]
    positions = range(len(codes))
    bars = ax.barh(positions, counts, color=colours)
    ax.set_yticks(positions, [REASONS[c] for c in codes], fontsize=FONT)
    ax.invert_yaxis()
    ax.bar_label(bars, fontsize=FONT, padding=3)
    ax.set_xlim(0, max(max(counts), 1) * 1.2)
    ax.set_xticks([])
    ax.spines["bottom"].set_visible(False)
    panel = ax.get_figure(root=False)
    assert panel is not None
    panel.legend(  # under the bars, centred on the whole panel
        handles=[bars[0], bars[len(PUSH_FACTORS)], bars[-1]],
        labels=[
            f"Push factors ({report.push_total})",
            f"Pull factors ({report.pull_total})",
            f"Other ({report.reasons[OTHER]})",
        ],
        fontsize=FONT - 1,
        ncols=3,
        loc="outside lower center",
        frameon=False,
    )
    if not any(counts):
        _no_data(ax)


def _ratings(ax: "Axes", report: BoardReport) -> None:
    """Two bars of 100%: what children said and what workers said, answer by answer."""
    raters = (Rater.CHILD, Rater.WORKER)
    names = {Rater.CHILD: "Children", Rater.WORKER: "Workers"}
    child_labels, worker_labels = (list(RATING_VALUES[r].values()) for r in raters)
    ax.set_xlim(0, 100)
    ax.set_xticks([0, 50, 100], ["0%", "50%", "100%"])
    ax.set_ylim(-0.6, 1.6)
    ax.invert_yaxis()
    ylabels = []
    for row, rater in enumerate(raters):
        counts = list(report.ratings[rater].values())
        total = sum(counts)
        ylabels.append(f"{names[rater]}\n({total})")
        left = 0.0
        for index, count in enumerate(counts):
            width = 100 * count / total if total else 0
            ax.barh(
                [row],
                [width],
                left=left,
                height=0.6,
                color=RATING_COLOURS[index],
                label=f"{child_labels[index]} / {worker_labels[index]}" if row == 0 else None,
            )
            if width >= 8:
                ax.text(
                    left + width / 2,
                    row,
                    str(count),
                    ha="center",
                    va="center",
                    fontsize=FONT,
                    color="white" if index in (0, 2) else "black",
                )
            left += width
        if not total:
            ax.text(50, row, "no data", ha="center", va="center", fontsize=FONT, color=GREY)
    ax.set_yticks([0, 1], ylabels, fontsize=FONT)
    ax.legend(
        fontsize=FONT - 2, ncols=2, loc="upper center", bbox_to_anchor=(0.5, -0.18), frameon=False
    )


def _continuity(ax: "Axes", report: BoardReport) -> None:
    r = report
    ax.axis("off")
    if r.worker_changes_mean is None:
        changes = "Worker changes: no data"
    else:
        changes = (
            f"Worker changes: {r.worker_changes_mean:.2f} per child (most {r.worker_changes_max});"
            f"\n{r.children_with_change} of {r.children_paired} children changed worker"
        )
    checkins = f"Check-ins answered: {_share(r.checkins_answered, r.checkins_prompted)}"
    overdue = (
        f"Overdue now: {r.overdue_reviews_now} reviews, {r.overdue_rhis_now} return interviews"
    )
    ax.text(
        0,
        0.95,
        "\n".join([changes, checkins, overdue]),
        va="top",
        fontsize=FONT,
        transform=ax.transAxes,
        linespacing=1.5,
    )
