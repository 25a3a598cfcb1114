"""/duty: who covers the team out of the workers' hours.

`/duty` shows who is on duty now and the weekly rota, and asks who should cover from now;
`/duty NAME` puts someone on duty by hand until `/duty off`; `/duty rota mon-fri 17:00-09:00
NAME` adds a line to the weekly rota and `/duty rota clear` empties it. Someone put on duty by
hand comes before the rota (`bot.rules.hours.duty_contact`).
"""

from collections.abc import Callable
from typing import Any

from bot.outbox.queue import Outgoing, Priority, enqueue
from bot.rules import casework, hours
from bot.rules.questions import Question
from bot.storage.models import Staff, Team
from bot.wording import texts
from bot.wording.language import said_in
from conversations.common import Turn
from conversations.picking import shown

DUTY = "duty"
GAPS_SHOWN = 6


def duty(this: Turn, args: str) -> None:
    first, _, rest = args.partition(" ")
    if first.casefold() == "rota":
        _rota(this, rest.strip())
    elif args:
        _set_duty(this, args)
    else:
        team = _team(this)
        choices: list[list[tuple[str, Any]]] = [
            [(member.name, member.id)] for member in casework.team_staff(this.session, team.id or 0)
        ]
        choices.append([(texts.DUTY_OFF_BUTTON, "off")])
        asked = f"{_status(this, team)}\n\n{texts.ASK_DUTY.format(team=team.name)}"
        this.ask(DUTY, "person", asked, choices=choices)


def on_button(this: Turn, question: Question, value: object) -> None:
    this.finish(question)
    member = this.session.get(Staff, value) if value != "off" else None
    if value != "off" and (member is None or member.team_id != this.enrolled().team_id):
        this.say(texts.BUTTON_GONE)
        return
    _set_duty(this, "off" if member is None else member.name)


def on_text(this: Turn, question: Question, text: str) -> None:
    known = casework.staff_named(this.session, this.enrolled().team_id, text)
    if text.casefold() != "off" and known is None:
        this.say(texts.NO_SUCH_STAFF.format(name=shown(text)))
        this.expect(question)
        return
    this.finish(question)
    _set_duty(this, text)


def _team(this: Turn) -> Team:
    team = this.session.get(Team, this.enrolled().team_id)
    assert team is not None
    return team


def _status(this: Turn, team: Team) -> str:
    """Who is on duty now, the rota, and when it leaves a worker's child with nobody."""
    assert team.id is not None
    now_on = hours.duty_contact(this.session, team.id, this.now, this.services.zone)
    lines = [texts.DUTY_NOW.format(name=now_on.name) if now_on else texts.DUTY_NOBODY_NOW]
    rota = hours.rota(this.session, team.id)
    if rota:
        lines += [texts.DUTY_ROTA_HEAD, *(f"• {line.shown()}" for line in rota)]
    else:
        lines.append(texts.DUTY_NO_ROTA)
    gaps = hours.rota_gaps(this.session, team.id)
    if gaps and rota:
        shown_gaps = ", ".join(hours.show_gap(gap) for gap in gaps[:GAPS_SHOWN])
        more = texts.AND_MORE if len(gaps) > GAPS_SHOWN else ""
        lines.append(texts.ROTA_GAPS.format(gaps=shown_gaps + more))
    return "\n".join(lines)


def _tell(this: Turn, person: Staff, text: Callable[[], str]) -> None:
    """Tell someone their duty changed (they may not know otherwise until an alert lands), in
    their language."""
    if person.telegram_user_id is not None and person.id != this.enrolled().record_id:
        enqueue(
            this.session,
            chat_id=person.telegram_user_id,
            key=f"{this.key}:duty:{person.id}",
            outgoing=said_in(person.language, lambda: Outgoing.text(text())),
            now=this.now,
            priority=Priority.CONVERSATION,
        )


def _set_duty(this: Turn, name: str) -> None:
    team = _team(this)
    assert team.id is not None
    manager = _me(this)
    before = hours.on_duty_by_hand(this.session, team.id)
    if name.casefold() == "off":
        hours.set_duty(this.session, team.id, None)
        if before is not None:
            _tell(
                this, before, lambda: texts.OFF_DUTY_TO_THEM.format(manager=manager, team=team.name)
            )
        this.say(f"{texts.DUTY_OFF.format(team=team.name)}\n{_status(this, team)}")
        return
    found = casework.staff_named(this.session, team.id, name)
    if found is None:
        this.say(texts.NO_SUCH_STAFF.format(name=shown(name)))
        return
    hours.set_duty(this.session, team.id, found)
    if before is not None and before.id != found.id:
        _tell(this, before, lambda: texts.OFF_DUTY_TO_THEM.format(manager=manager, team=team.name))
    _tell(this, found, lambda: texts.ON_DUTY_TO_THEM.format(manager=manager, team=team.name))
    this.say(texts.DUTY_SET.format(name=found.name, team=team.name))


def _me(this: Turn) -> str:
    me = this.session.get(Staff, this.enrolled().record_id)
    return me.name if me is not None else texts.THE_TEAM


def _rota(this: Turn, spec: str) -> None:
    team = _team(this)
    assert team.id is not None
    if not spec:
        this.say(_status(this, team))
        return
    if spec.casefold() == "clear":
        hours.clear_rota(this.session, team.id)
        this.say(texts.ROTA_CLEARED)
        return
    parsed = hours.parse_rota_line(spec)
    member = casework.staff_named(this.session, team.id, parsed[3]) if parsed else None
    if parsed is None:
        this.say(texts.ROTA_USAGE)
        return
    if member is None:
        this.say(texts.NO_SUCH_STAFF.format(name=shown(parsed[3])))
        return
    days, starts, ends, _name = parsed
    hours.add_to_rota(this.session, member, days, starts, ends)
    line = hours.RotaLine(days, starts, ends, member.name)
    _tell(this, member, lambda: texts.ON_ROTA_TO_THEM.format(manager=_me(this), line=line.shown()))
    this.say(f"{texts.ROTA_ADDED.format(line=line.shown())}\n{_status(this, team)}")
