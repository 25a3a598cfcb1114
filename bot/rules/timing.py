"""When things fall due: every timing rule of the service, in one place.

All rules work on local dates and times in the service's zone (`HOMEWARD_TIMEZONE`) and give
back UTC instants, so "09:00" stays 09:00 on the wall across the clock changes.
"""

import math
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.storage.models import RiskLevel

REVIEW_EVERY = timedelta(days=28)
REVIEW_EVERY_HIGH_RISK = timedelta(days=14)
REMINDER_DAYS_BEFORE = 2
MORNING = time(9, 0)  # reminders, overdue alerts and the daily digest

CHECKIN_EVERY_DAYS = 7
CHECKIN_AT = time(16, 0)
CHECKIN_UNANSWERED_AFTER = timedelta(hours=48)


def local_date(moment: datetime, zone: ZoneInfo) -> date:
    return moment.astimezone(zone).date()


def at_local(day: date, clock_time: time, zone: ZoneInfo) -> datetime:
    """The instant the wall clock shows `clock_time` on `day` (the first, if shown twice)."""
    return datetime.combine(day, clock_time, tzinfo=zone)


# Progress reviews -----------------------------------------------------------------------------


def review_cadence(risk: str) -> timedelta:
    return REVIEW_EVERY_HIGH_RISK if risk == RiskLevel.HIGH else REVIEW_EVERY


def review_due_on(base: date, risk: str, chosen: date | None = None) -> date:
    """Due `cadence` days after the base (pairing or last review); a chosen earlier date holds."""
    planned = base + review_cadence(risk)
    return min(planned, chosen) if chosen is not None else planned


def review_overdue_at(due_on: date, zone: ZoneInfo) -> datetime:
    """A review is overdue from 09:00 on the first day after its due date: the moment the
    managers are alerted, and from then on `/overdue`, the digests and the Board count it."""
    return at_local(due_on + timedelta(days=1), MORNING, zone)


def review_overdue(due_on: date, now: datetime, zone: ZoneInfo) -> bool:
    return now >= review_overdue_at(due_on, zone)


def last_overdue_due_date(now: datetime, zone: ZoneInfo) -> date:
    """The latest due date whose review is overdue at `now` (`review_overdue` as a bound a
    query can use: overdue exactly when `due_on <= last_overdue_due_date(now)`)."""
    today = local_date(now, zone)
    yesterday = today - timedelta(days=1)
    return yesterday if review_overdue(yesterday, now, zone) else today - timedelta(days=2)


def days_overdue(due_on: date, now: datetime, zone: ZoneInfo) -> int:
    """Whole days since the due date, on the wall clock (1 on the first overdue morning)."""
    return max((local_date(now, zone) - due_on).days, 0)


class ReviewStage:
    """What the bot says about a review falling due, latest stage first wins on catch-up."""

    BEFORE = "before"  # 09:00 two days before the due date, to the worker
    DUE = "due"  # 09:00 on the due date, to the worker
    OVERDUE = "overdue"  # 09:00 on the first day after, to the managers and the worker


def review_stage(due_on: date, now: datetime, zone: ZoneInfo) -> str | None:
    """The latest reminder or alert that applies now, or None before the first one."""
    for stage, moment in (
        (ReviewStage.OVERDUE, review_overdue_at(due_on, zone)),
        (ReviewStage.DUE, at_local(due_on, MORNING, zone)),
        (ReviewStage.BEFORE, first_reminder_at(due_on, zone)),
    ):
        if now >= moment:
            return stage
    return None


def first_reminder_at(due_on: date, zone: ZoneInfo) -> datetime:
    """When the sweep first has something to say about a review due on `due_on`."""
    return at_local(due_on - timedelta(days=REMINDER_DAYS_BEFORE), MORNING, zone)


def next_review_event_at(due_on: date, now: datetime, zone: ZoneInfo) -> datetime | None:
    """The next 09:00 at which the review's stage changes, None once it is overdue."""
    for moment in (
        first_reminder_at(due_on, zone),
        at_local(due_on, MORNING, zone),
        review_overdue_at(due_on, zone),
    ):
        if moment > now:
            return moment
    return None


def digest_due(now: datetime, zone: ZoneInfo) -> bool:
    return now >= at_local(local_date(now, zone), MORNING, zone)


# Check-ins ------------------------------------------------------------------------------------


