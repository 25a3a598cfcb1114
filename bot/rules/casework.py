"""People and pairings: teams, staff, children and who each child's trusted worker is."""

import unicodedata
from datetime import datetime

from sqlmodel import Session, col, select

from bot.storage.models import Child, Pairing, Role, Staff, Team

ALIAS_MAX = 32
NAME_MAX = 100


def clean_alias(raw: str) -> str | None:
    """The alias as stored (spaces collapsed), or None if it breaks the contract's rule."""
    alias = " ".join(unicodedata.normalize("NFC", raw).split())
    if not 1 <= len(alias) <= ALIAS_MAX:
        return None
    if all(ch.isalnum() or ch in " -'" for ch in alias):
        return alias
    return None


def alias_key(alias: str) -> str:
    """Aliases match without regard to case."""
    return alias.casefold()


def clean_name(raw: str) -> str | None:
    name = " ".join(unicodedata.normalize("NFC", raw).split())
    if not 1 <= len(name) <= NAME_MAX:
        return None
    if all(ch.isalpha() or ch in " -'." for ch in name):
        return name
    return None


def get_or_create_team(session: Session, name: str, now: datetime) -> Team:
    team = session.exec(select(Team).where(Team.name == name)).first()
    if team is None:
        team = Team(name=name, created_at=now)
        session.add(team)
        session.flush()
    return team


def invited_staff(session: Session, team_id: int, role: Role, name: str) -> Staff | None:
    """A not-yet-joined member of the team with this role and name, if there is one."""
    return staff_named(session, team_id, name, role=role, enrolled_only=False, joined=False)


def add_staff(session: Session, team_id: int, role: Role, name: str, now: datetime) -> Staff:
    staff = invited_staff(session, team_id, role, name)
    if staff is None:
        staff = Staff(team_id=team_id, role=role, name=name, created_at=now)
        session.add(staff)
        session.flush()
    return staff


def child_by_alias(session: Session, team_id: int, alias: str) -> Child | None:
    return session.exec(
        select(Child).where(Child.team_id == team_id, Child.alias_key == alias_key(alias))
    ).first()


def add_child(session: Session, worker: Staff, alias: str, now: datetime) -> Child:
    """A new child's record, paired with the worker who added them."""
    assert worker.id is not None
    child = Child(team_id=worker.team_id, alias=alias, alias_key=alias_key(alias), created_at=now)
    session.add(child)
    session.flush()
    assert child.id is not None
    session.add(Pairing(child_id=child.id, worker_id=worker.id, started_at=now))
    session.flush()
    return child


def current_worker(session: Session, child_id: int) -> Staff | None:
    """The child's trusted worker now: the open pairing's worker, if still active."""
    return session.exec(
        select(Staff)
        .join(Pairing, col(Pairing.worker_id) == col(Staff.id))
        .where(Pairing.child_id == child_id, col(Pairing.ended_at).is_(None), Staff.active)
    ).first()


def managers_of(session: Session, team_id: int) -> list[Staff]:
    """The team's enrolled, active managers."""
    return list(
        session.exec(
            select(Staff).where(
                Staff.team_id == team_id,
                Staff.role == Role.MANAGER,
                Staff.active,
                col(Staff.telegram_user_id).is_not(None),
            )
        )
    )


def carers(session: Session, child: Child) -> list[Staff]:
    """Who looks after the child now: their trusted worker, or the team's managers while they
    have none or their case is closed."""
    assert child.id is not None
    worker = None if child.closed_at else current_worker(session, child.id)
    return [worker] if worker is not None else managers_of(session, child.team_id)


def reassign(session: Session, child: Child, worker: Staff, now: datetime, reason: str) -> None:
    """End the child's current pairing and start one with `worker`; the history keeps both."""
    assert child.id is not None and worker.id is not None
    for pairing in session.exec(
        select(Pairing).where(Pairing.child_id == child.id, col(Pairing.ended_at).is_(None))
    ):
        pairing.ended_at, pairing.end_reason = now, reason
        session.add(pairing)
    session.add(Pairing(child_id=child.id, worker_id=worker.id, started_at=now))
    session.flush()


def team_staff(
    session: Session, team_id: int, *, role: Role | None = None, enrolled_only: bool = True
) -> list[Staff]:
    """The team's active staff (of one role), by name; only those who joined, by default."""
    query = select(Staff).where(Staff.team_id == team_id, Staff.active)
    if role is not None:
        query = query.where(Staff.role == role)
    if enrolled_only:
        query = query.where(col(Staff.telegram_user_id).is_not(None))
    return list(session.exec(query.order_by(col(Staff.name))))


def staff_named(
    session: Session,
    team_id: int,
    name: str,
    *,
    role: Role | None = None,
    enrolled_only: bool = True,
    joined: bool | None = None,
) -> Staff | None:
    """The one way staff are found by name: an active member of the team by the name they were
    invited with, in any case and spacing (`joined=False`: only one who has not joined yet)."""
    wanted = name_key(name)
    return next(
        (
            staff
            for staff in team_staff(session, team_id, role=role, enrolled_only=enrolled_only)
            if name_key(staff.name) == wanted
            and (joined is None or (staff.telegram_user_id is not None) == joined)
        ),
        None,
    )


def name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def paired_since(session: Session, child_id: int) -> datetime | None:
    """When the child's current pairing began (its worker may since have been deactivated)."""
    return session.exec(
        select(Pairing.started_at).where(
            Pairing.child_id == child_id, col(Pairing.ended_at).is_(None)
        )
    ).first()


def last_worker_name(session: Session, child_id: int) -> str | None:
    """The name of the child's latest worker, active or not (None if never paired)."""
    name = session.exec(
        select(Staff.name)
        .join(Pairing, col(Pairing.worker_id) == col(Staff.id))
        .where(Pairing.child_id == child_id)
        .order_by(col(Pairing.started_at).desc())
    ).first()
    return name
