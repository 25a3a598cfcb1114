"""The handover a worker gets with a child: the help running and whether it is helping, the
last review, the last check-ins, an open missing episode, and what the child wrote while they
had no worker."""

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from bot.rules import episodes, messaging, reviews, timing
from bot.storage.models import Alert, CheckIn, Child, Rating, Staff
from bot.wording import texts
from bot.wording.timefmt import show_date, show_day


def handover_text(
    session: Session,
    child: Child,
    previous: str | None,
    since: datetime | None,
    zone: ZoneInfo,
    now: datetime,
) -> str:
    """`previous`: the worker before (None: the child never had one). `since`: when the
    pairing that ends began (what the child wrote after it, with no worker of theirs receiving
    it, is handed over whole). Safeguarding first: missing now, a return interview waiting,
    calls for help still open, repeat missing."""
    assert child.id is not None
    risk = texts.risk(child.risk_level)
    lines = [
        texts.HANDOVER.format(alias=child.alias, risk=risk, previous=previous)
        if previous
        else texts.HANDOVER_FIRST.format(alias=child.alias, risk=risk)
    ]
    lines += _safeguarding(session, child.id, zone, now)
    items = []
    for intervention in reviews.active_interventions(session, child.id):
        latest = session.exec(
            select(Rating)
            .where(Rating.intervention_id == intervention.id)
            .order_by(col(Rating.created_at).desc())
        ).first()
        rating = texts.REVIEW_RATINGS.get(latest.value, latest.value) if latest else texts.NOT_RATED
        items.append(f"{intervention.title} ({rating})")
    lines.append(
        texts.HANDOVER_HELP.format(items="; ".join(items)) if items else texts.HANDOVER_NO_HELP
    )
    last = reviews.last_review(session, child.id)
    due = show_date(child.review_due_on) if child.review_due_on else texts.NOT_PLANNED
    if child.review_due_on and now >= timing.review_overdue_at(child.review_due_on, zone):
        due += texts.OVERDUE_MARK
    if last is None:
        lines.append(texts.HANDOVER_NO_REVIEW.format(due=due))
    elif last.child_view:
        when = show_day(last.held_at, zone)
        lines.append(texts.HANDOVER_REVIEW.format(when=when, view=last.child_view, due=due))
    else:
        when, reason = show_day(last.held_at, zone), last.no_view_reason or ""
        lines.append(texts.HANDOVER_REVIEW_NO_VIEW.format(when=when, reason=reason, due=due))
    recent = session.exec(
        select(CheckIn)
        .where(CheckIn.child_id == child.id, col(CheckIn.answered_at).is_not(None))
        .order_by(col(CheckIn.answered_at).desc())
        .limit(3)
    ).all()
    if recent:
        lines.append(
            texts.HANDOVER_CHECKINS.format(
                items="; ".join(
                    f"{show_date(c.answered_at.astimezone(zone).date())}: "
                    f"{texts.CHECKIN_MOODS.get(c.mood or '', texts.NOT_ANSWERED)}"
                    for c in recent
                    if c.answered_at
                )
            )
        )
    unseen = messaging.written_without_a_worker(session, child.id, since) if since else []
    if unseen:
        lines.append(texts.HANDOVER_UNSEEN.format(alias=child.alias))
        lines += [
            texts.HANDOVER_UNSEEN_LINE.format(
                when=show_day(m.created_at, zone),
                text=f"“{m.body}”" if m.body else texts.NOT_WORDS.get(m.kind, m.kind),
            )
            for m in unseen
        ]
    return "\n".join(lines)


def _safeguarding(session: Session, child_id: int, zone: ZoneInfo, now: datetime) -> list[str]:
    lines = []
    missing = episodes.open_episode(session, child_id)
    if missing is not None:
        lines.append(texts.HANDOVER_MISSING.format(since=show_day(missing.opened_at, zone)))
    back = episodes.awaiting_interview(session, child_id)
    if back is not None and back.returned_at is not None and back.rhi_due_at is not None:
        late = timing.rhi_overdue(back.rhi_due_at, now)
        template = texts.HANDOVER_RHI_OVERDUE if late else texts.HANDOVER_RHI_DUE
        lines.append(
            template.format(
                back=show_day(back.returned_at, zone), due=show_day(back.rhi_due_at, zone)
            )
        )
    for alert in session.exec(
        select(Alert)
        .where(Alert.child_id == child_id, col(Alert.resolved_at).is_(None))
        .order_by(col(Alert.raised_at))
    ):
        taker = session.get(Staff, alert.acknowledged_by) if alert.acknowledged_by else None
        taker = taker if taker is not None and taker.active else None  # gone: nobody has it
        lines.append(
            texts.HANDOVER_ALERT.format(
                when=show_day(alert.raised_at, zone),
                who=texts.HANDOVER_ALERT_TAKEN.format(name=taker.name)
                if taker
                else texts.HANDOVER_ALERT_NOBODY,
            )
        )
    if episodes.repeat_missing(session, child_id, now):
        lines.append(
            texts.HANDOVER_REPEAT.format(
                count=timing.REPEAT_MISSING_EPISODES, days=timing.REPEAT_MISSING_WITHIN.days
            )
        )
    return lines
