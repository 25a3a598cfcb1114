"""Times are stored in UTC and shown in the service's time zone; dates are typed as the
contract says (YYYY-MM-DD or DD/MM/YYYY), in the bot and on the command line alike."""

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_UK = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def parse_date(text: str) -> date | None:
    """YYYY-MM-DD or DD/MM/YYYY; None for anything else, or a day that does not exist."""
    text = text.strip()
    try:
        if match := _ISO.match(text):
            return date(int(match[1]), int(match[2]), int(match[3]))
        if match := _UK.match(text):
            return date(int(match[3]), int(match[2]), int(match[1]))
    except ValueError:
        return None
    return None


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


def show_to_child(moment: datetime, now: datetime, zone: ZoneInfo) -> str:
    """When, as a child would say it: 'this morning at 9am' (in the small hours), 'today at
    4:30pm', 'tomorrow at 9am', 'on Wednesday at 9am', 'on Wednesday 9 December at 9am'."""
    local, today = moment.astimezone(zone), now.astimezone(zone)
    clock = show_clock(local)
    days = (local.date() - today.date()).days
    if days == 0:
        small_hours = today.hour < 6 and local.hour < 12
        return f"this morning at {clock}" if small_hours else f"today at {clock}"
    if days == 1:
        return f"tomorrow at {clock}"
    if 1 < days < 7:
        return f"on {local:%A} at {clock}"
    return f"on {local:%A} {local.day} {local:%B} at {clock}"


def show_clock(local: datetime | time) -> str:
    """'9am', '4:30pm', 'midday', 'midnight'."""
    if local.minute == 0 and local.hour in (0, 12):
        return "midnight" if local.hour == 0 else "midday"
    hour = local.hour % 12 or 12
    minutes = f":{local:%M}" if local.minute else ""
    return f"{hour}{minutes}{'am' if local.hour < 12 else 'pm'}"
