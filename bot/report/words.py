"""The Board's figures in a few plain lines, for a manager's phone and the Board, in the language
speaking now (see `bot.wording.language`).

Every text is English marked with `N_` or `P_` and said where it is read (`say`, `texts.count`),
never at import. Each line is one template with {placeholders}, so a translator can put its parts
in the order their language needs; the numbers in it stay as they are, and the dates are Babel's
in the reader's language."""

import math
from datetime import date

from babel.dates import format_date, format_datetime

from bot.report.figures import GRADES, RATING_VALUES, BoardReport, pct
from bot.report.months import MonthFigures
from bot.report.sql import Month
from bot.report.urgent import UrgentFigures
from bot.rules.episodes import NOT_KNOWN, OTHER, REASONS
from bot.storage.models import Rater
from bot.wording import language, texts
from bot.wording.language import N_, P_, say

NO_DATA = N_("no data")

# Beside our interviews held within 72 hours, the country's: the average over English councils of
# interviews completed within 72 hours in 2023-24, from Missing People's Freedom of Information
# survey. Like theirs, ours counts only interviews held: an offer or a refusal is not one.
NATIONAL_RHI_FIGURE = N_("63% of interviews completed within 72 hours in 2023-24")
NATIONAL_RHI_SOURCE = N_("Missing People's FOI survey of councils")
NATIONAL_RHI_PCT = 63

FROM_TO = N_("{start} to {end}")  # "1 Jun 2027 to 30 Jun 2027"; "3 to 30 Jun 2027"

# "7 of 10 (70%)": a share, and what it is of; each said plainly when there is nothing to count.
SHARE = N_("{part} of {whole} ({pct})")
SHARE_REVIEWS = N_("{part} of {whole} reviews ({pct})")
SHARE_INTERVIEWS = N_("{part} of {whole} return interviews held ({pct})")
SHARE_MONTH_RHIS = N_("{part} of {whole} return interviews within 72 hours ({pct})")
SHARE_MONTH_REVIEWS = N_("{part} of {whole} reviews due on time ({pct})")
SHARE_MONTH_CHECKINS = N_("{part} of {whole} check-ins answered ({pct})")
NO_RETURNS_PAST_72H = N_("no returns past 72 hours")
NO_INTERVIEWS_HELD = N_("no interviews held")
NO_REVIEWS_HELD = N_("no reviews held")
NO_RETURN_INTERVIEWS_HELD = N_("no return interviews held")
NO_RETURN_INTERVIEWS_DUE = N_("no return interviews due")
NO_REVIEWS_DUE = N_("no reviews due")
NO_CHECKINS_ASKED = N_("no check-ins asked")

# The summary's lines, top to bottom.
TITLE = N_("Board report: {team}, {period} (as at {as_at})")
REVIEWS = N_("Reviews on time: {share}; overdue now: {overdue}")
RHIS = N_(
    "Return interviews within 72 hours (held, offered or declined): {share}; overdue now: {overdue}"
)
RHIS_WAITING = N_("{share}, {waiting} not yet due")
HELD = N_(
    "Interviews actually held within 72 hours (as England counts them): {share}; "
    "England: {figure} ({source})"
)
CHILD_WORDS = N_("The child's own words: {reviews}; {interviews}")
EPISODES = N_("Missing episodes: {n} ({grades})")
GRADE_COUNT = N_("{grade} {n}")  # "high 1", in the list of episodes by grade
WHY = N_("Why children went missing: {reasons}")
REASON_COUNTS = N_(
    "push {push}, pull {pull}, other {other}, not known {not_known}; most often: {most} ({top})"
)
NO_REASONS = N_("none recorded")
HELPING = N_(
    "Is the help helping? Children said yes or a bit: {children}; "
    "workers said helping or partly: {workers}"
)
CHANGES = N_("Worker changes: {changes}")
CHANGES_COUNTED = N_(
    "{mean} per child on average, most {most} ({changed} of {children} children changed worker)"
)
CHECKINS = N_("Check-ins answered (children who have joined): {share}; {not_joined}")
ALL_JOINED = N_("every child has joined")
NOT_JOINED = P_("{n} child has not joined yet", "{n} children have not joined yet")
MONTH_BY_MONTH = N_("Month by month:")
MONTH_LINE = N_("{month}: {episodes}; {rhis}; {done}, {reviews}; {checkins}")
MISSING_EPISODES = P_("{n} missing episode", "{n} missing episodes")
REVIEWS_DONE = P_("{n} review done", "{n} reviews done")
URGENT_NONE = N_("Urgent help: no calls for help")
URGENT = N_(
    "Urgent help: {calls} ({out_of_hours} out of hours, {uncovered} with no one on duty); "
    "taken: {taken}, within 15 minutes: {within}; resolved: {resolved}"
)
URGENT_TIMED = N_(
    "Urgent help: {calls} ({out_of_hours} out of hours, {uncovered} with no one on duty); "
    "taken: {taken}, within 15 minutes: {within}; time to take one: median {median} min, "
    "worst {worst} min; resolved: {resolved}"
)
CALLS = P_("{n} call", "{n} calls")


