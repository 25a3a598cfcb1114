"""Times are stored in UTC and shown in the service's time zone."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo


def show_day(moment: datetime, zone: ZoneInfo) -> str:
    """'Thursday 3 December 2026, 13:40' in local time."""
    local = moment.astimezone(zone)
    return f"{local:%A} {local.day} {local:%B %Y}, {local:%H:%M}"


def show_date(day: date) -> str:
    """'Monday 2 February'."""
    return f"{day:%A} {day.day} {day:%B}"


def show_duration(span: timedelta) -> str:
    """'15 minutes', '1 hour 5 minutes', '2 days 3 hours' (to the minute, the two largest)."""
    minutes = max(int(span.total_seconds() // 60), 0)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = [(days, "day"), (hours, "hour"), (minutes, "minute")]
    shown = [f"{n} {unit}{'' if n == 1 else 's'}" for n, unit in parts if n][:2]
    return " ".join(shown) or "less than a minute"
