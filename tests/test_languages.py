"""Each person in their own language, over the Bot API: asked when they join (their Telegram's
language suggested), changed with /language, and every message composed for its reader, so
one call for help reaches a Welsh worker in Welsh and an English manager in English.

What each person receives is checked two ways: equal to the text as the catalogues say it in
their language, and free of any English sentence of a text that their language translates."""

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import update
from sqlmodel import Session

from bot.config import Settings
from bot.report import words
from bot.rules.urgent import sounds_urgent
from bot.storage.db import session_scope
from bot.storage.models import Child
from bot.wording import texts
from bot.wording.language import said_in, say, speaking
from bot.wording.timefmt import show_date
from tests.catalogues import catalogue, forms
from tests.harness import Harness, Person, Trio

FRAGMENT = re.compile(r"[^{}]{16,}")  # English of at least a few words, between placeholders


@cache
def _english(code: str) -> tuple[str, ...]:
    """The English sentences of every text this language translates differently."""
    found = set()
    for entry in catalogue(code):
        if entry.id and any(forms(entry.string)):
            for english, said in zip(forms(entry.id), forms(entry.string), strict=False):
                if english != said:
                    found |= {f.strip() for f in FRAGMENT.findall(english) if " " in f.strip()}
    return tuple(sorted(found))


def english_in(text: str, code: str) -> list[str]:
    """English that should have been in `code`, found in a message."""
    return [fragment for fragment in _english(code) if fragment in text]


def all_in(person: Person, code: str, since: int = 0) -> None:
    """Nothing English in what this person got (from their `since`-th message on), but the
    language question, which is put in every language on purpose."""
    asked = said_in(code, lambda: texts.LANGUAGE_ASK)
    got = [
        "\n".join([m.text or "", *person.buttons(m)])
        for m in person.inbox()[since:]
        if not (m.text or "").startswith(asked)
    ]
    leaks = {text: english_in(text, code) for text in got}
    assert {text: found for text, found in leaks.items() if found} == {}


def welsh(compose: Callable[[], Any]) -> Any:
    return said_in("cy", compose)


async def _welsh_team(homeward: Harness) -> Trio:
    manager = await homeward.enrol_manager("Maria Lopez", language_code="cy")
    worker = await homeward.enrol_worker(manager, "Sam Patel", language_code="cy")
    child = await homeward.enrol_child(worker, "Blue Fox", language_code="cy-GB")
    return Trio(manager, worker, child)


async def test_a_welsh_team_joins_asked_in_welsh_first_with_welsh_menus(
    homeward: Harness,
) -> None:
    team = await _welsh_team(homeward)
    asked, welcome = team.child.inbox()[-2:]
    assert (asked.text or "").splitlines()[0] == welsh(lambda: texts.LANGUAGE_ASK)
    assert team.child.buttons(asked) == ["English", "✓ Cymraeg", "Polski"]
    assert welcome.text == welsh(lambda: texts.WELCOME_CHILD.format(worker="Sam Patel"))
    assert team.worker.buttons(team.worker.inbox()[0]) == ["English", "✓ Cymraeg"]  # not Polish
    menu = homeward.double.commands_for({"type": "chat", "chat_id": team.child.id})
    urgent = {c["command"]: c["description"] for c in menu}["urgent"]
    assert urgent == welsh(lambda: say("I need help now")) != "I need help now"
    for person in (team.manager, team.worker, team.child):
        all_in(person, "cy")


async def test_a_welsh_child_worker_and_manager_work_in_welsh(homeward: Harness) -> None:
    team = await _welsh_team(homeward)
    await team.child.send("Helo Sam, dw i'n iawn")
    relayed = team.worker.inbox()[-1]
    assert relayed.text == "💬 Blue Fox:\nHelo Sam, dw i'n iawn"
    assert team.child.last() == welsh(lambda: texts.RECEIPT_TO_CHILD.format(worker="Sam Patel"))
    await team.worker.send("Diolch, wela i di ddydd Mawrth", reply_to=relayed.message_id)
    assert team.child.last() == "Diolch, wela i di ddydd Mawrth\n\n— Sam Patel"

    await team.child.command("checkin")
    prompt = team.child.inbox()[-1]
    assert prompt.text == welsh(lambda: texts.CHECKIN_PROMPT)
    moods = welsh(lambda: texts.CHECKIN_MOODS)
    assert team.child.buttons(prompt)[:3] == list(moods.values())
    await team.child.press(prompt, moods["not_great"])
    assert team.worker.last() == welsh(lambda: texts.CHECKIN_FLAG_MOOD.format(alias="Blue Fox"))

    await team.worker.command("children")
    assert team.worker.last().startswith(welsh(lambda: texts.CHILDREN_HEAD))
    await team.manager.command("overdue")
    assert team.manager.last() == welsh(lambda: texts.NOTHING_OVERDUE.format(team="North"))
    await team.manager.command("report")
    report_text = team.manager.inbox()[-3].text or ""
    title = welsh(lambda: say(words.TITLE)).format(team="North", period="", as_at="")
    assert report_text.startswith(title.split("North")[0] + "North") and "Bwrdd" in title
    for person in (team.manager, team.worker, team.child):
        all_in(person, "cy")


