"""Missing episodes: /missing (with the police risk grade), /returned (the 72-hour clock) and
/rhi, the return home interview: outcome, independence, reasons and the child's words."""

from datetime import timedelta
from typing import Any

from bot import casework, episodes, questions, texts
from bot.buttons import Choice, Pressed, keyboard
from bot.models import Child, Episode, RiskGrade, Staff
from bot.outbox import Outgoing, Priority, tell
from bot.timefmt import show_day
from conversations.common import Turn
from conversations.relay import shown

RHI_WITHIN = timedelta(hours=2)


def _tell_managers(this: Turn, child: Child, key: str, text: str) -> None:
    tell(
        this.session,
        casework.managers_of(this.session, child.team_id),
        key=key,
        outgoing=Outgoing.text(text),
        now=this.now,
        priority=Priority.URGENT,
        child_id=child.id,
    )


def missing(this: Turn, args: str) -> None:
    child = this.reach(args, "reported missing") if args else None
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
        texts.MISSING_TO_MANAGERS.format(
            alias=child.alias, worker=worker.name, since=show_day(this.now, zone)
        ),
    )
    count = episodes.episodes_lately(this.session, child.id, this.now)
    if episodes.repeat_missing(this.session, child.id, this.now):
        _tell_managers(
            this,
            child,
            f"repeat:{episode.id}",
            texts.REPEAT_MISSING.format(alias=child.alias, count=count),
        )


def on_grade(this: Turn, pressed: Pressed) -> None:
    episode = this.session.get(Episode, pressed.data["episode"])
    child = this.reach_id(episode.child_id, "graded missing episode") if episode else None
    if episode is None or child is None or pressed.data["grade"] not in set(RiskGrade):
        this.say(texts.BUTTON_GONE)
        return
    episode.risk_grade = pressed.data["grade"]
    this.session.add(episode)
    this.say(texts.GRADED.format(alias=child.alias, grade=texts.GRADES[episode.risk_grade]))
    if episode.risk_grade == RiskGrade.HIGH:
        _tell_managers(
            this, child, f"graded:{episode.id}", texts.GRADED_HIGH.format(alias=child.alias)
        )


def returned(this: Turn, args: str) -> None:
    child = this.reach(args, "returned") if args else None
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
        texts.RETURNED_MANAGERS.format(
            alias=child.alias,
            since=show_day(episode.opened_at, zone),
            back=show_day(this.now, zone),
        ),
    )


# The return home interview -------------------------------------------------------------------

OUTCOME, INDEPENDENT, REASONS_STEP, OTHER_STEP, WORDS = (
    "outcome",
    "independent",
    "reasons",
    "other",
    "words",
)


def rhi(this: Turn, args: str) -> None:
    child = this.reach(args, "return interview") if args else None
    if child is None or child.id is None:
        this.say(texts.NO_SUCH_CHILD.format(alias=shown(args)))
        return
    episode = episodes.awaiting_interview(this.session, child.id)
    if episode is None:
        this.say(texts.NO_RETURN_TO_RECORD.format(alias=child.alias))
        return
    state: dict[str, Any] = {
        "episode": episode.id,
        "alias": child.alias,
        "step": OUTCOME,
        "outcome": None,
        "independent": False,
        "reasons": [],
        "other": None,
    }
    _ask(this, state)


def _ask(this: Turn, state: dict[str, Any]) -> None:
    alias, step = state["alias"], state["step"]
    if step == OUTCOME:
        text, options = texts.RHI_OUTCOME, list(texts.RHI_OUTCOMES.items())
    elif step == INDEPENDENT:
        text, options = texts.RHI_INDEPENDENT, list(texts.YES_NO.items())
    elif step == REASONS_STEP:
        chosen = ", ".join(episodes.REASONS[r] for r in state["reasons"]) or "none yet"
        text = texts.RHI_REASONS.replace("{chosen}", chosen)
        options = [
            (code, ("✓ " if code in state["reasons"] else "") + label)
            for code, label in episodes.REASONS.items()
        ]
        options.append(("done", texts.RHI_DONE))
    elif step == OTHER_STEP:
        text, options = texts.RHI_OTHER, []
    else:
        text, options = texts.RHI_WORDS, [("skip", texts.SKIP)]
    markup = (
        keyboard(
            this.session,
            telegram_user_id=this.user_id,
            group_key=f"rhi:{this.key}:{step}",
            rows=[
                [Choice(label, "rhi", {"step": step, "value": value})] for value, label in options
            ],
            now=this.now,
            lifetime=RHI_WITHIN,
        )
        if options
        else None
    )
    this.say(text.format(alias=alias), **({"reply_markup": markup} if markup else {}))
    questions.ask(this.session, this.user_id, "rhi", state, this.now, within=RHI_WITHIN)


def on_button(this: Turn, pressed: Pressed) -> None:
    found = questions.peek(this.session, this.user_id, this.now)
    if found is None or found[0] != "rhi" or found[1]["step"] != pressed.data["step"]:
        this.say(texts.BUTTON_GONE)
        return
    state, value = found[1], pressed.data["value"]
    if state["step"] == OUTCOME:
        state["outcome"], state["step"] = value, INDEPENDENT
    elif state["step"] == INDEPENDENT:
        state["independent"], state["step"] = value == "yes", REASONS_STEP
    elif value == "done":
        needs_other = episodes.OTHER in state["reasons"] and not state["other"]
        state["step"] = OTHER_STEP if needs_other else WORDS
    elif value == "skip":
        _save(this, state, None)
        return
    elif value in episodes.REASONS:
        reasons = set(state["reasons"]) ^ {value}
        state["reasons"] = [r for r in episodes.REASONS if r in reasons]
    _ask(this, state)


def on_text(this: Turn, state: Any, answer: str) -> None:
    if state["step"] == OTHER_STEP:
        state["other"], state["step"] = answer, WORDS
        _ask(this, state)
    elif state["step"] == WORDS:
        _save(this, state, answer)
    else:
        this.say(texts.REVIEW_TAP_BUTTON)
        questions.ask(this.session, this.user_id, "rhi", state, this.now, within=RHI_WITHIN)


def _save(this: Turn, state: dict[str, Any], words: str | None) -> None:
    episode = this.session.get(Episode, state["episode"])
    child = this.reach_id(episode.child_id, "return interview") if episode else None
    questions.forget(this.session, this.user_id)
    if episode is None or child is None or episode.rhi_done_at is not None:
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
