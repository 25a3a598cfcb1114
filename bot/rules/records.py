"""Data rights over a child's record: a subject-access export, closing the case, and erasure
(on request, or automatically once a closed case is older than the retention period).

Erasure covers every table that holds anything about the child (`CHILD_TABLES` names them, and
a test checks that no table is left out); the export, every one that holds something the child
said or did, or that was done for them (buttons and codes that did not work hold nothing of the
kind). The audit log is kept on purpose: it holds ids and actions only, and must still say who
erased the record and when."""

import json
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, or_, update
from sqlmodel import Session, col, select

from bot.rules import audit
from bot.storage.models import (
    Alert,
    AlertHolder,
    Button,
    CheckIn,
    Child,
    Conversation,
    DutyHold,
    Episode,
    Intervention,
    Invite,
    InviteAttempt,
    Message,
    MissingReason,
    Notice,
    Outbox,
    OutboxStatus,
    Pairing,
    Rating,
    ReturnInterview,
    Review,
    RiskLevel,
    Staff,
)
from bot.wording.language import ENGLISH

ERASED = "#erased-"  # not a valid alias, so never confused with one

# Every table that holds something about a child, and how its rows are found: by the child's id,
# through one of the child's return interviews, or by the child's Telegram account.
CHILD_TABLES = (
    "child", "pairing", "invite", "message", "intervention", "rating", "review", "checkin",
    "alert", "alertholder", "dutyhold", "episode", "returninterview", "missingreason",
    "conversation", "button", "outbox", "notice", "inviteattempt",
)  # fmt: skip


