"""What the 09:00 digest of one team says: the one reading of it, for the digest sweep and for
knowing ahead whether a morning's digest will speak at all (`bot.rules.upcoming`)."""

from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.rules import timing
from bot.rules.overview import (
    OverdueInterview,
    OverdueReview,
    Uncovered,
    WaitingAlert,
    overdue_interviews,
    overdue_reviews,
    uncovered,
    waiting_alerts,
    without_worker,
)
from bot.storage.models import Child


@dataclass(frozen=True)
class Morning:
    reviews: list[OverdueReview]
    interviews: list[OverdueInterview]
    unassigned: list[Child]
    night: Uncovered
    untaken: list[WaitingAlert]

    def __bool__(self) -> bool:
        """Whether the digest has anything to say."""
        return bool(
            self.reviews or self.interviews or self.unassigned or self.night or self.untaken
        )


def morning(
    session: Session, team_id: int, now: datetime, zone: ZoneInfo, last_digest_day: date
) -> Morning:
    """The team's digest at `now` (on or after 09:00), the last one having gone on
    `last_digest_day`: what stays overdue (not what was first alerted this morning), calls for
    help nobody took, children with no worker, and what found nobody on duty since the last."""
    today = timing.local_date(now, zone)
    this_morning = timing.at_local(today, timing.MORNING, zone)
    since_last = timing.at_local(last_digest_day, timing.MORNING, zone)
    start_of_day = timing.at_local(today, time(0, 0), zone)
    return Morning(
        overdue_reviews(session, team_id, now, zone, alerted_before=today),
        overdue_interviews(session, team_id, now, overdue_by=start_of_day),
        without_worker(session, team_id),
        uncovered(session, team_id, since_last, this_morning),
        waiting_alerts(session, team_id),
    )
