"""Enrolment of all three roles, over the Bot API, from the manager's command-line invite on."""

import asyncio
import os
import sys
from datetime import UTC, datetime, timedelta

from bot.sandbox.double import BotApiDouble
from bot.wording import texts
from tests.conftest import REPO_ROOT, TEST_KEY
from tests.harness import Harness, Trio, start_code


async def _cli(double: BotApiDouble, database_url: str, *args: str) -> tuple[int, str, str]:
    """Run `python -m bot ...` as an operator would, against the double."""
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": double.token,
        "TELEGRAM_API_URL": double.api_url,
        "DATABASE_URL": database_url,
        "HOMEWARD_SECRET_KEY": TEST_KEY,
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *args,
        cwd=REPO_ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await process.communicate()
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


async def test_manager_worker_and_child_enrol_through_the_bot_api(
    homeward: Harness, double: BotApiDouble, database_url: str
) -> None:
    homeward.clock.set(datetime.now(UTC))  # the command line reads the real clock
    code, out, _ = await _cli(
        double, database_url, "invite", "manager", "--name", "Maria Lopez", "--team", "North"
    )
    assert code == 0
    link = out.strip().splitlines()[-1]
    assert link.startswith("https://t.me/homeward_test_bot?start=")

    maria = homeward.person("Mia")
    await maria.command("start", start_code(link))
    assert "Maria Lopez" in maria.last() and "North" in maria.last()
    menu = {c["command"] for c in double.commands_for({"type": "chat", "chat_id": maria.id})}
    assert "invite_worker" in menu

    await maria.command("invite_worker", "Sam Patel")
    sam = homeward.person("Sammy")
    await sam.command("start", start_code(maria.last_link()))
    assert "Sam Patel" in sam.last()
    assert maria.last() == texts.WORKER_JOINED.format(name="Sam Patel")

    await sam.command("add_child", "Blue Fox")
    invite_text = next(t for t in sam.texts() if "Blue Fox is now on your list" in t)
    qr = sam.inbox()[-1]
    expires = invite_text.split("ends on ", 1)[1].split(".\n", 1)[0]
    caption = texts.QR_CAPTION.format(alias="Blue Fox", expires=expires)
    assert qr.method == "sendPhoto" and qr.text == caption, "whose code, and until when"

    child = homeward.person("Jay")
    await child.command("start", start_code(sam.last_link()))
    welcome = child.last()
    assert "Sam Patel is your trusted worker" in welcome
    assert "999" in welcome and "0800 1111" in welcome
    assert "Blue Fox" not in welcome, "the alias is the worker's word, not the child's"
    assert sam.last() == texts.CHILD_JOINED.format(alias="Blue Fox")
    assert invite_text.count("https://t.me/") == 1


async def test_people_are_called_by_their_invited_names_not_profile_names(
    homeward: Harness,
) -> None:
    manager = await homeward.enrol_manager("Maria Lopez")
    worker = await homeward.enrol_worker(manager, "Sam Patel")
    assert worker.user.first_name == "Sam"
    assert manager.last() == texts.WORKER_JOINED.format(name="Sam Patel")


async def test_a_used_code_does_not_work_again(homeward: Harness) -> None:
    manager = await homeward.enrol_manager()
    worker = await homeward.enrol_worker(manager)
    await worker.command("add_child", "Blue Fox")
    code = start_code(worker.last_link())
    child = homeward.person("Jay")
    await child.command("start", code)
    someone_else = homeward.person("Eve")
    await someone_else.command("start", code)
    assert someone_else.texts() == [texts.INVITE_NOT_VALID]
    await child.command("start", code)
    assert child.last() == texts.ALREADY_ENROLLED


async def test_a_code_expires_after_seven_days(homeward: Harness) -> None:
    manager = await homeward.enrol_manager()
    await manager.command("invite_worker", "Sam Patel")
    code = start_code(manager.last_link())
    await homeward.advance(timedelta(days=7))
    late = homeward.person("Sam")
    await late.command("start", code)
    assert late.texts() == [texts.INVITE_NOT_VALID]
    await manager.command("invite_worker", "Sam Patel")
    await late.command("start", start_code(manager.last_link()))
    assert "Welcome, Sam Patel" in late.last()


async def test_made_up_and_oversized_codes_are_refused_kindly(homeward: Harness) -> None:
    guesser = homeward.person("Eve")
    await guesser.command("start", "A" * 43)
    await guesser.command("start", "x" * 500)
    await guesser.command("start", "../../etc/passwd")
    assert guesser.texts() == [texts.INVITE_NOT_VALID] * 3


async def test_a_missing_argument_is_asked_for(homeward: Harness) -> None:
    manager = await homeward.enrol_manager()
    await manager.command("invite_worker")
    assert manager.last() == texts.ASK_WORKER_NAME
    await manager.send("Sam Patel")
    assert "one-time invite for Sam Patel" in manager.last()
    worker = homeward.person("Sam")
    await worker.command("start", start_code(manager.last_link()))
    await worker.command("add_child")
    assert worker.last() == texts.ASK_ALIAS_NEW
    await worker.send("Fox!")
    assert worker.last() == texts.BAD_ALIAS
    await worker.send("Green Frog")
    assert "Green Frog is now on your list" in worker.texts()[-2]
    await worker.command("add_child")
    await worker.command("cancel")
    assert worker.last() == "Adding a child has stopped. No child was added."
    await worker.send("Green Frog")
    assert worker.last() == texts.STAFF_HOW_TO_REPLY


