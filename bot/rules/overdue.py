"""What is overdue, as query conditions: the one definition in `bot.rules.timing`
(`review_overdue`, `rhi_overdue`) turned into SQL, so `/overdue`, the digests and the Board's
report count what the alerts (`scheduler/`) and `/children` (`timing` itself) do.

- A **review** is overdue from 09:00 on the first day after its due date, for an open case.
- A **return home interview** is overdue from the 72nd hour after the return while none is
  recorded, for an open case.
"""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, or_
from sqlmodel import col

from bot.rules import timing
from bot.storage.models import Child, Episode


def open_case(now: datetime) -> Any:
    """The child's case is open at `now` (never closed, or closed later)."""
    return or_(col(Child.closed_at).is_(None), col(Child.closed_at) > now)


def review_overdue(now: datetime, zone: ZoneInfo) -> Any:
    """`timing.review_overdue` of the child's current due date, over open cases."""
    return and_(open_case(now), col(Child.review_due_on) <= timing.last_overdue_due_date(now, zone))


def rhi_overdue(now: datetime, *, already_at: datetime | None = None) -> Any:
    """`timing.rhi_overdue` of the episode at `now` (or already at the earlier `already_at`),
    over cases open at `now` (join `Child` to the episode)."""
    return and_(
        open_case(now),
        col(Episode.returned_at).is_not(None),
        col(Episode.rhi_done_at).is_(None),
        col(Episode.rhi_due_at) <= (already_at or now),
    )


def rhi_not_yet_due(now: datetime) -> Any:
    """No interview recorded yet and the 72 hours still running at `now`."""
    return and_(col(Episode.rhi_done_at).is_(None), col(Episode.rhi_due_at) > now)
