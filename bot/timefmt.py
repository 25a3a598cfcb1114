"""Times are stored in UTC and shown in the service's time zone."""

from datetime import date, datetime
from zoneinfo import ZoneInfo


def show_day(moment: datetime, zone: ZoneInfo) -> str:
    """'Thursday 3 December 2026, 13:40' in local time."""
    local = moment.astimezone(zone)
    return f"{local:%A} {local.day} {local:%B %Y}, {local:%H:%M}"


def show_date(day: date) -> str:
    """'Monday 2 February'."""
    return f"{day:%A} {day.day} {day:%B}"
