"""One-time invites: 192 random bits, URL-safe, kept only as a SHA-256, single use, expiring."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import delete, update
from sqlmodel import Session, col, select

from bot.storage.models import Child, Invite, InviteAttempt, Role, Staff

CODE_BYTES = 24  # 192 bits; token_urlsafe gives 32 characters of [A-Za-z0-9_-]
CODE_MAX = 64  # Telegram's limit for a /start parameter


def hash_code(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def deep_link(bot_username: str, code: str) -> str:
    return f"https://t.me/{bot_username}?start={code}"


def create_invite(
    session: Session,
    *,
    role: Role,
    team_id: int,
    now: datetime,
    valid_for: timedelta,
    staff_id: int | None = None,
    child_id: int | None = None,
    created_by: int | None = None,
) -> tuple[str, Invite]:
    """A fresh code for one person's record. Earlier unused codes for that record stop working."""
    _revoke_unused(session, staff_id=staff_id, child_id=child_id, now=now)
    code = secrets.token_urlsafe(CODE_BYTES)
    invite = Invite(
        code_hash=hash_code(code),
        role=role,
        team_id=team_id,
        staff_id=staff_id,
        child_id=child_id,
        created_by_staff_id=created_by,
        created_at=now,
        expires_at=now + valid_for,
    )
    session.add(invite)
    session.flush()
    return code, invite


def _revoke_unused(
    session: Session, *, staff_id: int | None, child_id: int | None, now: datetime
) -> None:
    if staff_id is not None:
        target = col(Invite.staff_id) == staff_id
    else:
        target = col(Invite.child_id) == child_id
    session.exec(
        update(Invite)
        .where(target, col(Invite.used_at).is_(None), col(Invite.expires_at) > now)
        .values(expires_at=now)
    )


class Joining(StrEnum):
    """Where a child who has not joined stands: their latest link still works, or not."""

    NOT_YET = "not_yet"
    EXPIRED = "expired"  # ran out, or was revoked: a new link is needed


def joining(session: Session, child: Child, now: datetime) -> Joining | None:
    """None once the child has joined."""
    if child.telegram_user_id is not None:
        return None
    latest = session.exec(
        select(Invite)
        .where(Invite.child_id == child.id)
        .order_by(col(Invite.created_at).desc(), col(Invite.id).desc())
    ).first()
    if latest is not None and latest.used_at is None and latest.expires_at > now:
        return Joining.NOT_YET
    return Joining.EXPIRED


@dataclass(frozen=True)
class Redeemed:
    invite: Invite
    staff: Staff | None
    child: Child | None


def redeem(session: Session, code: str, telegram_user_id: int, now: datetime) -> Redeemed | None:
    """Bind the Telegram account to the invite's record; None for any code that does not work.

    The used-at update is conditional, so two redemptions racing for one code cannot both win.
    """
    if not code or len(code) > CODE_MAX:
        return None
    invite = session.exec(select(Invite).where(Invite.code_hash == hash_code(code))).first()
    if invite is None or invite.used_at is not None or invite.expires_at <= now:
        return None
    staff = session.get(Staff, invite.staff_id) if invite.staff_id is not None else None
    child = session.get(Child, invite.child_id) if invite.child_id is not None else None
    record = staff or child
    if record is None or record.telegram_user_id is not None:
        return None
    claimed = session.exec(
        update(Invite)
        .where(col(Invite.id) == invite.id, col(Invite.used_at).is_(None))
        .values(used_at=now, used_by_telegram_id=telegram_user_id)
    )
    if claimed.rowcount != 1:
        return None
    record.telegram_user_id = telegram_user_id
    session.add(record)
    session.flush()
    session.refresh(invite)
    return Redeemed(invite, staff, child)


WRONG_CODES_ALLOWED = 5
LOCKOUT = timedelta(hours=1)


def locked_out(session: Session, telegram_user_id: int, now: datetime) -> bool:
    """Five wrong codes within an hour lock the account out for an hour from the fifth."""
    recent = session.exec(
        select(InviteAttempt.at)
        .where(InviteAttempt.telegram_user_id == telegram_user_id)
        .order_by(col(InviteAttempt.at).desc())
        .limit(WRONG_CODES_ALLOWED)
    ).all()
    return (
        len(recent) == WRONG_CODES_ALLOWED
        and recent[0] - recent[-1] <= LOCKOUT
        and now - recent[0] < LOCKOUT
    )


def note_wrong_code(session: Session, telegram_user_id: int, now: datetime) -> None:
    session.add(InviteAttempt(telegram_user_id=telegram_user_id, at=now))
    session.flush()


def forget_old_attempts(session: Session, now: datetime) -> int:
    stale = session.exec(delete(InviteAttempt).where(col(InviteAttempt.at) < now - 2 * LOCKOUT))
    return int(stale.rowcount or 0)


@dataclass(frozen=True)
class Waiting:
    """Someone invited who has not joined: their latest invite, still open or not."""

    role: str
    name: str
    staff_id: int | None
    child_id: int | None
    invite_id: int | None
    expires_at: datetime | None  # None: never had an invite
    open: bool


def waiting_to_join(
    session: Session, staff: list[Staff], children: list[Child], now: datetime
) -> list[Waiting]:
    """Of these staff and children, those not joined yet: open invites first, soonest to
    expire first, then those whose invite ran out, longest ago first."""
    found = []
    for person in staff:
        if person.telegram_user_id is None and person.active:
            latest = _latest(session, col(Invite.staff_id) == person.id)
            found.append(_waiting(person.role, person.name, latest, now, staff_id=person.id))
    for child in children:
        if child.telegram_user_id is None and child.closed_at is None:
            latest = _latest(session, col(Invite.child_id) == child.id)
            found.append(_waiting(Role.CHILD, child.alias, latest, now, child_id=child.id))
    return sorted(found, key=lambda w: (not w.open, w.expires_at or now, w.name.casefold()))


def _latest(session: Session, whose: Any) -> Invite | None:
    query = select(Invite).where(whose, col(Invite.used_at).is_(None))
    newest = (col(Invite.created_at).desc(), col(Invite.id).desc())
    return session.exec(query.order_by(*newest)).first()


def _waiting(role: str, name: str, latest: Invite | None, now: datetime, **whose: Any) -> Waiting:
    return Waiting(
        role,
        name,
        whose.get("staff_id"),
        whose.get("child_id"),
        latest.id if latest else None,
        latest.expires_at if latest else None,
        latest is not None and latest.expires_at > now,
    )


def revoke(session: Session, invite_id: int, team_id: int, now: datetime) -> bool:
    """End an unused invite of this team now."""
    revoked = session.exec(
        update(Invite)
        .where(
            col(Invite.id) == invite_id,
            col(Invite.team_id) == team_id,
            col(Invite.used_at).is_(None),
            col(Invite.expires_at) > now,
        )
        .values(expires_at=now)
    )
    return bool(revoked.rowcount)
