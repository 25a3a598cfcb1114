"""The command menu Telegram shows each person, set per chat for their role in their language;
and the menu of those not enrolled, set per language Telegram may report."""

import hashlib
import json
from datetime import datetime

from sqlmodel import Session, col, select

from bot.outbox.queue import Outgoing, Priority, enqueue
from bot.storage.models import Child, Role, Staff
from bot.wording.language import N_, say, speaking

DEFAULT_MENU: list[tuple[str, str]] = [
    ("start", N_("Join with your invite link")),
    ("help", N_("What this service is")),
]

MENUS: dict[Role, list[tuple[str, str]]] = {
    Role.MANAGER: [
        ("overdue", N_("What is overdue, and children who need a worker")),
        ("history", N_("A child's record, newest first")),
        ("msg", N_("Send a child a message")),
        ("invite_worker", N_("Invite a trusted worker to your team")),
        ("invites", N_("Open invites, and revoke them")),
        ("duty", N_("Choose the team's duty contact")),
        ("report", N_("The team's figures for the Board")),
        ("reassign", N_("Give a child a new trusted worker")),
        ("deactivate", N_("Remove a worker's access")),
        ("export", N_("Everything held about a child (JSON)")),
        ("close", N_("Close a child's case")),
        ("erase", N_("Erase a child's data")),
        ("language", N_("Choose your language")),
        ("cancel", N_("Stop a question I asked")),
        ("help", N_("What you can do here")),
    ],
    Role.WORKER: [
        ("children", N_("Your children, reviews and check-ins")),
        ("history", N_("A child's record, newest first")),
        ("msg", N_("Send a child a message")),
        ("review", N_("Record a progress review")),
        ("missing", N_("A child is missing")),
        ("returned", N_("A child is back")),
        ("rhi", N_("Record a return home interview")),
        ("intervention", N_("Start a piece of help for a child")),
        ("end_intervention", N_("End a piece of help")),
        ("risk", N_("Set a child's risk level")),
        ("hours", N_("Your working hours")),
        ("add_child", N_("Add a child and get their invite link")),
        ("language", N_("Choose your language")),
        ("cancel", N_("Stop a question I asked")),
        ("help", N_("What you can do here")),
    ],
    Role.CHILD: [
        ("checkin", N_("Tell your worker how things are")),
        ("checkin_time", N_("Choose when check-ins come")),
        ("urgent", N_("I need help now")),
        ("language", N_("Choose your language")),
        ("help", N_("How this works and how to get help now")),
    ],
}


def commands(menu: list[tuple[str, str]], code: str) -> list[tuple[str, str]]:
    """A menu's commands with their descriptions in a language."""
    with speaking(code):
        return [(name, say(about)) for name, about in menu]


def queue_menu(session: Session, role: Role | None, chat_id: int, now: datetime, code: str) -> None:
    """This person's menu, in their language, for their chat alone (`None`: someone whose
    access ended, who gets the menu of those not enrolled)."""
    menu = MENUS[role] if role is not None else DEFAULT_MENU
    enqueue(
        session,
        chat_id=chat_id,
        key=f"menu:{chat_id}:{role}:{code}:{now.isoformat()}",
        outgoing=Outgoing("setMyCommands", {"commands": commands(menu, code)}),
        now=now,
        priority=Priority.REMINDER,
    )


def refresh_menus(session: Session, now: datetime) -> None:
    """Everyone enrolled gets the menu this version has for their role and language, once: a
    menu set by an earlier version may lack commands added since."""
    people: list[tuple[Role, int | None, str]] = [
        *(
            (Role(s.role), s.telegram_user_id, s.language)
            for s in session.exec(
                select(Staff).where(Staff.active, col(Staff.telegram_user_id).is_not(None))
            )
        ),
        *(
            (Role.CHILD, c.telegram_user_id, c.language)
            for c in session.exec(select(Child).where(col(Child.telegram_user_id).is_not(None)))
        ),
    ]
    for role, chat_id, code in people:
        assert chat_id is not None
        menu = commands(MENUS[role], code)
        digest = hashlib.sha256(json.dumps(menu).encode()).hexdigest()[:16]
        enqueue(
            session,
            chat_id=chat_id,
            key=f"menu:{chat_id}:{digest}",
            outgoing=Outgoing("setMyCommands", {"commands": menu}),
            now=now,
            priority=Priority.REMINDER,
        )
