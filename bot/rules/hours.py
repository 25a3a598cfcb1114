"""Workers' working hours, and who covers a child out of them: the duty contact.

The duty contact now is whoever a manager put on duty with `/duty NAME` (until `/duty off`),
else whoever the team's weekly rota has on duty at that moment, else nobody. `cover` is the one
rule of who has a child now: their worker in their hours; out of them the duty contact too, or,
with nobody on duty, the team's managers. A child with no worker has the managers (and, out of
the managers' hours, the duty contact); a closed case has the managers alone.
"""

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from babel.dates import get_day_names
from sqlalchemy import delete
from sqlmodel import Session, col, select

from bot.rules import timing
from bot.rules.casework import current_worker, managers_of
from bot.storage.models import Child, DutySlot, Staff, Team
from bot.wording import language, texts

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
    if not start < end and not (overnight and (start != end or start == time(0, 0))):
        return None  # the same start and end is a whole day only as 00:00-24:00
    return days, start, end


def parse_hours(text: str) -> tuple[str, time, time] | None:
    """'mon-fri 09:00-17:00' or 'mon,wed 10:00-16:00' -> ('12345', 09:00, 17:00)."""
    parts = text.split()
    return _stretch(parts[0], parts[1], overnight=False) if len(parts) == 2 else None


def _days(spec: str) -> str:
    """'mon-fri' -> '12345', 'fri-mon' -> '1567' (a range may wrap past Sunday)."""
    chosen: set[int] = set()
    for piece in spec.split(","):
        first, _, last = piece.partition("-")
        if first not in DAY_NAMES or (last and last not in DAY_NAMES):
            return ""
        a, b = DAY_NAMES.index(first), DAY_NAMES.index(last or first)
        chosen.update((a + n) % 7 + 1 for n in range((b - a) % 7 + 1))
    return "".join(str(d) for d in sorted(chosen))


def describe(staff: Staff) -> dict[str, str]:
    return {
        "days": _day_names(staff.work_days),
        "start": f"{staff.work_from:%H:%M}",
        "end": f"{staff.work_until:%H:%M}",
    }


def _day_names(days: str) -> str:
    """ISO weekdays as digits ("135"), as the reader's language abbreviates them ("Mon, Wed")."""
    names = get_day_names("abbreviated", locale=language.locale())
    return ", ".join(texts.sentence(names[int(d) - 1]) for d in days)


def is_working(staff: Staff, moment: datetime, zone: ZoneInfo) -> bool:
    return timing.is_working(staff.work_days, staff.work_from, staff.work_until, moment, zone)


def back_at(staff: Staff, moment: datetime, zone: ZoneInfo) -> datetime | None:
    """When the worker is next at work."""
    return timing.next_working_start(
        staff.work_days, staff.work_from, staff.work_until, moment, zone
    )


def stopped_work(staff: Staff, moment: datetime, zone: ZoneInfo) -> datetime:
    """When the worker last stopped work (a day ago, for one who never works)."""
    last = timing.last_working_end(staff.work_days, staff.work_from, staff.work_until, moment, zone)
    return last or moment - timedelta(days=1)


# The duty contact ----------------------------------------------------------------------------


@dataclass(frozen=True)
class RotaLine:
    """'mon-fri 17:00-09:00 Ann Lee': the days a stretch begins, its hours, and who."""

    days: str
    starts: time
    ends: time
    name: str

    def shown(self) -> str:
        """In the reader's language: 'Mon, Tue, 17:00 to 09:00: Ann Lee'."""
        ends = "24:00" if self.ends == time(0, 0) else f"{self.ends:%H:%M}"
        return texts.ROTA_LINE.format(
            days=_day_names(self.days), starts=f"{self.starts:%H:%M}", ends=ends, name=self.name
        )


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
        select(Staff)
        .where(Staff.team_id == team_id, Staff.active, col(Staff.telegram_user_id).is_not(None))
        .order_by(col(Staff.id))
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


def on_duty_by_hand(session: Session, team_id: int) -> Staff | None:
    return session.exec(
        select(Staff).where(Staff.team_id == team_id, Staff.on_duty).order_by(col(Staff.id))
    ).first()