def rounded(value: float) -> int:
    """Halves round up (62.5 -> 63), as people expect of a percentage."""
    return math.floor(value + 0.5)


def show_pct(value: float | None) -> str:
    return say(NO_DATA) if value is None else f"{rounded(value)}%"


def show_day(day: date) -> str:
    """ "1 Jun 2027", in the language speaking now."""
    return format_date(day, "d MMM y", locale=language.locale())


def show_period(start: date, end: date) -> str:
    return say(FROM_TO).format(start=show_day(start), end=show_day(end))


def as_at(r: BoardReport) -> str:
    """When the figures were taken, in the service's time: they change as cases move on."""
    local = r.as_at.astimezone(r.zone).replace(tzinfo=None)
    return format_datetime(local, "d MMM y, HH:mm", locale=language.locale())


def show_month(month: Month) -> str:
    """ "June 2027", or "3 to 30 Jun 2027" for a month the period cuts short."""
    if month.whole:  # the month's name standing alone (L), not as in a date (M)
        return format_date(month.first, "LLLL y", locale=language.locale())
    first = format_date(month.first, "d", locale=language.locale())
    return say(FROM_TO).format(start=first, end=show_day(month.last))


def month_tick(month: Month) -> str:
    """ "Jun\\n2027", under a chart's bars."""
    locale = language.locale()
    return f"{format_date(month.first, 'LLL', locale=locale)}\n{month.first.year}"


def share(part: int, whole: int, template: str = SHARE, empty: str = NO_DATA) -> str:
    """ "7 of 10 (70%)", "7 of 10 reviews (70%)" (`template`, marked English); `empty`, said
    plainly, with nothing to count."""
    if not whole:
        return str(say(empty))
    return str(say(template)).format(part=part, whole=whole, pct=show_pct(pct(part, whole)))


def _helping(report: BoardReport, rater: str) -> tuple[int, int]:
    """How many answers said the help is working at least partly, of how many."""
    values = list(RATING_VALUES[rater])
    counts = report.ratings[rater]
    return counts[values[0]] + counts[values[1]], sum(counts.values())


