"""A worker's caseload and a manager's view of the team: interventions, risk, lists."""

from typing import Any

from sqlmodel import col, select

from bot import access, audit, hours, questions, reviews, texts
from bot.buttons import Choice, Pressed, keyboard
from bot.models import Child, Intervention, RiskLevel, Role, Staff, Team
from bot.overview import overdue_interviews, overdue_lines, overdue_reviews, worker_children
from bot.timefmt import show_date
from conversations.common import Turn
from conversations.relay import shown, split_alias


def _reach(this: Turn, args: str, purpose: str) -> tuple[Child | None, str]:
    """The child named at the start of `args` (if in reach) and the rest of the words."""
    alias, rest = split_alias(args, access.aliases_in_reach(this.session, this.enrolled()))
    if alias is None:
        this.say(texts.NO_SUCH_CHILD.format(alias=shown(args.split()[0] if args else "")))
        return None, ""
    return this.reach(alias, purpose), rest


def intervention(this: Turn, args: str) -> None:
    if not args:
        questions.ask(this.session, this.user_id, "intervention", {"alias": None}, this.now)
        this.say(texts.ASK_ALIAS_MSG)
        return
    child, title = _reach(this, args, "start intervention")
    if child is None:
        return
    if not title:
        questions.ask(this.session, this.user_id, "intervention", {"alias": child.alias}, this.now)
        this.say(texts.ASK_INTERVENTION.format(alias=child.alias))
        return
    _start(this, child, title)


def intervention_answer(this: Turn, state: Any, answer: str) -> None:
    """First which child (if it wasn't given), then what the help is."""
    alias = state["alias"] or answer
    child = this.reach(alias, "start intervention")
    if child is None:
        this.say(texts.NO_SUCH_CHILD.format(alias=shown(alias)))
    elif state["alias"] is None:
        intervention(this, child.alias)
    else:
        _start(this, child, answer)


def _start(this: Turn, child: Child, title: str) -> None:
    title = " ".join(title.split())
    if len(title) > reviews.TITLE_MAX:
        questions.ask(this.session, this.user_id, "intervention", {"alias": child.alias}, this.now)
        this.say(texts.INTERVENTION_TOO_LONG)
        return
    reviews.start_intervention(this.session, child, this.enrolled().record_id, title, this.now)
    this.say(texts.INTERVENTION_STARTED.format(alias=child.alias, title=title))


def end_intervention(this: Turn, args: str) -> None:
    if not args:
        questions.ask(this.session, this.user_id, "end_intervention", None, this.now)
        this.say(texts.ASK_ALIAS_MSG)
        return
    child = this.reach(args, "end intervention")
    if child is None or child.id is None:
        this.say(texts.NO_SUCH_CHILD.format(alias=shown(args)))
        return
    active = reviews.active_interventions(this.session, child.id)
    if not active:
        this.say(texts.NO_INTERVENTIONS.format(alias=child.alias))
        return
    markup = keyboard(
        this.session,
        telegram_user_id=this.user_id,
        group_key=f"end:{this.key}",
        rows=[[Choice(i.title, "end_intervention", {"intervention": i.id})] for i in active],
        now=this.now,
    )
    this.say(texts.END_WHICH.format(alias=child.alias), reply_markup=markup)


def on_end(this: Turn, pressed: Pressed) -> None:
    found = this.session.get(Intervention, pressed.data["intervention"])
    child = this.reach_id(found.child_id, "end intervention") if found else None
    if found is None or child is None or found.ended_at is not None:
        this.say(texts.BUTTON_GONE)
        return
    found.ended_at = this.now
    this.session.add(found)
    this.say(texts.INTERVENTION_ENDED.format(alias=child.alias, title=found.title))


def risk(this: Turn, args: str) -> None:
    head, _, level = args.rpartition(" ")
    if not head or level.casefold() not in set(RiskLevel):
        this.say(texts.RISK_USAGE)
        return
    child = this.reach(head.strip(), "set risk")
    if child is None:
        this.say(texts.NO_SUCH_CHILD.format(alias=shown(head.strip())))
        return
    zone = this.services.settings.zone
    reviews.set_risk(this.session, child, level.casefold(), zone)
    assert child.review_due_on is not None
    this.say(
        texts.RISK_SET.format(
            alias=child.alias, level=child.risk_level, due=show_date(child.review_due_on)
        )
    )


