"""Every word reaches the person it was meant for: the cases where it used not to, played over
the Bot API as a worker with several children, a child at night, a child with no worker, and a
child whose case is closed."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, func, select

from bot.sandbox.double import SentMessage
from bot.storage.models import Child, Invite, Review
from bot.wording import texts
from tests.harness import Harness, Person, Trio, urgent_alert

URGENT = urgent_alert("Blue Fox")
FRIDAY_NIGHT = datetime(2026, 1, 9, 23, 30, tzinfo=UTC)  # out of hours, in quiet hours


@pytest.fixture
async def red_kite(homeward: Harness, trio: Trio) -> Person:
    """A second child of Sam Patel's, who has just written to him."""
    kite = await homeward.enrol_child(trio.worker, "Red Kite")
    await kite.send("can you call me?")
    return kite


def relayed(worker: Person, text: str) -> SentMessage:
    return next(m for m in reversed(worker.inbox()) if m.text and m.text.endswith(text))


def count(homeward: Harness, model: type) -> int:
    with Session(homeward.engine) as session:
        return session.exec(select(func.count()).select_from(model)).one()


async def test_a_reply_to_another_child_in_the_middle_of_a_review_goes_to_that_child(
    homeward: Harness, trio: Trio, red_kite: Person
) -> None:
    await trio.worker.command("review", "Blue Fox")
    assert trio.worker.last().startswith("What does Blue Fox say")
    fox_before = len(trio.child.inbox())
    kite = relayed(trio.worker, "call me?")
    await trio.worker.send("Yes, I'll call you at 4", reply_to=kite.message_id)
    assert red_kite.last() == "Yes, I'll call you at 4\n\n— Sam Patel"
    assert len(trio.child.inbox()) == fox_before
    assert trio.worker.texts()[-2:] == [
        texts.RECEIPT_TO_WORKER.format(alias="Red Kite"),
        "Your review of Blue Fox is still open. "
        + texts.EXPECTS[("review", "view")].format(alias="Blue Fox"),
    ]
    await trio.worker.send("Things are calmer at home")
    await trio.worker.press(trio.worker.inbox()[-1], "Keep 2026-02-02")
    with Session(homeward.engine) as session:
        assert session.exec(select(Review.child_view)).all() == ["Things are calmer at home"]
    await trio.manager.command("export", "Blue Fox")
    document = next(c for c in reversed(homeward.double.calls) if c.method == "sendDocument")
    assert "call you at 4" not in document.params["document"].content.decode()


async def test_after_a_bad_alias_a_reply_to_a_child_still_goes_to_the_child(
    homeward: Harness, trio: Trio, red_kite: Person
) -> None:
    children, invites = count(homeward, Child), count(homeward, Invite)
    await trio.worker.command("add_child", "Fox!")
    assert trio.worker.last() == texts.BAD_ALIAS
    await trio.worker.send("See you soon", reply_to=relayed(trio.worker, "call me?").message_id)
    assert red_kite.last() == "See you soon\n\n— Sam Patel"
    assert (count(homeward, Child), count(homeward, Invite)) == (children, invites)
    assert trio.worker.last().startswith("Adding a child is still open.")


async def test_with_msg_waiting_for_its_text_a_reply_goes_to_the_child_replied_to(
    trio: Trio, red_kite: Person
) -> None:
    await trio.worker.command("msg", "Blue Fox")
    fox_before = len(trio.child.inbox())
    await trio.worker.send("Hello Red Kite", reply_to=relayed(trio.worker, "call me?").message_id)
    assert red_kite.last() == "Hello Red Kite\n\n— Sam Patel"
    assert len(trio.child.inbox()) == fox_before
    await trio.worker.send("Hi Blue Fox")
    assert trio.child.last() == "Hi Blue Fox\n\n— Sam Patel"