def off_duty_for_good(session: Session, staff: Staff) -> bool:
    """Someone whose access ends is on duty no more, by hand or on the rota; whether they were."""
    was = (
        staff.on_duty
        or session.exec(select(DutySlot.id).where(DutySlot.staff_id == staff.id)).first()
        is not None
    )
    staff.on_duty = False
    session.add(staff)
    session.exec(delete(DutySlot).where(col(DutySlot.staff_id) == staff.id))
    session.flush()
    return was


def set_duty(session: Session, team_id: int, staff: Staff | None) -> None:
    """Put this member on duty by hand, until changed (None: nobody by hand; the rota holds).
    The team's row is locked first, so two managers at once leave one person on duty."""
    session.get(Team, team_id, with_for_update=True)
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


def rota_gaps(session: Session, team_id: int) -> list[tuple[int, time, time]]:
    """The stretches of a week (ISO weekday, from, to) when some worker of the team is out of
    their hours and the weekly rota has nobody on duty, a quarter of an hour at a time."""
    workers = [w for w in session.exec(select(Staff).where(Staff.team_id == team_id, Staff.active))]
    slots = session.exec(select(DutySlot).where(DutySlot.team_id == team_id)).all()
    gaps: list[tuple[int, time, time]] = []
    for weekday in range(1, 8):
        for quarter in range(96):
            at = time(quarter // 4, quarter % 4 * 15)
            someone_away = any(
                not timing.stretch_covers(w.work_days, w.work_from, w.work_until, weekday, at)
                for w in workers
            )
            covered = any(
                timing.stretch_covers(s.days, s.starts, s.ends, weekday, at) for s in slots
            )
            if someone_away and not covered:
                end = time((quarter + 1) // 4 % 24, (quarter + 1) % 4 * 15)
                if gaps and gaps[-1][0] == weekday and gaps[-1][2] == at:
                    gaps[-1] = (weekday, gaps[-1][1], end)
                else:
                    gaps.append((weekday, at, end))
    return gaps


def show_gap(gap: tuple[int, time, time]) -> str:
    weekday, starts, ends = gap
    until = "24:00" if ends == time(0, 0) else f"{ends:%H:%M}"
    return texts.ROTA_GAP.format(day=_day_names(str(weekday)), starts=f"{starts:%H:%M}", ends=until)


@dataclass(frozen=True)
class Cover:
    """Who has a child at a moment (see the module's docstring)."""

    worker: Staff | None  # their trusted worker (None: no worker, or the case is closed)
    in_hours: bool  # their worker (or, with none, some manager) is at work
    duty: Staff | None  # out of hours: who is on duty (it may be the worker themselves)
    managers: list[Staff]

    @property
    def out_of_hours(self) -> bool:
        return not self.in_hours

    @property
    def covered(self) -> bool:
        """In hours, or someone on duty."""
        return self.in_hours or self.duty is not None

    def people(self) -> list[Staff]:
        """Who gets what the child sends now: the worker (or the managers), and out of hours
        the duty contact, or with nobody on duty the managers."""
        base = [self.worker] if self.worker is not None else list(self.managers)
        if self.out_of_hours:
            base += [self.duty] if self.duty is not None else self.managers
        seen: dict[int | None, Staff] = {}
        for person in base:
            seen.setdefault(person.id, person)
        return list(seen.values())

    def back(self, now: datetime, zone: ZoneInfo) -> datetime | None:
        """When the worker (with none, the first manager) is next at work."""
        reference = [self.worker] if self.worker is not None else self.managers
        times = [t for t in (back_at(person, now, zone) for person in reference) if t]
        return min(times, default=None)

    def now_seeing(self) -> list[Staff]:
        """Who will see it now, as the child is told: the worker in their hours; out of them
        the duty contact, or the managers when nobody is on duty."""
        if self.in_hours:
            return [self.worker] if self.worker is not None else list(self.managers)
        return [self.duty] if self.duty is not None else list(self.managers)


def cover(session: Session, child: Child, moment: datetime, zone: ZoneInfo) -> Cover:
    assert child.id is not None
    managers = managers_of(session, child.team_id)
    if child.closed_at is not None:
        return Cover(None, True, None, managers)
    worker = current_worker(session, child.id)
    reference = [worker] if worker is not None else managers
    in_hours = any(is_working(person, moment, zone) for person in reference)
    duty = None if in_hours else duty_contact(session, child.team_id, moment, zone)
    return Cover(worker, in_hours, duty, managers)
