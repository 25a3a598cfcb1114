"""Urgent help, as a ladder that climbs until someone takes it.

At once the child gets the emergency numbers and is told truly who will see it now (see
`bot.rules.hours.cover`). An alert, with an acknowledge button of each person's own, goes to the
child's worker, every manager of the team, and, out of the worker's hours, the duty contact.
Every 15 minutes until one of them acknowledges, it goes again to all who can still answer the
child (and to whoever has come on duty since), saying how long it has waited; after an hour
untaken, the child is told nobody has picked it up yet, and to use the numbers. Asking again
while it waits adds to the same call rather than starting another. The first to acknowledge
takes it: the child is told who has it, the others who took it, and whoever took it marks it
resolved with a short note (`bot.rules.taking`). Alerts jump the outbox queue and ignore
quiet hours.
"""

import re
import unicodedata
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import or_
from sqlmodel import Session, col, select

from bot.outbox.queue import Outgoing, Priority, enqueue
from bot.rules import access, episodes, hours
from bot.rules.buttons import Choice, keyboard
from bot.storage.models import Alert, AlertHolder, Child, Outbox, RiskLevel, Staff
from bot.wording import texts
from bot.wording.language import said_in, speaking
from bot.wording.timefmt import show_duration, show_to_child

ESCALATE_EVERY = timedelta(minutes=15)
TELL_THE_CHILD_AFTER = timedelta(hours=1)  # untaken this long, the child hears nobody has it
ACK = "ack"
RESOLVE = "resolve"
_NOT_WORDS = re.compile(r"[^\w']+|_+")  # "help_me now" is three words too
_WITH_NUMBERS = re.compile(r"^(away:|alert:\d+:(child|again:\d+)$)")  # what gives the numbers

# Which alert goes to staff: the first, again after a wait nobody took it, or the child asked
# again (the names of their texts).
RAISED, NOT_TAKEN, ASKED_AGAIN = "URGENT_ALERT", "URGENT_AGAIN", "URGENT_ASKED_AGAIN"


def _words(value: str) -> str:
    """Lower-case words between single spaces, without invisible format characters or accents
    (a child may type "boje sie" for "boję się", or "dwi" for "dwî")."""
    split = unicodedata.normalize("NFKD", value)
    visible = "".join(ch for ch in split if unicodedata.category(ch) not in ("Cf", "Mn"))
    plain = visible.casefold().replace("\N{RIGHT SINGLE QUOTATION MARK}", "'")
    return " " + _NOT_WORDS.sub(" ", plain).strip() + " "


def sounds_urgent(text: str, phrases: list[str]) -> bool:
    """Whether the words contain one of the configured phrases, as whole words, any case."""
    said = _words(text)
    return any(_words(phrase) in said for phrase in phrases if phrase.strip())


def raise_alarm(
    session: Session, child: Child, source: str, now: datetime, zone: ZoneInfo
) -> Alert:
    """A call for help: a new alert, or, while one still waits to be taken, the same one
    again. The child's row is locked first, so two calls at once make one alert."""
    assert child.id is not None
    session.flush()  # the child's row is read again, locked: keep what this turn changed
    session.refresh(child, with_for_update=True)
    cover = hours.cover(session, child, now, zone)
    waiting = session.exec(
        select(Alert).where(Alert.child_id == child.id, col(Alert.acknowledged_at).is_(None))
    ).first()
    if waiting is not None:
        waiting.asked += 1
        session.add(waiting)
        _tell_child(session, child, waiting, cover, now, zone, again=True)
        _alert_everyone(session, child, waiting, cover, now, zone, ASKED_AGAIN)
        return waiting
    alert = Alert(
        child_id=child.id,
        source=source,
        raised_at=now,
        out_of_hours=cover.out_of_hours,
        covered=cover.covered,
        escalate_at=now + ESCALATE_EVERY,
    )
    session.add(alert)
    session.flush()
    _tell_child(session, child, alert, cover, now, zone, again=False)
    _alert_everyone(session, child, alert, cover, now, zone, RAISED)
    return alert