async def test_words_of_danger_at_the_checkin_step_raise_the_alarm_at_once(
    homeward: Harness, trio: Trio
) -> None:
    duty = await homeward.enrol_worker(trio.manager, "Ann Lee")
    await trio.manager.command("duty", "Ann Lee")
    await trio.worker.command("missing", "Blue Fox")
    await homeward.advance_to(FRIDAY_NIGHT)
    await trio.child.command("checkin")
    await trio.child.press(trio.child.inbox()[-1], "😟 Not great")
    await trio.child.press(trio.child.inbox()[-1], "No")
    assert trio.child.last() == texts.CHECKIN_COMMENT.format(worker="Sam Patel")
    await trio.child.send("I am not safe at home tonight")
    words = "💬 Blue Fox (check-in, missing now):\nI am not safe at home tonight"
    missing = texts.ALERT_CONTEXT.format(details="Sam Patel's child, missing now")
    alert = texts.URGENT_ALERT.format(alias="Blue Fox") + missing
    assert alert in trio.worker.texts() and words in trio.worker.texts()
    assert alert in trio.manager.texts()
    assert (
        texts.MISSING_MESSAGE.format(alias="Blue Fox", text="I am not safe at home tonight")
        in trio.manager.texts()
    )
    on_duty = texts.RELAY_WHO_ON_DUTY.format(alias="Blue Fox")
    assert f"💬 {on_duty}:\nI am not safe at home tonight" in duty.texts()
    mark = texts.ON_DUTY_MARK.format(worker="Sam Patel")
    assert any(t.startswith(mark + "🚨 URGENT: Blue Fox") for t in duty.texts())
    assert any("999" in t and "Sam Patel" in t for t in trio.child.texts()[-3:])


async def test_a_child_whose_worker_was_deactivated_reaches_the_managers_and_the_next_worker(
    homeward: Harness, trio: Trio
) -> None:
    ann = await homeward.enrol_worker(trio.manager, "Ann Lee")
    await trio.manager.command("deactivate", "Sam Patel")
    await trio.child.send("anyone there?")
    assert trio.manager.last() == "💬 Blue Fox (needs a worker):\nanyone there?"
    assert trio.child.last() == texts.NO_WORKER_RECEIPT.format(managers="Maria Lopez")
    await trio.manager.send("I'm here, Blue Fox", reply_to=trio.manager.inbox()[-1].message_id)
    assert trio.child.last() == "I'm here, Blue Fox\n\n— Maria Lopez"
    await trio.manager.command("overdue")
    assert trio.manager.last().splitlines()[1].startswith("• Blue Fox (no risk level set) has no")
    await trio.manager.command("reassign", "Blue Fox Ann Lee")
    handover = ann.last()
    assert "from Sam Patel" in handover and "“anyone there?”" in handover
    assert trio.child.last() == texts.NEW_WORKER_TO_CHILD.format(worker="Ann Lee")
    await trio.child.send("hi Ann")
    assert ann.last() == "💬 Blue Fox:\nhi Ann"


@pytest.mark.parametrize("how", ["words", "command"])
async def test_a_child_whose_case_is_closed_still_gets_help_at_once(
    homeward: Harness, trio: Trio, how: str
) -> None:
    await trio.manager.command("close", "Blue Fox")
    if how == "words":
        await trio.child.send("I'm not safe. please help")
    else:
        await trio.child.command("urgent")
    assert texts.STRANGER not in trio.child.texts()
    assert any("999" in t and "Maria Lopez" in t for t in trio.child.texts()[-2:])
    assert trio.manager.texts().count(texts.URGENT_ALERT.format(alias="Blue Fox")) == 1


async def test_a_child_whose_case_is_closed_is_answered_kindly_and_heard(
    homeward: Harness, trio: Trio
) -> None:
    await trio.manager.command("close", "Blue Fox")
    await trio.child.send("hello, is anyone there?")
    assert trio.child.last() == texts.CLOSED_CASE_RECEIPT.format(managers="Maria Lopez")
    assert trio.manager.last() == "💬 Blue Fox (case closed):\nhello, is anyone there?"
    await trio.child.command("checkin")
    assert trio.child.last() == texts.CASE_CLOSED_TO_CHILD
    assert texts.STRANGER not in trio.child.texts()


# Commands that need a child ask for one -----------------------------------------------------


async def _missing(homeward: Harness, trio: Trio) -> None:
    await trio.worker.command("missing", "Blue Fox")


async def _returned(homeward: Harness, trio: Trio) -> None:
    await _missing(homeward, trio)
    await trio.worker.command("returned", "Blue Fox")


async def _nothing(homeward: Harness, trio: Trio) -> None:
    return None


ASKED = {  # command: (who, what must be true first, the start of the answer once chosen)
    "missing": ("worker", _nothing, "Blue Fox is recorded as missing"),
    "returned": ("worker", _missing, "Blue Fox is back"),
    "rhi": ("worker", _returned, "Return home interview for Blue Fox"),
    "review": ("worker", _nothing, "What does Blue Fox say"),
    "msg": ("worker", _nothing, "What would you like to send to Blue Fox"),
    "risk": ("worker", _nothing, "What is Blue Fox's risk level"),
    "intervention": ("worker", _nothing, "What help is starting for Blue Fox"),
    "export": ("manager", _nothing, "Everything Homeward holds about Blue Fox"),
    "close": ("manager", _nothing, "Blue Fox's case is closed"),
    "erase": ("manager", _nothing, "This erases everything Homeward holds about Blue Fox"),
    "reassign": ("manager", _nothing, "Who should be Blue Fox's new trusted worker"),
}


