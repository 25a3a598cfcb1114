"""The Board's figures in a few plain lines, for a manager's phone and the Board."""

import math
from datetime import date

from bot.report.figures import GRADES, RATING_VALUES, BoardReport, pct
from bot.report.months import MonthFigures
from bot.report.sql import Month
from bot.report.urgent import UrgentFigures
from bot.rules.episodes import NOT_KNOWN, OTHER, REASONS
from bot.storage.models import Rater
from bot.wording import texts


def rounded(value: float) -> int:
    """Halves round up (62.5 -> 63), as people expect of a percentage."""
    return math.floor(value + 0.5)


def show_pct(value: float | None) -> str:
    return "no data" if value is None else f"{rounded(value)}%"


# Beside our interviews held within 72 hours, the country's: the average over English councils of
# interviews completed within 72 hours in 2023-24, from Missing People's Freedom of Information
# survey. Like theirs, ours counts only interviews held: an offer or a refusal is not one.
NATIONAL_RHI_WITHIN_72H = (
    "63% of interviews completed within 72 hours in 2023-24 "
    "(Missing People's FOI survey of councils)"
)
NATIONAL_RHI_PCT = 63


def show_period(start: date, end: date) -> str:
    return f"{start.day} {start:%b %Y} to {end.day} {end:%b %Y}"


def as_at(r: BoardReport) -> str:
    """When the figures were taken, in the service's time: they change as cases move on."""
    local = r.as_at.astimezone(r.zone)
    return f"{local.day} {local:%b %Y, %H:%M}"


def show_month(month: Month) -> str:
    """ "June 2027", or "3 to 30 Jun 2027" for a month the period cuts short."""
    if month.whole:
        return f"{month.first:%B %Y}"
    return f"{month.first.day} to {month.last.day} {month.last:%b %Y}"


def share(part: int, whole: int, what: str = "", empty: str = "no data") -> str:
    """ "7 of 10 (70%)", "7 of 10 reviews (70%)"; `empty`, said plainly, with nothing to count."""
    if not whole:
        return empty
    return f"{part} of {whole}{f' {what}' if what else ''} ({show_pct(pct(part, whole))})"


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
        f"push {r.push_total}, pull {r.pull_total}, other {r.reasons[OTHER]}, "
        f"not known {r.reasons[NOT_KNOWN]}; "
        f"most often: {most} ({top})"
        if top
        else "none recorded"
    )
    child_yes, child_all = _helping(r, Rater.CHILD)
    worker_yes, worker_all = _helping(r, Rater.WORKER)
    rhis = share(r.rhis_within_72h, r.rhis_past_72h, empty="no returns past 72 hours")
    if r.rhis_not_yet_due:
        rhis += f", {r.rhis_not_yet_due} not yet due"
    held = share(r.rhis_held_within_72h, r.rhis_held, empty="no interviews held")
    words = [
        share(r.reviews_with_child_words, r.reviews_held, "reviews", "no reviews held"),
        share(
            r.interviews_with_child_words,
            r.interviews_held,
            "return interviews held",
            "no return interviews held",
        ),
    ]
    changes = (
        "no data"
        if r.worker_changes_mean is None
        else f"{r.worker_changes_mean:.2f} per child on average, most {r.worker_changes_max} "
        f"({r.children_with_change} of {r.children_paired} children changed worker)"
    )
    lines = [
        f"Board report: {r.team}, {show_period(r.start, r.end)} (as at {as_at(r)})",
        f"Reviews on time: {share(r.reviews_on_time, r.reviews_due)}; "
        f"overdue now: {r.overdue_reviews_now}",
        f"Return interviews within 72 hours (held, offered or declined): {rhis}; "
        f"overdue now: {r.overdue_rhis_now}",
        f"Interviews actually held within 72 hours (as England counts them): {held}; "
        f"England: {NATIONAL_RHI_WITHIN_72H}",
        f"The child's own words: {'; '.join(words)}",
        f"Missing episodes: {episodes} ({grades})",
        f"Why children went missing: {reasons}",
        f"Is the help helping? Children said yes or a bit: {share(child_yes, child_all)}; "
        f"workers said helping or partly: {share(worker_yes, worker_all)}",
        f"Worker changes: {changes}",
        f"Check-ins answered (children who have joined): "
        f"{share(r.checkins_answered, r.checkins_prompted)}; {not_joined(r.children_not_joined)}",
        "Month by month:",
        *(f"- {_month_line(month)}" for month in r.months),
        _urgent_line(r.urgent),
    ]
    return "\n".join(lines)


def not_joined(children: int) -> str:
    if not children:
        return "every child has joined"
    return f"{texts.count(children, 'child has', 'children have')} not joined yet"


def _month_line(m: MonthFigures) -> str:
    episodes = texts.count(m.episodes_started, "missing episode", "missing episodes")
    what = "return interviews within 72 hours"
    rhis = share(m.rhis_within_72h, m.rhis_past_72h, what, "no return interviews due")
    reviews = share(m.reviews_on_time, m.reviews_due, "reviews due on time", "no reviews due")
    checkins = share(
        m.checkins_answered, m.checkins_prompted, "check-ins answered", "no check-ins asked"
    )
    done = texts.count(m.reviews_held, "review", "reviews")
    return f"{show_month(m.month)}: {episodes}; {rhis}; {done} done, {reviews}; {checkins}"


def _urgent_line(u: UrgentFigures) -> str:
    if not u.raised:
        return "Urgent help: no calls for help"
    line = (
        f"Urgent help: {texts.count(u.raised, 'call', 'calls')} ({u.out_of_hours} out of hours, "
        f"{u.uncovered} with no one on duty); taken: {share(u.acknowledged, u.raised)}, "
        f"within 15 minutes: {share(u.within_15_min, u.raised)}"
    )
    if u.median_minutes is not None and u.worst_minutes is not None:
        line += (
            f"; time to take one: median {u.median_minutes:.0f} min, "
            f"worst {u.worst_minutes:.0f} min"
        )
    return line + f"; resolved: {u.resolved}"
