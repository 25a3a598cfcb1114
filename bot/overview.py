"""The facts managers and workers see: what is overdue, and each worker's children.

The digest, `/overdue` and `/children` all read these, so they always agree.
"""

from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import case
from sqlmodel import Session, col, select

from bot import texts, timing
from bot.casework import children_of
from bot.checkins import last_checkin
from bot.models import Child, Pairing, RiskLevel, Staff
from bot.timefmt import show_date

RISK_ORDER = {RiskLevel.HIGH: 0, RiskLevel.MEDIUM: 1, RiskLevel.LOW: 2, RiskLevel.NONE: 3}


@dataclass(frozen=True)
class OverdueReview:
    child_id: int
    alias: str
    risk: str
    worker: str
    worker_id: int
    due_on: date
    days: int


def overdue_reviews(
    session: Session, team_id: int, today: date, *, alerted_before: date | None = None
) -> list[OverdueReview]:
    """The team's overdue reviews, highest risk first, then the longest overdue.

    With `alerted_before`, only those whose first overdue alert went out before that day
    (the digest leaves today's new ones to their own alert).
    """
    risk_rank = case(RISK_ORDER, value=col(Child.risk_level), else_=9)
    query = (
        select(Child, Staff)
        .join(Pairing, col(Pairing.child_id) == col(Child.id))
        .join(Staff, col(Staff.id) == col(Pairing.worker_id))
        .where(
            col(Child.team_id) == team_id,
            col(Child.closed_at).is_(None),
            col(Pairing.ended_at).is_(None),
            col(Child.review_due_on) < today,
        )
        .order_by(risk_rank, col(Child.review_due_on), col(Child.alias_key))
    )
    if alerted_before is not None:
        query = query.where(col(Child.review_alerted_on) < alerted_before)
    items = []
    for child, worker in session.exec(query):
        assert child.id is not None and worker.id is not None and child.review_due_on
        if timing.review_overdue(child.review_due_on, today):
            items.append(
                OverdueReview(
                    child.id,
                    child.alias,
                    child.risk_level,
                    worker.name,
                    worker.id,
                    child.review_due_on,
                    timing.days_overdue(child.review_due_on, today),
                )
            )
    return items


@dataclass(frozen=True)
class ChildSummary:
    alias: str
    risk: str
    due_on: date | None
    overdue: bool
    last_checkin_mood: str | None
    last_checkin_on: date | None


def worker_children(
    session: Session, worker_id: int, today: date, zone: ZoneInfo
) -> list[ChildSummary]:
    """The worker's children, highest risk first, then the soonest review."""
    summaries = []
    for child in children_of(session, worker_id):
        assert child.id is not None
        last = last_checkin(session, child.id)
        due = child.review_due_on
        summaries.append(
            ChildSummary(
                child.alias,
                child.risk_level,
                due,
                due is not None and timing.review_overdue(due, today),
                last.mood if last else None,
                timing.local_date(last.answered_at, zone) if last and last.answered_at else None,
            )
        )
    return sorted(
        summaries,
        key=lambda s: (
            RISK_ORDER.get(RiskLevel(s.risk), 9),
            s.due_on or date.max,
            s.alias.casefold(),
        ),
    )


def overdue_line(item: OverdueReview) -> str:
    return texts.OVERDUE_LINE.format(
        alias=item.alias,
        risk=item.risk,
        worker=item.worker,
        due=show_date(item.due_on),
        days=item.days,
    )