@pytest.mark.parametrize("command", sorted(ASKED))
async def test_a_command_sent_without_a_child_asks_which_one_with_buttons(
    homeward: Harness, trio: Trio, command: str
) -> None:
    who, before, answer = ASKED[command]
    await homeward.enrol_worker(trio.manager, "Ann Lee")
    await before(homeward, trio)
    person = trio.worker if who == "worker" else trio.manager
    await person.command(command)
    question = person.inbox()[-1]
    assert question.text == texts.PICK_CHILD.format(command=command)
    assert person.buttons(question) == ["Blue Fox"]
    await person.press(question, "Blue Fox")
    assert person.last().startswith(answer)


async def test_only_the_children_a_command_can_act_on_are_offered(
    homeward: Harness, trio: Trio
) -> None:
    await homeward.enrol_child(trio.worker, "Red Kite")
    await trio.worker.command("returned")
    assert trio.worker.last() == texts.NOTHING_TO_PICK["returned"]
    await trio.worker.command("missing", "Red Kite")
    await trio.worker.command("returned")
    assert trio.worker.buttons(trio.worker.inbox()[-1]) == ["Red Kite"]
    await trio.worker.send("red kite")
    assert trio.worker.last().startswith("Red Kite is back")


async def test_thirty_children_are_offered_a_page_at_a_time(homeward: Harness, trio: Trio) -> None:
    for n in range(29):
        await trio.worker.command("add_child", f"Child {n:02d}")
    await trio.worker.command("review")
    first = trio.worker.inbox()[-1]
    names = trio.worker.buttons(first)
    assert len(names) == 21 and names[-1] == texts.PICK_MORE
    await trio.worker.press(first, texts.PICK_MORE)
    rest = trio.worker.buttons(trio.worker.inbox()[-1])
    assert len(rest) == 10 and set(names[:-1]) | set(rest) == {
        "Blue Fox",
        *(f"Child {n:02d}" for n in range(29)),
    }
    await trio.worker.press(trio.worker.inbox()[-1], "Child 28")
    assert trio.worker.last().startswith("What does Child 28 say")


async def test_a_typed_name_that_is_no_child_of_theirs_keeps_the_question_open(
    homeward: Harness, trio: Trio
) -> None:
    await trio.worker.command("review")
    await trio.worker.send("Nobody Here")
    assert trio.worker.texts()[-2:] == [
        texts.NO_SUCH_CHILD.format(alias="Nobody"),
        f"{texts.PICK_EXPECTS} {texts.CANCEL_HINT}",
    ]
    await trio.worker.send("Blue Fox")
    assert trio.worker.last().startswith("What does Blue Fox say")
    assert count(homeward, Child) == 1, "picking never creates anything"


# What a child writes comes first, whatever form it takes ------------------------------------


async def test_words_after_a_command_are_the_childs_words_too(
    homeward: Harness, trio: Trio
) -> None:
    await trio.child.command("help", "I'm not safe at home")
    assert URGENT in trio.worker.texts() and URGENT in trio.manager.texts()
    assert "💬 Blue Fox:\nI'm not safe at home" in trio.worker.texts()
    assert trio.child.last() == texts.HELP_CHILD.format(worker="Sam Patel")
    await trio.child.command("urgent", "he is outside my door")
    assert "💬 Blue Fox:\nhe is outside my door" in trio.worker.texts()
    assert trio.worker.texts().count(URGENT) == 1, "asked again while it waits: the same call"
    assert any(t.startswith("🚨 URGENT, AGAIN: Blue Fox") for t in trio.worker.texts())


async def test_a_caption_is_passed_on_and_its_words_checked(homeward: Harness, trio: Trio) -> None:
    await homeward.act(homeward.double.send_photo(trio.child.id, caption="I'm not safe"))
    assert URGENT in trio.worker.texts() and "💬 Blue Fox:\nI'm not safe" in trio.worker.texts()
    assert texts.CAPTION_ONLY in trio.child.texts()


async def test_a_missing_child_who_sends_a_photo_is_still_heard(
    homeward: Harness, trio: Trio
) -> None:
    await trio.worker.command("missing", "Blue Fox")
    await homeward.act(homeward.double.send_photo(trio.child.id))
    notice = texts.MISSING_MEDIA.format(alias="Blue Fox")
    assert notice in trio.worker.texts() and notice in trio.manager.texts()
    assert trio.child.last() == texts.NOT_PASSED_ON.format(worker="Sam Patel")


