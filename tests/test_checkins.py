"""Check-ins over the Bot API: weekly at 16:00, buttons, the child's words, flags, silence."""

from datetime import UTC, datetime, timedelta

from bot.wording import texts
from tests.harness import Harness, Person, Trio, sent_at, urgent_alert

LONDON_16 = datetime(2026, 1, 12, 16, 0, tzinfo=UTC)  # 7th day after the Monday start, 16:00


def prompts(child: Person) -> list[datetime]:
    return [sent_at(m) for m in child.inbox() if m.text == texts.CHECKIN_PROMPT]


async def test_the_first_prompt_comes_at_16_00_on_the_seventh_day(
    homeward: Harness, trio: Trio
) -> None:
    await homeward.advance_to(LONDON_16 - timedelta(minutes=1))
    assert prompts(trio.child) == []
    await homeward.advance_to(LONDON_16)
    assert prompts(trio.child) == [LONDON_16]
    await homeward.advance_to(LONDON_16 + timedelta(days=7))
    assert prompts(trio.child) == [LONDON_16, LONDON_16 + timedelta(days=7)]


async def test_a_full_check_in_reaches_the_worker(homeward: Harness, trio: Trio) -> None:
    await homeward.advance_to(LONDON_16)
    prompt = trio.child.inbox()[-1]
    await trio.child.press(prompt, "😐 OK")
    assert trio.child.last() == texts.CHECKIN_DIFFERENCE
    await trio.child.press(trio.child.inbox()[-1], "A bit")
    assert trio.child.last() == texts.CHECKIN_COMMENT.format(worker="Sam Patel")
    await trio.child.send("school was better this week")
    thanks, next_one = trio.child.texts()[-2:]
    assert thanks == texts.CHECKIN_THANKS.format(worker="Sam Patel")
    assert next_one == texts.CHECKIN_NEXT.format(when="on Monday 19 January at 4pm")
    words, summary = trio.worker.texts()[-2:]
    assert words == "💬 Blue Fox (check-in):\nschool was better this week", "passed on at once"
    assert "Blue Fox checked in" in summary and "😐 OK" in summary and "A bit" in summary
    await homeward.advance(timedelta(days=3))
    assert not any("hasn't answered" in t for t in trio.worker.texts())


async def test_not_great_and_no_are_flagged_at_once(homeward: Harness, trio: Trio) -> None:
    await trio.child.command("checkin")
    await trio.child.press(trio.child.inbox()[-1], "😟 Not great")
    assert trio.worker.last() == texts.CHECKIN_FLAG_MOOD.format(alias="Blue Fox")
    await trio.child.press(trio.child.inbox()[-1], "No")
    assert trio.worker.last() == texts.CHECKIN_FLAG_HELP.format(alias="Blue Fox")
    await trio.child.press(trio.child.inbox()[-1], texts.SKIP)
    assert "Blue Fox checked in" in trio.worker.last()


async def test_every_step_has_the_help_now_button(homeward: Harness, trio: Trio) -> None:
    await trio.child.command("checkin")
    for label in ["😊 Good", "Yes"]:
        assert texts.HELP_NOW_BUTTON in trio.child.buttons(trio.child.inbox()[-1])
        await trio.child.press(trio.child.inbox()[-1], label)
    assert texts.HELP_NOW_BUTTON in trio.child.buttons(trio.child.inbox()[-1])
    await trio.child.press(trio.child.inbox()[-1], texts.HELP_NOW_BUTTON)
    assert "999" in trio.child.last() and "0800 1111" in trio.child.last()
    alert = urgent_alert("Blue Fox")
    assert alert in trio.worker.texts() and alert in trio.manager.texts()


async def test_no_answer_in_48_hours_tells_the_worker_never_the_child(
    homeward: Harness, trio: Trio
) -> None:
    await homeward.advance_to(LONDON_16)
    child_before = len(trio.child.inbox())
    await homeward.advance(timedelta(hours=47, minutes=59))
    assert not any("hasn't answered" in t for t in trio.worker.texts())
    await homeward.advance(timedelta(minutes=1))
    assert sum("Blue Fox hasn't answered" in t for t in trio.worker.texts()) == 1
    assert len(trio.child.inbox()) == child_before


async def test_a_prompt_due_in_quiet_hours_waits_until_08_00(homeward: Harness, trio: Trio) -> None:
    await homeward.stop()  # the service is down across 16:00 and comes back at 22:30
    homeward.clock.set(LONDON_16 + timedelta(hours=6, minutes=30))
    await homeward.start()
    await homeward.advance(timedelta(0))
    assert prompts(trio.child) == []
    await homeward.advance_to(LONDON_16 + timedelta(hours=16))
    assert prompts(trio.child) == [LONDON_16 + timedelta(hours=16)]


async def test_one_prompt_however_many_weeks_were_missed(homeward: Harness, trio: Trio) -> None:
    await homeward.stop()
    homeward.clock.set(LONDON_16 + timedelta(days=20, hours=-4))  # a Sunday at noon
    await homeward.start()
    await homeward.advance(timedelta(0))
    assert prompts(trio.child) == [LONDON_16 + timedelta(days=20, hours=-4)]
    await homeward.advance_to(LONDON_16 + timedelta(days=27))
    assert len(prompts(trio.child)) == 2