def _tell_child(
    session: Session,
    child: Child,
    alert: Alert,
    cover: hours.Cover,
    now: datetime,
    zone: ZoneInfo,
    *,
    again: bool,
) -> None:
    """Who will see it now, named truly, and when the worker is back if they are away; the
    emergency numbers, unless the message just before gave them. In the child's language."""
    assert child.telegram_user_id is not None
    with speaking(child.language):
        text = _to_child(session, child, cover, now, zone, again=again)
    enqueue(
        session,
        chat_id=child.telegram_user_id,
        key=f"alert:{alert.id}:again:{alert.asked}" if again else f"alert:{alert.id}:child",
        outgoing=Outgoing.text(text),
        now=now,
        priority=Priority.URGENT,
    )


def _to_child(
    session: Session,
    child: Child,
    cover: hours.Cover,
    now: datetime,
    zone: ZoneInfo,
    *,
    again: bool,
) -> str:
    seeing = cover.now_seeing()
    if not seeing:
        text = texts.URGENT_TO_CHILD_NOBODY
    else:
        on_duty = cover.out_of_hours and cover.duty is not None
        told = texts.names([person.name for person in seeing])
        template = texts.URGENT_TOLD_AGAIN if again else texts.URGENT_TOLD
        text = template.format(told=told, duty=texts.ON_DUTY_NOW if on_duty else "")
        back = cover.back(now, zone)
        worker = cover.worker
        if worker is not None and cover.out_of_hours and back and cover.duty != worker:
            when = show_to_child(back, now, zone)
            text += " " + texts.WORKER_BACK.format(worker=worker.name, back=when)
        head = texts.NUMBERS_JUST_ABOVE if _numbers_last(session, child) else texts.NUMBERS_HEAD
        text = head + text
    return text


def _alert_everyone(
    session: Session,
    child: Child,
    alert: Alert,
    cover: hours.Cover,
    now: datetime,
    zone: ZoneInfo,
    stage: str,
) -> None:
    """The alert (`stage`: RAISED, NOT_TAKEN after a wait, or ASKED_AGAIN), each with a button
    of their own and in their own language, to everyone who should have it and can answer the
    child: those who hold it already, the worker, the managers, and out of hours the duty
    contact. Each is noted as holding it: they may take it, and answer the child."""
    assert child.id is not None and alert.id is not None
    duty = cover.duty if cover.out_of_hours else None
    everyone = [
        *holders(session, alert, now),
        *([cover.worker] if cover.worker is not None else []),
        *cover.managers,
        *([duty] if duty is not None else []),
    ]
    people = {p.id: p for p in everyone if p.active and p.telegram_user_id is not None}
    round_key = {RAISED: "raised", ASKED_AGAIN: f"asked{alert.asked}"}.get(
        stage, f"round{alert.rounds}"
    )
    for person in people.values():
        assert person.id is not None and person.telegram_user_id is not None
        as_duty = duty is not None and person.id == duty.id
        _hold(session, alert.id, person.id, as_duty, now)
        if as_duty and person.id != (cover.worker.id if cover.worker else None):
            access.hold_on_duty(session, person, child, cover.back(now, zone), now)
        with speaking(person.language):
            markup = keyboard(
                session,
                telegram_user_id=person.telegram_user_id,
                group_key=f"alert:{alert.id}:{round_key}:{person.id}",
                rows=[[Choice(texts.ACK_BUTTON, ACK, {"alert": alert.id})]],
                now=now,
            )
            text = getattr(texts, stage).format(
                alias=child.alias, waited=show_duration(now - alert.raised_at)
            ) + _context(session, child, cover)
            covering = cover.worker.name if cover.worker is not None else texts.THE_TEAM
            shown = texts.ON_DUTY_MARK.format(worker=covering) + text if as_duty else text
        enqueue(
            session,
            chat_id=person.telegram_user_id,
            key=f"alert:{alert.id}:{round_key}:{person.id}",
            outgoing=Outgoing.text(shown, reply_markup=markup),
            now=now,
            priority=Priority.URGENT,
            child_id=child.id,
            answerable=True,
        )


