"""The Board's figures as CSV, in a tidy long format: `section,for,figure,value,code`, one row
per figure (the layout, the sections and their codes are in `bot.report`'s docstring). Each
section is written once, below; its words come from `bot.report.labels`, in the language speaking
now (the `code` column, for scripts, is the same in every language; so are the values: numbers,
ISO dates and the time of the figures in UTC)."""

import csv
import io
from collections.abc import Callable
from typing import Any

from bot.report.figures import BoardReport, pct
from bot.report.labels import section as words_of
from bot.report.months import MonthFigures
from bot.report.words import NATIONAL_RHI_PCT, show_month
from bot.report.workers import WorkerFigures
from bot.storage.models import Rater

CSV_COLUMNS = ("section", "for", "figure", "value", "code")

Items = list[tuple[str, Any]]


def _number(value: float | None, places: int = 1) -> str:
    return "" if value is None else f"{value:.{places}f}"


def _report(r: BoardReport) -> Items:
    return [
        ("team", r.team),
        ("period_start", r.start.isoformat()),
        ("period_end", r.end.isoformat()),
        ("as_at", r.as_at.isoformat()),
    ]


def _reviews(r: BoardReport) -> Items:
    return [
        ("due", r.reviews_due),
        ("on_time", r.reviews_on_time),
        ("on_time_pct", _number(r.reviews_on_time_pct)),
        ("overdue_now", r.overdue_reviews_now),
    ]


def _return_interviews(r: BoardReport) -> Items:
    return [
        ("returns", r.returns),
        ("within_72h", r.rhis_within_72h),
        ("within_72h_pct", _number(r.rhis_within_72h_pct)),
        ("not_yet_due", r.rhis_not_yet_due),
        ("overdue_now", r.overdue_rhis_now),
        ("held", r.rhis_held),
        ("held_within_72h", r.rhis_held_within_72h),
        ("held_within_72h_pct", _number(r.rhis_held_within_72h_pct)),
        ("england_pct", NATIONAL_RHI_PCT),
    ]


def _voice_of_the_child(r: BoardReport) -> Items:
    return [
        ("reviews_held", r.reviews_held),
        ("reviews_with_words", r.reviews_with_child_words),
        ("reviews_with_words_pct", _number(pct(r.reviews_with_child_words, r.reviews_held))),
        ("interviews_held", r.interviews_held),
        ("interviews_with_words", r.interviews_with_child_words),
        (
            "interviews_with_words_pct",
            _number(pct(r.interviews_with_child_words, r.interviews_held)),
        ),
    ]


def _missing_reasons(r: BoardReport) -> Items:
    return [*r.reasons.items(), ("push_total", r.push_total), ("pull_total", r.pull_total)]


def _worker_changes(r: BoardReport) -> Items:
    return [
        ("children", r.children_paired),
        ("changes", r.worker_changes),
        ("mean", _number(r.worker_changes_mean, 2)),
        ("max", r.worker_changes_max),
        ("children_with_change", r.children_with_change),
    ]


def _checkins(r: BoardReport) -> Items:
    return [
        ("prompted", r.checkins_prompted),
        ("answered", r.checkins_answered),
        ("response_pct", _number(r.checkins_response_pct)),
        ("not_joined", r.children_not_joined),
    ]


def _urgent_help(r: BoardReport) -> Items:
    u = r.urgent
    return [
        ("raised", u.raised),
        ("out_of_hours", u.out_of_hours),
        ("out_of_hours_pct", _number(pct(u.out_of_hours, u.raised))),
        ("no_one_on_duty", u.uncovered),
        ("acknowledged", u.acknowledged),
        ("within_15_min", u.within_15_min),
        ("within_15_min_pct", _number(pct(u.within_15_min, u.raised))),
        ("ack_median_min", _number(u.median_minutes)),
        ("ack_worst_min", _number(u.worst_minutes)),
        ("resolved", u.resolved),
    ]


SECTIONS: tuple[tuple[str, Callable[[BoardReport], Items]], ...] = (
    ("report", _report),
    ("reviews", _reviews),
    ("return_interviews", _return_interviews),
    ("voice_of_the_child", _voice_of_the_child),
    ("episodes_by_grade", lambda r: list(r.episodes_by_grade.items())),
    ("missing_reasons", _missing_reasons),
    ("ratings_child", lambda r: list(r.ratings[Rater.CHILD].items())),
    ("ratings_worker", lambda r: list(r.ratings[Rater.WORKER].items())),
    ("worker_changes", _worker_changes),
    ("checkins", _checkins),
    ("urgent_help", _urgent_help),
)


def _month(m: MonthFigures) -> Items:
    return [
        ("first_day", m.month.first.isoformat()),
        ("last_day", m.month.last.isoformat()),
        ("episodes_started", m.episodes_started),
        ("returns", m.returns),
        ("rhis_past_72h", m.rhis_past_72h),
        ("rhis_within_72h", m.rhis_within_72h),
        ("rhis_within_72h_pct", _number(pct(m.rhis_within_72h, m.rhis_past_72h))),
        ("reviews_held", m.reviews_held),
        ("reviews_with_words", m.reviews_with_child_words),
        ("reviews_due", m.reviews_due),
        ("reviews_on_time", m.reviews_on_time),
        ("reviews_on_time_pct", _number(pct(m.reviews_on_time, m.reviews_due))),
        *_checkins_of(m.checkins_prompted, m.checkins_answered),
    ]


def _worker(w: WorkerFigures) -> Items:
    return [
        ("children", w.children),
        ("reviews_held", w.reviews_held),
        ("reviews_overdue_now", w.reviews_overdue_now),
        ("rhis_past_72h", w.rhis_past_72h),
        ("rhis_within_72h", w.rhis_within_72h),
        ("rhis_within_72h_pct", _number(pct(w.rhis_within_72h, w.rhis_past_72h))),
        *_checkins_of(w.checkins_prompted, w.checkins_answered),
    ]


def _checkins_of(prompted: int, answered: int) -> Items:
    return [
        ("checkins_prompted", prompted),
        ("checkins_answered", answered),
        ("checkins_answered_pct", _number(pct(answered, prompted))),
    ]


CSV_SECTIONS = (*(name for name, _ in SECTIONS), "by_month", "by_worker")


def csv_rows(report: BoardReport) -> list[tuple[str, str, str]]:
    """(section, figure, value) by code for each of the team's own figures, in order: the
    CSV's first rows, before the month and worker rows."""
    return [
        (section, item, str(value)) for section, items in SECTIONS for item, value in items(report)
    ]


def csv_text(report: BoardReport) -> str:
    """The figures as CSV: `section,for,figure,value,code`."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)

    def write(section: str, about: str, items: Items) -> None:
        name, labels = words_of(section)
        for item, value in items:
            writer.writerow((name, about, labels[item], value, f"{section}.{item}"))

    for section, item, value in csv_rows(report):
        write(section, report.team, [(item, value)])
    for month in report.months:
        write("by_month", show_month(month.month), _month(month))
    for worker in report.workers:
        write("by_worker", worker.name, _worker(worker))
    return out.getvalue()