async def test_an_old_button_cannot_be_pressed_twice_or_by_someone_else(
    homeward: Harness, trio: Trio
) -> None:
    await trio.child.command("checkin")
    prompt = trio.child.inbox()[-1]
    token = prompt.reply_markup["inline_keyboard"][0][0]["callback_data"]  # type: ignore[index]
    stranger = homeward.person("Eve")
    await homeward.act(homeward.double.send_callback(stranger.id, token, prompt.message_id))
    await homeward.act(homeward.double.send_callback(trio.worker.id, token))
    assert stranger.inbox() == [] and texts.CHECKIN_DIFFERENCE not in trio.worker.texts()
    await trio.child.press(prompt, "😊 Good")
    await trio.child.press(prompt, "😐 OK")
    assert trio.child.texts().count(texts.CHECKIN_DIFFERENCE) == 1
    await homeward.act(homeward.double.send_callback(trio.child.id, "forged-token"))
    assert trio.child.texts().count(texts.CHECKIN_DIFFERENCE) == 1


# The child chooses when check-ins come ---------------------------------------------------------


async def test_a_child_chooses_the_day_and_time_on_one_message(
    homeward: Harness, trio: Trio
) -> None:
    """Monday 5 January 10:00: Blue Fox picks Wednesdays at 6pm. The prompts come then, not
    on Monday 12 January at 16:00 as by default."""
    await trio.child.command("checkin_time")
    picker, messages = trio.child.inbox()[-1], len(trio.child.inbox())
    assert picker.text == texts.CHECKIN_PICK_DAY
    days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    assert trio.child.buttons(picker) == days
    await trio.child.press(picker, "Wednesday")
    assert trio.child.reads(picker) == texts.CHECKIN_PICK_TIME.format(day="Wednesday")
    assert trio.child.buttons_now(picker)[::12] == ["8am", "8pm"]
    await trio.child.press(picker, "6pm")
    done = texts.CHECKIN_TIME_SET.format(when="on Wednesday at 6pm")
    assert trio.child.reads(picker) == done and len(trio.child.inbox()) == messages
    wednesday = datetime(2026, 1, 7, 18, 0, tzinfo=UTC)
    await homeward.advance_to(wednesday - timedelta(minutes=1))
    assert prompts(trio.child) == []
    await homeward.advance_to(wednesday)
    await homeward.advance_to(wednesday + timedelta(days=7))
    assert prompts(trio.child) == [wednesday, wednesday + timedelta(days=7)]
    assert trio.child.buttons_now(picker) == []  # nothing left to press


async def test_the_end_of_a_check_in_says_when_the_next_comes_and_offers_another_time(
    homeward: Harness, trio: Trio
) -> None:
    await trio.child.command("checkin")
    await trio.child.press(trio.child.inbox()[-1], "😊 Good")
    await trio.child.press(trio.child.inbox()[-1], "Yes")
    await trio.child.press(trio.child.inbox()[-1], texts.SKIP)
    offer = trio.child.inbox()[-1]
    assert offer.text == texts.CHECKIN_NEXT.format(when="on Monday 12 January at 4pm")
    await trio.child.press(offer, texts.CHECKIN_CHANGE_TIME)
    assert trio.child.reads(offer) == texts.CHECKIN_PICK_DAY
    await trio.child.send("actually never mind")  # words mid-way still reach the worker
    assert trio.worker.last() == "💬 Blue Fox:\nactually never mind"
    await trio.child.press(offer, "Friday")
    await trio.child.press(offer, "8am")
    assert trio.child.reads(offer) == texts.CHECKIN_TIME_SET.format(when="on Friday at 8am")


async def test_a_time_chosen_for_later_the_same_day_starts_next_week(
    homeward: Harness, trio: Trio
) -> None:
    """Blue Fox answers Monday's 16:00 check-in, then picks Mondays at 6pm: the next one is
    a week on, not two hours later, and nobody is told a check-in went unanswered."""
    await homeward.advance_to(LONDON_16)
    await trio.child.press(trio.child.inbox()[-1], "😊 Good")
    await trio.child.press(trio.child.inbox()[-1], "Yes")
    await trio.child.press(trio.child.inbox()[-1], texts.SKIP)
    await trio.child.command("checkin_time")
    picker = trio.child.inbox()[-1]
    await trio.child.press(picker, "Monday")
    await trio.child.press(picker, "6pm")
    assert trio.child.reads(picker) == texts.CHECKIN_TIME_SET.format(
        when="on Monday 19 January at 6pm"
    )
    await homeward.advance_to(LONDON_16 + timedelta(days=7, hours=2))
    assert prompts(trio.child) == [LONDON_16, LONDON_16 + timedelta(days=7, hours=2)]
    await homeward.advance(timedelta(days=3))
    assert not any("hasn't answered" in t for t in trio.worker.texts()[:-1])
