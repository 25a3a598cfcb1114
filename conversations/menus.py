"""The command menu Telegram shows each person, set per chat for their role."""

from datetime import datetime

from sqlmodel import Session

from bot.models import Role
from bot.outbox import Outgoing, Priority, enqueue

DEFAULT_MENU: list[tuple[str, str]] = [
    ("start", "Join with your invite link"),
    ("help", "What this service is"),
]

MENUS: dict[Role, list[tuple[str, str]]] = {
    Role.MANAGER: [
        ("invite_worker", "Invite a trusted worker to your team"),
        ("help", "What you can do here"),
    ],
    Role.WORKER: [
        ("add_child", "Add a child and get their invite link"),
        ("msg", "Send a child a message"),
        ("cancel", "Stop a question I asked"),
        ("help", "What you can do here"),
    ],
    Role.CHILD: [
        ("help", "How this works and how to get help now"),
    ],
}


def queue_menu(session: Session, role: Role, chat_id: int, now: datetime) -> None:
    enqueue(
        session,
        chat_id=chat_id,
        key=f"menu:{chat_id}:{role}:{now.isoformat()}",
        outgoing=Outgoing("setMyCommands", {"commands": MENUS[role]}),
        now=now,
        priority=Priority.REMINDER,
    )
