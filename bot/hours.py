"""Workers' working hours and the team's duty contact: out of hours a child is told when their
worker is next around and how to get help now, and the duty contact gets a copy."""

import re
from datetime import datetime, time
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from bot import texts, timing
from bot.models import Child, Staff
from bot.outbox import Outgoing, Priority, enqueue
from bot.timefmt import show_day

DAY_NAMES = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
_RANGE = re.compile(r"^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$")


def parse_hours(text: str) -> tuple[str, time, time] | None:
    """'mon-fri 09:00-17:00' or 'mon,wed 10:00-16:00' -> ('12345', 09:00, 17:00)."""
    parts = text.casefold().split()
    if len(parts) != 2:
        return None
    days = _days(parts[0])
    match = _RANGE.match(parts[1])
    if not days or match is None:
        return None
    try:
        start = time(int(match[1]), int(match[2]))
        end = time(int(match[3]), int(match[4]))
    except ValueError:
        return None
    return (days, start, end) if start < end else None


def _days(spec: str) -> str:
    chosen: set[int] = set()
    for piece in spec.split(","):
        first, _, last = piece.partition("-")
        if first not in DAY_NAMES or (last and last not in DAY_NAMES):
            return ""
        a, b = DAY_NAMES.index(first), DAY_NAMES.index(last or first)
        if b < a:
            return ""
        chosen.update(range(a + 1, b + 2))
    return "".join(str(d) for d in sorted(chosen))


def describe(staff: Staff) -> dict[str, str]:
    days = ", ".join(DAY_NAMES[int(d) - 1].title() for d in staff.work_days)
    return {"days": days, "start": f"{staff.work_from:%H:%M}", "end": f"{staff.work_until:%H:%M}"}


def is_working(staff: Staff, moment: datetime, zone: ZoneInfo) -> bool:
    return timing.is_working(staff.work_days, staff.work_from, staff.work_until, moment, zone)


def out_of_hours(
    session: Session,
    child: Child,
    worker: Staff,
    message_key: str,
    text: str | None,
    now: datetime,
    zone: ZoneInfo,
) -> None:
    """The child hears when the worker is back (once a stretch); the duty contact gets a copy."""
    assert child.telegram_user_id is not None
    back = timing.next_working_start(
        worker.work_days, worker.work_from, worker.work_until, now, zone
    )
    back_text = show_day(back, zone) if back else "their next working day"
    enqueue(
        session,
        chat_id=child.telegram_user_id,
        key=f"away:{child.id}:{back.isoformat() if back else 'none'}",
        outgoing=Outgoing.text(texts.OUT_OF_HOURS.format(worker=worker.name, back=back_text)),
        now=now,
    )
    duty = duty_contact(session, child.team_id)
    if duty is None or duty.id == worker.id or duty.telegram_user_id is None or text is None:
        return
    enqueue(
        session,
        chat_id=duty.telegram_user_id,
        key=f"{message_key}:duty",
        outgoing=Outgoing.text(
            texts.DUTY_COPY.format(worker=worker.name)
            + texts.RELAY_LABEL.format(alias=child.alias)
            + ":\n"
            + text,
            protect_content=True,
        ),
        now=now,
        priority=Priority.CONVERSATION,
        child_id=child.id,
    )


def duty_contact(session: Session, team_id: int) -> Staff | None:
    return session.exec(
        select(Staff).where(
            Staff.team_id == team_id,
            Staff.on_duty,
            Staff.active,
            col(Staff.telegram_user_id).is_not(None),
        )
    ).first()


def set_duty(session: Session, team_id: int, staff: Staff | None) -> None:
    """Make this member the team's one duty contact (None: nobody)."""
    for member in session.exec(select(Staff).where(Staff.team_id == team_id, Staff.on_duty)):
        member.on_duty = False
        session.add(member)
    if staff is not None:
        staff.on_duty = True
        session.add(staff)
    session.flush()
