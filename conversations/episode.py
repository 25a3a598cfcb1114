"""Missing episodes: /missing (with the police risk grade), /returned (the 72-hour clock) and
/rhi, the return home interview: outcome, independence, reasons and the child's words."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from bot.outbox.queue import Outgoing, Priority, tell
from bot.rules import casework, episodes
from bot.rules.buttons import Choice, Pressed, keyboard
from bot.rules.questions import Question
from bot.storage.models import Child, Episode, RiskGrade, Staff
from bot.wording import language, texts
from bot.wording.timefmt import show_day
from conversations.common import Turn
from conversations.picking import ask_child, shown

RHI_QUESTION_OPEN_FOR = timedelta(hours=2)  # how long the interview's questions wait for answers


def _tell_managers(this: Turn, child: Child, key: str, text: Callable[[], str]) -> None:
    tell(
        this.session,
        casework.managers_of(this.session, child.team_id),
        key=key,
        outgoing=lambda: Outgoing.text(text()),
        now=this.now,
        priority=Priority.URGENT,
        child_id=child.id,
    )


def missing(this: Turn, args: str) -> None:
    if not args:
        ask_child(this, "missing")
        return
    child = this.reach(args, "reported missing")
    if child is None or child.id is None:
        this.say(texts.NO_SUCH_CHILD.format(alias=shown(args)))
        return
    zone = this.services.settings.zone
    current = episodes.open_episode(this.session, child.id)
    if current is not None:
        this.say(
            texts.ALREADY_MISSING.format(alias=child.alias, since=show_day(current.opened_at, zone))
        )
        return
    worker = this.session.get(Staff, this.enrolled().record_id)
    assert worker is not None
    episode = episodes.start(
        this.session, child.id, child.team_id, this.enrolled().record_id, this.now
    )
    markup = keyboard(
        this.session,
        telegram_user_id=this.user_id,
        group_key=f"grade:{episode.id}",
        rows=[
            [Choice(label, "grade", {"episode": episode.id, "grade": grade})]
            for grade, label in texts.GRADES.items()
        ],
        now=this.now,
    )
    this.say(texts.ASK_GRADE.format(alias=child.alias), reply_markup=markup)
    _tell_managers(
        this,
        child,
        f"missing:{episode.id}",
        lambda: texts.MISSING_TO_MANAGERS.format(
            alias=child.alias, worker=worker.name, since=show_day(this.now, zone)
        ),
    )
    count = episodes.episodes_lately(this.session, child.id, this.now)
    if episodes.repeat_missing(this.session, child.id, this.now):
        _tell_managers(
            this,
            child,
            f"repeat:{episode.id}",
            lambda: texts.REPEAT_MISSING.format(alias=child.alias, count=count),
        )


def on_grade(this: Turn, pressed: Pressed) -> str | None:
    episode = this.session.get(Episode, pressed.data["episode"])
    child = this.reach_id(episode.child_id, "graded missing episode") if episode else None
    if episode is None or child is None or pressed.data["grade"] not in set(RiskGrade):
        return texts.BUTTON_GONE
    if episode.returned_at is not None:  # they are back: the episode is finished
        return texts.BUTTON_GONE
    episode.risk_grade = pressed.data["grade"]
    this.session.add(episode)
    this.say(texts.GRADED.format(alias=child.alias, grade=texts.GRADES[episode.risk_grade]))
    if episode.risk_grade == RiskGrade.HIGH:
        _tell_managers(
            this, child, f"graded:{episode.id}", lambda: texts.GRADED_HIGH.format(alias=child.alias)
        )
    return None


def returned(this: Turn, args: str) -> None:
    if not args:
        ask_child(this, "returned")
        return
    child = this.reach(args, "returned")
    if child is None or child.id is None:
        this.say(texts.NO_SUCH_CHILD.format(alias=shown(args)))
        return
    episode = episodes.open_episode(this.session, child.id)
    if episode is None:
        this.say(texts.NOT_MISSING.format(alias=child.alias))
        return
    episodes.record_return(this.session, episode, this.now)
    zone = this.services.settings.zone
    assert episode.rhi_due_at is not None
    this.say(
        texts.RETURNED_WORKER.format(alias=child.alias, deadline=show_day(episode.rhi_due_at, zone))
    )
    _tell_managers(
        this,
        child,
        f"returned:{episode.id}",
        lambda: texts.RETURNED_MANAGERS.format(
            alias=child.alias,
            since=show_day(episode.opened_at, zone),
            back=show_day(this.now, zone),
        ),
    )


# The return home interview -------------------------------------------------------------------

RHI = "rhi"
OUTCOME, INDEPENDENT, REASONS_STEP, OTHER_STEP, WORDS = (
    "outcome",
    "independent",
    "reasons",
    "other",
    "words",
)


def rhi(this: Turn, args: str) -> None:
    if not args:
        ask_child(this, RHI)
        return
    child = this.reach(args, "return interview")
    if child is None or child.id is None:
        this.say(texts.NO_SUCH_CHILD.format(alias=shown(args)))
        return
    episode = episodes.awaiting_interview(this.session, child.id)
    if episode is None:
        this.say(texts.NO_RETURN_TO_RECORD.format(alias=child.alias))
        return
    state: dict[str, Any] = {
        "episode": episode.id,
        "outcome": None,
        "independent": False,
        "reasons": [],
        "other": None,
    }
    _ask(this, child, state, OUTCOME)


def _ask(
    this: Turn, child: Child, state: dict[str, Any], step: str, in_place: bool = False
) -> None:
    if step == OUTCOME:
        text, options = texts.RHI_OUTCOME, list(texts.RHI_OUTCOMES.items())
    elif step == INDEPENDENT:
        text, options = texts.RHI_INDEPENDENT, list(texts.YES_NO.items())
    elif step == REASONS_STEP:
        labels = language.say(episodes.REASONS)
        chosen = ", ".join(labels[r] for r in state["reasons"]) or texts.NEVER
        text = texts.RHI_REASONS.replace("{chosen}", chosen)
        options = [
            (code, ("✓ " if code in state["reasons"] else "") + label)
            for code, label in labels.items()
        ]
        options.append(("done", texts.RHI_DONE))
    elif step == OTHER_STEP:
        text, options = texts.RHI_OTHER, []
    else:
        text, options = texts.RHI_WORDS, [("skip", texts.SKIP)]
    this.ask(
        RHI,
        step,
        text.format(alias=child.alias),
        child=child,
        state=state,
        choices=[[(label, value)] for value, label in options],
        within=RHI_QUESTION_OPEN_FOR,
        in_place=in_place,
    )


def on_button(this: Turn, question: Question, value: Any) -> None:
    child = this.still_ours(question, "return interview")
    if child is None:
        return
    state, step = question.state, question.step
    if step == OUTCOME and value in texts.RHI_OUTCOMES:
        # Declined: no interview was held, so there is no one to be independent.
        state["outcome"], step = value, REASONS_STEP if value == "declined" else INDEPENDENT
    elif step == INDEPENDENT and value in texts.YES_NO:
        state["independent"], step = value == "yes", REASONS_STEP
    elif step == REASONS_STEP and value == "done":
        state["reasons"] = state["reasons"] or [episodes.NOT_KNOWN]  # counted, never left out
        needs_other = episodes.OTHER in state["reasons"] and not state["other"]
        step = OTHER_STEP if needs_other else WORDS
    elif step == REASONS_STEP and value in episodes.REASONS:
        state["reasons"] = episodes.toggle_reason(state["reasons"], value)
        _ask(this, child, state, step, in_place=True)  # the same message shows the choice
        return
    elif step == WORDS and value == "skip":
        _save(this, question, child, None)
        return
    _ask(this, child, state, step)


def on_text(this: Turn, question: Question, answer: str) -> None:
    if question.step not in (OTHER_STEP, WORDS):
        this.expect(question)
        return
    child = this.still_ours(question, "return interview")
    if child is None:
        return
    if question.step == OTHER_STEP:
        question.state["other"] = answer
        _ask(this, child, question.state, WORDS)
    else:
        _save(this, question, child, answer)


def _save(this: Turn, question: Question, child: Child, words: str | None) -> None:
    state = question.state
    episode = this.session.get(Episode, state["episode"])
    this.finish(question)
    if episode is None or episode.child_id != child.id or episode.rhi_done_at is not None:
        this.say(texts.BUTTON_GONE)
        return
    episodes.record_interview(
        this.session,
        episode,
        worker_id=this.enrolled().record_id,
        outcome=state["outcome"],
        independent=state["independent"],
        reasons=state["reasons"],
        other_reason=state["other"],
        child_words=words,
        now=this.now,
    )
    this.say(texts.RHI_SAVED.format(alias=child.alias))
