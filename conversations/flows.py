"""How each conversation takes a typed answer and a press on one of its buttons, by kind (the
command that opened it). Each one's buttons carry its kind."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.rules.questions import Question
from bot.wording import texts
from conversations import caseload, checkin, duty, enrol, episode, records, relay, review, team
from conversations.common import Turn


def buttons_only(this: Turn, question: Question, _text: str) -> None:
    this.expect(question)


def no_buttons(this: Turn, _question: Question, _value: Any) -> None:
    this.say(texts.BUTTON_GONE)


@dataclass(frozen=True)
class Flow:
    """How a conversation takes a typed answer and a press on one of its buttons."""

    on_text: Callable[[Turn, Question, str], None] = buttons_only
    on_button: Callable[[Turn, Question, Any], None] = no_buttons


FLOWS: dict[str, Flow] = {
    "msg": Flow(on_text=relay.on_text),
    "add_child": Flow(on_text=enrol.add_child_answer),
    "invite_worker": Flow(on_text=enrol.invite_worker_answer),
    "intervention": Flow(on_text=caseload.intervention_answer),
    "end_intervention": Flow(on_button=caseload.on_end),
    "risk": Flow(on_text=caseload.risk_answer, on_button=caseload.on_risk_button),
    "review": Flow(on_text=review.on_text, on_button=review.on_button),
    "rhi": Flow(on_text=episode.on_text, on_button=episode.on_button),
    "reassign": Flow(on_text=team.worker_answer, on_button=team.on_worker_button),
    "erase": Flow(on_button=records.on_erase),
    "deactivate": Flow(on_text=team.deactivate_answer, on_button=team.on_deactivate_button),
    "duty": Flow(on_text=duty.on_text, on_button=duty.on_button),
    "resolve": Flow(on_text=checkin.resolve_note),
}