def summary_text(report: BoardReport) -> str:
    """A few plain lines for a manager's phone and the Board."""
    r = report
    grade_names, reason_names = say(GRADES), say(REASONS)
    episodes = sum(r.episodes_by_grade.values())
    grades = ", ".join(
        say(GRADE_COUNT).format(grade=grade_names[grade].lower(), n=count)
        for grade, count in r.episodes_by_grade.items()
    )
    top = max(r.reasons.values())
    most = ", ".join(reason_names[code] for code, count in r.reasons.items() if count == top)
    reasons = (
        say(REASON_COUNTS).format(
            push=r.push_total,
            pull=r.pull_total,
            other=r.reasons[OTHER],
            not_known=r.reasons[NOT_KNOWN],
            most=most,
            top=top,
        )
        if top
        else say(NO_REASONS)
    )
    child_yes, child_all = _helping(r, Rater.CHILD)
    worker_yes, worker_all = _helping(r, Rater.WORKER)
    rhis = share(r.rhis_within_72h, r.rhis_past_72h, empty=NO_RETURNS_PAST_72H)
    if r.rhis_not_yet_due:
        rhis = say(RHIS_WAITING).format(share=rhis, waiting=r.rhis_not_yet_due)
    held = share(r.rhis_held_within_72h, r.rhis_held, empty=NO_INTERVIEWS_HELD)
    changes = (
        say(NO_DATA)
        if r.worker_changes_mean is None
        else say(CHANGES_COUNTED).format(
            mean=f"{r.worker_changes_mean:.2f}",
            most=r.worker_changes_max,
            changed=r.children_with_change,
            children=r.children_paired,
        )
    )
    lines = [
        say(TITLE).format(team=r.team, period=show_period(r.start, r.end), as_at=as_at(r)),
        say(REVIEWS).format(
            share=share(r.reviews_on_time, r.reviews_due), overdue=r.overdue_reviews_now
        ),
        say(RHIS).format(share=rhis, overdue=r.overdue_rhis_now),
        say(HELD).format(
            share=held, figure=say(NATIONAL_RHI_FIGURE), source=say(NATIONAL_RHI_SOURCE)
        ),
        say(CHILD_WORDS).format(
            reviews=share(
                r.reviews_with_child_words, r.reviews_held, SHARE_REVIEWS, NO_REVIEWS_HELD
            ),
            interviews=share(
                r.interviews_with_child_words,
                r.interviews_held,
                SHARE_INTERVIEWS,
                NO_RETURN_INTERVIEWS_HELD,
            ),
        ),
        say(EPISODES).format(n=episodes, grades=grades),
        say(WHY).format(reasons=reasons),
        say(HELPING).format(
            children=share(child_yes, child_all), workers=share(worker_yes, worker_all)
        ),
        say(CHANGES).format(changes=changes),
        say(CHECKINS).format(
            share=share(r.checkins_answered, r.checkins_prompted),
            not_joined=not_joined(r.children_not_joined),
        ),
        say(MONTH_BY_MONTH),
        *(f"- {_month_line(month)}" for month in r.months),
        _urgent_line(r.urgent),
    ]
    return "\n".join(lines)


def not_joined(children: int) -> str:
    return texts.count(children, NOT_JOINED) if children else str(say(ALL_JOINED))


def _month_line(m: MonthFigures) -> str:
    return str(say(MONTH_LINE)).format(
        month=show_month(m.month),
        episodes=texts.count(m.episodes_started, MISSING_EPISODES),
        rhis=share(m.rhis_within_72h, m.rhis_past_72h, SHARE_MONTH_RHIS, NO_RETURN_INTERVIEWS_DUE),
        done=texts.count(m.reviews_held, REVIEWS_DONE),
        reviews=share(m.reviews_on_time, m.reviews_due, SHARE_MONTH_REVIEWS, NO_REVIEWS_DUE),
        checkins=share(
            m.checkins_answered, m.checkins_prompted, SHARE_MONTH_CHECKINS, NO_CHECKINS_ASKED
        ),
    )


def _urgent_line(u: UrgentFigures) -> str:
    if not u.raised:
        return str(say(URGENT_NONE))
    figures = {
        "calls": texts.count(u.raised, CALLS),
        "out_of_hours": u.out_of_hours,
        "uncovered": u.uncovered,
        "taken": share(u.acknowledged, u.raised),
        "within": share(u.within_15_min, u.raised),
        "resolved": u.resolved,
    }
    if u.median_minutes is not None and u.worst_minutes is not None:
        timed = {"median": f"{u.median_minutes:.0f}", "worst": f"{u.worst_minutes:.0f}"}
        return str(say(URGENT_TIMED)).format(**figures, **timed)
    return str(say(URGENT)).format(**figures)
