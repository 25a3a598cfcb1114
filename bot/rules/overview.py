"""The facts managers and workers see: what is overdue, and each worker's children.

The digest, `/overdue` and `/children` all read these, so they always agree.
"""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlmodel import Session, col, select

from bot.rules import access, episodes, invites, overdue, timing
from bot.rules.access import Person
from bot.rules.checkins import last_checkin
from bot.storage.models import Alert, Child, Episode, Message, Pairing, RiskLevel, Staff
from bot.wording import texts
from bot.wording.timefmt import show_date, show_day, show_duration

RISK_ORDER = {RiskLevel.HIGH: 0, RiskLevel.MEDIUM: 1, RiskLevel.LOW: 2, RiskLevel.NONE: 3}


def priority(session: Session, child_id: int, risk: str, now: datetime) -> tuple[int, int]:
    """Sort key: high-risk and repeat-missing children first, then by risk."""
    first = risk == RiskLevel.HIGH or episodes.repeat_missing(session, child_id, now)
    return (0 if first else 1, RISK_ORDER.get(RiskLevel(risk), 9))


@dataclass(frozen=True)
class OverdueReview:
    child_id: int
    alias: str
    risk: str
    worker: str | None  # None: no active trusted worker now
    worker_id: int | None
    due_on: date
    days: int
    joining: invites.Joining | None = None  # None: joined


@dataclass(frozen=True)
class OverdueInterview:
    child_id: int
    alias: str
    risk: str
    worker: str | None
    worker_id: int | None
    due_at: datetime


def _with_current_worker(*entities: Any) -> Any:
    """The entities with the child's current, active worker, if any (a case whose worker was
    deactivated still has its reviews and interviews fall due; `casework.current_worker` is the
    same rule for one child)."""
    return (
        select(*entities, Staff)  # type: ignore[call-overload]
        .outerjoin(
            Pairing, (col(Pairing.child_id) == col(Child.id)) & col(Pairing.ended_at).is_(None)
        )
        .outerjoin(Staff, (col(Staff.id) == col(Pairing.worker_id)) & col(Staff.active))
    )


def overdue_reviews(
    session: Session,
    team_id: int,
    now: datetime,
    zone: ZoneInfo,
    *,
    alerted_before: date | None = None,
) -> list[OverdueReview]:
    """The team's overdue reviews (`bot.rules.overdue`): high-risk and repeat-missing first,
    then the longest overdue.

    With `alerted_before`, only those whose first overdue alert went out before that day
    (the digest leaves today's new ones to their own alert).
    """
    query = _with_current_worker(Child).where(
        col(Child.team_id) == team_id, overdue.review_overdue(now, zone)
    )
    if alerted_before is not None:
        query = query.where(col(Child.review_alerted_on) < alerted_before)
    items = []
    for child, worker in session.exec(query):
        assert child.id is not None and child.review_due_on is not None
        items.append(
            OverdueReview(
                child.id,
                child.alias,
                child.risk_level,
                worker.name if worker else None,
                worker.id if worker else None,
                child.review_due_on,
                timing.days_overdue(child.review_due_on, now, zone),
                invites.joining(session, child, now),
            )
        )
    return sorted(
        items,
        key=lambda i: (priority(session, i.child_id, i.risk, now), i.due_on, i.alias.casefold()),
    )


def overdue_interviews(
    session: Session, team_id: int, now: datetime, *, overdue_by: datetime | None = None
) -> list[OverdueInterview]:
    """Return home interviews overdue (`bot.rules.overdue`) at `now`, or already at
    `overdue_by`, most urgent first."""
    query = (
        _with_current_worker(Child, Episode)
        .join(Episode, col(Episode.child_id) == col(Child.id))
        .where(col(Child.team_id) == team_id, overdue.rhi_overdue(now, already_at=overdue_by))
    )
    items = []
    for child, episode, worker in session.exec(query):
        assert child.id is not None and episode.rhi_due_at is not None
        items.append(
            OverdueInterview(
                child.id,
                child.alias,
                child.risk_level,
                worker.name if worker else None,
                worker.id if worker else None,
                episode.rhi_due_at,
            )
        )
    return sorted(items, key=lambda i: (priority(session, i.child_id, i.risk, now), i.due_at))


@dataclass(frozen=True)
class ChildSummary:
    alias: str
    risk: str
    due_on: date | None
    overdue: bool
    last_checkin_mood: str | None
    last_checkin_on: date | None
    missing: bool
    joining: invites.Joining | None  # None: joined


