"""Workers' working hours, and who covers the team out of them: the duty contact.

The duty contact now is whoever a manager put on duty with `/duty NAME` (until `/duty off`),
else whoever the team's weekly rota has on duty at that moment, else nobody. Out of a child's
worker's hours, the duty contact gets everything the child sends and every urgent alert.
"""

import re
from dataclasses import dataclass
from datetime import datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import delete
from sqlmodel import Session, col, select

from bot import timing
from bot.models import DutySlot, Staff

DAY_NAMES = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
_RANGE = re.compile(r"^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$")


def _stretch(days_spec: str, range_spec: str, *, overnight: bool) -> tuple[str, time, time] | None:
    days = _days(days_spec.casefold())
    match = _RANGE.match(range_spec)
    if not days or match is None:
        return None
    try:
        start = time(int(match[1]), int(match[2]))
        whole_day_end = (match[3], match[4]) == ("24", "00")
        end = time(0, 0) if whole_day_end else time(int(match[3]), int(match[4]))
    except ValueError:
        return None
    if not overnight and not start < end:
        return None
    return days, start, end


def parse_hours(text: str) -> tuple[str, time, time] | None:
    """'mon-fri 09:00-17:00' or 'mon,wed 10:00-16:00' -> ('12345', 09:00, 17:00)."""
    parts = text.split()
    return _stretch(parts[0], parts[1], overnight=False) if len(parts) == 2 else None


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
    return {
        "days": _day_names(staff.work_days),
        "start": f"{staff.work_from:%H:%M}",
        "end": f"{staff.work_until:%H:%M}",
    }


def _day_names(days: str) -> str:
    return ", ".join(DAY_NAMES[int(d) - 1].title() for d in days)


def is_working(staff: Staff, moment: datetime, zone: ZoneInfo) -> bool:
    return timing.is_working(staff.work_days, staff.work_from, staff.work_until, moment, zone)


def back_at(staff: Staff, moment: datetime, zone: ZoneInfo) -> datetime | None:
    """When the worker is next at work."""
    return timing.next_working_start(
        staff.work_days, staff.work_from, staff.work_until, moment, zone
    )


# The duty contact ----------------------------------------------------------------------------


@dataclass(frozen=True)
class RotaLine:
    """'mon-fri 17:00-09:00 Ann Lee': the days a stretch begins, its hours, and who."""

    days: str
    starts: time
    ends: time
    name: str

    def shown(self) -> str:
        return f"{_day_names(self.days)}, {self.starts:%H:%M} to {self.ends:%H:%M}: {self.name}"


def parse_rota_line(text: str) -> tuple[str, time, time, str] | None:
    """'mon-fri 17:00-09:00 Ann Lee' -> ('12345', 17:00, 09:00, 'Ann Lee'); the hours may run
    past midnight, and 00:00-24:00 is a whole day."""
    parts = text.split(maxsplit=2)
    if len(parts) != 3:
        return None
    found = _stretch(parts[0], parts[1], overnight=True)
    return (*found, " ".join(parts[2].split())) if found else None


def duty_contact(session: Session, team_id: int, moment: datetime, zone: ZoneInfo) -> Staff | None:
    """Who covers the team at `moment`: the one put on duty by hand, else the rota's."""
    people = session.exec(
        select(Staff).where(
            Staff.team_id == team_id, Staff.active, col(Staff.telegram_user_id).is_not(None)
        )
    ).all()
    by_hand = next((person for person in people if person.on_duty), None)
    if by_hand is not None:
        return by_hand
    by_id = {person.id: person for person in people}
    for slot in session.exec(
        select(DutySlot).where(DutySlot.team_id == team_id).order_by(col(DutySlot.id))
    ):
        if slot.staff_id in by_id and timing.in_stretch(
            slot.days, slot.starts, slot.ends, moment, zone
        ):
            return by_id[slot.staff_id]
    return None


def set_duty(session: Session, team_id: int, staff: Staff | None) -> None:
    """Put this member on duty by hand, until changed (None: nobody by hand; the rota holds)."""
    for member in session.exec(select(Staff).where(Staff.team_id == team_id, Staff.on_duty)):
        member.on_duty = False
        session.add(member)
    if staff is not None:
        staff.on_duty = True
        session.add(staff)
    session.flush()


def rota(session: Session, team_id: int) -> list[RotaLine]:
    rows = session.exec(
        select(DutySlot, Staff)
        .join(Staff, col(Staff.id) == col(DutySlot.staff_id))
        .where(DutySlot.team_id == team_id)
        .order_by(col(DutySlot.id))
    )
    return [RotaLine(slot.days, slot.starts, slot.ends, staff.name) for slot, staff in rows]


def add_to_rota(session: Session, staff: Staff, days: str, starts: time, ends: time) -> None:
    assert staff.id is not None
    slot = DutySlot(team_id=staff.team_id, staff_id=staff.id, days=days, starts=starts, ends=ends)
    session.add(slot)
    session.flush()


def clear_rota(session: Session, team_id: int) -> None:
    session.exec(delete(DutySlot).where(col(DutySlot.team_id) == team_id))
    session.flush()
