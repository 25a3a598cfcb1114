"""The Board's figures as CSV: `section,item,value`, one row per figure (the sections and
their items are listed in `bot.report`'s docstring). Each section is written once, below, and
its name and place come from there."""

import csv
import io
from collections.abc import Callable
from typing import Any

from bot.report.figures import BoardReport, pct
from bot.storage.models import Rater

CSV_COLUMNS = ("section", "item", "value")

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
    ("episodes_by_grade", lambda r: list(r.episodes_by_grade.items())),
    ("missing_reasons", _missing_reasons),
    ("ratings_child", lambda r: list(r.ratings[Rater.CHILD].items())),
    ("ratings_worker", lambda r: list(r.ratings[Rater.WORKER].items())),
    ("worker_changes", _worker_changes),
    ("checkins", _checkins),
    ("urgent_help", _urgent_help),
)
CSV_SECTIONS = tuple(name for name, _ in SECTIONS)


def csv_rows(report: BoardReport) -> list[tuple[str, str, str]]:
    """(section, item, value) for every figure, in the documented order."""
    return [
        (section, item, str(value)) for section, items in SECTIONS for item, value in items(report)
    ]


def csv_text(report: BoardReport) -> str:
    """The figures as CSV: `section,item,value`."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(csv_rows(report))
    return out.getvalue()