def _context(session: Session, child: Child, cover: hours.Cover) -> str:
    """Whose child, and what makes it graver: high risk, missing now."""
    assert child.id is not None
    details = [texts.WORKERS_CHILD.format(worker=cover.worker.name)] if cover.worker else []
    if child.risk_level == RiskLevel.HIGH:
        details.append(texts.HIGH_RISK)
    if episodes.open_episode(session, child.id) is not None:
        details.append(texts.MISSING_NOW)
    return texts.ALERT_CONTEXT.format(details=", ".join(details)) if details else ""


def holders(session: Session, alert: Alert, now: datetime) -> list[Staff]:
    """Those who hold the alert and can still answer the child (not one reassigned away, nor
    a duty contact whose time has run out)."""
    held = session.exec(
        select(Staff)
        .join(AlertHolder, col(AlertHolder.staff_id) == col(Staff.id))
        .where(AlertHolder.alert_id == alert.id, Staff.active)
    ).all()
    return [s for s in held if access.may_answer(session, access.person_of(s), alert.child_id, now)]


def _hold(session: Session, alert_id: int, staff_id: int, as_duty: bool, now: datetime) -> None:
    if not holds(session, alert_id, staff_id):
        session.add(AlertHolder(alert_id=alert_id, staff_id=staff_id, as_duty=as_duty, since=now))
        session.flush()


def holds(session: Session, alert_id: int, staff_id: int) -> bool:
    return (
        session.exec(
            select(AlertHolder.id).where(
                AlertHolder.alert_id == alert_id, AlertHolder.staff_id == staff_id
            )
        ).first()
        is not None
    )


def numbers_given(session: Session, chat_id: int, since: datetime) -> bool:
    """Whether an urgent reply gave the child the emergency numbers since `since`."""
    return (
        session.exec(
            select(Outbox.id).where(
                Outbox.chat_id == chat_id,
                col(Outbox.created_at) >= since,
                or_(
                    col(Outbox.dedupe_key).like("alert:%:child"),
                    col(Outbox.dedupe_key).like("alert:%:again:%"),
                ),
            )
        ).first()
        is not None
    )


def _numbers_last(session: Session, child: Child) -> bool:
    """Whether the last thing queued to the child gave them the emergency numbers."""
    last = session.exec(
        select(Outbox.dedupe_key)
        .where(Outbox.chat_id == child.telegram_user_id)
        .order_by(col(Outbox.id).desc())
    ).first()
    return last is not None and _WITH_NUMBERS.match(last) is not None


def escalate_unacknowledged(session: Session, now: datetime, zone: ZoneInfo, limit: int) -> int:
    """Every 15 minutes until someone acknowledges: again to all who hold it and can answer,
    and to whoever should have it now (the duty contact who has come on since, say), saying
    how long it has waited; after an hour, the child hears nobody has it yet. An alert someone
    is acknowledging at this moment is locked and skipped: it is theirs. After downtime it
    goes once, saying how long it really waited."""
    alerts = session.exec(
        select(Alert)
        .where(col(Alert.escalate_at) <= now, col(Alert.acknowledged_at).is_(None))
        .order_by(col(Alert.escalate_at))
        .limit(limit)
        .with_for_update(skip_locked=True)
    ).all()
    for alert in alerts:
        child = session.get(Child, alert.child_id)
        alert.rounds += 1
        alert.escalate_at = now + ESCALATE_EVERY if child is not None else None
        session.add(alert)
        if child is None:
            continue
        cover = hours.cover(session, child, now, zone)
        _alert_everyone(session, child, alert, cover, now, zone, NOT_TAKEN)
        if now - alert.raised_at >= TELL_THE_CHILD_AFTER and child.telegram_user_id is not None:
            enqueue(
                session,
                chat_id=child.telegram_user_id,
                key=f"alert:{alert.id}:still-waiting",
                outgoing=said_in(child.language, lambda: Outgoing.text(texts.CHILD_STILL_WAITING)),
                now=now,
                priority=Priority.URGENT,
            )
    return len(alerts)