def next_checkin_at(
    after: datetime, zone: ZoneInfo, weekday: int | None = None, at: time | None = None
) -> datetime:
    """16:00 on the 7th day after `after` (the day the child joined, or their last prompt); or,
    when the child chose a day (0 Monday) and time, the first of those after `after`."""
    if weekday is None or at is None:
        return at_local(
            local_date(after, zone) + timedelta(days=CHECKIN_EVERY_DAYS), CHECKIN_AT, zone
        )
    day = local_date(after, zone)
    day += timedelta(days=(weekday - day.weekday()) % 7)
    moment = at_local(day, at, zone)
    return moment if moment > after else at_local(day + timedelta(days=7), at, zone)


CHECKIN_CHOICES = tuple(time(hour) for hour in range(8, 21))  # 08:00 to 20:00, before quiet hours


GATHER = timedelta(minutes=15)  # unanswered check-ins due within one of these come together


def checkin_unanswered_at(prompt_sent_at: datetime) -> datetime:
    """48 hours after the prompt went out, rounded up to the quarter hour: the 16:00 prompts go
    out over a few minutes, and their worker hears of those unanswered in one message."""
    due = (prompt_sent_at + CHECKIN_UNANSWERED_AFTER).timestamp()
    step = GATHER.total_seconds()
    return datetime.fromtimestamp(math.ceil(due / step) * step, UTC)


# Working hours --------------------------------------------------------------------------------


def is_working(days: str, start: time, end: time, moment: datetime, zone: ZoneInfo) -> bool:
    """Whether `moment` falls in working hours: on one of the ISO weekdays, start <= t < end."""
    local = moment.astimezone(zone)
    return str(local.isoweekday()) in days and start <= local.time() < end


def in_stretch(days: str, start: time, end: time, moment: datetime, zone: ZoneInfo) -> bool:
    """Whether `moment` falls in a stretch that begins at `start` on one of the ISO weekdays and
    runs to `end`: the same day when `end` is after `start`, the next day when it is not (so
    17:00-09:00 is an evening and the night after it, and 00:00-00:00 a whole day)."""
    local = moment.astimezone(zone)
    return stretch_covers(days, start, end, local.isoweekday(), local.time())


def stretch_covers(days: str, start: time, end: time, weekday: int, clock: time) -> bool:
    """`in_stretch` for an ISO weekday and a wall-clock time."""
    if start < end:
        return str(weekday) in days and start <= clock < end
    yesterday = 7 if weekday == 1 else weekday - 1
    return (str(weekday) in days and clock >= start) or (str(yesterday) in days and clock < end)


def last_working_end(
    days: str, start: time, end: time, moment: datetime, zone: ZoneInfo
) -> datetime | None:
    """When the worker last stopped work, at or before `moment` (None if they never work)."""
    day = local_date(moment, zone)
    for offset in range(8):
        candidate = at_local(day - timedelta(days=offset), end, zone)
        if str(candidate.isoweekday()) in days and candidate <= moment:
            return candidate
    return None


def next_working_start(
    days: str, start: time, end: time, moment: datetime, zone: ZoneInfo
) -> datetime | None:
    """When the worker is next around (None if they have no working days)."""
    day = local_date(moment, zone)
    for offset in range(8):
        candidate = at_local(day + timedelta(days=offset), start, zone)
        if str(candidate.isoweekday()) in days and candidate > moment:
            return candidate
    return None


# Missing episodes and return home interviews -------------------------------------------------

RHI_WITHIN = timedelta(hours=72)
RHI_REMINDER_AFTER = timedelta(hours=48)
REPEAT_MISSING_EPISODES = 3
REPEAT_MISSING_WITHIN = timedelta(days=30)


class RhiStage:
    REMINDER = "reminder"  # 48 hours after the return, to the worker
    OVERDUE = "overdue"  # 72 hours after the return without an interview, to managers and worker


def rhi_due_at(returned_at: datetime) -> datetime:
    return returned_at + RHI_WITHIN


def rhi_overdue(due_at: datetime, now: datetime) -> bool:
    """A return home interview not yet held is overdue from the 72nd hour after the return:
    the moment the managers are alerted, and from then on everywhere."""
    return now >= due_at


def rhi_stage(returned_at: datetime, now: datetime) -> str | None:
    if rhi_overdue(rhi_due_at(returned_at), now):
        return RhiStage.OVERDUE
    if now >= returned_at + RHI_REMINDER_AFTER:
        return RhiStage.REMINDER
    return None


def next_rhi_event_at(returned_at: datetime, now: datetime) -> datetime | None:
    for moment in (returned_at + RHI_REMINDER_AFTER, rhi_due_at(returned_at)):
        if moment > now:
            return moment
    return None
