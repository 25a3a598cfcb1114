"""Inline buttons whose callback data is an opaque token, kept server side.

A token is bound to the person it was sent to and expires; pressing one button of a group
spends the whole group, so a replayed, forged or stolen press does nothing. A button asked by
an open conversation also names it and its step: once that conversation has moved on or ended,
the button changes nothing.
"""

import json
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col

from bot.rules.questions import Question
from bot.storage.crypto import SecretKeyError
from bot.storage.models import Button

TOKEN_BYTES = 16  # 22 URL-safe characters: well inside Telegram's 64-byte callback data
BUTTON_LIFETIME = timedelta(days=3)


@dataclass(frozen=True)
class Choice:
    label: str
    action: str
    data: dict[str, Any]
    reusable: bool = False  # "I need help now" keeps working after the step is answered


@dataclass(frozen=True)
class Pressed:
    action: str
    data: dict[str, Any]
    group_key: str
    conversation_id: int | None = None
    step: str | None = None


def keyboard(
    session: Session,
    *,
    telegram_user_id: int,
    group_key: str,
    rows: list[list[Choice]],
    now: datetime,
    lifetime: timedelta = BUTTON_LIFETIME,
    conversation: Question | None = None,
) -> dict[str, Any]:
    """An inline keyboard (as Bot API JSON) whose buttons carry fresh tokens; bound to the
    conversation's current step when one is given."""
    markup: list[list[dict[str, str]]] = []
    for row in rows:
        buttons = []
        for choice in row:
            token = secrets.token_urlsafe(TOKEN_BYTES)
            session.add(
                Button(
                    token=token,
                    telegram_user_id=telegram_user_id,
                    group_key=f"{group_key}:keep" if choice.reusable else group_key,
                    action=choice.action,
                    data=json.dumps(choice.data),
                    expires_at=now + lifetime,
                    conversation_id=conversation.id if conversation else None,
                    step=conversation.step if conversation else None,
                )
            )
            buttons.append({"text": choice.label, "callback_data": token})
        markup.append(buttons)
    session.flush()
    return {"inline_keyboard": markup}


def find(session: Session, token: str, telegram_user_id: int, now: datetime) -> Pressed | None:
    """What the button means, if it is this person's, unexpired and unspent (and can still be
    read: one whose key was dropped is as good as gone)."""
    try:
        button = session.get(Button, token) if 0 < len(token) <= 64 else None
    except SecretKeyError:
        return None
    if (
        button is None
        or button.telegram_user_id != telegram_user_id
        or button.expires_at <= now
        or button.used_at is not None
    ):
        return None
    return Pressed(
        button.action,
        json.loads(button.data),
        button.group_key,
        button.conversation_id,
        button.step,
    )


def spend(session: Session, pressed: Pressed, now: datetime) -> bool:
    """Spend the button's group (all its siblings too); False if another press got there first."""
    if pressed.group_key.endswith(":keep"):
        return True
    spent = session.exec(
        update(Button)
        .where(col(Button.group_key) == pressed.group_key, col(Button.used_at).is_(None))
        .values(used_at=now)
    )
    return bool(spent.rowcount)
