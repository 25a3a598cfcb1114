"""Urgent help, as a ladder that climbs until someone takes it.

At once the child gets the emergency numbers and is told truly who has been alerted. An alert,
with an acknowledge button of each person's own, goes to the child's worker, every manager of
the team, and, out of the worker's hours, the duty contact (with nobody on duty, the managers
are the ones named to the child). Every 15 minutes until one of them acknowledges, it goes
again to all of them, and to whoever has come on duty since, saying how long it has waited.
The first to acknowledge takes it: the child is told who has it, the others who took it, and
whoever took it can mark it resolved with a short note. Alerts jump the outbox queue and ignore
quiet hours.
"""

import re
import unicodedata
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import update
from sqlmodel import Session, col, select

from bot import access, hours, texts
from bot.buttons import Choice, keyboard
from bot.casework import current_worker, managers_of
from bot.models import Alert, AlertHolder, Child, Staff
from bot.outbox import Outgoing, Priority, enqueue, tell
from bot.timefmt import show_day, show_duration

ESCALATE_EVERY = timedelta(minutes=15)
ACK = "ack"
RESOLVE = "resolve"
_NOT_WORDS = re.compile(r"[^\w']+|_+")  # "help_me now" is three words too


def _words(value: str) -> str:
    """Lower-case words between single spaces, without invisible format characters."""
    visible = "".join(ch for ch in value if unicodedata.category(ch) != "Cf")
    plain = visible.casefold().replace("\N{RIGHT SINGLE QUOTATION MARK}", "'")
    return " " + _NOT_WORDS.sub(" ", plain).strip() + " "


def sounds_urgent(text: str, phrases: list[str]) -> bool:
    """Whether the words contain one of the configured phrases, as whole words, any case."""
    said = _words(text)
    return any(_words(phrase) in said for phrase in phrases if phrase.strip())


def raise_alarm(
    session: Session, child: Child, source: str, now: datetime, zone: ZoneInfo
) -> Alert:
    assert child.id is not None and child.telegram_user_id is not None
    worker, in_hours, duty = _cover(session, child, now, zone)
    out_of_hours = worker is not None and not in_hours  # (with no worker, the managers have it)
    alert = Alert(
        child_id=child.id,
        source=source,
        raised_at=now,
        out_of_hours=out_of_hours,
        covered=not out_of_hours or duty is not None,
        escalate_at=now + ESCALATE_EVERY,
    )
    session.add(alert)
    session.flush()
    managers = managers_of(session, child.team_id)
    enqueue(
        session,
        chat_id=child.telegram_user_id,
        key=f"alert:{alert.id}:child",
        outgoing=Outgoing.text(_to_child(worker, in_hours, duty, managers, now, zone)),
        now=now,
        priority=Priority.URGENT,
    )
    _alert_everyone(session, child, alert, worker, duty, now, texts.URGENT_ALERT, "raised")
    return alert


def _cover(
    session: Session, child: Child, now: datetime, zone: ZoneInfo
) -> tuple[Staff | None, bool, Staff | None]:
    """The child's worker, whether they are at work (or on duty themselves), and otherwise the
    duty contact now."""
    assert child.id is not None
    worker = None if child.closed_at else current_worker(session, child.id)
    in_hours = worker is not None and hours.is_working(worker, now, zone)
    duty = None if in_hours else hours.duty_contact(session, child.team_id, now, zone)
    if worker is not None and duty is not None and duty.id == worker.id:
        return worker, True, None
    return worker, in_hours, duty


def _to_child(
    worker: Staff | None,
    in_hours: bool,
    duty: Staff | None,
    managers: list[Staff],
    now: datetime,
    zone: ZoneInfo,
) -> str:
    """Who will see it now, named truly: the worker in their hours; out of them the duty
    contact, or the managers when nobody is on duty, and when the worker is back."""
    if worker is not None and in_hours:
        return texts.URGENT_TO_CHILD.format(told=worker.name)
    told = duty.name if duty is not None else texts.names([m.name for m in managers])
    if not told:
        return texts.URGENT_TO_CHILD_NOBODY
    text = texts.URGENT_TO_CHILD.format(told=told)
    if duty is not None:
        text = texts.URGENT_TO_CHILD_ON_DUTY.format(told=told)
    back = hours.back_at(worker, now, zone) if worker is not None else None
    if worker is not None and back is not None:
        text += " " + texts.WORKER_BACK.format(worker=worker.name, back=show_day(back, zone))
    return text


