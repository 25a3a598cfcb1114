"""Safe by design: urgent help, out of hours, private chats only, invites, data rights, audit,
and encryption at rest, over the Bot API."""

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import Session, select

from bot.cli import audit_lines
from bot.outbox.queue import Outgoing, Priority, enqueue
from bot.storage.crypto import Keyring, new_key, use_keyring
from bot.storage.db import rotate_keys
from bot.storage.models import Message, Outbox, OutboxStatus
from bot.wording import texts
from tests.conftest import TEST_KEY
from tests.harness import Harness, Trio, start_code, urgent_alert

URGENT = urgent_alert("Blue Fox")


@pytest.mark.parametrize(
    "words", ["I'm not safe here", "he HURT ME again", "i want to kill myself"]
)
async def test_words_of_danger_bring_help_at_once(
    homeward: Harness, trio: Trio, words: str
) -> None:
    await homeward.advance_to(datetime(2026, 1, 5, 23, 30, tzinfo=UTC))  # in quiet hours
    await trio.child.send(words)
    assert "999" in trio.child.texts()[-2] or "999" in trio.child.last()
    assert URGENT in trio.worker.texts() and f"💬 Blue Fox:\n{words}" in trio.worker.texts()
    assert URGENT in trio.manager.texts()


async def test_ordinary_words_are_not_an_alarm(trio: Trio) -> None:
    await trio.child.send("I feel safe now, nothing hurts")
    assert URGENT not in trio.worker.texts()


async def test_an_urgent_alert_jumps_3000_queued_reminders(homeward: Harness, trio: Trio) -> None:
    """With Telegram's pacing on, the alert goes long before the queue drains (3,000 rows at 30
    a second take 100 s): urgent rows go first, whatever waits. Ordered, not timed: how soon is
    the benchmarks' business (`bench/burst.py`)."""
    await homeward.stop()
    people = [homeward.double.add_user(f"Person {n}") for n in range(3000)]
    with Session(homeward.engine) as session:
        for n, person in enumerate(people):
            enqueue(
                session,
                chat_id=person.id,
                key=f"bulk:{n}",
                outgoing=Outgoing.text(f"reminder {n}"),
                now=homeward.clock.now(),
                priority=Priority.REMINDER,
            )
        session.commit()
    homeward.paced = True
    await homeward.start()
    homeward.double.send_command(trio.child.id, "urgent")
    await homeward.double.wait_for(
        lambda: URGENT in trio.worker.texts() and URGENT in trio.manager.texts(), timeout=60.0
    )
    reminders = sum(m.text.startswith("reminder ") for m in homeward.double.sent if m.text)
    assert reminders < 1500, "the alert waited for half the queue"


async def test_the_bot_leaves_groups_and_channels(homeward: Harness, trio: Trio) -> None:
    group = homeward.double.add_bot_to_group(trio.worker.id, "Staff room")
    await homeward.settle()
    assert homeward.double.texts_to(group) == [texts.PRIVATE_ONLY]
    assert group in homeward.double.left_chats


async def test_five_wrong_codes_lock_out_for_an_hour(homeward: Harness, trio: Trio) -> None:
    await trio.worker.command("add_child", "Green Frog")
    good = start_code(trio.worker.last_link())
    guesser = homeward.person("Eve")
    for n in range(5):
        await guesser.command("start", f"wrong{n}")
    await guesser.command("start", good)
    assert guesser.last() == texts.INVITE_LOCKED
    await homeward.advance(timedelta(minutes=59))
    await guesser.command("start", good)
    assert guesser.last() == texts.INVITE_LOCKED
    await homeward.advance(timedelta(minutes=1))
    await guesser.command("start", good)
    assert guesser.last().startswith("Hi, welcome to Homeward")


async def test_a_manager_lists_and_revokes_invites(homeward: Harness, trio: Trio) -> None:
    await trio.manager.command("invite_worker", "Zed Cole")
    code = start_code(trio.manager.last_link())
    await trio.manager.command("invites")
    listing = trio.manager.inbox()[-1]
    assert (listing.text or "").startswith(
        f"{texts.INVITES_HEAD}\n• Zed Cole (worker): the link works until"
    )
    await trio.manager.press(listing, texts.REVOKE_BUTTON.format(name="Zed Cole"))
    assert trio.manager.last() == texts.INVITE_REVOKED
    zed = homeward.person("Zed")
    await zed.command("start", code)
    assert zed.last() == texts.INVITE_NOT_VALID


async def test_expired_invites_are_listed_apart_with_a_button_for_a_new_link(
    homeward: Harness, trio: Trio
) -> None:
    """Red Kite's link ran out and Green Owl's still works: the worker sees both, the ones
    still open first; a new link for Red Kite works, and the list says so."""
    await trio.worker.command("add_child", "Red Kite")
    await homeward.advance(timedelta(days=8))  # past the invite's days
    await trio.worker.command("add_child", "Green Owl")
    await trio.worker.command("invites")
    listing = trio.worker.inbox()[-1]
    head, green, red = (listing.text or "").split("\n")
    assert head == texts.INVITES_HEAD
    assert green.startswith("• Green Owl (child): the link works until")
    assert red.startswith("• Red Kite (child): the link ran out on")
    assert trio.worker.buttons(listing) == [
        texts.REVOKE_BUTTON.format(name="Green Owl"),
        texts.NEW_LINK_BUTTON.format(name="Green Owl"),
        texts.NEW_LINK_BUTTON.format(name="Red Kite"),
    ]
    await trio.worker.press(listing, texts.NEW_LINK_BUTTON.format(name="Red Kite"))
    red_kite = homeward.person("Kit")
    await red_kite.command("start", start_code(trio.worker.last_link()))
    assert "Sam Patel" in red_kite.last()
    await trio.worker.command("invites")
    assert "Red Kite" not in trio.worker.last()
    await trio.manager.command("invites")  # the manager sees the team's
    assert "• Green Owl (child): the link works until" in trio.manager.last()