# Staff replies, and what a reply is not ------------------------------------------------------


async def test_a_reply_to_a_reminder_about_one_child_is_no_answer_about_another(
    homeward: Harness, trio: Trio, red_kite: Person
) -> None:
    await homeward.advance(timedelta(days=26, hours=-1))  # 09:00, two days before the review
    reminder = next(m for m in trio.worker.inbox() if "\n⏰ Red Kite" in (m.text or ""))
    assert "\n⏰ Blue Fox" in (reminder.text or ""), "one message about both children"
    children = count(homeward, Child)
    await trio.worker.command("add_child")
    await trio.worker.send("Welcome", reply_to=reminder.message_id)
    assert trio.worker.texts()[-2:] == [
        texts.REPLY_ABOUT_NOTICES,
        "Adding a child is still open. " + texts.EXPECTS[("add_child", "alias")],
    ]
    assert count(homeward, Child) == children and "Welcome" not in red_kite.texts()[-1]
    await trio.worker.send("Green Frog")
    assert count(homeward, Child) == children + 1


async def test_a_manager_answers_a_child_with_msg(trio: Trio) -> None:
    await trio.manager.command("msg", "Blue Fox We're here for you")
    assert trio.child.last() == "We're here for you\n\n— Maria Lopez"


async def test_a_long_message_to_a_child_keeps_the_name_with_the_words(trio: Trio) -> None:
    long = "word " * 1000
    await trio.worker.command("msg", f"Blue Fox {long}")
    parts = trio.child.texts()[-2:]
    assert parts[1].endswith("\n\n— Sam Patel") and not parts[0].endswith("— ")
    assert "".join(parts).replace("\n\n— Sam Patel", "").split() == long.split()


# Commands that need something ask for it, and what no longer fits says so -------------------


async def test_an_alias_that_ends_like_a_risk_level_is_still_that_child(
    homeward: Harness, trio: Trio
) -> None:
    await trio.worker.command("add_child", "Jo")
    await trio.worker.command("add_child", "Jo Low")
    await trio.worker.command("risk")
    await trio.worker.press(trio.worker.inbox()[-1], "Jo Low")
    assert trio.worker.last() == texts.ASK_RISK.format(alias="Jo Low")
    await trio.worker.press(trio.worker.inbox()[-1], "High")
    assert trio.worker.last().startswith("Jo Low is high risk now.")
    with Session(homeward.engine) as session:
        risks = dict(session.exec(select(Child.alias, Child.risk_level)).all())
    assert (risks["Jo"], risks["Jo Low"]) == ("none", "high")


async def test_deactivate_and_duty_ask_who(homeward: Harness, trio: Trio) -> None:
    await homeward.enrol_worker(trio.manager, "Ann Lee")
    await trio.manager.command("duty")
    assert trio.manager.buttons(trio.manager.inbox()[-1]) == [
        "Ann Lee",
        "Maria Lopez",
        "Sam Patel",
        texts.DUTY_OFF_BUTTON,
    ]
    await trio.manager.press(trio.manager.inbox()[-1], "Ann Lee")
    assert trio.manager.last().startswith("Ann Lee is on duty for North")
    await trio.manager.command("deactivate")
    await trio.manager.send("ann lee")
    assert trio.manager.last() == (
        texts.DEACTIVATED_NONE.format(name="Ann Lee") + texts.WAS_ON_DUTY.format(name="Ann Lee")
    )


async def test_a_deactivated_worker_is_told_and_what_was_on_its_way_to_them_is_handed_on(
    homeward: Harness, trio: Trio
) -> None:
    await trio.worker.command("review", "Blue Fox")
    homeward.double.fail_next("sendMessage", status=502, chat_id=trio.worker.id)
    await trio.child.send("are you there?")  # held for the worker's chat, to be tried again
    await trio.manager.command("deactivate", "Sam Patel")
    await homeward.advance(timedelta(minutes=10))
    assert texts.WITHDRAWN_COPY.format(name="Sam Patel") + "💬 Blue Fox:\nare you there?" in (
        trio.manager.texts()
    )
    assert not any("are you there?" in t for t in trio.worker.texts())
    assert trio.worker.last() == (
        texts.ACCESS_ENDED.format(manager="Maria Lopez")
        + "\nYour review of Blue Fox has stopped. Nothing of it was saved."
    )


