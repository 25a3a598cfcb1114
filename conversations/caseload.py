"""A worker's caseload and a manager's view of the team: interventions, risk, lists."""

from bot.rules import access, audit, hours, reviews
from bot.rules.overview import (
    overdue_interviews,
    overdue_lines,
    overdue_reviews,
    without_worker,
    worker_children,
)
from bot.rules.questions import Question
from bot.storage.models import Child, Intervention, RiskLevel, Role, Staff, Team
from bot.wording import texts
from bot.wording.timefmt import show_date
from conversations.common import Turn
from conversations.picking import ask_child, shown, split_alias

INTERVENTION, END_INTERVENTION, RISK = "intervention", "end_intervention", "risk"


def _reach(this: Turn, args: str, purpose: str) -> tuple[Child | None, str]:
    """The child named at the start of `args` (if in reach) and the rest of the words."""
    alias, rest = split_alias(args, access.aliases_in_reach(this.session, this.enrolled()))
    if alias is None:
        this.say(texts.NO_SUCH_CHILD.format(alias=shown(args.split()[0] if args else "")))
        return None, ""
    return this.reach(alias, purpose), rest


def intervention(this: Turn, args: str) -> None:
    """/intervention ALIAS TEXT; what is left out is asked for."""
    if not args:
        ask_child(this, INTERVENTION)
        return
    child, title = _reach(this, args, "start intervention")
    if child is None:
        return
    if not title:
        asked = texts.ASK_INTERVENTION.format(alias=child.alias)
        this.ask(INTERVENTION, "title", asked, child=child)
        return
    _start(this, child, title)


def intervention_answer(this: Turn, question: Question, answer: str) -> None:
    child = this.still_ours(question, "start intervention")
    if child is not None:
        _start(this, child, answer, question)


def _start(this: Turn, child: Child, title: str, question: Question | None = None) -> None:
    title = " ".join(title.split())
    if len(title) > reviews.TITLE_MAX:
        asked = f"{texts.INTERVENTION_TOO_LONG} {texts.CANCEL_HINT}"
        this.ask(INTERVENTION, "title", asked, child=child)
        return
    if question is not None:
        this.finish(question)
    reviews.start_intervention(this.session, child, this.enrolled().record_id, title, this.now)
    this.say(texts.INTERVENTION_STARTED.format(alias=child.alias, title=title))


def end_intervention(this: Turn, args: str) -> None:
    if not args:
        ask_child(this, END_INTERVENTION)
        return
    child = this.reach(args, "end intervention")
    if child is None or child.id is None:
        this.say(texts.NO_SUCH_CHILD.format(alias=shown(args)))
        return
    active = reviews.active_interventions(this.session, child.id)
    if not active:
        this.say(texts.NO_INTERVENTIONS.format(alias=child.alias))
        return
    this.ask(
        END_INTERVENTION,
        "which",
        texts.END_WHICH.format(alias=child.alias),
        child=child,
        choices=[[(i.title, i.id)] for i in active],
    )


def on_end(this: Turn, question: Question, value: object) -> None:
    child = this.still_ours(question, "end intervention")
    if child is None:
        return
    this.finish(question)
    found = this.session.get(Intervention, value)
    if found is None or found.child_id != child.id or found.ended_at is not None:
        this.say(texts.BUTTON_GONE)
        return
    found.ended_at = this.now
    this.session.add(found)
    this.say(texts.INTERVENTION_ENDED.format(alias=child.alias, title=found.title))


def risk(this: Turn, args: str) -> None:
    """/risk ALIAS LEVEL; what is left out, or is not a level, is asked for."""
    if not args:
        ask_child(this, RISK)
        return
    alias, rest = split_alias(args, access.aliases_in_reach(this.session, this.enrolled()))
    if alias is None:  # as if there were no such child: echo what looks like the alias
        head, _, last = args.rpartition(" ")
        typed = head if head and last.casefold() in set(RiskLevel) else args
        this.say(texts.NO_SUCH_CHILD.format(alias=shown(typed)))
        return
    child = this.reach(alias, "set risk")
    if child is None:
        return
    if rest.casefold() in set(RiskLevel):
        _set_risk(this, child, rest.casefold())
        return
    asked = texts.ASK_RISK.format(alias=child.alias)
    if rest:
        asked = f"{texts.NOT_A_RISK_LEVEL.format(typed=shown(rest))} {asked}"
    levels = [[(texts.RISK_LEVELS[level], level) for level in RiskLevel]]
    this.ask(RISK, "level", asked, child=child, choices=levels)


def on_risk_button(this: Turn, question: Question, value: object) -> None:
    if value not in set(RiskLevel):
        this.expect(question)
        return
    child = this.still_ours(question, "set risk")
    if child is not None:
        this.finish(question)
        _set_risk(this, child, str(value))


def risk_answer(this: Turn, question: Question, text: str) -> None:
    if text.casefold() not in set(RiskLevel):
        this.expect(question)
        return
    on_risk_button(this, question, text.casefold())


def _set_risk(this: Turn, child: Child, level: str) -> None:
    zone = this.services.settings.zone
    reviews.set_risk(this.session, child, level, zone)
    assert child.review_due_on is not None
    template = texts.RISK_UNSET if child.risk_level == RiskLevel.NONE else texts.RISK_SET
    this.say(
        template.format(
            alias=child.alias,
            risk=texts.risk(child.risk_level),
            due=show_date(child.review_due_on),
        )
    )


def children(this: Turn, _args: str) -> None:
    zone = this.services.settings.zone
    rows = worker_children(this.session, this.enrolled(), this.now, zone)
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
                risk=texts.risk(row.risk),
                due=show_date(row.due_on) if row.due_on else texts.NEVER,
                overdue=(texts.OVERDUE_MARK if row.overdue else "")
                + (texts.MISSING_MARK if row.missing else "")
                + texts.joining_mark(row.joining),
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
    unassigned = without_worker(this.session, manager.team_id)
    listed = {r.child_id for r in reviews_due} | {i.child_id for i in interviews}
    for child_id in listed | {c.id for c in unassigned}:
        audit.record(
            this.session,
            team_id=manager.team_id,
            child_id=child_id,
            actor=audit.staff_actor(manager.role, manager.record_id),
            action="listed as overdue",
            now=this.now,
        )
    if not reviews_due and not interviews and not unassigned:
        this.say(texts.NOTHING_OVERDUE.format(team=team.name))
        return
    lines = overdue_lines(reviews_due, interviews, zone, this.now, unassigned)
    _say_lines(this, [texts.OVERDUE_HEAD.format(team=team.name), *lines])


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
