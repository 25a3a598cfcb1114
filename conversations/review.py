"""/review ALIAS: the worker's rating of each piece of help, the child's view (or why it
couldn't be had), and the next due date. The conversation lives in the database, so a review
survives a restart; left alone for two hours it times out, and the worker is told nothing was
saved."""

from datetime import date, timedelta
from typing import Any

from bot.rules import checkins, episodes, reviews, timing
from bot.rules.questions import Question
from bot.storage.models import Child
from bot.wording import texts
from bot.wording.timefmt import parse_date, show_date
from conversations.common import Turn
from conversations.picking import ask_child, shown

REVIEW_WITHIN = timedelta(hours=2)
KIND = "review"
RATE, VIEW, REASON, DATE = "rate", "view", "reason", "date"


def start(this: Turn, args: str) -> None:
    """/review ALIAS (or /review, and pick the child)."""
    if not args:
        ask_child(this, KIND)
        return
    child = this.reach(args, "review")
    if child is None or child.id is None:
        this.say(texts.NO_SUCH_CHILD.format(alias=shown(args)))
        return
    pending = [i.id for i in reviews.active_interventions(this.session, child.id)]
    _next_step(this, child, {"pending": pending, "ratings": {}, "view": None, "reason": None})


def _next_step(this: Turn, child: Child, state: dict[str, Any]) -> None:
    """Ask whatever the review still needs."""
    assert child.id is not None
    active = {i.id: i for i in reviews.active_interventions(this.session, child.id)}
    state["pending"] = [i for i in state["pending"] if i in active]
    if state["pending"]:
        current = active[state["pending"][0]]
        total = len(state["ratings"]) + len(state["pending"])
        options = list(texts.REVIEW_RATINGS.items())
        text = texts.REVIEW_RATE.format(
            alias=child.alias, n=len(state["ratings"]) + 1, total=total, title=current.title
        )
        rows = [[(label, value) for value, label in pair] for pair in (options[:2], options[2:])]
        _ask(this, child, state, RATE, text, rows)
    elif not (state["view"] or state["reason"]):
        _ask_view(this, child, state)
    else:
        due = _default_due(this, child)
        text = texts.REVIEW_NEXT.format(alias=child.alias, due=show_date(due))
        _ask(this, child, state, DATE, text, [[(texts.REVIEW_KEEP.format(due=due), "keep")]])


def _ask(
    this: Turn,
    child: Child,
    state: dict[str, Any],
    step: str,
    text: str,
    choices: list[list[tuple[str, Any]]] | None = None,
) -> None:
    this.ask(KIND, step, text, child=child, state=state, choices=choices, within=REVIEW_WITHIN)


def _words_since_last_review(this: Turn, child: Child) -> list[str]:
    assert child.id is not None
    previous = reviews.last_review(this.session, child.id)
    return checkins.comments_since(this.session, child.id, previous.held_at if previous else None)


def _ask_view(this: Turn, child: Child, state: dict[str, Any]) -> None:
    assert child.id is not None
    previous = reviews.last_review(this.session, child.id)
    since = previous.held_at if previous else None
    words = _words_since_last_review(this, child)
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
    rows = [[(texts.REVIEW_USE_WORDS, "use_words")]] if words else []
    rows.append([(texts.REVIEW_NO_VIEW, "none")])
    text = texts.REVIEW_VIEW.format(alias=child.alias, prefill=prefill)
    _ask(this, child, state, VIEW, text, rows)


def _default_due(this: Turn, child: Child) -> date:
    today = timing.local_date(this.now, this.services.settings.zone)
    return timing.review_due_on(today, child.risk_level)


def on_button(this: Turn, question: Question, value: Any) -> None:
    child = this.still_ours(question, "review")
    if child is None:
        return
    state = question.state
    if question.step == RATE and value in texts.REVIEW_RATINGS:
        state["ratings"][str(state["pending"].pop(0))] = value
    elif question.step == VIEW and value == "use_words":
        state["view"] = "\n".join(_words_since_last_review(this, child))
    elif question.step == VIEW:
        _ask(this, child, state, REASON, texts.REVIEW_ASK_REASON.format(alias=child.alias))
        return
    elif question.step == DATE:
        _save(this, question, child, _default_due(this, child), chosen=False)
        return
    _next_step(this, child, state)


def on_text(this: Turn, question: Question, answer: str) -> None:
    """Typed words: the child's view, the reason, or a date, whichever the review is at."""
    if question.step == RATE:
        this.expect(question)
        return
    child = this.still_ours(question, "review")
    if child is None:
        return
    state = question.state
    if question.step == VIEW:
        state["view"] = answer
    elif question.step == REASON:
        state["reason"] = answer
    else:
        chosen = parse_date(answer)
        today = timing.local_date(this.now, this.services.settings.zone)
        if chosen is None or chosen <= today:
            this.say(f"{texts.REVIEW_BAD_DATE} {texts.CANCEL_HINT}")
            return
        _save(this, question, child, chosen, chosen=chosen != _default_due(this, child))
        return
    _next_step(this, child, state)


def _save(this: Turn, question: Question, child: Child, due: date, *, chosen: bool) -> None:
    state = question.state
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
    this.finish(question)
    this.say(texts.REVIEW_SAVED.format(alias=child.alias, due=show_date(due)))