async def test_a_welsh_childs_urgent_words_raise_the_alarm(homeward: Harness) -> None:
    team = await _welsh_team(homeward)
    await team.child.send("dw i ddim yn saff adre")
    assert team.child.last().startswith(welsh(lambda: texts.NUMBERS_HEAD))
    alert = welsh(lambda: texts.URGENT_ALERT.format(alias="Blue Fox", waited=""))
    assert team.worker.last().startswith(alert)
    assert team.manager.last().startswith(alert)
    for person in (team.manager, team.worker, team.child):
        all_in(person, "cy")


async def test_one_call_for_help_reaches_each_in_their_own_language(homeward: Harness) -> None:
    """A Polish child, a Welsh worker, an English manager: one alert, three languages; the
    reminders after 15 minutes too."""
    manager = await homeward.enrol_manager("Maria Lopez")
    worker = await homeward.enrol_worker(manager, "Sam Patel", language_code="cy")
    child = await homeward.enrol_child(worker, "Blue Fox", language_code="pl")
    await child.command("urgent")
    with speaking("pl"):
        assert child.last().startswith(texts.NUMBERS_HEAD)
    for person, code in ((worker, "cy"), (manager, "en")):
        with speaking(code):
            assert person.last().startswith(texts.URGENT_ALERT.format(alias="Blue Fox"))
            assert person.buttons(person.inbox()[-1]) == [texts.ACK_BUTTON]
    await homeward.advance(timedelta(minutes=15))
    for person, code in ((worker, "cy"), (manager, "en")):
        with speaking(code):
            again = texts.URGENT_AGAIN.split("{waited}")[0].format(alias="Blue Fox")
        assert any(text.startswith(again) for text in person.texts())
    await worker.press(worker.inbox()[-1], welsh(lambda: texts.ACK_BUTTON))
    with speaking("pl"):
        assert child.last() == texts.ACK_TO_CHILD.format(name="Sam Patel")
    assert manager.last() == texts.ACKNOWLEDGED.format(name="Sam Patel", alias="Blue Fox")
    all_in(worker, "cy")
    all_in(child, "pl")


async def test_the_language_is_changed_with_a_command_and_the_menu_follows(
    homeward: Harness, trio: Trio
) -> None:
    await trio.child.command("language")
    asked, since = trio.child.inbox()[-1], len(trio.child.inbox())
    assert trio.child.buttons(asked) == ["✓ English", "Cymraeg", "Polski"]
    await trio.child.press(asked, "Polski")
    with speaking("pl"):
        assert trio.child.reads(asked) == texts.LANGUAGE_SET
        thanks = texts.THANKS
    menu = homeward.double.commands_for({"type": "chat", "chat_id": trio.child.id})
    assert "language" in {c["command"] for c in menu}
    checkin = {c["command"]: c["description"] for c in menu}["checkin"]
    assert checkin == said_in("pl", lambda: say("Tell your worker how things are"))
    await trio.child.command("checkin")
    with speaking("pl"):
        assert trio.child.last() == texts.CHECKIN_PROMPT
    assert thanks != "Thank you 💛"
    all_in(trio.child, "pl", since)


async def test_someone_who_joined_before_is_asked_once_after_their_words_went(
    homeward: Harness, trio: Trio
) -> None:
    with session_scope(homeward.engine) as session:
        _forget_asking(session)
    await trio.child.send("hi Sam")
    assert trio.worker.last() == "💬 Blue Fox:\nhi Sam"
    receipt, asked = trio.child.texts()[-2:]
    assert receipt == texts.RECEIPT_TO_CHILD.format(worker="Sam Patel")
    assert asked.splitlines()[0] == texts.LANGUAGE_ASK
    await trio.child.send("are you there?")
    assert trio.child.last() == texts.RECEIPT_TO_CHILD.format(worker="Sam Patel")


def _forget_asking(session: Session) -> None:
    session.exec(update(Child).values(language_asked=False))  # type: ignore[call-overload]


async def test_those_not_enrolled_see_the_menu_in_their_phones_language(
    homeward: Harness,
) -> None:
    stranger = homeward.person("Someone", language_code="cy")
    await stranger.send("helo")
    assert stranger.last() == welsh(lambda: texts.STRANGER)
    default = homeward.double.commands_for({"type": "default"}, "cy")
    assert {c["command"]: c["description"] for c in default}["help"] == (
        welsh(lambda: say("What this service is"))
    )
    english = homeward.double.commands_for({"type": "default"})
    assert {c["command"]: c["description"] for c in english}["help"] == "What this service is"