def children(this: Turn, _args: str) -> None:
    zone = this.services.settings.zone
    rows = worker_children(this.session, this.enrolled().record_id, this.now, zone)
    if not rows:
        this.say(texts.NO_CHILDREN)
        return
    lines = [texts.CHILDREN_HEAD]
    for row in rows:
        checkin = (
            f"{texts.CHECKIN_MOODS.get(row.last_checkin_mood or '', '')} on "
            f"{show_date(row.last_checkin_on)}"
            if row.last_checkin_on
            else texts.NEVER
        )
        lines.append(
            texts.CHILD_LINE.format(
                alias=row.alias,
                risk=row.risk,
                due=show_date(row.due_on) if row.due_on else texts.NEVER,
                overdue=(texts.OVERDUE_MARK if row.overdue else "")
                + (texts.MISSING_MARK if row.missing else ""),
                checkin=checkin,
            )
        )
    _say_lines(this, lines)


def overdue(this: Turn, _args: str) -> None:
    manager = this.enrolled()
    assert manager.role is Role.MANAGER
    team = this.session.get(Team, manager.team_id)
    assert team is not None
    zone = this.services.settings.zone
    reviews_due = overdue_reviews(this.session, manager.team_id, this.now, zone)
    interviews = overdue_interviews(this.session, manager.team_id, this.now)
    for child_id in {r.child_id for r in reviews_due} | {i.child_id for i in interviews}:
        audit.record(
            this.session,
            team_id=manager.team_id,
            child_id=child_id,
            actor=audit.staff_actor(manager.role, manager.record_id),
            action="listed as overdue",
            now=this.now,
        )
    if not reviews_due and not interviews:
        this.say(texts.NOTHING_OVERDUE.format(team=team.name))
        return
    _say_lines(
        this,
        [texts.DIGEST_HEAD.format(team=team.name), *overdue_lines(reviews_due, interviews, zone)],
    )


def _say_lines(this: Turn, lines: list[str], limit: int = 4000) -> None:
    """A long list in as few messages as fit, never cutting a line."""
    chunk: list[str] = []
    for line in lines:
        if chunk and sum(len(x) + 1 for x in chunk) + len(line) > limit:
            this.say("\n".join(chunk))
            chunk = []
        chunk.append(line)
    if chunk:
        this.say("\n".join(chunk))


def working_hours(this: Turn, args: str) -> None:
    """/hours, or /hours mon-fri 09:00-17:00."""
    staff = this.session.get(Staff, this.enrolled().record_id)
    assert staff is not None
    if not args:
        this.say(texts.HOURS_NOW.format(**hours.describe(staff)) + "\n" + texts.HOURS_USAGE)
        return
    parsed = hours.parse_hours(args)
    if parsed is None:
        this.say(texts.HOURS_USAGE)
        return
    staff.work_days, staff.work_from, staff.work_until = parsed
    this.session.add(staff)
    this.say(texts.HOURS_SET.format(**hours.describe(staff)))


def duty(this: Turn, args: str) -> None:
    """/duty NAME or /duty off: the team's duty contact."""
    manager = this.enrolled()
    team = this.session.get(Team, manager.team_id)
    assert team is not None
    if args.casefold() == "off":
        hours.set_duty(this.session, team.id or 0, None)
        this.say(texts.DUTY_OFF.format(team=team.name))
        return
    if not args:
        this.say(texts.DUTY_USAGE)
        return
    member = this.session.exec(
        select(Staff).where(
            Staff.team_id == manager.team_id, Staff.active, col(Staff.telegram_user_id).is_not(None)
        )
    ).all()
    found = next(
        (m for m in member if m.name.casefold() == " ".join(args.split()).casefold()), None
    )
    if found is None:
        this.say(texts.NO_SUCH_STAFF.format(name=shown(args)))
        return
    hours.set_duty(this.session, manager.team_id, found)
    this.say(texts.DUTY_SET.format(name=found.name, team=team.name))
