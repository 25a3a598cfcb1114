"""A manager's data-rights commands: /export, /close and /erase (with a confirmation)."""

from bot.outbox.queue import Outgoing, Priority, enqueue
from bot.rules import casework, questions, records
from bot.rules.access import language_of
from bot.rules.questions import Question
from bot.storage.models import Child, Staff
from bot.wording import texts
from bot.wording.language import said_in, speaking
from conversations import question_texts
from conversations.common import Turn
from conversations.picking import ask_child, shown

ERASE = "erase"


def export(this: Turn, args: str) -> None:
    if not args:
        ask_child(this, "export")
        return
    child = this.reach(args, "export")
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
            },  # not protected: it is for the person who asked, to keep or pass on
        ),
        child_id=child.id,
    )


def close(this: Turn, args: str) -> None:
    if not args:
        ask_child(this, "close")
        return
    child = this.reach(args, "close case")
    if child is None or child.id is None:
        this.say(texts.NO_SUCH_CHILD.format(alias=shown(args)))
        return
    if child.closed_at is not None:
        this.say(texts.ALREADY_CLOSED.format(alias=child.alias))
        return
    worker = casework.current_worker(this.session, child.id)
    manager = this.session.get(Staff, this.enrolled().record_id)
    assert manager is not None
    records.close(this.session, child, this.now)
    _end_conversations_about(this, child)
    if child.telegram_user_id is not None:
        enqueue(
            this.session,
            chat_id=child.telegram_user_id,
            key=f"closed:{child.id}:child",
            outgoing=said_in(child.language, lambda: Outgoing.text(texts.GOODBYE)),
            now=this.now,
            quiet=True,  # the bot starts this towards a child: not during quiet hours
        )
    if worker is not None and worker.telegram_user_id is not None:
        enqueue(
            this.session,
            chat_id=worker.telegram_user_id,
            key=f"closed:{child.id}:worker",
            outgoing=said_in(
                worker.language,
                lambda: Outgoing.text(
                    texts.CASE_CLOSED_WORKER.format(alias=child.alias, manager=manager.name)
                ),
            ),
            now=this.now,
            priority=Priority.CONVERSATION,
        )
    this.say(
        texts.CLOSED.format(alias=child.alias, days=this.services.settings.homeward_retention_days)
    )


def _end_conversations_about(this: Turn, child: Child) -> None:
    """Whoever was in the middle of something about the child is told it stopped."""
    assert child.id is not None
    for question in questions.about_child(this.session, child.id):
        questions.end(this.session, question)
        if question.user_id != this.user_id and not questions.silent(question):
            with speaking(language_of(this.session, question.user_id)):
                told = question_texts.stopped(question)
            enqueue(
                this.session,
                chat_id=question.user_id,
                key=f"{this.key}:stopped:{question.id}",
                outgoing=Outgoing.text(told),
                now=this.now,
                priority=Priority.CONVERSATION,
                child_id=child.id,
            )


def erase(this: Turn, args: str) -> None:
    if not args:
        ask_child(this, ERASE)
        return
    child = this.reach(args, "asked to erase")
    if child is None or child.id is None:
        this.say(texts.NO_SUCH_CHILD.format(alias=shown(args)))
        return
    this.ask(
        ERASE,
        "confirm",
        texts.ERASE_CONFIRM.format(alias=child.alias),
        child=child,
        choices=[[(texts.ERASE_YES.format(alias=child.alias), True)], [(texts.ERASE_NO, False)]],
    )


def on_erase(this: Turn, question: Question, value: object) -> None:
    this.finish(question)
    if value is not True:
        this.say(texts.ERASE_KEPT)
        return
    child = this.reach_id(question.child_id or 0, "erased")
    if child is None:
        this.say(texts.BUTTON_GONE)
        return
    alias = child.alias
    _end_conversations_about(this, child)
    records.erase(this.session, child, this.now)
    this.say(texts.ERASED.format(alias=alias))
