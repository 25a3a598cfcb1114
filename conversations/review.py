"""/review ALIAS: the worker's rating of each piece of help, the child's view (or why it
couldn't be had), and the next due date. The state lives in the database, so a review survives
a restart; left alone for two hours it times out, and the worker is told nothing was saved."""

import re
from datetime import date, timedelta
from typing import Any

from bot import checkins, episodes, questions, reviews, texts, timing
from bot.buttons import Choice, Pressed, keyboard
from bot.models import Child
from bot.timefmt import show_date
from conversations.common import Turn
from conversations.relay import shown

REVIEW_WITHIN = timedelta(hours=2)
ACTION = "review"
RATE, VIEW, REASON, DATE = "rate", "view", "reason", "date"
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_UK = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def parse_date(text: str) -> date | None:
    """YYYY-MM-DD or DD/MM/YYYY, as the contract says dates are typed."""
    text = text.strip()
    try:
        if match := _ISO.match(text):
            return date(int(match[1]), int(match[2]), int(match[3]))
        if match := _UK.match(text):
            return date(int(match[3]), int(match[2]), int(match[1]))
    except ValueError:
        return None
    return None


def start(this: Turn, args: str) -> None:
    if not args:
        questions.ask(this.session, this.user_id, "review_alias", None, this.now)
        this.say(texts.ASK_ALIAS_MSG)
        return
    child = this.reach(args, "review")
    if child is None or child.id is None:
        this.say(texts.NO_SUCH_CHILD.format(alias=shown(args)))
        return
    pending = [i.id for i in reviews.active_interventions(this.session, child.id)]
    state = {
        "child": child.id,
        "alias": child.alias,
        "pending": pending,
        "ratings": {},
        "view": None,
        "reason": None,
        "step": RATE,
    }
    _next_step(this, child, state)


def on_alias(this: Turn, _state: Any, answer: str) -> None:
    start(this, answer)


def _next_step(this: Turn, child: Child, state: dict[str, Any]) -> None:
    """Ask whatever the review still needs, and remember where it is."""
    if state["pending"]:
        state["step"] = RATE
        _ask_rating(this, child, state)
    elif not (state["view"] or state["reason"]):
        state["step"] = VIEW if state["step"] != REASON else REASON
        if state["step"] == VIEW:
            _ask_view(this, child)
        else:
            this.say(texts.REVIEW_ASK_REASON.format(alias=child.alias))
    else:
        state["step"] = DATE
        _ask_date(this, child)
    questions.ask(this.session, this.user_id, "review", state, this.now, within=REVIEW_WITHIN)


def _buttons(this: Turn, state: dict[str, Any], rows: list[list[tuple[str, str]]]) -> Any:
    return keyboard(
        this.session,
        telegram_user_id=this.user_id,
        group_key=f"review:{this.key}:{state['step']}",
        rows=[
            [Choice(label, ACTION, {"step": state["step"], "value": value}) for label, value in row]
            for row in rows
        ],
        now=this.now,
        lifetime=REVIEW_WITHIN,
    )


def _ask_rating(this: Turn, child: Child, state: dict[str, Any]) -> None:
    assert child.id is not None
    active = {i.id: i for i in reviews.active_interventions(this.session, child.id)}
    state["pending"] = [i for i in state["pending"] if i in active]
    if not state["pending"]:
        _next_step(this, child, state)
        return
    current = active[state["pending"][0]]
    total = len(state["ratings"]) + len(state["pending"])
    options = list(texts.REVIEW_RATINGS.items())
    markup = _buttons(
        this,
        state,
        [
            [(label, value) for value, label in options[:2]],
            [(label, value) for value, label in options[2:]],
        ],
    )
    this.say(
        texts.REVIEW_RATE.format(
            alias=child.alias, n=len(state["ratings"]) + 1, total=total, title=current.title
        ),
        reply_markup=markup,
    )


