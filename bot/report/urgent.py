"""The Board's figures on urgent help: how often children called for help, and how fast someone
took it. Counted by aggregate SQL in the database; the time to take a call reads one number
for each call taken in the period, in one statement (the median and the worst agree).

Over the team's alerts raised in the period (`Alert.raised_at`):

- **raised**: how many; **out of hours**: raised out of the child's worker's hours, and of those
  **no one on duty**: with nobody covering (the managers alone had them);
- **acknowledged**: taken by someone by the time of the report; **within 15 minutes**: taken
  no more than 15 minutes after being raised (an alert never taken counts as not within);
- **time to first acknowledgement**: from raised to taken, over the acknowledged ones only, in
  minutes: the median (of an even count, the mean of the middle two) and the worst;
- **resolved**: marked resolved, with a note, by the time of the report.
"""

import statistics
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Connection
from sqlmodel import col

from bot.report.sql import count_if
from bot.storage.models import Alert, Child

WITHIN = timedelta(minutes=15)


@dataclass(frozen=True)
class UrgentFigures:
    raised: int
    out_of_hours: int
    uncovered: int
    acknowledged: int
    within_15_min: int
    resolved: int
    median_minutes: float | None  # None: nothing acknowledged
    worst_minutes: float | None


def urgent_figures(
    connection: Connection, team_id: int, since: datetime, until: datetime
) -> UrgentFigures:
    waited = func.round(_seconds(connection, col(Alert.acknowledged_at), col(Alert.raised_at)))
    of_team_in_period = (
        select()
        .select_from(Alert)
        .join(Child, col(Child.id) == col(Alert.child_id))
        .where(
            col(Child.team_id) == team_id,
            col(Alert.raised_at) >= since,
            col(Alert.raised_at) < until,
        )
    )
    counts = connection.execute(
        of_team_in_period.add_columns(
            func.count(),
            count_if(col(Alert.out_of_hours).is_(True)),
            count_if(col(Alert.covered).is_(False)),
            count_if(col(Alert.acknowledged_at).is_not(None)),
            count_if(waited <= WITHIN.total_seconds()),
            count_if(col(Alert.resolved_at).is_not(None)),
        )
    ).one()
    raised, out_of_hours, uncovered, acknowledged, within, resolved = counts
    waits = [  # one number for each call taken in the period: a few, even for a large county
        float(seconds)
        for seconds in connection.execute(
            of_team_in_period.add_columns(waited)
            .where(col(Alert.acknowledged_at).is_not(None))
            .order_by(waited)
        ).scalars()
    ]
    median = statistics.median(waits) / 60 if waits else None
    worst = waits[-1] / 60 if waits else None
    return UrgentFigures(
        raised=int(raised),
        out_of_hours=int(out_of_hours),
        uncovered=int(uncovered),
        acknowledged=int(acknowledged),
        within_15_min=int(within),
        resolved=int(resolved),
        median_minutes=median,
        worst_minutes=worst,
    )


def _seconds(connection: Connection, later: Any, earlier: Any) -> Any:
    """Seconds from `earlier` to `later`, as each database counts them."""
    if connection.dialect.name == "postgresql":
        return func.extract("epoch", later - earlier)
    return (func.julianday(later) - func.julianday(earlier)) * 86400.0