async def test_an_alias_is_unique_within_a_team_whatever_its_case(homeward: Harness) -> None:
    manager = await homeward.enrol_manager()
    sam = await homeward.enrol_worker(manager, "Sam Patel")
    ann = await homeward.enrol_worker(manager, "Ann Lee")
    await sam.command("add_child", "Blue Fox")
    await ann.command("add_child", "blue FOX")
    assert ann.last() == texts.ALIAS_TAKEN.format(alias="blue FOX")


async def test_a_worker_can_get_a_fresh_link_for_a_child_who_has_not_joined(
    homeward: Harness,
) -> None:
    manager = await homeward.enrol_manager()
    worker = await homeward.enrol_worker(manager)
    await worker.command("add_child", "Blue Fox")
    old = start_code(worker.last_link())
    await worker.command("add_child", "Blue Fox")
    assert "new one-time link for Blue Fox" in worker.texts()[-2]
    new = start_code(worker.last_link())
    child = homeward.person("Jay")
    await child.command("start", old)
    assert child.last() == texts.INVITE_NOT_VALID
    await child.command("start", new)
    assert "Sam Patel is your trusted worker" in child.last()
    await worker.command("add_child", "Blue Fox")
    assert worker.last() == texts.ALIAS_TAKEN.format(alias="Blue Fox")


async def test_each_role_gets_its_own_command_menu(homeward: Harness) -> None:
    manager = await homeward.enrol_manager()
    worker = await homeward.enrol_worker(manager)
    child = await homeward.enrol_child(worker)
    double = homeward.double

    def menu(person_id: int) -> set[str]:
        return {c["command"] for c in double.commands_for({"type": "chat", "chat_id": person_id})}

    assert "invite_worker" in menu(manager.id) and "add_child" not in menu(manager.id)
    assert {"add_child", "msg"} <= menu(worker.id) and "invite_worker" not in menu(worker.id)
    assert menu(child.id) == {"checkin", "checkin_time", "urgent", "language", "help"}
    assert {c["command"] for c in double.commands_for({"type": "default"})} == {"start", "help"}


async def test_run_without_a_token_says_how_to_get_one(
    double: BotApiDouble, database_url: str
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "HOMEWARD_"))}
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        cwd=REPO_ROOT / "tests",
        env={**env, "DATABASE_URL": database_url},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    _out, err = await process.communicate()
    assert process.returncode == 2
    lines = err.decode().strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err.decode()
    assert "BotFather" in lines[0] and "homeward sandbox" in lines[0]


async def test_run_without_a_secret_key_refuses_to_start(
    double: BotApiDouble, database_url: str
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "HOMEWARD_"))}
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        cwd=REPO_ROOT / "tests",
        env={
            **env,
            "DATABASE_URL": database_url,
            "TELEGRAM_BOT_TOKEN": double.token,
            "TELEGRAM_API_URL": double.api_url,
        },
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    _, err = await process.communicate()
    assert process.returncode == 2
    assert "HOMEWARD_SECRET_KEY" in err.decode() and "Traceback" not in err.decode()


async def test_children_not_joined_and_with_an_expired_invite_are_told_apart(
    homeward: Harness, trio: Trio
) -> None:
    await trio.worker.command("add_child", "Red Kite")
    await trio.worker.command("children")
    lines = {line.split(" (")[0]: line for line in trio.worker.last().splitlines()}
    assert texts.JOINING_MARKS["not_yet"] in lines["• Red Kite"]
    assert texts.JOINING_MARKS["not_yet"] not in lines["• Blue Fox"]
    await homeward.advance(timedelta(days=8))
    await trio.worker.command("children")
    lines = {line.split(" (")[0]: line for line in trio.worker.last().splitlines()}
    assert texts.JOINING_MARKS["expired"] in lines["• Red Kite"]
    assert "not joined" not in lines["• Blue Fox"] and "expired" not in lines["• Blue Fox"]
    await trio.worker.command("add_child", "Red Kite")  # a new link
    await trio.worker.command("children")
    assert texts.JOINING_MARKS["not_yet"] in trio.worker.last()


async def test_a_child_not_joined_still_has_reviews_due_and_is_marked_where_they_are_listed(
    homeward: Harness, trio: Trio
) -> None:
    """A review is casework, not chat: Red Kite's falls due though they never joined, and
    /overdue and the morning's message say they have not joined."""
    await trio.worker.command("add_child", "Red Kite")
    await homeward.advance(timedelta(days=31))  # both reviews three days overdue, at 10:00
    await trio.manager.command("overdue")
    lines = {line.split(" (")[0]: line for line in trio.manager.last().splitlines()}
    assert lines["• Red Kite"].endswith(texts.JOINING_MARKS["expired"])
    assert lines["• Blue Fox"].endswith("overdue")
    await homeward.advance(timedelta(hours=23))  # the next 09:00
    morning = trio.worker.last().splitlines()
    (red_kite,) = [line for line in morning if line.startswith("• Red Kite")]
    assert red_kite.endswith(texts.JOINING_MARKS["expired"])
