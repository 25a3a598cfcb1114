"""Messages both ways between a child and their named worker, over the Bot API."""

from datetime import timedelta

from sqlmodel import Session, select

from bot.rules import records
from bot.storage.models import Child, Direction, Message
from bot.wording import texts
from tests.harness import Harness, Trio


async def test_a_childs_words_reach_their_worker_labelled_and_the_child_gets_a_receipt(
    homeward: Harness, trio: Trio
) -> None:
    before = len(trio.worker.inbox())
    await trio.child.send("can we talk tomorrow?")
    relayed = trio.worker.inbox()[before:]
    assert [m.text for m in relayed] == ["💬 Blue Fox:\ncan we talk tomorrow?"]
    assert relayed[0].protect_content
    assert trio.child.last() == texts.RECEIPT_TO_CHILD.format(worker="Sam Patel")
    assert not [c for c in homeward.double.calls if c.method.lower() == "forwardmessage"]
    assert all("Kid" not in (m.text or "") for m in relayed), "no Telegram profile name"


async def test_a_worker_answers_by_replying_and_the_child_sees_their_name(
    homeward: Harness, trio: Trio
) -> None:
    await trio.child.send("hi")
    relayed = trio.worker.inbox()[-1]
    await trio.worker.send("Hi! Yes, 4pm works.", reply_to=relayed.message_id)
    assert trio.child.last() == "Hi! Yes, 4pm works.\n\n— Sam Patel"
    assert trio.child.inbox()[-1].protect_content
    assert trio.worker.last() == texts.RECEIPT_TO_WORKER.format(alias="Blue Fox")


async def test_a_worker_can_message_by_alias_in_any_case(trio: Trio) -> None:
    await trio.worker.command("msg", "blue fox See you on Tuesday")
    assert trio.child.last() == "See you on Tuesday\n\n— Sam Patel"


async def test_msg_asks_for_what_is_missing(trio: Trio) -> None:
    await trio.worker.command("msg")
    assert trio.worker.last() == texts.PICK_CHILD.format(command="msg")
    assert trio.worker.buttons(trio.worker.inbox()[-1]) == ["Blue Fox"]
    await trio.worker.send("BLUE FOX")
    assert trio.worker.last() == texts.ASK_MSG_TEXT.format(alias="Blue Fox")
    await trio.worker.send("Thinking of you")
    assert trio.child.last() == "Thinking of you\n\n— Sam Patel"
    await trio.worker.command("msg", "Blue Fox")
    assert trio.worker.last() == texts.ASK_MSG_TEXT.format(alias="Blue Fox")
    await trio.worker.command("msg")
    await trio.worker.press(trio.worker.inbox()[-1], "Blue Fox")
    assert trio.worker.texts()[-3:] == [
        "Your message to Blue Fox has stopped. Nothing was sent.",
        texts.PICK_CHILD.format(command="msg"),
        texts.ASK_MSG_TEXT.format(alias="Blue Fox"),
    ]


async def test_voice_stickers_and_edits_are_passed_on(homeward: Harness, trio: Trio) -> None:
    double = homeward.double
    before = len(trio.worker.inbox())
    await homeward.act(double.send_voice(trio.child.id))
    voice = trio.worker.inbox()[-1]
    assert voice.method == "sendVoice" and voice.text == texts.RELAY_VOICE.format(alias="Blue Fox")
    await homeward.act(double.send_sticker(trio.child.id))
    assert [m.method for m in trio.worker.inbox()[-2:]] == ["sendMessage", "sendSticker"]
    sent = await trio.child.send("I'm at home")
    await homeward.act(
        double.edit_text(trio.child.id, sent["message"]["message_id"], "I'm at my nan's")
    )
    assert trio.worker.last() == "✏️ Blue Fox changed a message:\nI'm at my nan's"
    assert len(trio.worker.inbox()) - before == 5
    replied = await trio.worker.send("ok", reply_to=voice.message_id)
    assert replied and trio.child.last() == "ok\n\n— Sam Patel"


