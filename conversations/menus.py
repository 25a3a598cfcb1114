"""The command menu Telegram shows each person, set per chat for their role."""

from datetime import datetime

from sqlmodel import Session

from bot.outbox.queue import Outgoing, Priority, enqueue
from bot.storage.models import Role

DEFAULT_MENU: list[tuple[str, str]] = [
    ("start", "Join with your invite link"),
    ("help", "What this service is"),
]

MENUS: dict[Role, list[tuple[str, str]]] = {
    Role.MANAGER: [
        ("overdue", "What is overdue, and children who need a worker"),
        ("history", "A child's record, newest first"),
        ("msg", "Send a child a message"),
        ("invite_worker", "Invite a trusted worker to your team"),
        ("invites", "Open invites, and revoke them"),
        ("duty", "Choose the team's duty contact"),
        ("report", "The team's figures for the Board"),
        ("reassign", "Give a child a new trusted worker"),
        ("deactivate", "Remove a worker's access"),
        ("export", "Everything held about a child (JSON)"),
        ("close", "Close a child's case"),
        ("erase", "Erase a child's data"),
        ("cancel", "Stop a question I asked"),
        ("help", "What you can do here"),
    ],
    Role.WORKER: [
        ("children", "Your children, reviews and check-ins"),
        ("history", "A child's record, newest first"),
        ("msg", "Send a child a message"),
        ("review", "Record a progress review"),
        ("missing", "A child is missing"),
        ("returned", "A child is back"),
        ("rhi", "Record a return home interview"),
        ("intervention", "Start a piece of help for a child"),
        ("end_intervention", "End a piece of help"),
        ("risk", "Set a child's risk level"),
        ("hours", "Your working hours"),
        ("add_child", "Add a child and get their invite link"),
        ("cancel", "Stop a question I asked"),
        ("help", "What you can do here"),
    ],
    Role.CHILD: [
        ("checkin", "Tell your worker how things are"),
        ("checkin_time", "Choose when check-ins come"),
        ("urgent", "I need help now"),
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
