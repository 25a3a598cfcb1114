"""The one reader of "now". Everything that needs the time is handed a clock."""

from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current moment as an aware UTC datetime."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FrozenClock:
    """A clock that moves only when told to: tests and the sandbox play weeks in a second."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("the clock needs an aware datetime")
        self._now = start.astimezone(UTC)

    def now(self) -> datetime:
        return self._now

    def advance(self, delta: timedelta) -> None:
        if delta < timedelta(0):
            raise ValueError("time only moves forward")
        self._now += delta

    def set(self, moment: datetime) -> None:
        self.advance(moment.astimezone(UTC) - self._now)


class ShiftedClock:
    """The system's time moved forward by what has been added: the sandbox's clock keeps
    running as time passes and jumps when someone moves it on."""

    def __init__(self, shift: timedelta = timedelta(0)) -> None:
        self._shift = shift

    def now(self) -> datetime:
        return datetime.now(UTC) + self._shift

    def advance(self, delta: timedelta) -> None:
        if delta < timedelta(0):
            raise ValueError("time only moves forward")
        self._shift += delta
