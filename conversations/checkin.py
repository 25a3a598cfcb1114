"""The child's side: check-ins (buttons, then words or Skip) and "I need help now", and the
manager's acknowledgement of a call for help."""

from datetime import timedelta
from typing import Any

from bot import checkins, questions, texts, urgent
from bot.buttons import Pressed
from bot.casework import current_worker
from bot.models import CheckIn, CheckInStatus, Child, Staff
from conversations import relay
from conversations.common import Turn

COMMENT_WITHIN = timedelta(days=2)


def _child(this: Turn) -> Child:
    child = this.session.get(Child, this.enrolled().record_id)
    assert child is not None
    return child


def start(this: Turn, _args: str) -> None:
    """/checkin: the child starts one now, at any hour."""
    child = _child(this)
    checkin = checkins.open_checkin(this.session, child, this.now, prompt_key=None)
    this.send(checkins.step_message(this.session, child, checkin, checkins.STEP_MOOD, this.now))


def help_now(this: Turn, _args: str) -> None:
    """/urgent."""
    urgent.raise_alarm(this.session, _child(this), "command", this.now)


def on_help_now(this: Turn, _pressed: Pressed) -> None:
    """The "I need help now" button on every check-in step."""
    urgent.raise_alarm(this.session, _child(this), "button", this.now)


def on_answer(this: Turn, pressed: Pressed) -> None:
    """A check-in button: record the answer and ask the next question."""
    child = _child(this)
    checkin = this.session.get(CheckIn, pressed.data["checkin"])
    if checkin is None or checkin.child_id != child.id or checkin.status != CheckInStatus.OPEN:
        this.say(texts.BUTTON_GONE)
        return
    step, value = pressed.data["step"], pressed.data["value"]
    if step == checkins.STEP_COMMENT:
        questions.forget(this.session, this.user_id)
        _finish(this, child, checkin, None)
        return
    following = checkins.record_answer(this.session, child, checkin, step, value, this.now)
    if following is None:
        return
    this.send(checkins.step_message(this.session, child, checkin, following, this.now))
    if following == checkins.STEP_COMMENT:
        questions.ask(
            this.session,
            this.user_id,
            checkins.COMMENT_QUESTION,
            {"checkin": checkin.id},
            this.now,
            within=COMMENT_WITHIN,
        )


def on_comment(this: Turn, state: Any, answer: str) -> None:
    """The child's own words for their worker, typed at the last step (or, if that check-in has
    gone, passed on as an ordinary message: nothing a child writes is lost)."""
    child = _child(this)
    checkin = this.session.get(CheckIn, state["checkin"])
    if checkin is None or checkin.child_id != child.id or checkin.status != CheckInStatus.OPEN:
        message = this.update.effective_message
        if message is not None:
            relay.from_child(this, message, edited=False)
        return
    _finish(this, child, checkin, answer)


def _finish(this: Turn, child: Child, checkin: CheckIn, comment: str | None) -> None:
    checkins.finish(this.session, child, checkin, comment, this.now)
    worker = current_worker(this.session, child.id or 0)
    this.say(texts.CHECKIN_THANKS.format(worker=worker.name if worker else "Your worker"))


def on_acknowledge(this: Turn, pressed: Pressed) -> None:
    """A manager takes an urgent alert."""
    manager = this.session.get(Staff, this.enrolled().record_id)
    assert manager is not None
    if not urgent.acknowledge(this.session, pressed.data["alert"], manager, this.now):
        this.say(texts.ALREADY_ACKNOWLEDGED)
