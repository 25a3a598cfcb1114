"""Missing episodes and the return home interview clock: 72 hours from the return."""

from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from bot.rules import timing
from bot.storage.models import Episode, MissingReason, ReturnInterview
from bot.wording.language import N_

# Why children go missing, as the return home interview records it (and the Board counts it);
# the labels in English, said with `language.say`.
PUSH_FACTORS = {
    "conflict": N_("Conflict at home or placement"),
    "abuse": N_("Abuse or neglect"),
    "school": N_("School"),
    "bullying": N_("Bullying"),
    "mental_health": N_("Mental health"),
}
PULL_FACTORS = {
    "drugs_alcohol": N_("Drugs or alcohol"),
    "friends": N_("Friends or peers"),
    "partner": N_("A partner"),
    "exploitation": N_("Exploitation concerns"),
}
OTHER = "other"
NOT_KNOWN = "not_known"  # the child did not say, or nobody found out: counted, not guessed
REASONS = {**PUSH_FACTORS, **PULL_FACTORS, NOT_KNOWN: N_("Not known"), OTHER: N_("Other")}


def toggle_reason(chosen: list[str], reason: str) -> list[str]:
    """A reason tapped on or off, in the list's order. "Not known" stands alone: choosing it
    clears the others, and choosing another clears it."""
    if reason in chosen:
        now_chosen = set(chosen) - {reason}
    elif reason == NOT_KNOWN:
        now_chosen = {NOT_KNOWN}
    else:
        now_chosen = set(chosen) - {NOT_KNOWN} | {reason}
    return [code for code in REASONS if code in now_chosen]


def open_episode(session: Session, child_id: int) -> Episode | None:
    """The child's current episode: missing and not yet back."""
    return session.exec(
        select(Episode).where(Episode.child_id == child_id, col(Episode.returned_at).is_(None))
    ).first()


def awaiting_interview(session: Session, child_id: int) -> Episode | None:
    """The latest return that has no interview recorded yet."""
    return session.exec(
        select(Episode)
        .where(
            Episode.child_id == child_id,
            col(Episode.returned_at).is_not(None),
            col(Episode.rhi_done_at).is_(None),
        )
        .order_by(col(Episode.returned_at).desc())
    ).first()


def start(session: Session, child_id: int, team_id: int, worker_id: int, now: datetime) -> Episode:
    episode = Episode(child_id=child_id, team_id=team_id, opened_by=worker_id, opened_at=now)
    session.add(episode)
    session.flush()
    return episode


def episodes_lately(session: Session, child_id: int, now: datetime) -> int:
    """Episodes opened in the last 30 days, the one just opened included."""
    return session.exec(
        select(func.count())
        .select_from(Episode)
        .where(
            Episode.child_id == child_id,
            col(Episode.opened_at) > now - timing.REPEAT_MISSING_WITHIN,
        )
    ).one()


def repeat_missing(session: Session, child_id: int, now: datetime) -> bool:
    return episodes_lately(session, child_id, now) >= timing.REPEAT_MISSING_EPISODES


def record_return(session: Session, episode: Episode, now: datetime) -> None:
    """The child is back: the 72-hour interview clock starts."""
    episode.returned_at = now
    episode.rhi_due_at = timing.rhi_due_at(now)
    episode.rhi_next_event_at = timing.next_rhi_event_at(now, now)
    session.add(episode)
    session.flush()


def record_interview(
    session: Session,
    episode: Episode,
    *,
    worker_id: int,
    outcome: str,
    independent: bool,
    reasons: list[str],
    other_reason: str | None,
    child_words: str | None,
    now: datetime,
) -> ReturnInterview:
    assert episode.id is not None
    interview = ReturnInterview(
        episode_id=episode.id,
        child_id=episode.child_id,
        worker_id=worker_id,
        held_at=now,
        outcome=outcome,
        independent=independent,
        other_reason=other_reason,
        child_words=child_words,
    )
    session.add(interview)
    session.flush()
    assert interview.id is not None
    for reason in sorted(set(reasons)):
        session.add(
            MissingReason(
                interview_id=interview.id, team_id=episode.team_id, reason=reason, held_at=now
            )
        )
    episode.rhi_done_at = now
    episode.rhi_next_event_at = None
    session.add(episode)
    session.flush()
    return interview


def words_since(session: Session, child_id: int, since: datetime | None) -> list[str]:
    """What the child said in return interviews since a moment (the last review)."""
    query = select(ReturnInterview.child_words).where(
        ReturnInterview.child_id == child_id, col(ReturnInterview.child_words).is_not(None)
    )
    if since is not None:
        query = query.where(col(ReturnInterview.held_at) > since)
    return [w for w in session.exec(query.order_by(col(ReturnInterview.held_at))) if w]
