"""When a message cannot be delivered, someone who can act is told, and a child's words
still reach someone.

A person who blocked the bot is reported once a day; a message set aside because it can never
be sent as it is (Telegram refused it, or it could not be read back) is reported each time.
For a child's chat that is their worker (the managers when they have none); for a staff
member's chat, the team's other managers, who also get a copy of what it carried when it was
a child's own words or call for help. A notice about a failure that itself fails is not
reported again, so two unreachable people never bounce notices between them.
"""

from collections.abc import Callable
from datetime import datetime

from sqlmodel import Session, select

from bot.outbox.queue import Outgoing, Priority, tell
from bot.rules.casework import carers, managers_of
from bot.storage.models import Child, Outbox, Staff
from bot.wording import texts
from bot.wording.language import current

NOTICE_KEYS = ("unreachable:", "setaside:")


def report_blocked(session: Session, chat_id: int, now: datetime) -> None:
    """The person behind this chat blocked or stopped the bot."""
    day = now.date().isoformat()
    child = _child_of_chat(session, chat_id)
    if child is not None:
        _tell(
            session,
            carers(session, child),
            f"unreachable:{chat_id}:{day}",
            lambda: texts.UNDELIVERABLE_CHILD.format(alias=child.alias),
            now,
            child.id,
        )
        return
    staff = _staff_of_chat(session, chat_id)
    if staff is not None:
        others = [m for m in managers_of(session, staff.team_id) if m.id != staff.id]
        _tell(
            session,
            others,
            f"unreachable:{chat_id}:{day}",
            lambda: texts.UNDELIVERABLE_STAFF.format(name=staff.name),
            now,
        )


def report_set_aside(session: Session, row: Outbox, reason: str, now: datetime) -> None:
    """A message could never be sent as it is and was set aside."""
    if row.dedupe_key.startswith(NOTICE_KEYS):
        return
    about = session.get(Child, row.child_id) if row.child_id else None
    child = _child_of_chat(session, row.chat_id)

    def why() -> str:
        reasons = texts.SET_ASIDE_WHY
        return str(reasons.get(reason, reasons["error"]))

    if child is not None:
        alias = child.alias

        def to_carers() -> str:
            return texts.SET_ASIDE_TO_CHILD.format(alias=alias, why=why())

        _tell(session, carers(session, child), f"setaside:{row.id}", to_carers, now, child.id)
        return
    staff = _staff_of_chat(session, row.chat_id)
    if staff is None:
        return
    name = staff.name

    def text() -> str:
        said = texts.SET_ASIDE_TO_STAFF.format(name=name, why=why())
        return said + (texts.SET_ASIDE_ABOUT.format(alias=about.alias) if about else "")

    others = [m for m in managers_of(session, staff.team_id) if m.id != staff.id]
    _tell(session, others or [staff], f"setaside:{row.id}", text, now, row.child_id)


def hand_on(
    session: Session,
    people: list[Staff],
    row: Outbox,
    outgoing: Outgoing,
    heading: Callable[[], str],
    now: datetime,
) -> None:
    """A copy of what the row carried (a child's words or call for help) to these people, under
    a heading in each one's language that says whom it was for; a reply to it reaches the
    child. A call for help goes as it was written to a reader of the same language, and to
    others as its gist in theirs; a child's words go as they were written."""
    params = dict(outgoing.params)
    params.pop("reply_markup", None)  # buttons were the original recipient's own
    field = "text" if outgoing.method == "sendMessage" else "caption"
    child = session.get(Child, row.child_id) if row.child_id is not None else None
    alert = child is not None and row.dedupe_key.startswith("alert:")
    was_for = _staff_of_chat(session, row.chat_id)  # whose access ended, or who can't be reached
    written_in = was_for.language if was_for is not None else None

    def copy() -> Outgoing:
        if outgoing.method == "sendSticker":  # a sticker's label, a message of its own, has it
            return Outgoing(outgoing.method, params)
        carried = str(params.get(field) or "")
        if alert and child is not None and current() != written_in:
            carried = texts.URGENT_ALERT.format(alias=child.alias)  # its gist, in their language
        return Outgoing(outgoing.method, {**params, field: heading() + carried})

    tell(
        session,
        people,
        key=f"{row.dedupe_key}:handed",
        outgoing=copy,
        now=now,
        priority=Priority.URGENT,
        child_id=row.child_id,
        answerable=True,
    )


def to_others(session: Session, row: Outbox, outgoing: Outgoing | None, now: datetime) -> None:
    """A staff member can't be reached: what the row carried for a child goes to the team's
    other managers instead."""
    staff = _staff_of_chat(session, row.chat_id)
    if outgoing is None or not row.answerable or staff is None:
        return
    others = [m for m in managers_of(session, staff.team_id) if m.id != staff.id]
    name = staff.name
    hand_on(session, others, row, outgoing, lambda: texts.UNREACHABLE_COPY.format(name=name), now)


def _tell(
    session: Session,
    people: list[Staff],
    key: str,
    text: Callable[[], str],
    now: datetime,
    child_id: int | None = None,
) -> None:
    tell(
        session,
        people,
        key=key,
        outgoing=lambda: Outgoing.text(text()),
        now=now,
        priority=Priority.URGENT,
        child_id=child_id,
    )


def _child_of_chat(session: Session, chat_id: int) -> Child | None:
    return session.exec(select(Child).where(Child.telegram_user_id == chat_id)).first()


def _staff_of_chat(session: Session, chat_id: int) -> Staff | None:
    return session.exec(select(Staff).where(Staff.telegram_user_id == chat_id)).first()
