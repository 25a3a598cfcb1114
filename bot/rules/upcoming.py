"""What the bot will next say on its own, and when: read from the same columns the sweeps read
(`scheduler/`), so the sandbox's "next thing due" jumps to where a sweep will speak, not to a
guess. Each moment's meaning comes from `bot.rules.timing`."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, true
from sqlmodel import Session, col, select

from bot.outbox.quiet_hours import quiet_hours_end
from bot.rules import messaging, overdue, questions, timing
from bot.rules.casework import current_worker
from bot.rules.morning import morning
from bot.storage.models import (
    Alert,
    CheckIn,
    CheckInStatus,
    Child,
    Conversation,
    Episode,
    Message,
    Outbox,
    OutboxStatus,
    SweepMark,
    Team,
)

REVIEW_STAGES = {
    timing.ReviewStage.BEFORE: "review reminder, two days before",
    timing.ReviewStage.DUE: "review due today, to the worker",
    timing.ReviewStage.OVERDUE: "review overdue, to the managers",
}
RHI_STAGES = {
    timing.RhiStage.REMINDER: "return interview reminder (48 hours)",
    timing.RhiStage.OVERDUE: "return interview overdue (72 hours), to the managers",
}


@dataclass(frozen=True)
class Upcoming:
    at: datetime
    what: str
    child_id: int | None = None


def upcoming(
    session: Session, now: datetime, zone: ZoneInfo, child_id: int | None = None
) -> list[Upcoming]:
    """Every moment at which a sweep or the outbox will next speak, soonest first (for one
    child when `child_id` is given). All are after `now` but this morning's digest, which is
    due at `now` while it has not gone."""
    found = [
        *_reviews(session, now, zone, child_id),
        *_checkins(session, now, zone, child_id),
        *_interviews(session, now, child_id),
        *_alerts(session, now, child_id),
        *_held(session, now, child_id),
        *_retries(session, now, child_id),
    ]
    if child_id is None:
        found += [*_lapsing(session, now), *_digest(session, now, zone)]
    return sorted(found, key=lambda item: item.at)


def _for(child_id: int | None, column: Any) -> Any:
    """No condition, or this child's rows only."""
    return true() if child_id is None else column == child_id


def _with_child(
    session: Session, table: Any, child_id: int | None, *conditions: Any
) -> Sequence[Any]:
    """Rows of `table` with their child, where the conditions hold (for one child, or all)."""
    return session.exec(
        select(table, Child)
        .join(Child, col(Child.id) == col(table.child_id))
        .where(*conditions, _for(child_id, Child.id))
    ).all()


def _reviews(
    session: Session, now: datetime, zone: ZoneInfo, child_id: int | None
) -> list[Upcoming]:
    children = session.exec(
        select(Child).where(
            col(Child.review_next_event_at) > now,
            overdue.open_case(now),
            _for(child_id, Child.id),
        )
    ).all()
    found = []
    for child in children:
        assert child.review_next_event_at is not None and child.review_due_on is not None
        at = child.review_next_event_at
        stage = timing.review_stage(child.review_due_on, at, zone)
        told = stage == timing.ReviewStage.OVERDUE or _worker_on_telegram(session, child.id)
        if stage is not None and told:
            found.append(Upcoming(at, f"{child.alias}: {REVIEW_STAGES[stage]}", child.id))
    return found


def _worker_on_telegram(session: Session, child_id: int | None) -> bool:
    """Whether the child has a worker the sweeps' notices to "the worker" reach."""
    worker = current_worker(session, child_id) if child_id is not None else None
    return worker is not None and worker.telegram_user_id is not None


