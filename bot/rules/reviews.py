"""Interventions, risk levels and progress reviews, and the due dates they set."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from bot.rules import timing
from bot.storage.models import Child, Intervention, Rater, Rating, Review

TITLE_MAX = 200


def set_review_due(child: Child, due_on: date, zone: ZoneInfo) -> None:
    """Plan the next review: its reminders start afresh for the new date."""
    child.review_due_on = due_on
    child.review_next_event_at = timing.first_reminder_at(due_on, zone)
    child.review_alerted_on = None


def plan_first_review(child: Child, zone: ZoneInfo) -> None:
    added = timing.local_date(child.created_at, zone)
    set_review_due(child, timing.review_due_on(added, child.risk_level), zone)


def plan_checkins(child: Child, joined_at: datetime, zone: ZoneInfo) -> None:
    child.next_checkin_at = timing.next_checkin_at(joined_at, zone)


def last_review(session: Session, child_id: int) -> Review | None:
    return session.exec(
        select(Review).where(Review.child_id == child_id).order_by(col(Review.held_at).desc())
    ).first()


def set_risk(session: Session, child: Child, level: str, zone: ZoneInfo) -> None:
    """Change the risk level and re-plan the next review from the same base date."""
    assert child.id is not None
    child.risk_level = level
    previous = last_review(session, child.id)
    base = timing.local_date(previous.held_at if previous else child.created_at, zone)
    chosen = previous.next_due_on if previous and previous.next_due_chosen else None
    set_review_due(child, timing.review_due_on(base, level, chosen), zone)
    session.add(child)
    session.flush()


def start_intervention(
    session: Session, child: Child, worker_id: int, title: str, now: datetime
) -> Intervention:
    assert child.id is not None
    intervention = Intervention(
        child_id=child.id, title=title, started_by=worker_id, started_at=now
    )
    session.add(intervention)
    session.flush()
    return intervention


def active_interventions(session: Session, child_id: int) -> list[Intervention]:
    return list(
        session.exec(
            select(Intervention)
            .where(Intervention.child_id == child_id, col(Intervention.ended_at).is_(None))
            .order_by(col(Intervention.started_at), col(Intervention.id))
        )
    )


def save_review(
    session: Session,
    child: Child,
    *,
    worker_id: int,
    ratings: dict[int, str],
    child_view: str | None,
    no_view_reason: str | None,
    next_due_on: date,
    next_due_chosen: bool,
    now: datetime,
    zone: ZoneInfo,
) -> Review:
    """Record a review; refused without the child's view or the reason it couldn't be had."""
    assert child.id is not None
    if not (child_view or no_view_reason):
        raise ValueError("a review needs the child's view or the reason it could not be had")
    review = Review(
        child_id=child.id,
        worker_id=worker_id,
        held_at=now,
        due_on=child.review_due_on,
        child_view=child_view,
        no_view_reason=no_view_reason,
        next_due_on=next_due_on,
        next_due_chosen=next_due_chosen,
    )
    session.add(review)
    session.flush()
    active = {i.id for i in active_interventions(session, child.id)}
    for intervention_id, value in ratings.items():
        if intervention_id in active:
            session.add(
                Rating(
                    child_id=child.id,
                    intervention_id=intervention_id,
                    review_id=review.id,
                    rater=Rater.WORKER,
                    value=value,
                    created_at=now,
                )
            )
    set_review_due(child, next_due_on, zone)
    session.add(child)
    session.flush()
    return review
