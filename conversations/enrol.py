"""Enrolment: invites for workers and children, and redeeming a code with /start."""

from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlmodel import select

from bot.outbox.queue import Outgoing, Priority, enqueue
from bot.rules import access, audit, casework, invites, reviews
from bot.rules.buttons import Choice, Pressed, keyboard
from bot.rules.questions import Question
from bot.storage.models import Child, Invite, Role, Staff, Team
from bot.wording import language, texts
from bot.wording.language import said_in
from bot.wording.timefmt import show_day
from conversations import languages
from conversations.common import Turn
from conversations.menus import queue_menu

INVITE_WORKER, ADD_CHILD = "invite_worker", "add_child"
INVITES_A_MESSAGE = 30  # people listed in one /invites message, each with their buttons


def start(this: Turn, args: str) -> None:
    if this.person is not None:
        this.say(texts.ALREADY_ENROLLED)
        return
    if not args:
        this.say(texts.STRANGER)
        return
    if invites.locked_out(this.session, this.user_id, this.now):
        this.say(texts.INVITE_LOCKED)
        return
    redeemed = invites.redeem(this.session, args.split()[0], this.user_id, this.now)
    if redeemed is None:
        invites.note_wrong_code(this.session, this.user_id, this.now)
        this.say(texts.INVITE_NOT_VALID)
    elif redeemed.staff is not None:
        _welcome_staff(this, redeemed.staff)
    elif redeemed.child is not None:
        _welcome_child(this, redeemed.child)


def _welcome_staff(this: Turn, staff: Staff) -> None:
    team = this.session.get(Team, staff.team_id)
    assert team is not None and staff.id is not None
    role = Role(staff.role)
    staff.language = language.suggest(_telegram_language(this), staff=True)
    with language.speaking(staff.language):
        languages.ask(this, staff)
        welcome = texts.WELCOME_MANAGER if role is Role.MANAGER else texts.WELCOME_WORKER
        this.say(welcome.format(name=staff.name, team=team.name))
        queue_menu(this.session, role, this.chat_id, this.now, staff.language)
    if role is Role.WORKER:
        for manager in casework.managers_of(this.session, staff.team_id):
            assert manager.telegram_user_id is not None
            enqueue(
                this.session,
                chat_id=manager.telegram_user_id,
                key=f"joined:staff:{staff.id}:{manager.id}",
                outgoing=said_in(
                    manager.language,
                    lambda: Outgoing.text(texts.WORKER_JOINED.format(name=staff.name)),
                ),
                now=this.now,
                priority=Priority.CONVERSATION,
            )


def _welcome_child(this: Turn, child: Child) -> None:
    assert child.id is not None
    worker = casework.current_worker(this.session, child.id)
    child.language = language.suggest(_telegram_language(this), staff=False)
    with language.speaking(child.language):
        languages.ask(this, child)
        worker_name = worker.name if worker else texts.YOUR_WORKER
        this.say(texts.WELCOME_CHILD.format(worker=worker_name))
        queue_menu(this.session, Role.CHILD, this.chat_id, this.now, child.language)
    reviews.plan_checkins(child, this.now, this.services.settings.zone)
    this.session.add(child)
    if worker is not None and worker.telegram_user_id is not None:
        enqueue(
            this.session,
            chat_id=worker.telegram_user_id,
            key=f"joined:child:{child.id}",
            outgoing=said_in(
                worker.language, lambda: Outgoing.text(texts.CHILD_JOINED.format(alias=child.alias))
            ),
            now=this.now,
            priority=Priority.CONVERSATION,
            child_id=child.id,
            answerable=True,  # "Reply to one": a reply to this welcomes the child
        )


def invite_worker(this: Turn, args: str) -> None:
    """/invite_worker NAME (or /invite_worker, and the name is asked for)."""
    name = casework.clean_name(args) if args else None
    if name is None:
        this.ask(INVITE_WORKER, "name", texts.BAD_NAME if args else texts.ASK_WORKER_NAME)
        return
    _invite_worker(this, name)


