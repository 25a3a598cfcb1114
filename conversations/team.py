"""A manager's team: /reassign a child to another worker, /deactivate a worker."""

from bot.outbox import queue as outbox
from bot.outbox.queue import Outgoing, Priority, enqueue
from bot.rules import access, casework, hours, questions, undelivered
from bot.rules.handover import handover_text
from bot.rules.questions import Question
from bot.storage.models import Child, Role, Staff
from bot.wording import texts
from bot.wording.language import said_in, speaking
from conversations import question_texts
from conversations.common import Turn
from conversations.menus import queue_menu
from conversations.picking import ask_child, shown, split_alias

REASSIGN, DEACTIVATE = "reassign", "deactivate"


def reassign(this: Turn, args: str) -> None:
    """/reassign ALIAS WORKER_NAME; what is left out is asked for."""
    manager = this.enrolled()
    if not args:
        ask_child(this, REASSIGN)
        return
    alias, name = split_alias(args, access.aliases_in_reach(this.session, manager))
    child = this.reach(alias, "reassigned") if alias else None
    if child is None or child.id is None:
        this.say(texts.NO_SUCH_CHILD.format(alias=shown(args.split()[0])))
        return
    if not name:
        _ask_worker(this, child)
        return
    worker = casework.staff_named(this.session, manager.team_id, name, role=Role.WORKER)
    if worker is None or worker.telegram_user_id is None:
        this.say(texts.NO_SUCH_STAFF.format(name=shown(name)))
        return
    _reassign(this, child, worker)


def _ask_worker(this: Turn, child: Child) -> None:
    assert child.id is not None
    previous = casework.current_worker(this.session, child.id)
    workers = [
        w
        for w in casework.team_staff(this.session, this.enrolled().team_id, role=Role.WORKER)
        if previous is None or w.id != previous.id
    ]
    if not workers:
        this.say(texts.NO_OTHER_WORKERS.format(alias=child.alias))
        return
    this.ask(
        REASSIGN,
        "worker",
        texts.ASK_NEW_WORKER.format(alias=child.alias),
        child=child,
        choices=[[(w.name, w.id)] for w in workers],
    )


def on_worker_button(this: Turn, question: Question, value: object) -> None:
    worker = this.session.get(Staff, value)
    _chosen(this, question, worker)


def worker_answer(this: Turn, question: Question, text: str) -> None:
    worker = casework.staff_named(this.session, this.enrolled().team_id, text, role=Role.WORKER)
    if worker is None:
        this.say(texts.NO_SUCH_STAFF.format(name=shown(text)))
        this.expect(question)
        return
    _chosen(this, question, worker)


def _chosen(this: Turn, question: Question, worker: Staff | None) -> None:
    child = this.reach_id(question.child_id or 0, "reassigned")
    this.finish(question)
    fit = worker is not None and worker.team_id == this.enrolled().team_id and worker.active
    if child is None or worker is None or not fit or worker.telegram_user_id is None:
        this.say(texts.BUTTON_GONE)
        return
    _reassign(this, child, worker)


def _reassign(this: Turn, child: Child, worker: Staff) -> None:
    assert child.id is not None and worker.telegram_user_id is not None
    if child.closed_at is not None:
        this.say(texts.CASE_IS_CLOSED.format(alias=child.alias))
        return
    previous = casework.current_worker(this.session, child.id)
    if previous is not None and previous.id == worker.id:
        this.say(texts.SAME_WORKER.format(worker=worker.name, alias=child.alias))
        return
    since = casework.paired_since(this.session, child.id)
    was = previous.name if previous else casework.last_worker_name(this.session, child.id)
    casework.reassign(this.session, child, worker, this.now, "reassigned by a manager")
    key = f"{this.key}:reassign"
    zone = this.services.settings.zone
    enqueue(
        this.session,
        chat_id=worker.telegram_user_id,
        key=f"{key}:new",
        outgoing=said_in(
            worker.language,
            lambda: Outgoing.text(handover_text(this.session, child, was, since, zone, this.now)),
        ),
        now=this.now,
        priority=Priority.CONVERSATION,
        child_id=child.id,
        answerable=True,
    )
    if child.telegram_user_id is not None:
        enqueue(
            this.session,
            chat_id=child.telegram_user_id,
            key=f"{key}:child",
            outgoing=said_in(
                child.language,
                lambda: Outgoing.text(texts.NEW_WORKER_TO_CHILD.format(worker=worker.name)),
            ),
            now=this.now,
            priority=Priority.CONVERSATION,
            quiet=True,  # the bot starts this towards a child: not during quiet hours
        )
    if previous is not None and previous.telegram_user_id is not None:
        was_with, alias = previous.name, child.alias

        def heading() -> str:
            return texts.MOVED_COPY.format(name=was_with, alias=alias)

        taken = outbox.withdraw(
            this.session, chat_id=previous.telegram_user_id, now=this.now, child_id=child.id
        )
        for row, outgoing in taken:  # still on its way to the old worker: the new one has it
            undelivered.hand_on(this.session, [worker], row, outgoing, heading, this.now)
        with speaking(previous.language):
            told = texts.OLD_WORKER_TOLD.format(alias=child.alias, worker=worker.name)
            for question in questions.about_child(this.session, child.id):
                if question.user_id == previous.telegram_user_id:  # their access to it ended
                    questions.end(this.session, question)
                    told += "\n" + question_texts.stopped(question)
        enqueue(
            this.session,
            chat_id=previous.telegram_user_id,
            key=f"{key}:old",
            outgoing=Outgoing.text(told),
            now=this.now,
            priority=Priority.CONVERSATION,
        )
    this.say(texts.REASSIGNED.format(alias=child.alias, worker=worker.name))


