"""One-time invites: 192 random bits, URL-safe, kept only as a SHA-256, single use, expiring."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlmodel import Session, col, select

from bot.models import Child, Invite, Role, Staff

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