async def test_a_closed_case_is_not_reassigned_or_closed_again(
    homeward: Harness, trio: Trio
) -> None:
    await homeward.enrol_worker(trio.manager, "Ann Lee")
    await trio.manager.command("close", "Blue Fox")
    await trio.manager.command("reassign", "Blue Fox Ann Lee")
    assert trio.manager.last() == texts.CASE_IS_CLOSED.format(alias="Blue Fox")
    await trio.manager.command("close", "Blue Fox")
    assert trio.manager.last() == texts.ALREADY_CLOSED.format(alias="Blue Fox")


async def test_a_grade_pressed_after_the_return_changes_nothing(
    homeward: Harness, trio: Trio
) -> None:
    await trio.worker.command("missing", "Blue Fox")
    grades = trio.worker.inbox()[-1]
    await trio.worker.command("returned", "Blue Fox")
    before = len(trio.manager.inbox())
    await trio.worker.press(grades, "High")
    assert len(trio.manager.inbox()) == before
    assert not any(t.startswith("🔴 HIGH RISK") for t in trio.manager.texts())


async def test_a_check_in_left_part_way_still_reaches_the_worker(trio: Trio) -> None:
    await trio.child.command("checkin")
    await trio.child.press(trio.child.inbox()[-1], "😐 OK")
    await trio.child.command("checkin")
    assert trio.worker.last().startswith("📋 Blue Fox answered part of this week's check-in")
    assert "😐 OK" in trio.worker.last()


# A typed answer after another child wrote ----------------------------------------------------


async def test_words_typed_after_another_child_wrote_are_checked_before_they_go(
    homeward: Harness, trio: Trio, red_kite: Person
) -> None:
    """Sam asks to message Blue Fox; Red Kite writes; Sam types words meant for Red Kite. They
    go nowhere until Sam says whom they are for."""
    await trio.worker.command("msg", "Blue Fox")
    await red_kite.send("sorry i missed the checkin, phone was dead")
    child_had = len(trio.child.inbox())
    await trio.worker.send("No worries Kite, glad you're ok")
    held = trio.worker.inbox()[-1]
    assert held.text == texts.HELD_ASK.format(
        other="Red Kite", alias="Blue Fox", words="No worries Kite, glad you're ok"
    )
    assert len(trio.child.inbox()) == child_had, "nothing went to Blue Fox"
    await trio.worker.press(held, texts.HELD_NO)
    assert trio.worker.last() == texts.HELD_DROPPED.format(alias="Blue Fox")
    await trio.worker.send(
        "No worries Kite", reply_to=relayed(trio.worker, "phone was dead").message_id
    )
    assert red_kite.last() == "No worries Kite\n\n— Sam Patel"
    await trio.worker.send("See you Thursday")  # asked again, as nobody else wrote since
    assert trio.child.last() == "See you Thursday\n\n— Sam Patel"


async def test_a_childs_view_typed_after_another_child_wrote_is_saved_once_confirmed(
    homeward: Harness, trio: Trio, red_kite: Person
) -> None:
    await trio.worker.command("review", "Blue Fox")
    await trio.worker.press(trio.worker.inbox()[-1], texts.REVIEW_NO_VIEW)
    await red_kite.send("scared to go home")  # urgent words, to Sam and the managers
    await trio.worker.send("Blue Fox was at football camp")
    held = trio.worker.inbox()[-1]
    await trio.worker.send("Kite, stay where you are")  # meant for Red Kite: asked again
    assert trio.worker.last() == texts.HELD_ASK.format(
        other="Red Kite", alias="Blue Fox", words="Kite, stay where you are"
    )
    await trio.worker.press(held, texts.HELD_YES.format(alias="Blue Fox"))  # the earlier ask
    assert trio.worker.last() == texts.HELD_OLD, "the later words are not taken for the earlier"
    await trio.worker.send("Blue Fox was at football camp")
    held = trio.worker.inbox()[-1]
    await trio.worker.press(held, texts.HELD_YES.format(alias="Blue Fox"))
    assert trio.worker.last().startswith("Next review for Blue Fox")
    assert count(homeward, Review) == 0  # still asking for the date
    await trio.worker.send("20/01/2026")
    with Session(homeward.engine) as session:
        review = session.exec(select(Review)).one()
    assert review.no_view_reason == "Blue Fox was at football camp"


async def test_a_deactivated_worker_is_left_the_menu_of_those_not_enrolled(
    homeward: Harness, trio: Trio
) -> None:
    await trio.manager.command("deactivate", "Sam Patel")
    menu = homeward.double.commands_for({"type": "chat", "chat_id": trio.worker.id})
    assert {c["command"] for c in menu} == {"start", "help"}
