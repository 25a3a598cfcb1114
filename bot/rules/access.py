"""Who may do what, in one place: each command's roles, and which children a person may reach.

A worker reaches only the open cases currently paired with them; a manager reaches every child
of their own team, closed cases included (never an erased one). A child that is out of reach is
treated exactly like one that does not exist. Every access through here is written to the audit
log. A child whose case is closed is still known: they can still get help now, and what they
send reaches the managers; nothing else of the service is theirs any more.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, case
from sqlmodel import Session, col, select

from bot.rules import audit
from bot.rules.casework import alias_key
from bot.storage.db import insert_for
from bot.storage.models import Child, DutyHold, Pairing, Role, Staff
from bot.wording.language import ENGLISH

HOLD_FOR = timedelta(days=1)  # how long one who covered on duty may answer a child they heard
HOLD_AFTER_BACK = timedelta(hours=1)  # ... but no longer than this after the worker is back
EVERYONE: frozenset[Role | None] = frozenset({None, *Role})
ENROLLED: frozenset[Role | None] = frozenset(Role)

COMMAND_ROLES: dict[str, frozenset[Role | None]] = {
    "start": EVERYONE,
    "help": EVERYONE,
    "cancel": ENROLLED,
    "invite_worker": frozenset({Role.MANAGER}),
    "overdue": frozenset({Role.MANAGER}),
    "history": frozenset({Role.WORKER, Role.MANAGER}),
    "invites": frozenset({Role.MANAGER, Role.WORKER}),
    "duty": frozenset({Role.MANAGER}),
    "export": frozenset({Role.MANAGER}),
    "close": frozenset({Role.MANAGER}),
    "erase": frozenset({Role.MANAGER}),
    "reassign": frozenset({Role.MANAGER}),
    "report": frozenset({Role.MANAGER}),
    "deactivate": frozenset({Role.MANAGER}),
    "hours": frozenset({Role.WORKER}),
    "missing": frozenset({Role.WORKER}),
    "returned": frozenset({Role.WORKER}),
    "rhi": frozenset({Role.WORKER}),
    "add_child": frozenset({Role.WORKER}),
    "msg": frozenset({Role.WORKER, Role.MANAGER}),
    "children": frozenset({Role.WORKER}),
    "risk": frozenset({Role.WORKER}),
    "intervention": frozenset({Role.WORKER}),
    "end_intervention": frozenset({Role.WORKER}),
    "review": frozenset({Role.WORKER}),
    "checkin": frozenset({Role.CHILD}),
    "checkin_time": frozenset({Role.CHILD}),
    "urgent": frozenset({Role.CHILD}),
    "language": ENROLLED,
}

BUTTON_ROLES: dict[str, frozenset[Role | None]] = {
    "checkin": frozenset({Role.CHILD}),
    "checkin_time": frozenset({Role.CHILD}),
    "help_now": frozenset({Role.CHILD}),
    "review": frozenset({Role.WORKER}),
    "end_intervention": frozenset({Role.WORKER}),
    "ack": frozenset({Role.MANAGER, Role.WORKER}),
    "resolve": frozenset({Role.MANAGER, Role.WORKER}),
    "revoke": frozenset({Role.MANAGER, Role.WORKER}),
    "relink": frozenset({Role.MANAGER, Role.WORKER}),
    "erase": frozenset({Role.MANAGER}),
    "grade": frozenset({Role.WORKER}),
    "rhi": frozenset({Role.WORKER}),
    "pick": frozenset({Role.WORKER, Role.MANAGER}),
    "risk": frozenset({Role.WORKER}),
    "reassign": frozenset({Role.MANAGER}),
    "deactivate": frozenset({Role.MANAGER}),
    "duty": frozenset({Role.MANAGER}),
    "act": frozenset({Role.WORKER, Role.MANAGER}),  # a digest line's button (`bot.rules.notices`)
    "history": frozenset({Role.WORKER, Role.MANAGER}),
    "seen": frozenset({Role.WORKER, Role.MANAGER}),
    "held": frozenset({Role.WORKER, Role.MANAGER}),  # whom typed words are for (`held`)
    "language": ENROLLED,
}
# What a child whose case is closed may still do.
CLOSED_CASE_COMMANDS = frozenset({"help", "urgent", "cancel", "language"})
CLOSED_CASE_BUTTONS = frozenset({"help_now", "language"})


@dataclass(frozen=True)
class Person:
    """An enrolled person, as the rules see them."""

    role: Role
    record_id: int
    team_id: int
    telegram_user_id: int
    case_closed: bool = False  # a child whose case is closed (not erased)
    language: str = ENGLISH  # the language they read


def identify(session: Session, telegram_user_id: int) -> Person | None:
    """The enrolled person behind a Telegram account; None for a stranger (an erased child's
    account is a stranger's again)."""
    staff = session.exec(
        select(Staff).where(Staff.telegram_user_id == telegram_user_id, Staff.active)
    ).first()
    if staff is not None:
        assert staff.id is not None
        return Person(
            Role(staff.role), staff.id, staff.team_id, telegram_user_id, language=staff.language
        )
    child = session.exec(select(Child).where(Child.telegram_user_id == telegram_user_id)).first()
    if child is not None:
        assert child.id is not None
        closed = child.closed_at is not None
        return Person(Role.CHILD, child.id, child.team_id, telegram_user_id, closed, child.language)
    return None


def language_of(session: Session, telegram_user_id: int) -> str:
    """The language the person behind a Telegram account reads (English for a stranger)."""
    person = identify(session, telegram_user_id)
    return person.language if person is not None else ENGLISH


def may_run(person: Person | None, command: str) -> bool:
    roles = COMMAND_ROLES.get(command)
    if person is not None and person.case_closed and command not in CLOSED_CASE_COMMANDS:
        return False
    return roles is not None and (person.role if person else None) in roles


def may_press(person: Person | None, action: str) -> bool:
    roles = BUTTON_ROLES.get(action)
    if person is not None and person.case_closed and action not in CLOSED_CASE_BUTTONS:
        return False
    return roles is not None and (person.role if person else None) in roles


def child_in_reach(
    session: Session, person: Person, alias: str, *, purpose: str, now: datetime
) -> Child | None:
    """The open case with this alias, if the person may act on it; the access is audited."""
    child = _reachable(session, person, col(Child.alias_key) == alias_key(alias))
    _audit(session, person, child, purpose, now)
    return child


def child_in_reach_by_id(
    session: Session,
    person: Person,
    child_id: int,
    *,
    purpose: str,
    now: datetime,
    audited: bool = True,
) -> Child | None:
    """`audited=False`: a later step of a conversation whose start was audited already."""
    child = _reachable(session, person, col(Child.id) == child_id)
    if audited:
        _audit(session, person, child, purpose, now)
    return child


def _audit(
    session: Session, person: Person, child: Child | None, purpose: str, now: datetime
) -> None:
    if child is not None:
        audit.record(
            session,
            team_id=child.team_id,
            child_id=child.id,
            action=purpose,
            actor=audit.staff_actor(person.role, person.record_id),
            now=now,
        )


def children_to_answer(session: Session, person: Person, now: datetime) -> list[Child]:
    """The children the person may send a message to: those in reach, and, for someone who
    covered on duty, those they heard from then (a message or an alert), for a day after."""
    held = [c for c in _held(session, person, now) if c.closed_at is None]
    reach = children_in_reach(session, person)
    return [*reach, *(c for c in held if c.id not in {r.id for r in reach})]


def person_of(staff: Staff) -> Person:
    assert staff.id is not None and staff.telegram_user_id is not None
    return Person(Role(staff.role), staff.id, staff.team_id, staff.telegram_user_id)


def may_answer(session: Session, person: Person, child_id: int, now: datetime) -> bool:
    """Whether the person may send this child a message now (see `children_to_answer`), as a
    check alone: nothing is read of the child, so nothing is audited."""
    if _reachable(session, person, col(Child.id) == child_id) is not None:
        return True
    return any(c.id == child_id and c.closed_at is None for c in _held(session, person, now))


def child_to_answer(
    session: Session,
    person: Person,
    now: datetime,
    *,
    alias: str | None = None,
    child_id: int | None = None,
) -> Child | None:
    """One child the person may send a message to (see `children_to_answer`), by alias or id;
    the access is audited."""
    match = col(Child.id) == child_id if alias is None else col(Child.alias_key) == alias_key(alias)
    child = _reachable(session, person, match)
    purpose = "message child"
    if child is None:
        key = alias_key(alias) if alias is not None else None
        child = next(
            (
                c
                for c in _held(session, person, now)
                if c.closed_at is None and (c.alias_key == key if key else c.id == child_id)
            ),
            None,
        )
        purpose = "message child held on duty"
    _audit(session, person, child, purpose, now)
    return child


def _held(session: Session, person: Person, now: datetime) -> list[Child]:
    """Children of the person's team they heard from as the duty contact, lately."""
    if person.role is Role.CHILD:
        return []
    return list(
        session.exec(
            select(Child)
            .join(DutyHold, col(DutyHold.child_id) == col(Child.id))
            .where(
                DutyHold.staff_id == person.record_id,
                col(DutyHold.until) > now,
                col(Child.team_id) == person.team_id,
                col(Child.erased_at).is_(None),
            )
        )
    )


def hold_on_duty(
    session: Session, staff: Staff, child: Child, back: datetime | None, now: datetime
) -> None:
    """The duty contact heard from the child: they may answer them for a day, and no longer
    than an hour after the child's worker is back at work (`back`). One conditional write, so
    two at once (a sweep and the child's turn) never clash."""
    assert staff.id is not None and child.id is not None
    until = now + HOLD_FOR if back is None else min(now + HOLD_FOR, back + HOLD_AFTER_BACK)
    table = DutyHold.__table__  # type: ignore[attr-defined]
    statement = insert_for(session)(table).values(staff_id=staff.id, child_id=child.id, until=until)
    later = case(
        (table.c.until > statement.excluded.until, table.c.until),
        else_=statement.excluded.until,
    )
    session.connection().execute(
        statement.on_conflict_do_update(
            index_elements=["staff_id", "child_id"], set_={"until": later}
        )
    )


def aliases_in_reach(session: Session, person: Person) -> list[str]:
    """Aliases of every child the person may act on (to read "/msg Blue Fox hi")."""
    return list(session.exec(_in_reach(person, Child.alias)))


def children_of_worker(
    session: Session, worker: Staff, *, by: Person, purpose: str, now: datetime
) -> list[Child]:
    """A worker's children: the open cases paired with them now (what the worker reaches), by
    alias. Each child listed is audited against the person who asked, under `purpose`."""
    assert worker.id is not None
    as_worker = Person(Role.WORKER, worker.id, worker.team_id, worker.telegram_user_id or 0)
    children = children_in_reach(session, as_worker)
    for child in children:
        _audit(session, by, child, purpose, now)
    return children


def children_in_reach(session: Session, person: Person) -> list[Child]:
    """Every child the person may act on (to offer them as buttons); the caller audits what it
    shows."""
    return list(session.exec(_in_reach(person, Child).order_by(col(Child.alias_key))))


def _reachable(session: Session, person: Person, match: ColumnElement[bool]) -> Child | None:
    return session.exec(_in_reach(person, Child).where(match)).first()


def _in_reach(person: Person, what: Any) -> Any:
    query = select(what).where(*_reach_conditions(person))
    if person.role is Role.WORKER:
        query = query.join(Pairing, col(Pairing.child_id) == col(Child.id))
    return query


def _reach_conditions(person: Person) -> list[ColumnElement[bool]]:
    if person.role is Role.MANAGER:  # closed cases too: they can still be exported or erased
        return [col(Child.team_id) == person.team_id, col(Child.erased_at).is_(None)]
    if person.role is Role.WORKER:
        return [
            col(Child.team_id) == person.team_id,
            col(Child.closed_at).is_(None),
            col(Pairing.worker_id) == person.record_id,
            col(Pairing.ended_at).is_(None),
        ]
    return [col(Child.id).is_(None)]  # nobody else reaches a child's record
