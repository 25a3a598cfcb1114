"""Staff notices: what the sweeps have to tell one person at one moment goes as one message.

The sweeps raise notices (`raise_notice`) rather than messages; the last sweep of a round sends
each person's waiting notices together (`send_waiting`), most urgent first, with a button on
each line to act on it. A lone notice goes as it was written. A notice's key is unique, so a
sweep repeated after a restart raises nothing twice. Urgent alerts are never notices.
"""

from collections.abc import Callable
from datetime import datetime, timedelta
from enum import IntEnum
from zoneinfo import ZoneInfo

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from bot.outbox.queue import Outgoing, Priority, enqueue
from bot.rules import buttons
from bot.rules.buttons import Choice
from bot.rules.casework import current_worker
from bot.rules.overview import priority
from bot.storage.db import insert_for
from bot.storage.models import Child, Notice, Role, Staff, Team
from bot.wording import texts
from bot.wording.language import speaking

KEEP_SENT = timedelta(days=7)  # a sent notice's key, against raising it again after a restart
PER_MESSAGE = 40  # notices in one message, so its buttons stay a list one can scroll
KEY_PREFIX = "notices:"  # the outbox key of a message of notices
ACT = "act"  # the action of a notice's button: run its command for its child


class Urgency(IntEnum):
    """What a notice is about, most urgent first. Within one, high-risk and repeat-missing
    children come first, then the longest overdue."""

    UNTAKEN_ALERT = 0
    NO_COVER = 1
    NO_WORKER = 2
    INTERVIEW_OVERDUE = 3
    INTERVIEW_DUE = 4
    REVIEW_OVERDUE = 5
    CHECKIN_UNANSWERED = 6
    REVIEW_TODAY = 7
    REVIEW_SOON = 8


def rank(
    session: Session, urgency: Urgency, child: Child | None, now: datetime, late: int = 0
) -> int:
    """The notice's place in its message, lower first; `late`: hours overdue."""
    if child is None or child.id is None:
        return 100_000 * int(urgency)
    first, _risk = priority(session, child.id, child.risk_level, now)
    return 100_000 * int(urgency) + 10_000 * first + 9_999 - min(late, 9_999)


def raise_notice(
    session: Session,
    person: Staff,
    *,
    key: str,
    text: Callable[[], str],
    urgency: Urgency,
    now: datetime,
    child: Child | None = None,
    command: str | None = None,
    late: int = 0,
) -> None:
    """Queue a notice for an enrolled, active staff member (`key` unique per person);
    `command`: the command its button runs for `child` ("review", "msg", "rhi"); `late`: how
    many hours overdue it is. `text` composes the line in the person's language."""
    if person.telegram_user_id is None or not person.active:
        return
    with speaking(person.language):
        line = text()
    values = {
        "key": f"{key}:{person.id}",
        "chat_id": person.telegram_user_id,
        "team_id": person.team_id,
        "child_id": child.id if child else None,
        "urgency": int(urgency),
        "rank": rank(session, urgency, child, now, late),
        "text": line,
        "command": command,
        "created_at": now,
    }
    table = Notice.__table__  # type: ignore[attr-defined]
    statement = insert_for(session)(table).values(**values)
    session.connection().execute(statement.on_conflict_do_nothing(index_elements=["key"]))


def send_waiting(session: Session, now: datetime, zone: ZoneInfo, batch: int) -> int:
    """Each person's waiting notices as one message (or a few, if very many), leaving out
    what is no longer theirs to hear (deactivated since, or the child moved on); how many
    people's notices were taken, up to `batch`."""
    session.exec(delete(Notice).where(col(Notice.sent_at) < now - KEEP_SENT))
    chats = session.exec(
        select(Notice.chat_id)
        .where(col(Notice.sent_at).is_(None))
        .group_by(col(Notice.chat_id))
        .order_by(func.min(Notice.id))
        .limit(batch)
    ).all()
    taken = 0
    for chat_id in chats:
        waiting = list(
            session.exec(
                select(Notice)
                .where(col(Notice.sent_at).is_(None), col(Notice.chat_id) == chat_id)
                .order_by(col(Notice.rank), col(Notice.id))
                .with_for_update(skip_locked=True)
            )
        )
        taken += bool(waiting)
        person = session.exec(select(Staff).where(Staff.telegram_user_id == chat_id)).first()
        shown = _one_a_subject([n for n in waiting if _still_theirs(session, person, n)])
        with speaking(person.language if person else None):
            for start in range(0, len(shown), PER_MESSAGE):
                _send(session, shown[start : start + PER_MESSAGE], now, zone)
        for notice in waiting:  # kept a while, text dropped, so its key stops a second raise
            notice.sent_at, notice.text = now, ""
            session.add(notice)
    return taken


def _still_theirs(session: Session, person: Staff | None, notice: Notice) -> bool:
    if person is None or not person.active or person.team_id != notice.team_id:
        return False
    if notice.child_id is None or person.role == Role.MANAGER:
        return True
    worker = current_worker(session, notice.child_id)
    return worker is not None and worker.id == person.id


def _one_a_subject(waiting: list[Notice]) -> list[Notice]:
    """One line per child and subject: after downtime an alert and the digest's line about the
    same overdue item fall due together, and the first raised is kept."""
    seen: set[tuple[int, int]] = set()
    kept = []
    for notice in waiting:
        if notice.child_id is not None:
            if (notice.child_id, notice.urgency) in seen:
                continue
            seen.add((notice.child_id, notice.urgency))
        kept.append(notice)
    return kept


def _send(session: Session, notices: list[Notice], now: datetime, zone: ZoneInfo) -> None:
    first = notices[0]
    assert first.id is not None
    alone = len(notices) == 1 and not first.text.startswith(texts.BULLET)  # a line needs a head
    if alone:
        text = first.text
    else:
        team = session.get(Team, first.team_id)
        head = texts.DIGEST_HEAD if now.astimezone(zone).hour < 12 else texts.DIGEST_HEAD_LATE
        text = "\n".join([head.format(team=team.name if team else ""), *(n.text for n in notices)])
    rows = [[choice] for choice in map(lambda n: _choice(session, n), notices) if choice]
    params = {}
    if rows:
        params["reply_markup"] = buttons.keyboard(
            session,
            telegram_user_id=first.chat_id,
            group_key=f"notices:{first.id}",
            rows=rows,
            now=now,
        )
    enqueue(
        session,
        chat_id=first.chat_id,
        key=f"{KEY_PREFIX}{first.chat_id}:{first.id}",
        outgoing=Outgoing.text(text, **params),
        now=now,
        priority=Priority.REMINDER,
        child_id=first.child_id if len(notices) == 1 else None,
    )


def _choice(session: Session, notice: Notice) -> Choice | None:
    child = session.get(Child, notice.child_id) if notice.child_id is not None else None
    if notice.command is None or child is None:
        return None
    label = texts.ACT_BUTTONS[notice.command].format(alias=child.alias)
    return Choice(label, ACT, {"command": notice.command, "child": child.id}, reusable=True)
