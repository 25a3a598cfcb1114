"""A manager's team: /reassign a child to another worker, /deactivate a worker."""

from sqlmodel import select

from bot import access, casework, questions, texts
from bot.handover import handover_text
from bot.models import Role, Staff
from bot.outbox import Outgoing, Priority, enqueue
from conversations.common import Turn
from conversations.relay import shown, split_alias


def reassign(this: Turn, args: str) -> None:
    manager = this.enrolled()
    alias, name = split_alias(args, access.aliases_in_reach(this.session, manager))
    if alias is None or not name:
        this.say(
            texts.REASSIGN_USAGE
            if alias or not args
            else texts.NO_SUCH_CHILD.format(alias=shown(args.split()[0]))
        )
        return
    child = this.reach(alias, "reassigned")
    worker = casework.team_worker(this.session, manager.team_id, name)
    if child is None or child.id is None:
        this.say(texts.NO_SUCH_CHILD.format(alias=shown(alias)))
        return
    if worker is None or worker.telegram_user_id is None:
        this.say(texts.NO_SUCH_STAFF.format(name=shown(name)))
        return
    previous = casework.current_worker(this.session, child.id)
    if previous is not None and previous.id == worker.id:
        this.say(texts.SAME_WORKER.format(worker=worker.name, alias=child.alias))
        return
    casework.reassign(this.session, child, worker, this.now, "reassigned by a manager")
    key = f"{this.key}:reassign"
    zone = this.services.settings.zone
    enqueue(
        this.session,
        chat_id=worker.telegram_user_id,
        key=f"{key}:new",
        outgoing=Outgoing.text(
            handover_text(this.session, child, previous.name if previous else "nobody", zone)
        ),
        now=this.now,
        priority=Priority.CONVERSATION,
        child_id=child.id,
    )
    if child.telegram_user_id is not None:
        enqueue(
            this.session,
            chat_id=child.telegram_user_id,
            key=f"{key}:child",
            outgoing=Outgoing.text(texts.NEW_WORKER_TO_CHILD.format(worker=worker.name)),
            now=this.now,
            priority=Priority.CONVERSATION,
            quiet=True,  # the bot starts this towards a child: not during quiet hours
        )
    if previous is not None and previous.telegram_user_id is not None and previous.active:
        enqueue(
            this.session,
            chat_id=previous.telegram_user_id,
            key=f"{key}:old",
            outgoing=Outgoing.text(
                texts.OLD_WORKER_TOLD.format(alias=child.alias, worker=worker.name)
            ),
            now=this.now,
            priority=Priority.CONVERSATION,
        )
    this.say(texts.REASSIGNED.format(alias=child.alias, worker=worker.name))


def deactivate(this: Turn, args: str) -> None:
    """The worker loses access at once; their children are listed to be reassigned."""
    manager = this.enrolled()
    if not args:
        this.say(texts.DEACTIVATE_USAGE)
        return
    wanted = " ".join(args.split()).casefold()
    worker = next(
        (
            s
            for s in this.session.exec(
                select(Staff).where(
                    Staff.team_id == manager.team_id, Staff.role == Role.WORKER, Staff.active
                )
            )
            if s.name.casefold() == wanted
        ),
        None,
    )
    if worker is None or worker.id is None:
        this.say(texts.NO_SUCH_STAFF.format(name=shown(args)))
        return
    children = casework.children_of(this.session, worker.id)
    worker.active = False
    this.session.add(worker)
    if worker.telegram_user_id is not None:
        questions.forget(this.session, worker.telegram_user_id)
    names = ", ".join(c.alias for c in children)
    this.say(
        texts.DEACTIVATED.format(name=worker.name, children=names)
        if children
        else texts.DEACTIVATED_NONE.format(name=worker.name)
    )
