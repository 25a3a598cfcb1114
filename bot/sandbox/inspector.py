"""What the sandbox page shows beside the chats: who each person is, and for one child what the
bot knows and will do next (worker, review, check-in, episode, urgent ladder, outbox).

Read straight from the database the bot writes, so the page shows the product's own state.
Reading a child's record here is audited like any other reading of it.
"""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from bot.outbox.quiet_hours import in_quiet_hours
from bot.rules import audit, invites, timing
from bot.rules.casework import current_worker
from bot.rules.upcoming import upcoming
from bot.storage.models import (
    Alert,
    AlertHolder,
    CheckIn,
    Child,
    Episode,
    Outbox,
    OutboxStatus,
    Staff,
)

JsonDict = dict[str, Any]
OUTBOX_SHOWN = 12
SANDBOX_ACTOR = "sandbox inspector"


def people(session: Session, user_ids: list[int]) -> dict[int, JsonDict]:
    """Each Telegram account's role and name in the service ("new" for a stranger)."""
    found: dict[int, JsonDict] = {}
    for staff in session.exec(select(Staff).where(col(Staff.telegram_user_id).in_(user_ids))):
        assert staff.telegram_user_id is not None
        role = staff.role if staff.active else f"{staff.role}, deactivated"
        found[staff.telegram_user_id] = {"name": staff.name, "role": role}
    for child in session.exec(select(Child).where(col(Child.telegram_user_id).in_(user_ids))):
        assert child.telegram_user_id is not None and child.id is not None
        worker = current_worker(session, child.id)
        role = "child, case closed" if child.closed_at else "child"
        detail = f"{worker.name}'s child" if worker else "no worker now"
        found[child.telegram_user_id] = {
            "name": child.alias,
            "role": role,
            "detail": detail,
            "child_id": child.id,
        }
    return found


def children(session: Session) -> list[JsonDict]:
    rows = session.exec(select(Child).where(col(Child.erased_at).is_(None))).all()
    return [
        {"id": child.id, "alias": child.alias, "joined": child.telegram_user_id is not None}
        for child in sorted(rows, key=lambda child: child.alias_key)
    ]


def child_view(
    session: Session, child_id: int, now: datetime, zone: ZoneInfo, *, opened: bool
) -> JsonDict | None:
    """Everything the bot holds on the child's timetable; `opened` audits the reading (the page
    refreshes what is already open without a new entry)."""
    child = session.get(Child, child_id)
    if child is None or child.erased_at is not None:
        return None
    if opened:
        audit.record(
            session,
            team_id=child.team_id,
            child_id=child_id,
            actor=SANDBOX_ACTOR,
            action="viewed in the sandbox's inspector",
            now=now,
        )
    worker = current_worker(session, child_id)
    return {
        "alias": child.alias,
        "risk": child.risk_level,
        "worker": worker.name if worker else None,
        "joined": child.telegram_user_id is not None,
        "invite": invites.joining(session, child, now),
        "closed": child.closed_at is not None,
        "review": {
            "due_on": child.review_due_on.isoformat() if child.review_due_on else None,
            "overdue": child.review_due_on is not None
            and timing.review_overdue(child.review_due_on, now, zone),
        },
        "checkin": _checkin(session, child, now),
        "episode": _episode(session, child_id, now),
        "alerts": _alerts(session, child_id),
        "outbox": _outbox(session, child_id, now, zone),
        "next": [
            {"at": item.at.isoformat(), "what": item.what}
            for item in upcoming(session, now, zone, child_id)
        ],
    }


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _checkin(session: Session, child: Child, now: datetime) -> JsonDict:
    last = session.exec(
        select(CheckIn).where(CheckIn.child_id == child.id).order_by(col(CheckIn.created_at).desc())
    ).first()
    return {
        "next_prompt": _iso(child.next_checkin_at),
        "last": None
        if last is None
        else {
            "status": last.status,
            "mood": last.mood,
            "prompt_sent": _iso(last.prompt_sent_at),
            "unanswered_from": _iso(last.unanswered_at),
        },
    }


def _episode(session: Session, child_id: int, now: datetime) -> JsonDict | None:
    """The latest episode still open: missing now, or back with the interview not yet held."""
    episode = session.exec(
        select(Episode)
        .where(Episode.child_id == child_id, col(Episode.rhi_done_at).is_(None))
        .order_by(col(Episode.opened_at).desc())
    ).first()
    if episode is None:
        return None
    due = episode.rhi_due_at
    return {
        "missing_since": _iso(episode.opened_at),
        "returned": _iso(episode.returned_at),
        "interview_due": _iso(due),
        "hours_left": None if due is None else round((due - now).total_seconds() / 3600, 1),
    }


def _alerts(session: Session, child_id: int) -> list[JsonDict]:
    alerts = session.exec(
        select(Alert)
        .where(Alert.child_id == child_id, col(Alert.resolved_at).is_(None))
        .order_by(col(Alert.raised_at))
    ).all()
    shown = []
    for alert in alerts:
        holders = session.exec(
            select(Staff.name)
            .join(AlertHolder, col(AlertHolder.staff_id) == col(Staff.id))
            .where(AlertHolder.alert_id == alert.id)
        ).all()
        taker = session.get(Staff, alert.acknowledged_by) if alert.acknowledged_by else None
        shown.append(
            {
                "raised": alert.raised_at.isoformat(),
                "out_of_hours": alert.out_of_hours,
                "rounds": alert.rounds,
                "next_round": _iso(alert.escalate_at),
                "holders": list(holders),
                "taken_by": taker.name if taker else None,
            }
        )
    return shown


def _outbox(session: Session, child_id: int, now: datetime, zone: ZoneInfo) -> JsonDict:
    rows = session.exec(
        select(Outbox).where(Outbox.child_id == child_id).order_by(col(Outbox.id).desc())
    ).all()
    counts: dict[str, int] = {}
    shown: list[JsonDict] = []
    for row in rows:
        state = _state(row, now, zone)
        counts[state] = counts.get(state, 0) + 1
        if len(shown) < OUTBOX_SHOWN:
            shown.append(
                {
                    "id": row.id,
                    "method": row.method,
                    "chat_id": row.chat_id,
                    "state": state,
                    "not_before": row.not_before.isoformat(),
                    "sent_at": _iso(row.sent_at),
                    "error": row.last_error,
                }
            )
    return {"counts": counts, "latest": shown}


def _state(row: Outbox, now: datetime, zone: ZoneInfo) -> str:
    if row.status != OutboxStatus.PENDING:
        return {OutboxStatus.SET_ASIDE: "set aside"}.get(OutboxStatus(row.status), row.status)
    if row.not_before <= now:
        return "queued"
    if row.quiet and in_quiet_hours(now, zone):
        return "held for quiet hours"
    return "waiting to retry" if row.attempts else "held until later"