def _when(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def export(session: Session, child: Child) -> dict[str, Any]:
    """Everything held about the child, as plain JSON-ready data."""
    assert child.id is not None
    names = {
        s.id: s.name for s in session.exec(select(Staff).where(Staff.team_id == child.team_id))
    }

    def rows(model: Any, order: Any) -> list[Any]:
        return list(session.exec(select(model).where(model.child_id == child.id).order_by(order)))

    return {
        "child": {
            "alias": child.alias,
            "risk_level": child.risk_level,
            "language": child.language,
            "added": _when(child.created_at),
            "closed": _when(child.closed_at),
            "next_review_due": child.review_due_on.isoformat() if child.review_due_on else None,
        },
        "trusted_workers": [
            {
                "worker": names.get(p.worker_id),
                "from": _when(p.started_at),
                "to": _when(p.ended_at),
                "reason": p.end_reason,
            }
            for p in rows(Pairing, col(Pairing.started_at))
        ],
        "messages": [
            {
                "at": _when(m.created_at),
                "direction": m.direction,
                "kind": m.kind,
                "text": m.body,
                "edited": m.edited,
                "worker": names.get(m.worker_id),
            }
            for m in rows(Message, col(Message.created_at))
        ],
        "help": [
            {"what": i.title, "started": _when(i.started_at), "ended": _when(i.ended_at)}
            for i in rows(Intervention, col(Intervention.started_at))
        ],
        "is_it_helping": [
            {
                "at": _when(r.created_at),
                "from": r.rater,
                "answer": r.value,
                "help": r.intervention_id,
            }
            for r in rows(Rating, col(Rating.created_at))
        ],
        "reviews": [
            {
                "at": _when(r.held_at),
                "worker": names.get(r.worker_id),
                "childs_view": r.child_view,
                "why_no_view": r.no_view_reason,
                "next_due": r.next_due_on.isoformat(),
            }
            for r in rows(Review, col(Review.held_at))
        ],
        "check_ins": [
            {
                "at": _when(c.created_at),
                "status": c.status,
                "feeling": c.mood,
                "help_making_a_difference": c.difference,
                "said": c.comment,
            }
            for c in rows(CheckIn, col(CheckIn.created_at))
        ],
        "calls_for_help": [
            {
                "at": _when(a.raised_at),
                "how": a.source,
                "out_of_hours": a.out_of_hours,
                "told": [
                    {"who": names.get(h.staff_id), "at": _when(h.since), "on_duty": h.as_duty}
                    for h in session.exec(select(AlertHolder).where(AlertHolder.alert_id == a.id))
                ],
                "taken": _when(a.acknowledged_at),
                "taken_by": names.get(a.acknowledged_by),
                "resolved": _when(a.resolved_at),
                "note": a.resolution,
            }
            for a in rows(Alert, col(Alert.raised_at))
        ],
        "missing_episodes": [
            _episode(session, e, names) for e in rows(Episode, col(Episode.opened_at))
        ],
        "invites": [
            {"made": _when(i.created_at), "ends": _when(i.expires_at), "used": _when(i.used_at)}
            for i in rows(Invite, col(Invite.created_at))
        ],
        "open_questions": [
            {
                "about": q.kind,
                "step": q.step,
                "started": _when(q.started_at),
                "ends": _when(q.expires_at),
                "so_far": json.loads(q.state),
            }
            for q in rows(Conversation, col(Conversation.started_at))
        ],
        "messages_being_sent": [
            {"queued": _when(o.created_at), "status": o.status, "kind": o.method}
            for o in session.exec(
                select(Outbox)
                .where(_outbox_rows(child), col(Outbox.status) != OutboxStatus.SENT)
                .order_by(col(Outbox.id))
            )
        ],
        "audit": [
            {"at": _when(e.at), "who": e.who, "what": e.action}
            for e in audit.trail(session, child.id)
        ],
    }


def _episode(session: Session, episode: Episode, names: dict[Any, str]) -> dict[str, Any]:
    interviews = session.exec(
        select(ReturnInterview).where(ReturnInterview.episode_id == episode.id)
    ).all()
    return {
        "missing_from": _when(episode.opened_at),
        "police_risk_grade": episode.risk_grade,
        "back": _when(episode.returned_at),
        "interview_due": _when(episode.rhi_due_at),
        "return_interviews": [
            {
                "at": _when(i.held_at),
                "worker": names.get(i.worker_id),
                "outcome": i.outcome,
                "independent": i.independent,
                "reasons": [
                    r.reason
                    for r in session.exec(
                        select(MissingReason).where(MissingReason.interview_id == i.id)
                    )
                ],
                "other_reason": i.other_reason,
                "childs_words": i.child_words,
            }
            for i in interviews
        ],
    }


def _outbox_rows(child: Child) -> Any:
    """The outbox rows about the child, or to their chat."""
    chat = child.telegram_user_id
    about = col(Outbox.child_id) == child.id
    return or_(about, col(Outbox.chat_id) == chat) if chat else about


def export_json(session: Session, child: Child) -> str:
    return json.dumps(export(session, child), ensure_ascii=False, indent=2)


def close(session: Session, child: Child, now: datetime) -> None:
    """Close the case: no more reminders or check-ins; the pairing ends; the record is kept
    until the retention period has passed."""
    child.closed_at = now
    child.review_next_event_at = None
    child.next_checkin_at = None
    session.add(child)
    session.exec(
        update(Pairing)
        .where(col(Pairing.child_id) == child.id, col(Pairing.ended_at).is_(None))
        .values(ended_at=now, end_reason="case closed")
    )
    session.flush()


def erase(session: Session, child: Child, now: datetime) -> None:
    """Remove everything held about the child. What stays is a tombstone row, so the audit
    trail (ids and actions only) can still say who erased it and when."""
    assert child.id is not None
    chat = child.telegram_user_id
    interviews = select(ReturnInterview.id).where(ReturnInterview.child_id == child.id)
    session.exec(delete(MissingReason).where(col(MissingReason.interview_id).in_(interviews)))
    alerts = select(Alert.id).where(Alert.child_id == child.id)
    session.exec(delete(AlertHolder).where(col(AlertHolder.alert_id).in_(alerts)))
    conversations = select(Conversation.id).where(Conversation.child_id == child.id)
    session.exec(delete(Button).where(col(Button.conversation_id).in_(conversations)))
    session.exec(delete(Outbox).where(_outbox_rows(child)))
    for model in (
        Rating, Review, CheckIn, Message, Alert, DutyHold, Intervention, ReturnInterview,
        Episode, Conversation, Pairing, Invite, Notice,
    ):  # fmt: skip
        session.exec(delete(model).where(col(model.child_id) == child.id))
    if chat is not None:
        for by_account in (Button, Conversation, InviteAttempt):
            session.exec(delete(by_account).where(col(by_account.telegram_user_id) == chat))
    child.alias = child.alias_key = f"{ERASED}{child.id}"
    child.telegram_user_id = None
    child.closed_at = child.closed_at or now
    child.erased_at = now
    child.review_due_on = child.review_next_event_at = child.next_checkin_at = None
    child.review_alerted_on = None
    child.risk_level = RiskLevel.NONE
    child.language, child.checkin_weekday, child.checkin_time = ENGLISH, None, None
    session.add(child)
    session.flush()


def purge_expired(session: Session, now: datetime, keep_for: timedelta, limit: int) -> int:
    """Erase closed cases older than the retention period."""
    due = session.exec(
        select(Child)
        .where(
            col(Child.closed_at).is_not(None),
            col(Child.erased_at).is_(None),
            col(Child.closed_at) <= now - keep_for,
        )
        .limit(limit)
    ).all()
    for child in due:
        erase(session, child, now)
        audit.record(
            session,
            team_id=child.team_id,
            child_id=child.id,
            actor="retention",
            action="erased after the retention period",
            now=now,
        )
    return len(due)
