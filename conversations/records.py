"""A manager's data-rights commands: /export, /close and /erase (with a confirmation)."""

from bot import casework, records, texts
from bot.buttons import Choice, Pressed, keyboard
from bot.models import Staff
from bot.outbox import Outgoing, Priority, enqueue
from conversations.common import Turn
from conversations.relay import shown


def export(this: Turn, args: str) -> None:
    child = this.reach(args, "export") if args else None
    if child is None:
        this.say(texts.NO_SUCH_CHILD.format(alias=shown(args)))
        return
    this.send(
        Outgoing(
            "sendDocument",
            {
                "filename": f"homeward-{child.id}-{this.now.date().isoformat()}.json",
                "content": records.export_json(this.session, child),
                "caption": texts.EXPORT_CAPTION.format(alias=child.alias),
                "protect_content": True,
            },
        )
    )


def close(this: Turn, args: str) -> None:
    child = this.reach(args, "close case") if args else None
    if child is None or child.id is None:
        this.say(texts.NO_SUCH_CHILD.format(alias=shown(args)))
        return
    worker = casework.current_worker(this.session, child.id)
    manager = this.session.get(Staff, this.enrolled().record_id)
    assert manager is not None
    records.close(this.session, child, this.now)
    if child.telegram_user_id is not None:
        enqueue(
            this.session,
            chat_id=child.telegram_user_id,
            key=f"closed:{child.id}:child",
            outgoing=Outgoing.text(texts.GOODBYE),
            now=this.now,
            quiet=True,  # the bot starts this towards a child: not during quiet hours
        )
    if worker is not None and worker.telegram_user_id is not None:
        enqueue(
            this.session,
            chat_id=worker.telegram_user_id,
            key=f"closed:{child.id}:worker",
            outgoing=Outgoing.text(
                texts.CASE_CLOSED_WORKER.format(alias=child.alias, manager=manager.name)
            ),
            now=this.now,
            priority=Priority.CONVERSATION,
        )
    this.say(
        texts.CLOSED.format(alias=child.alias, days=this.services.settings.homeward_retention_days)
    )


def erase(this: Turn, args: str) -> None:
    child = this.reach(args, "asked to erase") if args else None
    if child is None or child.id is None:
        this.say(texts.NO_SUCH_CHILD.format(alias=shown(args)))
        return
    markup = keyboard(
        this.session,
        telegram_user_id=this.user_id,
        group_key=f"erase:{this.key}",
        rows=[
            [
                Choice(
                    texts.ERASE_YES.format(alias=child.alias),
                    "erase",
                    {"child": child.id, "yes": True},
                )
            ],
            [Choice(texts.ERASE_NO, "erase", {"child": child.id, "yes": False})],
        ],
        now=this.now,
    )
    this.say(texts.ERASE_CONFIRM.format(alias=child.alias), reply_markup=markup)


def on_erase(this: Turn, pressed: Pressed) -> None:
    if not pressed.data["yes"]:
        this.say(texts.ERASE_KEPT)
        return
    child = this.reach_id(pressed.data["child"], "erased")
    if child is None:
        this.say(texts.BUTTON_GONE)
        return
    alias = child.alias
    records.erase(this.session, child, this.now)
    this.say(texts.ERASED.format(alias=alias))
