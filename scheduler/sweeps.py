"""The sweeps: each reads what is due from indexed columns and writes outbox rows with unique
dedupe keys in the same transaction, so running one twice, or after downtime, is harmless.

Each sweep runs on its own, urgent ones first: one that fails is logged and the others still
run. Rows a person is changing at that moment are locked and skipped (on PostgreSQL), so a
sweep never overwrites a review saved, or an alert acknowledged, at the same moment; the next
sweep picks them up. The timing rules themselves are in `bot/rules/timing.py`.
"""

import logging
import traceback
from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from sqlmodel import Session

from bot.clock import Clock
from bot.rules import invites, notices, records, urgent
from bot.rules.messaging import Safety
from bot.storage.db import session_scope
from scheduler import checkins, digest, episodes, reviews, words
from scheduler.context import BATCH, Context

log = logging.getLogger(__name__)

Sweep = Callable[[Session, datetime, Context], int]


def unacknowledged_alerts(session: Session, now: datetime, ctx: Context) -> int:
    return urgent.escalate_unacknowledged(session, now, ctx.zone, BATCH)


def old_invite_attempts(session: Session, now: datetime, _ctx: Context) -> int:
    invites.forget_old_attempts(session, now)
    return 0


def waiting_notices(session: Session, now: datetime, ctx: Context) -> int:
    return notices.send_waiting(session, now, ctx.zone, BATCH)


def expired_records(session: Session, now: datetime, ctx: Context) -> int:
    return records.purge_expired(session, now, ctx.retention, BATCH)


# In the order they run: the urgent ones first.
SWEEPS: tuple[Sweep, ...] = (
    unacknowledged_alerts,
    words.words_not_passed_on,
    episodes.rhi_clock,
    reviews.review_reminders,
    checkins.checkin_prompts,
    checkins.prompts_sent,
    checkins.unanswered_checkins,
    digest.digests,
    waiting_notices,  # after every sweep that raises them: one message per person
    words.lapsed_questions,
    old_invite_attempts,
    expired_records,
)


class Sweeper:
    def __init__(
        self,
        engine: Engine,
        clock: Clock,
        zone: ZoneInfo,
        retention: timedelta = timedelta(days=365),
        urgent_phrases: list[str] | None = None,
    ) -> None:
        self._engine = engine
        self._clock = clock
        self._context = Context(zone, retention, Safety(urgent_phrases or [], zone))

    def run_once(self) -> list[str]:
        """Every sweep, each in its own transactions, at one reading of the clock, the urgent
        ones first; the names of any that failed (each failure is logged, the rest still run)."""
        now = self._clock.now()
        failed = []
        for sweep in SWEEPS:
            try:
                self._in_batches(sweep, now)
            except Exception as error:
                failed.append(sweep.__name__)
                log.error(
                    "sweep %s failed: %s\n%s",
                    sweep.__name__,
                    type(error).__name__,
                    "".join(traceback.format_tb(error.__traceback__)),
                )
        return failed

    def _in_batches(self, sweep: Sweep, now: datetime) -> None:
        while True:
            with session_scope(self._engine) as session:
                done = sweep(session, now, self._context)
            if done < BATCH:
                return
