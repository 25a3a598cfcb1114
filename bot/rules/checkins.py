"""Check-ins: a short, kind set of questions to the child, answered with buttons.

Each step is a message with buttons whose tokens carry the check-in's id; the worker gets the
answers, and "Not great" or "No" at once.
"""

from collections.abc import Callable
from datetime import datetime, time, timedelta
from functools import partial
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlmodel import Session, col, select

from bot.outbox.queue import Outgoing, Priority, tell
from bot.rules import questions, timing
from bot.rules.buttons import Choice, keyboard
from bot.rules.casework import carers
from bot.storage.models import CheckIn, CheckInStatus, Child, Rater, Rating
from bot.wording import texts
from bot.wording.language import speaking

STEP_MOOD = "mood"
STEP_DIFFERENCE = "difference"
STEP_COMMENT = "comment"
ACTION = "checkin"
MIN_BETWEEN_PROMPTS = timedelta(days=1)
HELP_NOW = "help_now"


def help_now_choice(child_id: int) -> Choice:
    return Choice(texts.HELP_NOW_BUTTON, HELP_NOW, {"child": child_id}, reusable=True)


def step_message(
    session: Session, child: Child, checkin: CheckIn, step: str, now: datetime
) -> Outgoing:
    """The message for one step, in the child's language, with fresh buttons bound to them."""
    with speaking(child.language):
        return _step_message(session, child, checkin, step, now)


def _step_message(
    session: Session, child: Child, checkin: CheckIn, step: str, now: datetime
) -> Outgoing:
    assert child.id is not None and child.telegram_user_id is not None and checkin.id is not None
    worker_name = texts.names([p.name for p in carers(session, child)]) or texts.YOUR_WORKER
    if step == STEP_MOOD:
        text, options = texts.CHECKIN_PROMPT, texts.CHECKIN_MOODS
    elif step == STEP_DIFFERENCE:
        text, options = texts.CHECKIN_DIFFERENCE, texts.CHECKIN_DIFFERENCES
    else:
        text, options = texts.CHECKIN_COMMENT.format(worker=worker_name), {"skip": texts.SKIP}
    answers = [
        Choice(label, ACTION, {"checkin": checkin.id, "step": step, "value": value})
        for value, label in options.items()
    ]
    rows = [answers[:2], answers[2:]] if len(answers) > 3 else [answers]
    markup = keyboard(
        session,
        telegram_user_id=child.telegram_user_id,
        group_key=f"checkin:{checkin.id}:{step}",
        rows=[*[r for r in rows if r], [help_now_choice(child.id)]],
        now=now,
    )
    return Outgoing.text(text, reply_markup=markup)


def open_checkin(session: Session, child: Child, now: datetime, prompt_key: str | None) -> CheckIn:
    """A new check-in; any earlier one still open is left behind as superseded, and its last
    question ends (the child's next words are not taken as its answer)."""
    assert child.id is not None
    waiting = questions.current(session, child.telegram_user_id or 0)
    if waiting is not None and waiting.kind == questions.CHECKIN:
        questions.end(session, waiting)
    for earlier in session.exec(
        select(CheckIn).where(CheckIn.child_id == child.id, CheckIn.status == CheckInStatus.OPEN)
    ):
        earlier.status = CheckInStatus.SUPERSEDED
        session.add(earlier)
        if earlier.answered_at is not None:  # what they did answer still reaches their worker
            text = partial(partly_answered, child, earlier)
            _to_carers(session, child, f"checkin:{earlier.id}:partial", text, now)
    checkin = CheckIn(child_id=child.id, prompt_key=prompt_key, created_at=now)
    session.add(checkin)
    session.flush()
    return checkin