async def test_photos_are_not_passed_on_and_the_child_is_told_kindly(
    homeward: Harness, trio: Trio
) -> None:
    before = len(trio.worker.inbox())
    await homeward.act(homeward.double.send_document(trio.child.id))
    assert len(trio.worker.inbox()) == before
    assert trio.child.last() == texts.NOT_PASSED_ON.format(worker="Sam Patel")
    await homeward.act(homeward.double.send_photo(trio.child.id, caption="look at this"))
    assert trio.worker.texts()[before:] == ["💬 Blue Fox:\nlook at this"], "words, not the photo"
    assert trio.child.texts()[-2:] == [
        texts.RECEIPT_TO_CHILD.format(worker="Sam Patel"),
        texts.CAPTION_ONLY,
    ]


async def test_a_long_message_arrives_whole_in_parts(homeward: Harness, trio: Trio) -> None:
    words = " ".join(f"w{i}" for i in range(1500))
    assert len(words) > 4096
    before = len(trio.worker.inbox())
    await trio.child.send(words)
    parts = [m.text or "" for m in trio.worker.inbox()[before:]]
    assert len(parts) == 2 and parts[0].startswith("💬 Blue Fox (1/2):\n")
    assert "".join(p.split(":\n", 1)[1] for p in parts) == words


async def test_every_message_is_stored_encrypted_before_it_is_delivered(
    homeward: Harness, trio: Trio
) -> None:
    homeward.double.block(trio.worker.id)
    await trio.child.send("please don't tell anyone yet")
    with Session(homeward.engine) as session:
        stored = session.exec(select(Message)).all()
    assert [(m.direction, m.body) for m in stored] == [
        (Direction.FROM_CHILD, "please don't tell anyone yet")
    ]
    with homeward.engine.connect() as connection:
        raw = connection.exec_driver_sql("SELECT body FROM message").scalar_one()
    assert "tell anyone" not in raw


async def test_a_message_survives_a_failed_send_and_arrives_after_retries(
    homeward: Harness, trio: Trio
) -> None:
    double = homeward.double
    double.fail_next("sendMessage", status=429, retry_after=3, chat_id=trio.worker.id)
    double.fail_next("sendMessage", status=502, chat_id=trio.worker.id)
    before = len(trio.worker.inbox())
    await trio.child.send("are you there?")
    assert len(trio.worker.inbox()) == before
    await homeward.advance(timedelta(seconds=3))
    await homeward.advance(timedelta(seconds=2))
    assert trio.worker.texts()[before:] == ["💬 Blue Fox:\nare you there?"]


async def test_a_child_who_blocked_the_bot_is_reported_to_their_worker(
    homeward: Harness, trio: Trio
) -> None:
    homeward.double.block(trio.child.id)
    await trio.worker.command("msg", "Blue Fox hello")
    assert texts.UNDELIVERABLE_CHILD.format(alias="Blue Fox") in trio.worker.texts()


async def test_messages_sent_while_the_bot_is_down_are_handled_after_a_restart(
    homeward: Harness, trio: Trio
) -> None:
    await homeward.stop()
    update = homeward.double.send_text(trio.child.id, "anyone?")
    await homeward.start()
    await homeward.act(update)
    assert trio.worker.last() == "💬 Blue Fox:\nanyone?"


# The child can see their worker is there -------------------------------------------------------


async def test_the_receipt_changes_in_place_when_the_worker_presses_seen(trio: Trio) -> None:
    await trio.child.send("can we talk tomorrow")
    receipt = trio.child.inbox()[-1]
    assert receipt.text == texts.RECEIPT_TO_CHILD.format(worker="Sam Patel")
    words = trio.worker.inbox()[-1]
    received = len(trio.child.inbox())
    await trio.worker.press(words, texts.SEEN_BUTTON)
    assert len(trio.child.inbox()) == received, "no extra message"
    assert trio.child.reads(receipt) == texts.RECEIPT_SEEN.format(seer="Sam Patel")
    edits = [c for c in trio.worker.harness.double.calls if c.method == "editMessageText"]
    await trio.worker.press(words, texts.SEEN_BUTTON)  # once is enough
    assert len(trio.child.inbox()) == received
    assert [c for c in trio.worker.harness.double.calls if c.method == "editMessageText"] == edits


