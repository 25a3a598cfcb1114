"""The handover a worker gets with a child: the help running and whether it is helping, the
last review, the last check-ins, an open missing episode, and what the child wrote while they
had no worker."""

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from bot.rules import episodes, messaging, reviews
from bot.storage.models import CheckIn, Child, Rating
from bot.wording import texts
from bot.wording.timefmt import show_date, show_day


def handover_text(
    session: Session, child: Child, previous: str, since: datetime | None, zone: ZoneInfo
) -> str:
    """`since`: when the pairing that ends began (what the child wrote after it, with no worker
    of theirs receiving it, is handed over whole)."""
    assert child.id is not None
    risk = texts.risk(child.risk_level)
    lines = [texts.HANDOVER.format(alias=child.alias, risk=risk, previous=previous)]
    items = []
    for intervention in reviews.active_interventions(session, child.id):
        latest = session.exec(
            select(Rating)
            .where(Rating.intervention_id == intervention.id)
            .order_by(col(Rating.created_at).desc())
        ).first()
        rating = texts.REVIEW_RATINGS.get(latest.value, latest.value) if latest else "not rated"
        items.append(f"{intervention.title} ({rating})")
    lines.append(
        texts.HANDOVER_HELP.format(items="; ".join(items)) if items else texts.HANDOVER_NO_HELP
    )
    last = reviews.last_review(session, child.id)
    if last is not None:
        view = last.child_view or last.no_view_reason or ""
        lines.append(texts.HANDOVER_REVIEW.format(when=show_day(last.held_at, zone), view=view))
    else:
        due = show_date(child.review_due_on) if child.review_due_on else "not planned"
        lines.append(texts.HANDOVER_NO_REVIEW.format(due=due))
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
    missing = episodes.open_episode(session, child.id)
    if missing is not None:
        lines.append(texts.HANDOVER_MISSING.format(since=show_day(missing.opened_at, zone)))
    unseen = messaging.written_without_a_worker(session, child.id, since) if since else []
    if unseen:
        lines.append(texts.HANDOVER_UNSEEN.format(alias=child.alias))
        lines += [
            texts.HANDOVER_UNSEEN_LINE.format(
                when=show_day(m.created_at, zone),
                text=f"“{m.body}”" if m.body else texts.HANDOVER_UNSEEN_KIND.format(kind=m.kind),
            )
            for m in unseen
        ]
    return "\n".join(lines)
