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
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from bot.clock import Clock
from bot.outbox.queue import Outgoing, Priority, enqueue, tell
from bot.outbox.quiet_hours import quiet_hours_end
from bot.rules import checkins, invites, messaging, questions, records, timing, urgent
from bot.rules.casework import current_worker, managers_of
from bot.rules.checkins import STEP_MOOD, open_checkin, step_message
from bot.rules.messaging import Safety
from bot.rules.overview import (
    OverdueInterview,
    OverdueReview,
    Uncovered,
    WaitingAlert,
    no_cover_line,
    overdue_interviews,
    overdue_lines,
    overdue_reviews,
    uncovered,
    untaken_line,
    waiting_alerts,
    without_worker,
)
from bot.storage.db import session_scope
from bot.storage.models import (
    CheckIn,
    CheckInStatus,
    Child,
    Episode,
    Message,
    Outbox,
    OutboxStatus,
    Staff,
    SweepMark,
    Team,
)
from bot.wording import texts
from bot.wording.timefmt import show_date, show_day
from conversations import question_texts

log = logging.getLogger(__name__)

BATCH = 500


@dataclass(frozen=True)
class Morning:
    """What the 09:00 digest of one team says."""

    reviews: list[OverdueReview]
    interviews: list[OverdueInterview]
    unassigned: list[Child]
    night: Uncovered
    untaken: list[WaitingAlert]


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
        self._zone = zone
        self._retention = retention
        self._safety = Safety(urgent_phrases or [], zone)

    def run_once(self) -> list[str]:
        """Every sweep, each in its own transactions, at one reading of the clock, the urgent
        ones first; the names of any that failed (each failure is logged, the rest still run)."""
        now = self._clock.now()
        failed = []
        for sweep in (
            self._unacknowledged_alerts,
            self._words_not_passed_on,
            self._rhi_clock,
            self._review_reminders,
            self._checkin_prompts,
            self._prompts_sent,
            self._unanswered_checkins,
            self._digests,
            self._lapsed_questions,
            self._old_invite_attempts,
            self._expired_records,
        ):
            try:
                self._in_batches(sweep, now)
            except Exception as error:
                name = sweep.__name__.lstrip("_")
                failed.append(name)
                log.error(
                    "sweep %s failed: %s\n%s",
                    name,
                    type(error).__name__,
                    "".join(traceback.format_tb(error.__traceback__)),
                )
        return failed

    def _in_batches(self, sweep: Callable[[Session, datetime], int], now: datetime) -> None:
        while True:
            with session_scope(self._engine) as session:
                done = sweep(session, now)
            if done < BATCH:
                return

    # Progress reviews ------------------------------------------------------------------------

    def _review_reminders(self, session: Session, now: datetime) -> int:
        children = session.exec(
            select(Child)
            .where(col(Child.review_next_event_at) <= now, col(Child.closed_at).is_(None))
            .order_by(col(Child.review_next_event_at))
            .limit(BATCH)
            .with_for_update(skip_locked=True)
        ).all()
        for child in children:
            assert child.review_due_on is not None
            stage = timing.review_stage(child.review_due_on, now, self._zone)
            if stage is not None:
                self._review_stage(session, child, stage, now)
            child.review_next_event_at = timing.next_review_event_at(
                child.review_due_on, now, self._zone
            )
            session.add(child)
        return len(children)

    def _review_stage(self, session: Session, child: Child, stage: str, now: datetime) -> None:
        assert child.id is not None and child.review_due_on is not None
        worker = current_worker(session, child.id)
        due = show_date(child.review_due_on)
        key = f"review:{child.id}:{child.review_due_on.isoformat()}:{stage}"
        worker_text = {
            timing.ReviewStage.BEFORE: texts.REVIEW_BEFORE,
            timing.ReviewStage.DUE: texts.REVIEW_TODAY,
            timing.ReviewStage.OVERDUE: texts.REVIEW_OVERDUE_WORKER,
        }[stage].format(alias=child.alias, due=due)
        if worker is not None and worker.telegram_user_id is not None:
            enqueue(
                session,
                chat_id=worker.telegram_user_id,
                key=f"{key}:worker",
                outgoing=Outgoing.text(worker_text),
                now=now,
                priority=Priority.REMINDER,
                child_id=child.id,
            )
        if stage != timing.ReviewStage.OVERDUE:
            return
        child.review_alerted_on = timing.local_date(now, self._zone)
        manager_text = texts.REVIEW_OVERDUE_MANAGER.format(
            alias=child.alias,
            risk=texts.risk(child.risk_level),
            due=due,
            worker=worker.name if worker else texts.NO_WORKER_NOW,
        )
        tell(
            session,
            managers_of(session, child.team_id),
            key=key,
            outgoing=Outgoing.text(manager_text),
            now=now,
            priority=Priority.REMINDER,
            child_id=child.id,
        )

    def _digests(self, session: Session, now: datetime) -> int:
        """At 09:00 each day, what stays overdue, to the team's managers and each worker."""
        today = timing.local_date(now, self._zone)
        mark = session.get(SweepMark, "digest")
        if not timing.digest_due(now, self._zone) or (mark is not None and mark.day >= today):
            return 0
        this_morning = timing.at_local(today, timing.MORNING, self._zone)
        last_day = mark.day if mark is not None else today - timedelta(days=1)
        since_last = timing.at_local(last_day, timing.MORNING, self._zone)  # the last digest
        for team in session.exec(select(Team)).all():
            assert team.id is not None
            reviews = overdue_reviews(session, team.id, now, self._zone, alerted_before=today)
            start_of_day = timing.at_local(today, time(0, 0), self._zone)
            interviews = overdue_interviews(session, team.id, now, overdue_by=start_of_day)
            unassigned = without_worker(session, team.id)
            night = uncovered(session, team.id, since_last, this_morning)
            untaken = waiting_alerts(session, team.id)
            if reviews or interviews or unassigned or night or untaken:
                morning = Morning(reviews, interviews, unassigned, night, untaken)
                self._send_digest(session, team, morning, today, now)
        session.merge(SweepMark(name="digest", day=today))
        return 0

    def _send_digest(
        self,
        session: Session,
        team: Team,
        morning: "Morning",
        today: date,
        now: datetime,
    ) -> None:
        reviews, interviews = morning.reviews, morning.interviews

        def digest(worker_id: int | None) -> str:
            mine = [r for r in reviews if worker_id in (None, r.worker_id)]
            theirs = [i for i in interviews if worker_id in (None, i.worker_id)]
            for_managers = worker_id is None
            lines = overdue_lines(
                mine, theirs, self._zone, morning.unassigned if for_managers else []
            )
            if for_managers:
                lines[:0] = [
                    *(untaken_line(alert, self._zone) for alert in morning.untaken),
                    *([no_cover_line(morning.night)] if morning.night else []),
                ]
            return "\n".join([texts.DIGEST_HEAD.format(team=team.name), *lines])

        for manager in managers_of(session, team.id or 0):
            assert manager.telegram_user_id is not None
            enqueue(
                session,
                chat_id=manager.telegram_user_id,
                key=f"digest:{team.id}:{today.isoformat()}:{manager.id}",
                outgoing=Outgoing.text(digest(None)),
                now=now,
                priority=Priority.REMINDER,
            )
        workers = {r.worker_id for r in reviews} | {i.worker_id for i in interviews}
        for worker_id in sorted(w for w in workers if w is not None):
            worker = session.get(Staff, worker_id)
            if worker is not None and worker.telegram_user_id is not None and worker.active:
                enqueue(
                    session,
                    chat_id=worker.telegram_user_id,
                    key=f"digest:{team.id}:{today.isoformat()}:{worker_id}",
                    outgoing=Outgoing.text(digest(worker_id)),
                    now=now,
                    priority=Priority.REMINDER,
                )

    # Check-ins -------------------------------------------------------------------------------

    def _checkin_prompts(self, session: Session, now: datetime) -> int:
        """One prompt per child that is due, however many weeks were missed."""
        children = session.exec(
            select(Child)
            .where(
                col(Child.next_checkin_at) <= now,
                col(Child.closed_at).is_(None),
                col(Child.telegram_user_id).is_not(None),
            )
            .order_by(col(Child.next_checkin_at))
            .limit(BATCH)
            .with_for_update(skip_locked=True)
        ).all()
        for child in children:
            assert child.telegram_user_id is not None
            send_at = quiet_hours_end(now, self._zone)
            key = f"checkin:{child.id}:{timing.local_date(send_at, self._zone).isoformat()}"
            checkin = open_checkin(session, child, now, prompt_key=key)
            enqueue(
                session,
                chat_id=child.telegram_user_id,
                key=key,
                outgoing=step_message(session, child, checkin, STEP_MOOD, now),
                now=now,
                priority=Priority.REMINDER,
                not_before=send_at,
                quiet=True,
                child_id=child.id,
            )
            child.next_checkin_at = timing.next_checkin_at(send_at, self._zone)
            session.add(child)
        return len(children)

    def _prompts_sent(self, session: Session, now: datetime) -> int:
        """Learn when each prompt actually went out: the 48 hours count from then."""
        rows = session.exec(
            select(CheckIn, Outbox)
            .join(Outbox, col(Outbox.dedupe_key) == col(CheckIn.prompt_key))
            .where(
                col(CheckIn.status) == CheckInStatus.OPEN,
                col(CheckIn.prompt_sent_at).is_(None),
                col(Outbox.status) != OutboxStatus.PENDING,
            )
            .limit(BATCH)
            .with_for_update(of=CheckIn, skip_locked=True)
        ).all()
        for checkin, prompt in rows:
            if prompt.status == OutboxStatus.SENT and prompt.sent_at is not None:
                checkin.prompt_sent_at = prompt.sent_at
                checkin.unanswered_at = timing.checkin_unanswered_at(prompt.sent_at)
            else:  # the child can't be reached; their worker has been told that already
                checkin.status = CheckInStatus.UNANSWERED
            session.add(checkin)
        return len(rows)

    def _unanswered_checkins(self, session: Session, now: datetime) -> int:
        """48 hours after a prompt went out without a finished answer: the worker is told."""
        rows = session.exec(
            select(CheckIn)
            .where(col(CheckIn.unanswered_at) <= now, col(CheckIn.status) == CheckInStatus.OPEN)
            .limit(BATCH)
            .with_for_update(skip_locked=True)
        ).all()
        for checkin in rows:
            child = session.get(Child, checkin.child_id)
            worker = current_worker(session, checkin.child_id)
            assert child is not None and checkin.prompt_sent_at is not None
            if checkin.answered_at is not None:
                checkin.status = CheckInStatus.DONE
                text = texts.CHECKIN_PARTIAL.format(
                    alias=child.alias, answers=checkins.summary(child, checkin)
                )
            else:
                checkin.status = CheckInStatus.UNANSWERED
                text = texts.CHECKIN_UNANSWERED.format(
                    alias=child.alias, sent=show_day(checkin.prompt_sent_at, self._zone)
                )
            session.add(checkin)
            if worker is not None and worker.telegram_user_id is not None:
                enqueue(
                    session,
                    chat_id=worker.telegram_user_id,
                    key=f"checkin:{checkin.id}:unanswered",
                    outgoing=Outgoing.text(text),
                    now=now,
                    priority=Priority.REMINDER,
                    child_id=child.id,
                )
        return len(rows)

    # Conversations left half way -------------------------------------------------------------

    def _lapsed_questions(self, session: Session, now: datetime) -> int:
        """A question nobody answered in time ends, and the person is told what was not saved."""
        found = questions.lapsed(session, now, BATCH)
        for question in found:
            questions.end(session, question)
            if not question_texts.silent(question):
                enqueue(
                    session,
                    chat_id=question.user_id,
                    key=f"lapsed:{question.id}",
                    outgoing=question_texts.lapse_notice(session, question),
                    now=now,
                    priority=Priority.CONVERSATION,
                    child_id=question.child_id,
                )
        return len(found)

    # Children's words ------------------------------------------------------------------------

    def _words_not_passed_on(self, session: Session, now: datetime) -> int:
        """A child's message stored but not passed on (its turn failed, or the process stopped
        half way) is passed on now; after several failed tries a manager is told."""
        found = messaging.not_passed_on(session, now, BATCH)
        for message in found:
            child = session.get(Child, message.child_id)
            message.relay_attempts += 1  # counted first, so a poisoned one stops being retried
            session.add(message)
            session.flush()
            try:
                with session.begin_nested():
                    if child is not None and child.telegram_user_id is not None:
                        messaging.pass_on(session, message, child, self._safety, now)
            except Exception as error:
                log.error("message %s not passed on: %s", message.id, type(error).__name__)
                if message.relay_attempts >= messaging.MAX_RELAY_ATTEMPTS and child is not None:
                    self._gave_up(session, child, message, now)
        return len(found)

    def _gave_up(self, session: Session, child: Child, message: Message, now: datetime) -> None:
        """The last try failed too: the managers get the words themselves, so someone can act."""
        words = message.body if message.kind == messaging.Kind.TEXT else f"({message.kind})"
        try:
            with session.begin_nested():
                tell(
                    session,
                    managers_of(session, child.team_id),
                    key=f"gave-up:{message.id}",
                    outgoing=Outgoing.text(
                        texts.RELAY_GAVE_UP.format(
                            alias=child.alias,
                            when=show_day(message.created_at, self._zone),
                            words=words,
                        ),
                        protect_content=True,
                    ),
                    now=now,
                    priority=Priority.URGENT,
                    child_id=child.id,
                    answerable=True,
                )
        except Exception as error:
            log.error("message %s: managers not told: %s", message.id, type(error).__name__)

    # Urgent help -----------------------------------------------------------------------------

    def _unacknowledged_alerts(self, session: Session, now: datetime) -> int:
        return urgent.escalate_unacknowledged(session, now, self._zone, BATCH)

    def _old_invite_attempts(self, session: Session, now: datetime) -> int:
        invites.forget_old_attempts(session, now)
        return 0

    def _expired_records(self, session: Session, now: datetime) -> int:
        return records.purge_expired(session, now, self._retention, BATCH)

    # Return home interviews ------------------------------------------------------------------

    def _rhi_clock(self, session: Session, now: datetime) -> int:
        """48 hours after a return, remind the worker; at 72 hours, alert managers and worker."""
        due = session.exec(
            select(Episode)
            .where(col(Episode.rhi_next_event_at) <= now)
            .limit(BATCH)
            .with_for_update(skip_locked=True)
        ).all()
        for episode in due:
            assert episode.returned_at is not None and episode.rhi_due_at is not None
            child = session.get(Child, episode.child_id)
            stage = timing.rhi_stage(episode.returned_at, now)
            if child is not None and child.closed_at is None and stage is not None:
                self._rhi_stage(session, child, episode, stage, now)
            episode.rhi_next_event_at = timing.next_rhi_event_at(episode.returned_at, now)
            session.add(episode)
        return len(due)

    def _rhi_stage(
        self, session: Session, child: Child, episode: Episode, stage: str, now: datetime
    ) -> None:
        assert child.id is not None and episode.rhi_due_at and episode.returned_at
        worker = current_worker(session, child.id)
        key = f"rhi:{episode.id}:{stage}"
        if stage == timing.RhiStage.REMINDER:
            text = texts.RHI_REMINDER.format(
                alias=child.alias, deadline=show_day(episode.rhi_due_at, self._zone)
            )
            people = [worker] if worker else []
        else:
            text = texts.RHI_OVERDUE.format(
                alias=child.alias, back=show_day(episode.returned_at, self._zone)
            )
            people = [*([worker] if worker else []), *managers_of(session, child.team_id)]
        tell(
            session,
            people,
            key=key,
            outgoing=Outgoing.text(text),
            now=now,
            priority=Priority.REMINDER,
            child_id=child.id,
        )
