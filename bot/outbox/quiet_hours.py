"""Quiet hours: between 21:00 and 08:00 on the wall clock the outbox starts no message to a
child on its own (prompts and reminders); messages between a child and their worker, and urgent
help, go at any hour."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

QUIET_FROM = time(21, 0)
QUIET_UNTIL = time(8, 0)


def in_quiet_hours(moment: datetime, zone: ZoneInfo) -> bool:
    wall = moment.astimezone(zone).time()
    return wall >= QUIET_FROM or wall < QUIET_UNTIL


def quiet_hours_end(moment: datetime, zone: ZoneInfo) -> datetime:
    """The first instant at or after `moment` when the bot may start a message to a child."""
    if not in_quiet_hours(moment, zone):
        return moment
    local = moment.astimezone(zone)
    day = local.date() if local.time() < QUIET_UNTIL else local.date() + timedelta(days=1)
    return datetime.combine(day, QUIET_UNTIL, tzinfo=zone)
