"""The child's side: check-ins (buttons, then words or Skip) and "I need help now", and a
manager's acknowledgement of a call for help.

A check-in's buttons belong to the check-in itself, so they keep working while it is open
whatever else the child does; the words typed at its last step are passed on at once like any
other words of the child's (see `conversations.relay.from_child`)."""

from datetime import timedelta

from bot.rules import checkins, questions, taking, urgent
from bot.rules.buttons import Pressed
from bot.rules.casework import carers
from bot.rules.questions import Question
from bot.storage.models import Alert, CheckIn, CheckInStatus, Child, Staff
from bot.wording import texts
from conversations import checkin_time
from conversations.common import Turn

COMMENT_WITHIN = timedelta(days=2)
RESOLUTION_MAX = 500


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
    urgent.raise_alarm(this.session, _child(this), "command", this.now, this.services.zone)


def on_help_now(this: Turn, _pressed: Pressed) -> None:
    """The "I need help now" button on every check-in step."""
    urgent.raise_alarm(this.session, _child(this), "button", this.now, this.services.zone)


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
    checkin_time.offer(this, child)


def on_acknowledge(this: Turn, pressed: Pressed) -> None:
    """Someone who holds an urgent alert takes it."""
    staff = this.session.get(Staff, this.enrolled().record_id)
    assert staff is not None
    if not taking.acknowledge(this.session, pressed.data["alert"], staff, this.now):
        taker = taking.taken_by(this.session, pressed.data["alert"])
        taken = texts.ALREADY_ACKNOWLEDGED.format(name=taker) if taker else None
        this.say(taken or texts.NOT_YOURS_TO_TAKE)


def on_resolve(this: Turn, pressed: Pressed) -> str | None:
    """ "Mark resolved" on a call for help someone took: a short note for the record."""
    alert = this.session.get(Alert, pressed.data["alert"])
    child = this.session.get(Child, alert.child_id) if alert else None
    if alert is None or child is None or alert.resolved_at is not None or alert.id is None:
        return texts.BUTTON_GONE
    if not urgent.holds(this.session, alert.id, this.enrolled().record_id):
        return texts.BUTTON_GONE
    this.ask(
        urgent.RESOLVE,
        "note",
        texts.RESOLVE_ASK.format(alias=child.alias),
        state={"alert": alert.id, "alias": child.alias},
    )
    return None


def resolve_note(this: Turn, question: Question, note: str) -> None:
    if len(note) > RESOLUTION_MAX:
        this.say(f"{texts.RESOLVE_TOO_LONG} {texts.CANCEL_HINT}")
        return
    staff = this.session.get(Staff, this.enrolled().record_id)
    assert staff is not None
    this.finish(question)
    if taking.resolve(this.session, question.state["alert"], staff, note, this.now):
        this.say(texts.RESOLVED.format(alias=question.alias))
    else:
        this.say(texts.NOT_YOURS_TO_RESOLVE)