def invite_worker_answer(this: Turn, question: Question, text: str) -> None:
    name = casework.clean_name(text)
    if name is None:
        this.say(texts.BAD_NAME)
        return
    this.finish(question)
    _invite_worker(this, name)


def _invite_worker(this: Turn, name: str) -> None:
    manager = this.enrolled()
    joined = casework.staff_named(this.session, manager.team_id, name, joined=True)
    if joined is not None:  # two people of one name could not be told apart anywhere
        this.say(texts.ALREADY_IN_TEAM.format(name=joined.name))
        return
    earlier = casework.invited_staff(this.session, manager.team_id, Role.WORKER, name)
    staff = earlier or casework.add_staff(
        this.session, manager.team_id, Role.WORKER, name, this.now
    )
    assert staff.id is not None
    name = staff.name
    code, invite = invites.create_invite(
        this.session,
        role=Role.WORKER,
        team_id=manager.team_id,
        now=this.now,
        valid_for=_validity(this),
        staff_id=staff.id,
        created_by=manager.record_id,
    )
    this.say(
        (texts.WORKER_INVITE_AGAIN if earlier else texts.WORKER_INVITE).format(
            name=name,
            expires=show_day(invite.expires_at, this.services.settings.zone),
            link=invites.deep_link(this.services.bot_username, code),
        )
    )


def add_child(this: Turn, args: str) -> None:
    """/add_child ALIAS (or /add_child, and the alias is asked for)."""
    alias = casework.clean_alias(args) if args else None
    if alias is None:
        this.ask(ADD_CHILD, "alias", texts.BAD_ALIAS if args else texts.ASK_ALIAS_NEW)
        return
    _add_child(this, alias)


def add_child_answer(this: Turn, question: Question, text: str) -> None:
    alias = casework.clean_alias(text)
    if alias is None:
        this.say(texts.BAD_ALIAS)
        return
    this.finish(question)
    _add_child(this, alias)


def _add_child(this: Turn, alias: str) -> None:
    worker = this.enrolled()
    existing = casework.child_by_alias(this.session, worker.team_id, alias)
    template = texts.CHILD_INVITE
    if existing is not None:
        mine = this.reach(alias, "new invite link")
        if mine is None or mine.telegram_user_id is not None:
            this.say(texts.ALIAS_TAKEN.format(alias=alias))
            return
        child, template = mine, texts.CHILD_INVITE_AGAIN
    else:
        staff = this.session.get(Staff, worker.record_id)
        assert staff is not None
        child = casework.add_child(this.session, staff, alias, this.now)
        reviews.plan_first_review(child, this.services.settings.zone)
    assert child.id is not None
    code, invite = invites.create_invite(
        this.session,
        role=Role.CHILD,
        team_id=worker.team_id,
        now=this.now,
        valid_for=_validity(this),
        child_id=child.id,
        created_by=worker.record_id,
    )
    link = invites.deep_link(this.services.bot_username, code)
    expires = show_day(invite.expires_at, this.services.settings.zone)
    this.say(template.format(alias=child.alias, link=link, expires=expires))
    # With many children's codes on a desk, each says whose it is and until when.
    caption = texts.QR_CAPTION.format(alias=child.alias, expires=expires)
    enqueue(
        this.session,
        chat_id=this.chat_id,
        key=f"{this.key}:qr",
        outgoing=Outgoing("sendQr", {"link": link, "caption": caption}),
        now=this.now,
        priority=Priority.CONVERSATION,
    )


def _validity(this: Turn) -> timedelta:
    return timedelta(days=this.services.settings.homeward_invite_days)


