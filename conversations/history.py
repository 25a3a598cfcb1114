"""/history ALIAS: one child's record, newest first, a page at a time, with Older and Newer
buttons. A worker reads their own children's, a manager any child of their team's (the reach
of /export); each page shown is audited. The buttons belong to the record, not to an open
question, so paging ends nothing the person had open. The outbox sends and never edits, so
each page comes as a message of its own, and the buttons of the page before are spent."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.outbox.queue import Outgoing
from bot.outbox.textlimits import split_text, utf16_len
from bot.rules.buttons import Choice, Pressed, keyboard
from bot.rules.history import CheckedIn, Entry, Mark, Missing, Reviewed, Said, beyond, walk
from bot.storage.models import CheckInStatus, Child
from bot.wording import history_texts as words
from bot.wording import texts
from bot.wording.timefmt import show_date, show_day
from conversations.common import Turn
from conversations.picking import ask_child, shown

HISTORY = "history"  # the command, and the action of its buttons
READ = "read history"  # what the audit log says of each page shown
PAGE = 10  # entries a page at most
PAGE_MAX = 3500  # UTF-16 units a page's entries may take: one message, well inside 4096
ENTRY_MAX = 1000  # an entry longer than this (a very long message) is cut short on the page


def history(this: Turn, args: str) -> None:
    if not args:
        ask_child(this, HISTORY)
        return
    child = this.reach(args, READ)
    if child is None:
        this.say(texts.NO_SUCH_CHILD.format(alias=shown(args)))
        return
    _page(this, child, None, older=True)


def on_page(this: Turn, pressed: Pressed) -> str | None:
    """Older or Newer: the page just past the one the button was on, while the child is still
    in the person's reach."""
    child = this.reach_id(int(pressed.data["child"]), READ)
    if child is None:
        return texts.BUTTON_GONE
    _page(this, child, Mark.from_data(pressed.data["from"]), older=bool(pressed.data["older"]))
    return None


def _page(this: Turn, child: Child, mark: Mark | None, *, older: bool) -> None:
    """The page just past `mark` (the newest page without one), newest first."""
    assert child.id is not None
    kept = _fitting(this, child, mark, older=older)
    if not kept:
        empty = words.NOTHING_YET if mark is None else words.NOTHING_PAST
        this.say(empty.format(alias=child.alias))
        return
    newest, oldest = kept[0][0], kept[-1][0]
    more_older = beyond(this.session, child.id, oldest, older=True)
    body = [words.HEAD.format(alias=child.alias), *(text for _, text in kept)]
    if not more_older:
        body.append(words.NOTHING_OLDER)
    row = []
    if beyond(this.session, child.id, newest, older=False):
        row.append(_button(words.NEWER, child.id, newest, older=False))
    if more_older:
        row.append(_button(words.OLDER, child.id, oldest, older=True))
    params: dict[str, Any] = {}
    if row:
        params["reply_markup"] = keyboard(
            this.session,
            telegram_user_id=this.user_id,
            group_key=f"{HISTORY}:{this.key}",
            rows=[row],
            now=this.now,
        )
    this.send(Outgoing.text("\n\n".join(body), protect_content=True, **params), child.id)


def _fitting(this: Turn, child: Child, mark: Mark | None, *, older: bool) -> list[tuple[Mark, str]]:
    """As many entries just past `mark` as fit one page, each as it is shown, newest first."""
    assert child.id is not None
    kept: list[tuple[Mark, str]] = []
    used = 0
    for entry in walk(this.session, child.id, mark, older=older, limit=PAGE):
        text = _clip(_render(entry, child.alias, this.services.zone, this.now))
        used += utf16_len(text) + 2
        if kept and used > PAGE_MAX:
            break
        kept.append((entry.mark, text))
    return sorted(kept, reverse=True)


def _button(label: str, child_id: int, mark: Mark, *, older: bool) -> Choice:
    return Choice(label, HISTORY, {"child": child_id, "from": mark.to_data(), "older": older})


def _clip(text: str) -> str:
    if utf16_len(text) <= ENTRY_MAX:
        return text
    return split_text(text, ENTRY_MAX - utf16_len(words.CUT))[0].rstrip() + words.CUT


def _render(entry: Entry, alias: str, zone: ZoneInfo, now: datetime) -> str:
    when = show_day(entry.mark.at, zone)
    if isinstance(entry, Said):
        return _said(entry, alias, when)
    if isinstance(entry, Reviewed):
        return _reviewed(entry, when)
    if isinstance(entry, CheckedIn):
        return _checked_in(entry, when)
    return _missing(entry, when, zone, now)


def _said(entry: Said, alias: str, when: str) -> str:
    template = words.FROM_CHILD if entry.from_child else words.TO_CHILD
    head = template.format(when=when, alias=alias, staff=entry.staff or words.THE_MANAGERS)
    said = {"voice": words.VOICE, "sticker": words.STICKER}.get(entry.kind, entry.body or "")
    return f"{head}{words.EDITED if entry.edited else ''}:\n{said}"


def _reviewed(entry: Reviewed, when: str) -> str:
    lines = [words.REVIEW.format(when=when, worker=entry.worker)]
    lines += [
        words.RATING.format(title=title, rating=texts.REVIEW_RATINGS.get(value, value))
        for title, value in entry.ratings
    ] or [words.NO_HELP_RATED]
    if entry.child_view:
        lines.append(words.CHILD_VIEW.format(view=entry.child_view))
    else:
        lines.append(words.NO_VIEW.format(reason=entry.no_view_reason or ""))
    lines.append(words.NEXT_REVIEW.format(due=show_date(entry.next_due_on)))
    return "\n".join(lines)


def _checked_in(entry: CheckedIn, when: str) -> str:
    lines = [words.CHECKIN.format(when=when)]
    if entry.status != CheckInStatus.DONE:
        lines.append(words.CHECKIN_STATES[entry.status])
    if entry.mood or entry.difference:
        mood = texts.CHECKIN_MOODS.get(entry.mood or "", texts.NOT_ANSWERED)
        difference = texts.CHECKIN_DIFFERENCES.get(entry.difference or "", texts.NOT_ANSWERED)
        lines.append(words.CHECKIN_ANSWERS.format(mood=mood, difference=difference))
    if entry.comment:
        lines.append(words.CHECKIN_WORDS.format(comment=entry.comment))
    return "\n".join(lines)


def _missing(entry: Missing, when: str, zone: ZoneInfo, now: datetime) -> str:
    grade = words.GRADE.format(grade=texts.GRADES[entry.grade]) if entry.grade else ""
    lines = [words.MISSING.format(when=when, grade=grade)]
    if entry.returned_at is None:
        lines.append(words.STILL_MISSING)
    else:
        lines.append(words.BACK.format(when=show_day(entry.returned_at, zone)))
    if entry.interview is not None:
        outcome, held = entry.interview
        said = words.INTERVIEW_OUTCOMES.get(outcome, outcome)
        lines.append(words.INTERVIEW.format(outcome=said, when=show_day(held, zone)))
    elif entry.rhi_due_at is not None:
        due = show_day(entry.rhi_due_at, zone)
        overdue = entry.interview_overdue(now)
        lines.append((words.INTERVIEW_OVERDUE if overdue else words.INTERVIEW_DUE).format(due=due))
    return "\n".join(lines)