async def test_export_close_and_erase(homeward: Harness, trio: Trio) -> None:
    await trio.child.send("my words")
    await trio.manager.command("export", "Blue Fox")
    export = trio.manager.inbox()[-1]
    assert export.method == "sendDocument" and not export.protect_content, "theirs to keep"
    document = next(c for c in reversed(homeward.double.calls) if c.method == "sendDocument")
    data = json.loads(document.params["document"].content)
    assert data["child"]["alias"] == "Blue Fox"
    assert [m["text"] for m in data["messages"]] == ["my words"]
    assert data["trusted_workers"][0]["worker"] == "Sam Patel"

    await trio.manager.command("close", "Blue Fox")
    assert trio.child.last() == texts.GOODBYE
    await trio.child.send("hello?")
    assert trio.child.last() == texts.CLOSED_CASE_RECEIPT.format(managers="Maria Lopez")
    await trio.manager.command("erase", "Blue Fox")
    await trio.manager.press(trio.manager.inbox()[-1], "Erase Blue Fox for good")
    assert trio.manager.last() == texts.ERASED.format(alias="Blue Fox")
    with Session(homeward.engine) as session:
        assert session.exec(select(Message)).all() == []
    lines = audit_lines(homeward.settings, "North", "#erased-1")
    assert [line.split("  ")[1:] for line in lines][-4:] == [
        ["manager Maria Lopez (#1)", "export"],
        ["manager Maria Lopez (#1)", "close case"],
        ["manager Maria Lopez (#1)", "asked to erase"],
        ["manager Maria Lopez (#1)", "erased"],
    ]


async def test_closed_cases_are_erased_after_the_retention_period(
    homeward: Harness, trio: Trio
) -> None:
    await trio.child.send("my words")
    await trio.manager.command("close", "Blue Fox")
    await homeward.advance(timedelta(days=364))
    with Session(homeward.engine) as session:
        assert len(session.exec(select(Message)).all()) == 1
    await homeward.advance(timedelta(days=1))
    with Session(homeward.engine) as session:
        assert session.exec(select(Message)).all() == []


async def test_every_read_and_change_is_audited(homeward: Harness, trio: Trio) -> None:
    await trio.worker.command("msg", "Blue Fox hi")
    await trio.worker.command("risk", "Blue Fox high")
    await trio.worker.command("intervention", "Blue Fox mentoring")
    await trio.manager.command("export", "Blue Fox")
    lines = audit_lines(homeward.settings, "North", "blue fox")
    assert [line.split("  ")[1:] for line in lines] == [
        ["worker Sam Patel (#2)", "message child"],
        ["worker Sam Patel (#2)", "set risk"],
        ["worker Sam Patel (#2)", "start intervention"],
        ["manager Maria Lopez (#1)", "export"],
    ]


async def test_no_plaintext_of_a_message_is_stored(homeward: Harness, trio: Trio) -> None:
    secret = "my dad's friend Kevin lives on Orchard Lane"
    await trio.child.send(secret)
    await trio.worker.command("msg", f"Blue Fox {secret}")
    if homeward.engine.dialect.name == "sqlite":
        path = homeward.engine.url.database
        assert path is not None
        files = [Path(path), Path(f"{path}-wal")]
        stored = b"".join(file.read_bytes() for file in files if file.exists())
        assert b"Orchard" not in stored and "Orchard".encode("utf-16-le") not in stored
    else:
        with homeward.engine.connect() as connection:
            dump = connection.execute(
                text("SELECT string_agg(t::text, '|') FROM (SELECT * FROM message) t")
            ).scalar_one()
            outbox = connection.execute(
                text("SELECT string_agg(coalesce(payload, ''), '|') FROM outbox")
            ).scalar_one()
        assert "Orchard" not in dump and "Orchard" not in (outbox or "")


async def test_a_new_key_can_be_put_first_and_old_text_rotated(
    homeward: Harness, trio: Trio
) -> None:
    await trio.child.send("remember this")
    newer = new_key()
    try:
        use_keyring(Keyring(f"{newer},{TEST_KEY}"))
        assert rotate_keys(homeward.engine) > 0
        use_keyring(Keyring(newer))
        with Session(homeward.engine) as session:
            assert session.exec(select(Message.body)).all() == ["remember this"]
    finally:
        use_keyring(Keyring(f"{TEST_KEY},{newer}"))


async def test_delivered_rows_keep_no_text(homeward: Harness, trio: Trio) -> None:
    await trio.child.send("gone after sending")
    with Session(homeward.engine) as session:
        sent = session.exec(select(Outbox).where(Outbox.status == OutboxStatus.SENT)).all()
    assert sent and all(row.payload is None for row in sent)
