"""Which language a person reads: asked when they join (with their Telegram's language as the
suggestion), at the next message of anyone who joined before it was asked, and by /language.
Each language's button is in that language's own name, and the question is put in every
language offered, so a reader finds theirs whatever their phone is set to."""

from typing import Any

from bot.rules import taking
from bot.rules.buttons import Choice, Pressed, keyboard
from bot.storage.models import Child, Role, Staff
from bot.wording import language, texts
from conversations.common import Turn
from conversations.menus import queue_menu

ACTION = "language"


def command(this: Turn, _args: str) -> None:
    ask(this, _record(this))


def ask(this: Turn, record: Child | Staff) -> None:
    record.language_asked = True
    this.session.add(record)
    offered = language.offered(staff=isinstance(record, Staff))
    this.say(_question(offered, record.language), reply_markup=_buttons(this, offered, record))


def ask_once(this: Turn) -> None:
    """Someone who joined before Homeward asked is asked now, after their message was handled;
    a child whose call for help nobody has taken yet is asked later, not on top of it."""
    if this.person is None or (record := _record(this)).language_asked:
        return
    if isinstance(record, Child) and taking.waiting_for_help(this.session, record.id or 0):
        return
    ask(this, record)


def on_press(this: Turn, pressed: Pressed) -> str | None:
    code, record = pressed.data.get("code"), _record(this)
    if code not in {lang.code for lang in language.offered(staff=isinstance(record, Staff))}:
        return texts.BUTTON_GONE
    record.language, record.language_asked = code, True
    this.session.add(record)
    with language.speaking(code):
        if not this.edit_pressed(texts.LANGUAGE_SET):
            this.say(texts.LANGUAGE_SET)
        queue_menu(this.session, this.enrolled().role, this.chat_id, this.now, code)
    return None


def _question(offered: list[language.Language], current: str) -> str:
    """The question in the reader's language first, then in each other language offered."""
    codes = [current, *(lang.code for lang in offered if lang.code != current)]
    asked = (language.said_in(code, lambda: texts.LANGUAGE_ASK) for code in codes)
    return "\n".join(dict.fromkeys(asked))  # one line each, a language not yet translated once


def _buttons(this: Turn, offered: list[language.Language], record: Child | Staff) -> dict[str, Any]:
    mark = {record.language: "✓ "}
    choices = [
        Choice(f"{mark.get(lang.code, '')}{lang.name}", ACTION, {"code": lang.code})
        for lang in offered
    ]
    return keyboard(
        this.session,
        telegram_user_id=this.user_id,
        group_key=f"language:{this.key}",
        rows=[choices],
        now=this.now,
    )


def _record(this: Turn) -> Child | Staff:
    person = this.enrolled()
    found: Child | Staff | None = (
        this.session.get(Child, person.record_id)
        if person.role is Role.CHILD
        else this.session.get(Staff, person.record_id)
    )
    assert found is not None
    return found