def record_answer(
    session: Session, child: Child, checkin: CheckIn, step: str, value: str, now: datetime
) -> str | None:
    """Store one answer; the next step's name, or None when the check-in is complete."""
    assert child.id is not None and checkin.id is not None
    if step == STEP_MOOD and value in texts.CHECKIN_MOODS:
        checkin.mood = value
        if value == "not_great":
            _flag(session, child, checkin, STEP_MOOD, lambda: texts.CHECKIN_FLAG_MOOD, now)
        nxt: str | None = STEP_DIFFERENCE
    elif step == STEP_DIFFERENCE and value in texts.CHECKIN_DIFFERENCES:
        checkin.difference = value
        session.add(
            Rating(
                child_id=child.id,
                checkin_id=checkin.id,
                rater=Rater.CHILD,
                value=value,
                created_at=now,
            )
        )
        if value == "no":
            _flag(session, child, checkin, STEP_DIFFERENCE, lambda: texts.CHECKIN_FLAG_HELP, now)
        nxt = STEP_COMMENT
    else:
        nxt = None
    checkin.answered_at = now
    session.add(checkin)
    session.flush()
    return nxt


def finish(
    session: Session, child: Child, checkin: CheckIn, comment: str | None, now: datetime
) -> None:
    """Close the check-in and send the worker the whole of it."""
    checkin.comment = comment
    checkin.status = CheckInStatus.DONE
    checkin.answered_at = now
    session.add(checkin)
    session.flush()
    _to_carers(
        session, child, f"checkin:{checkin.id}:summary", partial(summary, child, checkin), now
    )


def partly_answered(child: Child, checkin: CheckIn) -> str:
    return texts.CHECKIN_PARTIAL.format(alias=child.alias, answers=summary(child, checkin))


def summary(child: Child, checkin: CheckIn) -> str:
    """The check-in's answers; the child's own words went to the worker the moment they were
    written, so the summary only points to them."""
    text = texts.CHECKIN_SUMMARY.format(
        alias=child.alias,
        mood=texts.CHECKIN_MOODS.get(checkin.mood or "", texts.NOT_ANSWERED),
        difference=texts.CHECKIN_DIFFERENCES.get(checkin.difference or "", texts.NOT_ANSWERED),
    )
    if checkin.comment:
        text += texts.CHECKIN_SUMMARY_COMMENT
    return text


def _flag(
    session: Session,
    child: Child,
    checkin: CheckIn,
    step: str,
    template: Callable[[], str],
    now: datetime,
) -> None:
    _to_carers(
        session,
        child,
        f"checkin:{checkin.id}:flag:{step}",
        lambda: template().format(alias=child.alias),
        now,
        Priority.CONVERSATION,
    )


def _to_carers(
    session: Session,
    child: Child,
    key: str,
    text: Callable[[], str],
    now: datetime,
    priority: Priority = Priority.REMINDER,
) -> None:
    """To the child's worker (the managers while they have none), in each one's language. A
    notice, not the child's words: a reply to it is not sent to the child (their words come
    apart, and a reply to those reaches them)."""
    tell(
        session,
        carers(session, child),
        key=key,
        outgoing=lambda: Outgoing.text(text()),
        now=now,
        priority=priority,
        child_id=child.id,
    )


def comments_since(session: Session, child_id: int, since: datetime | None) -> list[str]:
    """What the child wrote in check-ins since a moment (the last review), oldest first."""
    query = select(CheckIn).where(CheckIn.child_id == child_id, col(CheckIn.comment).is_not(None))
    if since is not None:
        query = query.where(col(CheckIn.created_at) > since)
    return [c.comment for c in session.exec(query.order_by(col(CheckIn.created_at))) if c.comment]


def last_checkin(session: Session, child_id: int) -> CheckIn | None:
    return session.exec(
        select(CheckIn)
        .where(CheckIn.child_id == child_id, col(CheckIn.answered_at).is_not(None))
        .order_by(col(CheckIn.answered_at).desc())
    ).first()


def choose_time(
    session: Session, child: Child, weekday: int, at: time, now: datetime, zone: ZoneInfo
) -> None:
    """The child's own day and time for check-ins, from the next one on: never within a day
    of the last prompt, so a check-in just answered is not asked again that evening."""
    child.checkin_weekday, child.checkin_time = weekday, at
    last = session.exec(
        select(func.max(CheckIn.created_at)).where(CheckIn.child_id == child.id)
    ).one()
    after = max(now, last + MIN_BETWEEN_PROMPTS) if last is not None else now
    child.next_checkin_at = timing.next_checkin_at(after, zone, weekday, at)