def deactivate(this: Turn, args: str) -> None:
    """/deactivate WORKER_NAME (or /deactivate, and the worker is asked for)."""
    manager = this.enrolled()
    if not args:
        workers = casework.team_staff(
            this.session, manager.team_id, role=Role.WORKER, enrolled_only=False
        )
        if not workers:
            this.say(texts.NO_WORKERS_TO_DEACTIVATE)
            return
        choices = [[(w.name, w.id)] for w in workers]
        this.ask(DEACTIVATE, "worker", texts.ASK_DEACTIVATE, choices=choices)
        return
    worker = casework.staff_named(
        this.session, manager.team_id, args, role=Role.WORKER, enrolled_only=False
    )
    if worker is None:
        this.say(texts.NO_SUCH_STAFF.format(name=shown(args)))
        return
    _deactivate(this, worker)


def on_deactivate_button(this: Turn, question: Question, value: object) -> None:
    this.finish(question)
    worker = this.session.get(Staff, value)
    fit = worker is not None and worker.team_id == this.enrolled().team_id
    if worker is None or not fit or not worker.active or worker.role != Role.WORKER:
        this.say(texts.BUTTON_GONE)
        return
    _deactivate(this, worker)


def deactivate_answer(this: Turn, question: Question, text: str) -> None:
    worker = casework.staff_named(
        this.session, this.enrolled().team_id, text, role=Role.WORKER, enrolled_only=False
    )
    if worker is None:
        this.say(texts.NO_SUCH_STAFF.format(name=shown(text)))
        this.expect(question)
        return
    this.finish(question)
    _deactivate(this, worker)


def _deactivate(this: Turn, worker: Staff) -> None:
    """The worker loses access at once: what still waits to go to them is taken back (a
    child's words among it go to the managers), and they are told; their children are listed
    to be reassigned and, until then, what they send reaches the managers."""
    assert worker.id is not None
    children = access.children_of_worker(
        this.session, worker, by=this.enrolled(), purpose="deactivate worker", now=this.now
    )
    worker.active = False
    this.session.add(worker)
    was_on_duty = hours.off_duty_for_good(this.session, worker)
    chat = worker.telegram_user_id
    if chat is not None:
        stopped = questions.end_for(this.session, chat)
        with speaking(worker.language):
            told = texts.ACCESS_ENDED.format(manager=_name(this))
            if stopped is not None:
                told += "\n" + question_texts.stopped(stopped)
        name = worker.name

        def heading() -> str:
            return texts.WITHDRAWN_COPY.format(name=name)

        managers = casework.managers_of(this.session, worker.team_id)
        for row, outgoing in outbox.withdraw(this.session, chat_id=chat, now=this.now):
            undelivered.hand_on(this.session, managers, row, outgoing, heading, this.now)
        enqueue(
            this.session,
            chat_id=chat,
            key=f"{this.key}:access-ended",
            outgoing=Outgoing.text(told),
            now=this.now,
            priority=Priority.CONVERSATION,
        )
        queue_menu(this.session, None, chat, this.now, worker.language)  # no worker's commands
    names = ", ".join(c.alias for c in children)
    this.say(
        (
            texts.DEACTIVATED.format(name=worker.name, children=names)
            if children
            else texts.DEACTIVATED_NONE.format(name=worker.name)
        )
        + (texts.WAS_ON_DUTY.format(name=worker.name) if was_on_duty else "")
    )


def _name(this: Turn) -> str:
    me = this.session.get(Staff, this.enrolled().record_id)
    return me.name if me is not None else "A manager"