async def test_reminders_alerts_and_the_morning_message_come_in_each_ones_language(
    homeward: Harness,
) -> None:
    """A Welsh worker and an English manager: the review's reminders, the overdue alert and the
    next morning's message, each in its reader's language, dates as their language writes them."""
    manager = await homeward.enrol_manager("Maria Lopez")
    worker = await homeward.enrol_worker(manager, "Sam Patel", language_code="cy")
    await homeward.enrol_child(worker, "Blue Fox")
    due = datetime(2026, 2, 2, 9, 0, tzinfo=UTC)  # the first review, four weeks on
    for moment in (due - timedelta(days=2), due, due + timedelta(days=1)):
        await homeward.advance_to(moment)
    with speaking("cy"):
        monday = show_date(due.date())
        expected = [
            texts.REVIEW_BEFORE.format(alias="Blue Fox", due=monday),
            texts.REVIEW_TODAY.format(alias="Blue Fox"),
            texts.REVIEW_OVERDUE_WORKER.format(alias="Blue Fox", due=monday),
        ]
    assert monday.startswith("Dydd Llun 2 Chwefror")
    lines = [line.lstrip("• ") for text in worker.texts() for line in text.splitlines()]
    assert [line for line in lines if line in expected] == expected
    alert = texts.REVIEW_OVERDUE_MANAGER.format(
        alias="Blue Fox", risk="no risk level set", worker="Sam Patel", due="Monday 2 February"
    )
    assert alert in manager.texts()
    await homeward.advance_to(due + timedelta(days=2))
    with speaking("cy"):
        head = texts.DIGEST_HEAD.format(team="North")
        button = texts.ACT_BUTTONS["review"].format(alias="Blue Fox")
    morning = worker.inbox()[-1]
    assert (morning.text or "").startswith(head) and worker.buttons(morning) == [button]
    assert manager.last().startswith(texts.DIGEST_HEAD.format(team="North"))
    all_in(worker, "cy")


async def test_a_childs_words_reach_each_worker_labelled_in_the_workers_language(
    homeward: Harness,
) -> None:
    """An English child, a Welsh worker: the label and the Seen button are Welsh, the child's
    receipt and its "seen" are English."""
    manager = await homeward.enrol_manager("Maria Lopez")
    worker = await homeward.enrol_worker(manager, "Sam Patel", language_code="cy")
    child = await homeward.enrol_child(worker, "Blue Fox")
    await child.command("checkin")
    await child.press(child.inbox()[-1], texts.CHECKIN_MOODS["good"])
    await child.press(child.inbox()[-1], texts.CHECKIN_DIFFERENCES["yes"])
    await child.send("school was fine")
    words = worker.inbox()[-2]
    with speaking("cy"):
        assert words.text == texts.RELAY_WHO_CHECKIN.format(alias="Blue Fox").join(
            ["💬 ", ":\nschool was fine"]
        )
        assert worker.buttons(words) == [texts.SEEN_BUTTON]
    assert texts.CHECKIN_THANKS.format(worker="Sam Patel") in child.texts()
    await worker.press(words, welsh(lambda: texts.SEEN_BUTTON))
    all_in(worker, "cy")


def test_urgent_words_are_heard_without_their_accents() -> None:
    """A child may type Polish or Welsh without the accents."""
    phrases = Settings(telegram_bot_token="x").urgent_phrases
    for typed in ("boje sie", "Boję się!", "chce umrzec", "nie jestem bezpieczna", "ddim yn saff"):
        assert sounds_urgent(typed, phrases), typed
    assert not sounds_urgent("wszystko dobrze, dziękuję", phrases)


async def test_a_call_for_help_handed_on_is_said_in_its_new_readers_language(
    homeward: Harness,
) -> None:
    """Sam (Welsh) never got Blue Fox's call for help before his access ended: the English
    manager who is handed it reads it in English, under an English heading."""
    manager = await homeward.enrol_manager("Maria Lopez")
    second = await homeward.enrol_manager("Raj Shah")
    worker = await homeward.enrol_worker(manager, "Sam Patel", language_code="cy")
    child = await homeward.enrol_child(worker, "Blue Fox")
    homeward.double.fail_next("sendMessage", status=502, chat_id=worker.id)
    await child.command("urgent")
    await manager.command("deactivate", "Sam Patel")
    await homeward.advance(timedelta(minutes=1))
    handed = texts.WITHDRAWN_COPY.format(name="Sam Patel") + texts.URGENT_ALERT.format(
        alias="Blue Fox"
    )
    assert handed in manager.texts() and handed in second.texts()
    assert not any("BRYS" in t for t in manager.texts())