def _checkins(
    session: Session, now: datetime, zone: ZoneInfo, child_id: int | None
) -> list[Upcoming]:
    children = session.exec(
        select(Child).where(
            col(Child.next_checkin_at).is_not(None),
            col(Child.telegram_user_id).is_not(None),
            overdue.open_case(now),
            _for(child_id, Child.id),
        )
    ).all()
    found = []
    for child in children:
        assert child.next_checkin_at is not None
        at = quiet_hours_end(max(child.next_checkin_at, now), zone)
        if at > now:
            found.append(Upcoming(at, f"{child.alias}: check-in prompt", child.id))
    unanswered = _with_child(
        session,
        CheckIn,
        child_id,
        col(CheckIn.status) == CheckInStatus.OPEN,
        col(CheckIn.unanswered_at) > now,
    )
    for checkin, owner in unanswered:
        assert checkin.unanswered_at is not None
        if _worker_on_telegram(session, owner.id):
            text = f"{owner.alias}: 48 hours since the check-in prompt, the worker is told"
            found.append(Upcoming(checkin.unanswered_at, text, owner.id))
    return found


def _interviews(session: Session, now: datetime, child_id: int | None) -> list[Upcoming]:
    rows = _with_child(
        session,
        Episode,
        child_id,
        col(Episode.rhi_next_event_at) > now,
        col(Episode.returned_at).is_not(None),
        overdue.open_case(now),
    )
    found = []
    for episode, child in rows:
        assert episode.rhi_next_event_at is not None and episode.returned_at is not None
        stage = timing.rhi_stage(episode.returned_at, episode.rhi_next_event_at)
        if stage is not None:
            text = f"{child.alias}: {RHI_STAGES[stage]}"
            found.append(Upcoming(episode.rhi_next_event_at, text, child.id))
    return found


def _alerts(session: Session, now: datetime, child_id: int | None) -> list[Upcoming]:
    rows = _with_child(session, Alert, child_id, col(Alert.escalate_at) > now)
    found = []
    for alert, child in rows:
        assert alert.escalate_at is not None
        text = f"{child.alias}: urgent alert again, nobody has taken it"
        found.append(Upcoming(alert.escalate_at, text, child.id))
    return found


def _held(session: Session, now: datetime, child_id: int | None) -> list[Upcoming]:
    """Messages waiting in the outbox for later: quiet hours, or a retry after a failure."""
    rows = session.exec(
        select(Outbox.child_id, func.min(Outbox.not_before))
        .where(
            col(Outbox.status) == OutboxStatus.PENDING,
            col(Outbox.not_before) > now,
            _for(child_id, Outbox.child_id),
        )
        .group_by(col(Outbox.child_id))
    ).all()
    return [Upcoming(at, "a message held back goes out", owner) for owner, at in rows]


def _lapsing(session: Session, now: datetime) -> list[Upcoming]:
    """The first question to lapse that is announced (`questions.silent` ones end quietly)."""
    first = session.exec(
        select(func.min(Conversation.expires_at)).where(
            col(Conversation.expires_at) > now, col(Conversation.kind) != questions.CHECKIN
        )
    ).one()
    return [Upcoming(first, "an unanswered question ends")] if first is not None else []


def _retries(session: Session, now: datetime, child_id: int | None) -> list[Upcoming]:
    """A child's message whose passing on failed is tried again (`messaging.next_try_at`)."""
    waiting = session.exec(
        select(Message).where(
            col(Message.relayed_at).is_(None),
            col(Message.relay_attempts) < messaging.MAX_RELAY_ATTEMPTS,
            _for(child_id, Message.child_id),
        )
    ).all()
    return [
        Upcoming(at, "a child's message not yet passed on is tried again", message.child_id)
        for message in waiting
        if (at := messaging.next_try_at(message)) > now
    ]


def _digest(session: Session, now: datetime, zone: ZoneInfo) -> list[Upcoming]:
    """The next 09:00 digest (due now if this morning's has not gone yet), if it will have
    anything to say by what is known now."""
    mark = session.get(SweepMark, "digest")
    today = timing.local_date(now, zone)
    day = today + timedelta(days=1) if mark is not None and mark.day >= today else today
    at = max(timing.at_local(day, timing.MORNING, zone), now)
    last_day = mark.day if mark is not None else day - timedelta(days=1)
    for team_id in session.exec(select(Team.id)).all():
        assert team_id is not None
        if morning(session, team_id, at, zone, last_day):
            return [Upcoming(at, "the 09:00 digest of what stays overdue")]
    return []
