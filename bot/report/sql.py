"""What the report's queries share: the period and its calendar months as UTC instants, counting
by condition, a lookup by ranges written as SQL, and which check-ins count."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Date, Integer, case, func, literal, or_
from sqlmodel import col

from bot.rules import timing
from bot.storage.models import CheckIn, CheckInStatus, Child, UTCDateTime

# The outcome of a return interview that was held: an offer alone, or a refusal, is not one.
HELD = "accepted"


def local_midnight_utc(day: date, zone: ZoneInfo) -> datetime:
    """The UTC instant at which `day` begins on the wall clock in `zone`."""
    return timing.at_local(day, time(0, 0), zone).astimezone(UTC)


@dataclass(frozen=True)
class Month:
    """One calendar month of the period; the period may cut its first and last months short."""

    first: date  # local dates, both included
    last: date

    @property
    def whole(self) -> bool:
        return self.first.day == 1 and (self.last + timedelta(days=1)).day == 1


@dataclass(frozen=True)
class Period:
    """Local dates `start` to `end`, both included, in `zone`."""

    start: date
    end: date
    zone: ZoneInfo

    @cached_property
    def since(self) -> datetime:
        return local_midnight_utc(self.start, self.zone)

    @cached_property
    def until(self) -> datetime:
        return local_midnight_utc(self.end + timedelta(days=1), self.zone)

    @cached_property
    def months(self) -> tuple[Month, ...]:
        found = []
        first = self.start
        while first <= self.end:
            following = (first.replace(day=1) + timedelta(days=32)).replace(day=1)
            found.append(Month(first, min(self.end, following - timedelta(days=1))))
            first = following
        return tuple(found)

    def holds(self, moment: Any) -> Any:
        """The instant column `moment` is in the period."""
        return (moment >= self.since) & (moment < self.until)

    def month_of(self, moment: Any) -> Any:
        """The index in `months` of the month holding the instant `moment` (in the period)."""
        starts = [local_midnight_utc(m.first, self.zone) for m in self.months]
        return step(moment, [literal(s, UTCDateTime()) for s in starts], self._indices)

    def month_of_day(self, day: Any) -> Any:
        """The index in `months` of the month holding the date `day` (in the period)."""
        return step(day, [literal(m.first, Date()) for m in self.months], self._indices)

    @property
    def _indices(self) -> list[Any]:
        return [literal(index, Integer()) for index in range(len(self.months))]


def count_if(condition: Any) -> Any:
    """COUNT of the rows meeting the condition (CASE gives NULL otherwise, which COUNT skips)."""
    return func.count(case((condition, 1)))


def step(key: Any, starts: Sequence[Any], values: Sequence[Any]) -> Any:
    """`values[i]` for the last `starts[i]` at or before `key` (the caller keeps `key` at or after
    `starts[0]`), as a binary search written as nested CASEs: a row costs a few comparisons, the
    SQL needs no date arithmetic (which SQLite and PostgreSQL spell differently) and no join
    (which SQLite would plan as a scan of the ranges for every row)."""
    if len(starts) == 1:
        return values[0]
    middle = len(starts) // 2
    return case(
        (key < starts[middle], step(key, starts[:middle], values[:middle])),
        else_=step(key, starts[middle:], values[middle:]),
    )


def counted_checkins(period: Period) -> list[Any]:
    """The check-ins the report counts (join `Child`): prompted by the bot in the period, to a
    child who has joined, leaving out prompts superseded before the child answered any of it."""
    return [
        col(Child.telegram_user_id).is_not(None),
        col(CheckIn.prompt_key).is_not(None),
        period.holds(col(CheckIn.created_at)),
        or_(
            col(CheckIn.status) != CheckInStatus.SUPERSEDED,
            col(CheckIn.answered_at).is_not(None),
        ),
    ]


def answered() -> Any:
    """The check-in was answered: at least its first question."""
    return col(CheckIn.answered_at).is_not(None)