async def test_writing_back_marks_as_seen_only_what_reached_the_writer(trio: Trio) -> None:
    """Both messages reached Sam alone: Maria writing to Blue Fox has not seen them; Sam's
    reply to the second says he has seen both."""
    await trio.child.send("one")
    first = trio.child.inbox()[-1]
    await trio.child.send("two")
    second = trio.child.inbox()[-1]
    await trio.manager.command("msg", "Blue Fox Sam is on his way")
    assert trio.child.last() == "Sam is on his way\n\n— Maria Lopez"
    unseen = texts.RECEIPT_TO_CHILD.format(worker="Sam Patel")
    assert trio.child.reads(first) == unseen and trio.child.reads(second) == unseen
    await trio.worker.send("Thanks", reply_to=trio.worker.inbox()[-1].message_id)
    seen = texts.RECEIPT_SEEN.format(seer="Sam Patel")
    assert trio.child.reads(first) == seen and trio.child.reads(second) == seen


async def test_a_receipt_held_back_by_telegram_is_still_changed_once_it_goes(
    homeward: Harness, trio: Trio
) -> None:
    homeward.double.fail_next("sendMessage", status=429, retry_after=30, chat_id=trio.child.id)
    await trio.child.send("are you there")
    await trio.worker.press(trio.worker.inbox()[-1], texts.SEEN_BUTTON)
    assert not trio.child.inbox() or trio.child.last() != texts.RECEIPT_TO_CHILD.format(
        worker="Sam Patel"
    ), "the receipt waits"
    await homeward.advance(timedelta(seconds=31))
    receipt = trio.child.inbox()[-1]
    assert trio.child.reads(receipt) == texts.RECEIPT_SEEN.format(seer="Sam Patel")


async def test_receipts_that_carry_what_the_child_needs_are_never_changed(
    homeward: Harness, trio: Trio
) -> None:
    """A closed case's receipt holds the numbers to call: a manager seeing the words leaves it
    as it is."""
    with Session(homeward.engine) as session:
        child = session.exec(select(Child)).one()
        records.close(session, child, homeward.clock.now())
        session.commit()
    await trio.child.send("hello?")
    receipt = trio.child.inbox()[-1]
    told = trio.child.reads(receipt)
    assert "999" in told
    await trio.manager.press(trio.manager.inbox()[-1], texts.SEEN_BUTTON)
    assert trio.child.reads(receipt) == told


async def test_seen_from_someone_who_no_longer_has_the_child_changes_nothing(
    homeward: Harness, trio: Trio
) -> None:
    await trio.child.send("are you there")
    receipt, words = trio.child.inbox()[-1], trio.worker.inbox()[-1]
    ann = await homeward.enrol_worker(trio.manager, "Ann Lee")
    await trio.manager.command("reassign", "Blue Fox Ann Lee")
    await trio.worker.press(words, texts.SEEN_BUTTON)
    assert trio.child.reads(receipt) == texts.RECEIPT_TO_CHILD.format(worker="Sam Patel")
    assert ann.inbox(), "Ann has the handover"


async def test_seen_on_words_whose_receipt_cannot_change_says_so(
    homeward: Harness, trio: Trio
) -> None:
    """ "one" came in Sam's hours, "two" out of them (its receipt says when he is back): Seen
    on "two" changes the receipt of "one" and tells Sam truly that "two"'s cannot show it."""
    await trio.child.send("one")
    first = trio.child.inbox()[-1]
    await trio.worker.command("hours", "mon 11:00-17:00")  # 10:00 now: out of his hours
    await trio.child.send("two")
    away = trio.child.inbox()[-1]
    words = next(m for m in reversed(trio.worker.inbox()) if (m.text or "").endswith("two"))
    await trio.worker.press(words, texts.SEEN_BUTTON)
    answer = [c for c in homeward.double.calls if c.method == "answerCallbackQuery"][-1]
    assert answer.params.get("text") == texts.SEEN_NOTED.format(alias="Blue Fox")
    assert trio.child.reads(first) == texts.RECEIPT_SEEN.format(seer="Sam Patel")
    assert trio.child.reads(away) == away.text
