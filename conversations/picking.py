"""Which child? Every command that needs a child and was sent without one asks: the person's own
children (a worker's) or their team's (a manager's), as buttons, only those the command can act
on; a typed alias works too. Once chosen, the command goes on as if typed with the alias."""

from collections.abc import Callable
from typing import Any

from sqlmodel import Session

from bot.rules import access, audit, episodes, questions, reviews
from bot.rules.overview import RISK_ORDER
from bot.rules.questions import Question
from bot.storage.models import Child, RiskLevel
from bot.wording import texts
from conversations.common import CommandBody, Turn

PAGE = 20  # children per message; "More" shows the next ones
SHOWN_ALIAS_MAX = 32
PICK_ACTION = "pick"


def _open(_session: Session, child: Child) -> bool:
    return child.closed_at is None


# Which children each command can act on (any child in reach where a command is not named).
CAN_ACT_ON: dict[str, Callable[[Session, Child], bool]] = {
    "msg": lambda _s, c: c.telegram_user_id is not None,
    "review": _open,
    "risk": _open,
    "intervention": _open,
    "end_intervention": lambda s, c: bool(reviews.active_interventions(s, c.id or 0)),
    "missing": lambda s, c: c.closed_at is None and episodes.open_episode(s, c.id or 0) is None,
    "returned": lambda s, c: episodes.open_episode(s, c.id or 0) is not None,
    "rhi": lambda s, c: episodes.awaiting_interview(s, c.id or 0) is not None,
    "close": _open,
    "reassign": _open,
}


def shown(alias: str) -> str:
    """Echo what a person typed as an alias without letting it grow a reply past any limit."""
    return alias if len(alias) <= SHOWN_ALIAS_MAX else alias[:SHOWN_ALIAS_MAX] + "…"


def split_alias(args: str, aliases: list[str]) -> tuple[str | None, str]:
    """Read "Blue Fox hello" as alias "Blue Fox" and text "hello", longest alias first."""
    folded = args.casefold()
    for alias in sorted(aliases, key=len, reverse=True):
        key = alias.casefold()
        if folded == key:
            return alias, ""
        if folded.startswith(key) and folded[len(key)].isspace():
            return alias, args[len(alias) :].strip()
    return None, ""


def ask_child(this: Turn, command: str) -> None:
    """Ask which child `command` is for."""
    candidates = _candidates(this, command)
    if not candidates:
        this.say(texts.NOTHING_TO_PICK.get(command, texts.NO_CHILD_TO_PICK))
        return
    _ask_page(this, command, candidates, 0)


def _candidates(this: Turn, command: str) -> list[Child]:
    person = this.enrolled()
    can = CAN_ACT_ON.get(command)
    found = [child for child in _offered(this, command) if can is None or can(this.session, child)]
    for child in found:
        audit.record(
            this.session,
            team_id=child.team_id,
            child_id=child.id,
            actor=audit.staff_actor(person.role, person.record_id),
            action=f"listed for /{command}",
            now=this.now,
        )
    return sorted(found, key=lambda c: (RISK_ORDER[RiskLevel(c.risk_level)], c.alias_key))


def _offered(this: Turn, command: str) -> list[Child]:
    """The children the person may choose from: for /msg, those they may answer too (as the
    duty contact, say); for everything else, those in their reach."""
    person = this.enrolled()
    if command == "msg":
        return access.children_to_answer(this.session, person, this.now)
    return access.children_in_reach(this.session, person)


def _ask_page(this: Turn, command: str, candidates: list[Child], page: int) -> None:
    shown_now = candidates[page * PAGE : (page + 1) * PAGE]
    rows: list[list[tuple[str, Any]]] = [
        [(child.alias, child.id) for child in shown_now[i : i + 2]]
        for i in range(0, len(shown_now), 2)
    ]
    if len(candidates) > (page + 1) * PAGE:
        rows.append([(texts.PICK_MORE, f"page:{page + 1}")])
    this.ask(
        command,
        questions.PICK,
        texts.PICK_CHILD.format(command=command),
        choices=rows,
        action=PICK_ACTION,
    )


def on_button(this: Turn, question: Question, value: object, body: CommandBody) -> None:
    if isinstance(value, str) and value.startswith("page:"):
        _ask_page(this, question.kind, _candidates(this, question.kind), int(value[5:]))
        return
    chosen = int(str(value))
    child = next((c for c in _offered(this, question.kind) if c.id == chosen), None)
    if child is None:
        this.say(texts.BUTTON_GONE)
        return
    this.finish(question)
    body(this, child.alias)


def on_text(this: Turn, question: Question, text: str, body: CommandBody) -> None:
    """A typed alias (with whatever else the command takes after it)."""
    alias, _rest = split_alias(text, [c.alias for c in _offered(this, question.kind)])
    if alias is None:
        this.say(texts.NO_SUCH_CHILD.format(alias=shown(text.split()[0] if text else text)))
        this.expect(question)
        return
    this.finish(question)
    body(this, text)