def _ask_view(this: Turn, child: Child) -> None:
    assert child.id is not None
    previous = reviews.last_review(this.session, child.id)
    since = previous.held_at if previous else None
    words = checkins.comments_since(this.session, child.id, since)
    after_missing = episodes.words_since(this.session, child.id, since)
    prefill = (
        texts.REVIEW_PREFILL.format(words="\n".join(f"“{w}”" for w in words))
        if words
        else texts.REVIEW_NO_PREFILL
    )
    if after_missing:
        prefill += "\n\n" + texts.REVIEW_RHI_WORDS.format(
            words="\n".join(f"“{w}”" for w in after_missing)
        )
    state_buttons = [[(texts.REVIEW_USE_WORDS, "use_words")]] if words else []
    markup = _buttons(this, {"step": VIEW}, [*state_buttons, [(texts.REVIEW_NO_VIEW, "none")]])
    this.say(
        texts.REVIEW_VIEW.format(alias=child.alias, prefill=prefill), reply_markup=markup
    )


def _default_due(this: Turn, child: Child) -> date:
    today = timing.local_date(this.now, this.services.settings.zone)
    return timing.review_due_on(today, child.risk_level)


def _ask_date(this: Turn, child: Child) -> None:
    due = _default_due(this, child)
    markup = _buttons(
        this, {"step": DATE}, [[(texts.REVIEW_KEEP.format(due=due.isoformat()), "keep")]]
    )
    this.say(texts.REVIEW_NEXT.format(alias=child.alias, due=show_date(due)), reply_markup=markup)


def _resume(this: Turn) -> tuple[Child, dict[str, Any]] | None:
    found = questions.peek(this.session, this.user_id, this.now)
    if found is None or found[0] != "review":
        return None
    state = found[1]
    child = this.reach_id(state["child"], "review")
    return (child, state) if child is not None else None


def on_button(this: Turn, pressed: Pressed) -> None:
    resumed = _resume(this)
    if resumed is None or resumed[1]["step"] != pressed.data["step"]:
        this.say(texts.BUTTON_GONE)
        return
    child, state = resumed
    value = pressed.data["value"]
    if state["step"] == RATE:
        state["ratings"][str(state["pending"].pop(0))] = value
    elif state["step"] == VIEW and value == "use_words":
        assert child.id is not None
        previous = reviews.last_review(this.session, child.id)
        since = previous.held_at if previous else None
        state["view"] = "\n".join(checkins.comments_since(this.session, child.id, since))
    elif state["step"] == VIEW:
        state["step"] = REASON
    elif state["step"] == DATE:
        _save(this, child, state, _default_due(this, child), chosen=False)
        return
    _next_step(this, child, state)


def on_text(this: Turn, state: Any, answer: str) -> None:
    """Typed words: the child's view, the reason, or a date, whichever the review is at."""
    child = this.reach_id(state["child"], "review")
    if child is None:
        return
    if state["step"] == VIEW:
        state["view"] = answer
    elif state["step"] == REASON:
        state["reason"] = answer
    elif state["step"] == DATE:
        chosen = parse_date(answer)
        today = timing.local_date(this.now, this.services.settings.zone)
        if chosen is None or chosen <= today:
            this.say(texts.REVIEW_BAD_DATE)
            questions.ask(
                this.session, this.user_id, "review", state, this.now, within=REVIEW_WITHIN
            )
            return
        _save(this, child, state, chosen, chosen=chosen != _default_due(this, child))
        return
    else:
        this.say(texts.REVIEW_TAP_BUTTON)
    _next_step(this, child, state)


def _save(this: Turn, child: Child, state: dict[str, Any], due: date, *, chosen: bool) -> None:
    reviews.save_review(
        this.session,
        child,
        worker_id=this.enrolled().record_id,
        ratings={int(k): v for k, v in state["ratings"].items()},
        child_view=state["view"],
        no_view_reason=state["reason"],
        next_due_on=due,
        next_due_chosen=chosen,
        now=this.now,
        zone=this.services.settings.zone,
    )
    questions.forget(this.session, this.user_id)
    this.say(texts.REVIEW_SAVED.format(alias=child.alias, due=show_date(due)))