def worker_children(
    session: Session, person: Person, now: datetime, zone: ZoneInfo
) -> list[ChildSummary]:
    """The worker's own children: high-risk and repeat-missing first, then the soonest review."""
    worker = session.get(Staff, person.record_id)
    assert worker is not None
    ranked = []
    for child in access.children_of_worker(
        session, worker, by=person, purpose="list children", now=now
    ):
        assert child.id is not None
        last = last_checkin(session, child.id)
        due = child.review_due_on
        summary = ChildSummary(
            child.alias,
            child.risk_level,
            due,
            due is not None and timing.review_overdue(due, now, zone),
            last.mood if last else None,
            timing.local_date(last.answered_at, zone) if last and last.answered_at else None,
            episodes.open_episode(session, child.id) is not None,
            invites.joining(session, child, now),
        )
        key = (priority(session, child.id, child.risk_level, now), due or date.max, child.alias_key)
        ranked.append((key, summary))
    return [summary for _, summary in sorted(ranked, key=lambda pair: pair[0])]


def without_worker(session: Session, team_id: int) -> list[Child]:
    """Open cases of the team with no active trusted worker (theirs was deactivated): until
    someone is reassigned, what the child sends goes to the managers."""
    has_worker = (
        select(Pairing.id)
        .join(Staff, col(Staff.id) == col(Pairing.worker_id))
        .where(
            col(Pairing.child_id) == col(Child.id), col(Pairing.ended_at).is_(None), Staff.active
        )
        .exists()
    )
    return list(
        session.exec(
            select(Child)
            .where(
                col(Child.team_id) == team_id,
                col(Child.closed_at).is_(None),
                col(Child.erased_at).is_(None),
                ~has_worker,
            )
            .order_by(col(Child.alias_key))
        )
    )


@dataclass(frozen=True)
class Uncovered:
    """What came in out of the workers' hours with nobody on duty."""

    alerts: int
    messages: int

    def __bool__(self) -> bool:
        return bool(self.alerts or self.messages)


def uncovered(session: Session, team_id: int, since: datetime, until: datetime) -> Uncovered:
    """Calls for help and messages between `since` and `until` that found nobody on duty."""

    def count(table: Any, nobody: Any, at: Any) -> int:
        return session.exec(
            select(func.count())
            .select_from(table)
            .join(Child, col(Child.id) == col(table.child_id))
            .where(col(Child.team_id) == team_id, nobody, col(at) >= since, col(at) < until)
        ).one()

    return Uncovered(
        count(Alert, col(Alert.covered).is_(False), Alert.raised_at),
        count(Message, col(Message.uncovered).is_(True), Message.created_at),
    )


def no_cover_line(night: Uncovered) -> str:
    return texts.NO_COVER_LINE.format(
        alerts=texts.count(night.alerts, texts.COUNT_CALLS_FOR_HELP),
        messages=texts.count(night.messages, texts.COUNT_MESSAGES),
    )


@dataclass(frozen=True)
class WaitingAlert:
    alias: str
    raised_at: datetime


def waiting_alerts(session: Session, team_id: int) -> list[WaitingAlert]:
    """The team's calls for help nobody has taken yet, oldest first."""
    rows = session.exec(
        select(Child.alias, Alert.raised_at)
        .join(Alert, col(Alert.child_id) == col(Child.id))
        .where(col(Child.team_id) == team_id, col(Alert.acknowledged_at).is_(None))
        .order_by(col(Alert.raised_at))
    )
    return [WaitingAlert(alias, raised_at) for alias, raised_at in rows]


def untaken_line(alert: WaitingAlert, zone: ZoneInfo) -> str:
    return texts.UNTAKEN_LINE.format(alias=alert.alias, when=show_day(alert.raised_at, zone))


def overdue_lines(
    reviews: list[OverdueReview],
    interviews: list[OverdueInterview],
    zone: ZoneInfo,
    now: datetime,
    unassigned: list[Child] | None = None,
) -> list[str]:
    """Most urgent first: children without a worker, then overdue return home interviews (the
    statutory item) with how long overdue, then overdue reviews; within each, high risk and
    repeat missing first."""
    return [
        *map(no_worker_line, unassigned or []),
        *(interview_line(i, zone, now) for i in interviews),
        *map(overdue_line, reviews),
    ]


def no_worker_line(child: Child) -> str:
    return texts.NO_WORKER_LINE.format(alias=child.alias, risk=texts.risk(child.risk_level))


def interview_line(item: OverdueInterview, zone: ZoneInfo, now: datetime) -> str:
    return texts.RHI_OVERDUE_LINE.format(
        alias=item.alias,
        risk=texts.risk(item.risk),
        worker=item.worker or texts.NO_WORKER_NOW,
        late=show_duration(now - item.due_at),
        due=show_day(item.due_at, zone),
    )


def overdue_line(item: OverdueReview) -> str:
    """A child who has not joined is marked: their review is still due (it is casework, not
    chat), but nobody should look for their check-ins."""
    return texts.OVERDUE_LINE.format(
        alias=item.alias,
        risk=texts.risk(item.risk),
        worker=item.worker or texts.NO_WORKER_NOW,
        due=show_date(item.due_on),
        days=texts.count(item.days, texts.COUNT_DAYS),
    ) + texts.joining_mark(item.joining)