def list_invites(this: Turn, _args: str) -> None:
    """/invites: everyone invited who has not joined (a worker: their own children), open
    invites with a button to revoke them, and for each a button for a new link."""
    person = this.enrolled()
    if person.role is Role.MANAGER:
        staff = list(this.session.exec(select(Staff).where(Staff.team_id == person.team_id)))
        children = list(this.session.exec(select(Child).where(Child.team_id == person.team_id)))
    else:
        staff, children = [], access.children_in_reach(this.session, person)
    waiting = invites.waiting_to_join(this.session, staff, children, this.now)
    for item in waiting:
        if item.child_id is not None:
            audit.record(
                this.session,
                team_id=person.team_id,
                child_id=item.child_id,
                actor=audit.staff_actor(person.role, person.record_id),
                action="listed for /invites",
                now=this.now,
            )
    if not waiting:
        this.say(texts.NO_OPEN_INVITES)
        return
    zone = this.services.settings.zone
    for start in range(0, len(waiting), INVITES_A_MESSAGE):
        shown = waiting[start : start + INVITES_A_MESSAGE]
        markup = keyboard(
            this.session,
            telegram_user_id=this.user_id,
            group_key=f"invites:{this.key}:{start}",
            rows=[row for row in map(_invite_buttons, shown) if row],
            now=this.now,
        )
        lines = [texts.INVITES_HEAD, *(_invite_line(item, zone) for item in shown)]
        this.say("\n".join(lines), reply_markup=markup)


def _invite_line(item: invites.Waiting, zone: ZoneInfo) -> str:
    role = texts.ROLE_NAMES.get(item.role, item.role)
    if item.expires_at is None:
        return texts.INVITE_NONE.format(name=item.name, role=role)
    template = texts.INVITE_OPEN if item.open else texts.INVITE_EXPIRED
    return template.format(name=item.name, role=role, expires=show_day(item.expires_at, zone))


def _invite_buttons(item: invites.Waiting) -> list[Choice]:
    row = []
    if item.open:
        label = texts.REVOKE_BUTTON.format(name=item.name)
        row.append(Choice(label, "revoke", {"invite": item.invite_id}))
    if item.role != Role.MANAGER:  # managers are invited from the command line
        whose = {"child": item.child_id} if item.child_id else {"staff": item.staff_id}
        row.append(Choice(texts.NEW_LINK_BUTTON.format(name=item.name), "relink", whose))
    return row


def on_relink(this: Turn, pressed: Pressed) -> str | None:
    """A new link for someone who has not joined: as /add_child or /invite_worker again, while
    they are still the presser's to invite."""
    person = this.enrolled()
    if "child" in pressed.data:
        child = access.child_in_reach_by_id(
            this.session, person, pressed.data["child"], purpose="", now=this.now, audited=False
        )  # `_add_child` audits it
        if child is None or child.telegram_user_id is not None:
            return texts.BUTTON_GONE
        _add_child(this, child.alias)
        return None
    staff = this.session.get(Staff, pressed.data["staff"])
    if (
        staff is None
        or staff.telegram_user_id is not None
        or not staff.active
        or staff.team_id != person.team_id
        or person.role is not Role.MANAGER
    ):
        return texts.BUTTON_GONE
    _invite_worker(this, staff.name)
    return None


def on_revoke(this: Turn, pressed: Pressed) -> str | None:
    """A worker may revoke only their own children's links; a manager, any of the team's."""
    person = this.enrolled()
    invite = this.session.get(Invite, pressed.data["invite"])
    if invite is None or (
        person.role is Role.WORKER
        and (invite.child_id is None or this.reach_id(invite.child_id, "revoke invite") is None)
    ):
        return texts.BUTTON_GONE
    if not invites.revoke(this.session, invite.id or 0, person.team_id, this.now):
        return texts.BUTTON_GONE
    this.say(texts.INVITE_REVOKED)
    return None


def _telegram_language(this: Turn) -> str | None:
    user = this.update.effective_user
    return user.language_code if user is not None else None
