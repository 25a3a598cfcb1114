"""A typed answer about one child, sent after another child wrote to the same person, is held
and confirmed before it is used: the words may well be meant for the child who just wrote.

Without this, "What would you like to send to Grey Heron?", then a message from Pink Crane,
then "No worries Pink" would go to Grey Heron, or become Blue Fox's view in a review.
"""

from collections.abc import Callable

from sqlalchemy import func
from sqlmodel import col, select

from bot.rules import questions
from bot.rules.buttons import Choice, keyboard
from bot.rules.questions import Question
from bot.storage.models import Child, Outbox
from bot.wording import texts
from conversations.common import Turn

ACTION = "held"
QUOTED = 80  # characters of the held words shown in the question
HELD, SERIAL, CHECKED = (
    "held",
    "held_ask",
    "checked",
)  # in the question's state: the words, and the last outbox
# row there was when they were confirmed or dropped


def other_writer(this: Turn, question: Question) -> Child | None:
    """The child, other than the question's, whose words or call for help reached this person
    since they were asked (or last confirmed an answer), if any: the latest."""
    if question.child_id is None:
        return None
    since = _since(this, question)
    if since is None:
        return None
    other = this.session.exec(
        select(Outbox.child_id)
        .where(
            col(Outbox.chat_id) == this.chat_id,
            col(Outbox.answerable).is_(True),
            col(Outbox.child_id) != question.child_id,
            col(Outbox.id) > since,
        )
        .order_by(col(Outbox.id).desc())
    ).first()
    return this.session.get(Child, other) if other is not None else None


def _since(this: Turn, question: Question) -> int | None:
    """The outbox row after which others' words count: the asking message, or the last one
    there was when the person last confirmed."""
    if CHECKED in question.state:
        return int(question.state[CHECKED])
    if question.asked_key is None:
        return None
    return this.session.exec(
        select(Outbox.id).where(col(Outbox.dedupe_key) == question.asked_key)
    ).first()


def ask_whom(this: Turn, question: Question, text: str, other: Child) -> None:
    """Keep the words in the question (encrypted, as all its state) and ask whom they are for.
    Words typed again replace them, and only the latest ask's buttons work."""
    serial = int(question.state.get(SERIAL, 0)) + 1
    kept = _keep(this, question, {**question.state, HELD: text, SERIAL: serial})
    markup = keyboard(
        this.session,
        telegram_user_id=this.user_id,
        group_key=f"{ACTION}:{this.key}",
        rows=[
            [
                Choice(
                    texts.HELD_YES.format(alias=question.alias), ACTION, {"value": f"yes:{serial}"}
                )
            ],
            [Choice(texts.HELD_NO, ACTION, {"value": f"no:{serial}"})],
        ],
        now=this.now,
        conversation=kept,
    )
    shown = text if len(text) <= QUOTED else text[:QUOTED] + "…"
    asked = texts.HELD_ASK.format(other=other.alias, alias=question.alias, words=shown)
    this.say(asked, reply_markup=markup)


def on_button(
    this: Turn, question: Question, value: object, on_text: Callable[[Turn, Question, str], None]
) -> None:
    """Yes: the words answer the question after all. No: they are dropped, and the question
    stays open. A press on an earlier ask, about words since replaced, changes nothing."""
    answer, _, serial = str(value).partition(":")
    text = question.state.get(HELD)
    if not isinstance(text, str) or serial != str(question.state.get(SERIAL)):
        this.say(texts.HELD_OLD)
        return
    state = {k: v for k, v in question.state.items() if k != HELD}
    state[CHECKED] = this.session.exec(select(func.max(Outbox.id))).one() or 0
    kept = _keep(this, question, state)
    if answer == "yes":
        on_text(this, kept, text)
    else:
        this.say(texts.HELD_DROPPED.format(alias=question.alias))


def _keep(this: Turn, question: Question, state: dict[str, object]) -> Question:
    """The same question at the same step, with `state`; still answering the message that
    asked it."""
    kept = questions.save(
        this.session,
        this.user_id,
        kind=question.kind,
        step=question.step,
        child_id=question.child_id,
        state=state,
        now=this.now,
        within=question.expires_at - this.now
        if question.expires_at > this.now
        else questions.ANSWER_WITHIN,
    )
    if question.asked_key:
        questions.note_asked(this.session, kept, question.asked_key)
    this.question = kept
    return kept