def _alert_everyone(
    session: Session,
    child: Child,
    alert: Alert,
    worker: Staff | None,
    duty: Staff | None,
    now: datetime,
    template: str,
    stage: str,
) -> None:
    """The alert to everyone who should have it, each with a button of their own, and a note
    of who holds it (they may take it, and answer the child)."""
    everyone = [
        *_holders(session, alert),
        *([worker] if worker is not None else []),
        *managers_of(session, child.team_id),
        *([duty] if duty is not None else []),
    ]
    people = {p.id: p for p in everyone if p.active and p.telegram_user_id is not None}
    waited = show_duration(now - alert.raised_at)
    for person in people.values():
        assert person.id is not None and person.telegram_user_id is not None and alert.id
        as_duty = duty is not None and person.id == duty.id
        _hold(session, alert.id, person.id, as_duty, now)
        if as_duty:
            access.hold_on_duty(session, person, child, now)
        markup = keyboard(
            session,
            telegram_user_id=person.telegram_user_id,
            group_key=f"alert:{alert.id}:{stage}:{person.id}",
            rows=[[Choice(texts.ACK_BUTTON, ACK, {"alert": alert.id})]],
            now=now,
        )
        text = template.format(alias=child.alias, waited=waited)
        if as_duty:
            text = texts.ON_DUTY_MARK + text
        enqueue(
            session,
            chat_id=person.telegram_user_id,
            key=f"alert:{alert.id}:{stage}:{person.id}",
            outgoing=Outgoing.text(text, reply_markup=markup),
            now=now,
            priority=Priority.URGENT,
            child_id=child.id,
            answerable=True,
        )


def _holders(session: Session, alert: Alert) -> list[Staff]:
    return list(
        session.exec(
            select(Staff)
            .join(AlertHolder, col(AlertHolder.staff_id) == col(Staff.id))
            .where(AlertHolder.alert_id == alert.id)
        )
    )


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


def acknowledge(session: Session, alert_id: int, staff: Staff, now: datetime) -> bool:
    """The first of those who hold it to acknowledge takes it; the child is told who has it,
    the others who took it. Taking it is one conditional update, so two presses at once, or a
    press and the escalation sweep, can never both win."""
    alert = session.get(Alert, alert_id)
    child = session.get(Child, alert.child_id) if alert else None
    if alert is None or child is None or staff.id is None or not holds(session, alert_id, staff.id):
        return False
    taken = session.exec(
        update(Alert)
        .where(col(Alert.id) == alert_id, col(Alert.acknowledged_at).is_(None))
        .values(acknowledged_at=now, acknowledged_by=staff.id, escalate_at=None)
    )
    if not taken.rowcount:
        return False
    session.refresh(alert)
    if child.telegram_user_id is not None:
        enqueue(
            session,
            chat_id=child.telegram_user_id,
            key=f"alert:{alert_id}:taken:child",
            outgoing=Outgoing.text(texts.ACK_TO_CHILD.format(name=staff.name)),
            now=now,
            priority=Priority.URGENT,
        )
    tell(
        session,
        [holder for holder in _holders(session, alert) if holder.id != staff.id],
        key=f"alert:{alert_id}:ack",
        outgoing=Outgoing.text(texts.ACKNOWLEDGED.format(name=staff.name, alias=child.alias)),
        now=now,
        priority=Priority.URGENT,
        child_id=child.id,
    )
    assert staff.telegram_user_id is not None
    markup = keyboard(
        session,
        telegram_user_id=staff.telegram_user_id,
        group_key=f"alert:{alert_id}:resolve",
        rows=[[Choice(texts.RESOLVE_BUTTON, RESOLVE, {"alert": alert_id})]],
        now=now,
        lifetime=timedelta(days=30),
    )
    enqueue(
        session,
        chat_id=staff.telegram_user_id,
        key=f"alert:{alert_id}:taken",
        outgoing=Outgoing.text(texts.TAKEN.format(alias=child.alias), reply_markup=markup),
        now=now,
        priority=Priority.URGENT,
        child_id=child.id,
    )
    return True


def resolve(session: Session, alert_id: int, staff: Staff, note: str, now: datetime) -> bool:
    """Close the loop: what was done, in a short note (encrypted), by someone who held it."""
    alert = session.get(Alert, alert_id)
    if alert is None or alert.acknowledged_at is None or alert.resolved_at is not None:
        return False
    if staff.id is None or not holds(session, alert_id, staff.id):
        return False
    alert.resolved_at, alert.resolved_by, alert.resolution = now, staff.id, note
    session.add(alert)
    session.flush()
    return True


def escalate_unacknowledged(session: Session, now: datetime, zone: ZoneInfo, limit: int) -> int:
    """Every 15 minutes until someone acknowledges: again to all who hold it, and to whoever
    should have it now (the duty contact who has come on since, say), saying how long it has
    waited. An alert someone is acknowledging at this moment is locked and skipped: it is theirs.
    After downtime it goes once, saying how long it really waited."""
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
        alert.escalate_at = now + ESCALATE_EVERY
        session.add(alert)
        if child is None:
            continue
        worker, _in_hours, duty = _cover(session, child, now, zone)
        stage = f"again{alert.rounds}"
        _alert_everyone(session, child, alert, worker, duty, now, texts.URGENT_AGAIN, stage)
    return len(alerts)
