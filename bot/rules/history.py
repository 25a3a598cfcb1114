"""One child's record as a history to page through, newest first: the messages both ways,
progress reviews, check-ins and missing episodes.

Every entry has a mark (when, then which kind, then which row), and a page is read from just
past the mark of an entry already shown, never by counting: a page shows the same entries
however much the record has grown since the one before it."""

from dataclasses import dataclass
from datetime import date, datetime
from enum import IntEnum
from typing import Any

from sqlalchemy import ColumnElement, and_, or_
from sqlmodel import Session, col, select

from bot.rules import timing
from bot.storage.models import (
    CheckIn,
    CheckInStatus,
    Direction,
    Episode,
    Intervention,
    Message,
    Rating,
    ReturnInterview,
    Review,
    Staff,
)


class Kind(IntEnum):
    """What an entry is; also the order of entries made at the same moment."""

    CHECKIN = 0  # begun before the words typed at its last step
    MESSAGE = 1
    REVIEW = 2
    EPISODE = 3


# Each kind's table and the moment that places its rows in the history.
_SOURCES: dict[Kind, tuple[Any, Any]] = {
    Kind.MESSAGE: (Message, Message.created_at),
    Kind.CHECKIN: (CheckIn, CheckIn.created_at),
    Kind.REVIEW: (Review, Review.held_at),
    Kind.EPISODE: (Episode, Episode.opened_at),
}


@dataclass(frozen=True, order=True)
class Mark:
    """Where an entry stands in the history."""

    at: datetime
    kind: Kind
    id: int

    def to_data(self) -> list[Any]:
        """As a button can carry it (ids and a time only, never any words)."""
        return [self.at.isoformat(), int(self.kind), self.id]

    @classmethod
    def from_data(cls, data: list[Any]) -> "Mark":
        return cls(datetime.fromisoformat(data[0]), Kind(data[1]), int(data[2]))


@dataclass(frozen=True)
class Said:
    """A message: the child's words to the team, or a staff member's to the child."""

    mark: Mark
    from_child: bool
    kind: str  # text, voice or sticker
    body: str | None
    edited: bool
    staff: str | None  # who it went to (from the child) or who sent it; None: the managers


@dataclass(frozen=True)
class Reviewed:
    mark: Mark
    worker: str
    ratings: list[tuple[str, str]]  # (the help, how it is going), in the order it was rated
    child_view: str | None
    no_view_reason: str | None
    next_due_on: date


@dataclass(frozen=True)
class CheckedIn:
    mark: Mark
    status: str
    mood: str | None
    difference: str | None
    comment: str | None


@dataclass(frozen=True)
class Missing:
    mark: Mark
    grade: str | None
    returned_at: datetime | None
    rhi_due_at: datetime | None
    interview: tuple[str, datetime] | None  # its outcome and when, once recorded

    def interview_overdue(self, now: datetime) -> bool:
        return (
            self.interview is None
            and self.rhi_due_at is not None
            and timing.rhi_overdue(self.rhi_due_at, now)
        )


Entry = Said | Reviewed | CheckedIn | Missing


def walk(
    session: Session, child_id: int, mark: Mark | None, *, older: bool, limit: int
) -> list[Entry]:
    """Up to `limit` entries just past `mark`, older or newer, nearest to it first; without a
    mark, the newest entries."""
    rows: list[tuple[Mark, Any]] = []
    for kind, (model, at) in _SOURCES.items():
        query = select(model).where(model.child_id == child_id)
        if mark is not None:
            query = query.where(_past(kind, mark, older))
        order = (col(at).desc(), col(model.id).desc()) if older else (col(at), col(model.id))
        for row in session.exec(query.order_by(*order).limit(limit)):
            rows.append((Mark(getattr(row, at.key), kind, row.id), row))
    rows.sort(key=lambda pair: pair[0], reverse=older)
    chosen = rows[:limit]
    names = _names(session, [getattr(row, "worker_id", None) for _, row in chosen])
    return [_entry(session, found, row, names) for found, row in chosen]


def beyond(session: Session, child_id: int, mark: Mark, *, older: bool) -> bool:
    """Whether there is any entry past `mark`, older or newer (nothing of it is read)."""
    for kind, (model, _at) in _SOURCES.items():
        query = select(model.id).where(model.child_id == child_id, _past(kind, mark, older))
        if session.exec(query.limit(1)).first() is not None:
            return True
    return False


def _past(kind: Kind, mark: Mark, older: bool) -> ColumnElement[bool]:
    """This kind's rows past the mark: earlier (or later), then at the same moment those of a
    kind or row that come before (or after) it."""
    model, at = _SOURCES[kind]
    moment = col(at)
    past_it = moment < mark.at if older else moment > mark.at
    if kind == mark.kind:
        row = col(model.id) < mark.id if older else col(model.id) > mark.id
        return or_(past_it, and_(moment == mark.at, row))
    if (kind < mark.kind) == older:
        return or_(past_it, moment == mark.at)
    return past_it


def _names(session: Session, ids: list[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    found = session.exec(select(Staff.id, Staff.name).where(col(Staff.id).in_(wanted)))
    return {staff_id: name for staff_id, name in found if staff_id is not None}


def _entry(session: Session, mark: Mark, row: Any, names: dict[int, str]) -> Entry:
    if isinstance(row, Message):
        staff = names.get(row.worker_id) if row.worker_id is not None else None
        from_child = row.direction == Direction.FROM_CHILD
        return Said(mark, from_child, row.kind, row.body, row.edited, staff)
    if isinstance(row, Review):
        return Reviewed(
            mark,
            names[row.worker_id],
            _ratings(session, mark.id),
            row.child_view,
            row.no_view_reason,
            row.next_due_on,
        )
    if isinstance(row, CheckIn):
        return CheckedIn(mark, CheckInStatus(row.status), row.mood, row.difference, row.comment)
    assert isinstance(row, Episode)
    interview = session.exec(
        select(ReturnInterview)
        .where(ReturnInterview.episode_id == row.id)
        .order_by(col(ReturnInterview.held_at).desc())
    ).first()
    return Missing(
        mark,
        row.risk_grade,
        row.returned_at,
        row.rhi_due_at,
        (interview.outcome, interview.held_at) if interview else None,
    )


def _ratings(session: Session, review_id: int) -> list[tuple[str, str]]:
    found = session.exec(
        select(Intervention.title, Rating.value)
        .join(Intervention, col(Intervention.id) == col(Rating.intervention_id))
        .where(Rating.review_id == review_id)
        .order_by(col(Rating.id))
    )
    return [(title, value) for title, value in found]
