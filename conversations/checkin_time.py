"""/checkin_time, and the offer at the end of a check-in: the child picks a day, then a time
between 08:00 and 20:00, on one message that changes in place. Until they do, the contract's
default holds (16:00, a week after the last prompt)."""

from datetime import time
from typing import Any

from bot.rules import checkins, timing
from bot.rules.buttons import Choice, Pressed, keyboard
from bot.storage.models import Child
from bot.wording import texts
from bot.wording.timefmt import show_clock, show_to_child, weekday
from conversations.common import Turn

ACTION = "checkin_time"


def _child(this: Turn) -> Child:
    child = this.session.get(Child, this.enrolled().record_id)
    assert child is not None
    return child


def checkin_time(this: Turn, _args: str) -> None:
    """/checkin_time: the days to choose from."""
    this.say(texts.CHECKIN_PICK_DAY, reply_markup=_days(this))


def offer(this: Turn, child: Child) -> None:
    """After a check-in: when the next one comes, and a button to choose another time."""
    if child.next_checkin_at is None:
        return
    when = show_to_child(child.next_checkin_at, this.now, this.services.zone)
    rows = [[Choice(texts.CHECKIN_CHANGE_TIME, ACTION, {"step": "start"})]]
    markup = _markup(this, rows, "offer")
    this.say(texts.CHECKIN_NEXT.format(when=when), reply_markup=markup)


def on_press(this: Turn, pressed: Pressed) -> str | None:
    data = pressed.data
    if data["step"] == "start":
        _show(this, texts.CHECKIN_PICK_DAY, _days(this))
    elif data["step"] == "day":
        day = weekday(data["day"])
        _show(this, texts.CHECKIN_PICK_TIME.format(day=day), _times(this, data["day"]))
    elif data["step"] == "time":
        child = _child(this)
        chosen = time.fromisoformat(data["time"])
        checkins.choose_time(this.session, child, data["day"], chosen, this.now, this.services.zone)
        this.session.add(child)
        assert child.next_checkin_at is not None
        when = show_to_child(child.next_checkin_at, this.now, this.services.zone)
        _show(this, texts.CHECKIN_TIME_SET.format(when=when), None)
    return None


def _show(this: Turn, text: str, markup: dict[str, Any] | None) -> None:
    """On the message pressed, or a new one if it cannot be changed."""
    params = {"reply_markup": markup} if markup else {}
    if not this.edit_pressed(text, **params):
        this.say(text, **params)


def _days(this: Turn) -> dict[str, Any]:
    days = [Choice(texts.sentence(weekday(n)), ACTION, {"step": "day", "day": n}) for n in range(7)]
    return _markup(this, [days[:4], days[4:]], "days")


def _times(this: Turn, day: int) -> dict[str, Any]:
    hours = [
        Choice(show_clock(at), ACTION, {"step": "time", "day": day, "time": at.isoformat()})
        for at in timing.CHECKIN_CHOICES
    ]
    return _markup(this, [hours[i : i + 4] for i in range(0, len(hours), 4)], "times")


def _markup(this: Turn, rows: list[list[Choice]], what: str) -> dict[str, Any]:
    return keyboard(
        this.session,
        telegram_user_id=this.user_id,
        group_key=f"{ACTION}:{this.key}:{what}",
        rows=rows,
        now=this.now,
    )
