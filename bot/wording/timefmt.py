"""Times are stored in UTC and shown in the service's time zone, in the reader's language
(Babel's CLDR formats); dates are typed as the contract says (YYYY-MM-DD or DD/MM/YYYY), in the
bot and on the command line alike."""

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime, format_time, get_day_names

from bot.wording import language, texts

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
    local = moment.astimezone(zone).replace(tzinfo=None)
    return format_datetime(local, "EEEE d MMMM y, HH:mm", locale=language.locale())


def show_date(day: date) -> str:
    """'Monday 2 February'."""
    return format_date(day, "EEEE d MMMM", locale=language.locale())


def weekday(n: int) -> str:
    """'Monday' for 0, in the reader's language, as written mid-sentence ('poniedziałek')."""
    return str(get_day_names("wide", locale=language.locale())[n])


def show_duration(span: timedelta) -> str:
    """'15 minutes', '1 hour 5 minutes', '2 days 3 hours' (to the minute, the two largest)."""
    minutes = max(int(span.total_seconds() // 60), 0)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = [(days, texts.COUNT_DAYS), (hours, texts.COUNT_HOURS), (minutes, texts.COUNT_MINUTES)]
    shown = [texts.count(n, unit) for n, unit in parts if n][:2]
    return " ".join(shown) or texts.LESS_THAN_A_MINUTE


def show_to_child(moment: datetime, now: datetime, zone: ZoneInfo) -> str:
    """When, as a child would say it: 'this morning at 9am' (in the small hours), 'today at
    4:30pm', 'tomorrow at 9am', 'on Wednesday at 9am', 'on Wednesday 9 December at 9am'."""
    local, today = moment.astimezone(zone), now.astimezone(zone)
    clock = show_clock(local)
    days = (local.date() - today.date()).days
    if days == 0:
        small_hours = today.hour < 6 and local.hour < 12
        return (texts.THIS_MORNING_AT if small_hours else texts.TODAY_AT).format(clock=clock)
    if days == 1:
        return texts.TOMORROW_AT.format(clock=clock)
    if 1 < days < 7:
        return texts.ON_DAY_AT.format(day=weekday(local.weekday()), clock=clock)
    return texts.ON_DAY_AT.format(day=show_date(local.date()), clock=clock)


def show_clock(local: datetime | time) -> str:
    """'9am', '4:30pm', 'midday', 'midnight' in English; the language's own short time (as
    '16:30') in others."""
    at = local.time() if isinstance(local, datetime) else local
    if language.current() != language.ENGLISH:
        return format_time(at, "short", locale=language.locale())
    if at.minute == 0 and at.hour in (0, 12):
        return texts.MIDNIGHT if at.hour == 0 else texts.MIDDAY
    hour = at.hour % 12 or 12
    minutes = f":{at:%M}" if at.minute else ""
    return f"{hour}{minutes}{'am' if at.hour < 12 else 'pm'}"
