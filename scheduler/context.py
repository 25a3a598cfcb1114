"""What every sweep is handed: the service's zone, how long records are kept, and the safety
checks a child's words pass."""

from dataclasses import dataclass
from datetime import timedelta
from zoneinfo import ZoneInfo

from bot.rules.messaging import Safety

BATCH = 500  # rows a sweep takes in one transaction; it goes on until fewer are due


@dataclass(frozen=True)
class Context:
    zone: ZoneInfo
    retention: timedelta
    safety: Safety
