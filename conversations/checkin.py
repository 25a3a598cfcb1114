"""The child's side: check-ins (buttons, then words or Skip) and "I need help now", and a
manager's acknowledgement of a call for help.

A check-in's buttons belong to the check-in itself, so they keep working while it is open
whatever else the child does; the words typed at its last step are passed on at once like any
other words of the child's (see `conversations.relay.from_child`)."""

from datetime import timedelta

from bot import checkins, questions, texts, urgent
from bot.buttons import Pressed
from bot.casework import carers
from bot.models import CheckIn, CheckInStatus, Child, Staff
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


def on_answer(this: Turn, pressed: Pressed) -> str | None:
    """A check-in button: record the answer and ask the next question."""
    child = _child(this)
    checkin = this.session.get(CheckIn, pressed.data["checkin"])
    if checkin is None or checkin.child_id != child.id or checkin.status != CheckInStatus.OPEN:
        return texts.BUTTON_GONE
    step, value = pressed.data["step"], pressed.data["value"]
    if step == checkins.STEP_COMMENT:  # Skip
        if this.question is not None and this.question.kind == questions.CHECKIN:
            this.finish(this.question)
        _finish(this, child, checkin)
        return None
    following = checkins.record_answer(this.session, child, checkin, step, value, this.now)
    if following is None:
        return None
    asked = this.send(checkins.step_message(this.session, child, checkin, following, this.now))
    if following == checkins.STEP_COMMENT:
        question = questions.save(
            this.session,
            this.user_id,
            kind=questions.CHECKIN,
            step=checkins.STEP_COMMENT,
            child_id=child.id,
            state={"checkin": checkin.id},
            now=this.now,
            within=COMMENT_WITHIN,
        )
        questions.note_asked(this.session, question, asked)
    return None


def _finish(this: Turn, child: Child, checkin: CheckIn) -> None:
    checkins.finish(this.session, child, checkin, None, this.now)
    told = [person.name for person in carers(this.session, child)]
    this.say(texts.CHECKIN_THANKS.format(worker=texts.names(told)) if told else texts.THANKS)


def on_acknowledge(this: Turn, pressed: Pressed) -> None:
    """A manager takes an urgent alert."""
    manager = this.session.get(Staff, this.enrolled().record_id)
    assert manager is not None
    if not urgent.acknowledge(this.session, pressed.data["alert"], manager, this.now):
        this.say(texts.ALREADY_ACKNOWLEDGED)
