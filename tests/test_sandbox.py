"""`homeward sandbox`: the demo team made through the bot, the page's API acting as each person,
the clock, "next thing due", the inspector and the transcript. The browser drives the same
API in `test_sandbox_page.py`."""

import asyncio
import json
import os
import signal
import socket
import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
from sqlmodel import Session, select

from bot.rules import audit, timing
from bot.sandbox.run import Sandbox
from bot.sandbox.spec import PACKAGED
from bot.storage.models import Child
from bot.wording import texts
from tests.sandbox_fixtures import PageClient

SHARED = Path(__file__).resolve().parents[2] / "shared" / "telegram-bot-api"


def test_the_package_carries_the_official_method_list_and_its_licence(
    api_spec_path: Path,
) -> None:
    assert PACKAGED.read_bytes() == api_spec_path.read_bytes()
    assert (PACKAGED.parent / "LICENSE").read_bytes() == (SHARED / "LICENSE").read_bytes()


async def test_the_demo_team_is_made_through_the_bot(page: PageClient) -> None:
    state = await page.get("/api/state")
    roles = {person["name"]: person["role"] for person in state["people"]}
    assert state["ready"] is True
    assert roles == {
        "Maria Lopez": "manager",
        "Sam Patel": "worker",
        "Ann Lee": "worker",
        "Blue Fox": "child",
        "Green Owl": "child",
    }
    children = {child["alias"]: child["joined"] for child in await page.get("/api/children")}
    assert children == {"Blue Fox": True, "Green Owl": True, "Red Kite": False}

    box = page.box
    # Every message in the chats came from the bot over HTTP, checked against the method list.
    assert box.double.spec is not None
    sent = {call.method for call in box.double.calls if call.status == 200}
    assert {"getUpdates", "sendMessage", "sendPhoto", "setMyCommands"} <= sent
    assert any("https://t.me/" in text for text in await page.texts("Ann Lee"))

    blue_fox = await _child(page, "Blue Fox")
    assert blue_fox["risk"] == "high" and blue_fox["worker"] == "Sam Patel"
    episode = blue_fox["episode"]
    assert episode["returned"] is not None and 70 < episode["hours_left"] <= 71
    green_owl = await _child(page, "Green Owl")
    today = timing.local_date(box.clock.now(), box.settings.zone)
    assert green_owl["review"]["due_on"] == (today + timedelta(days=2)).isoformat()
    red_kite = await _child(page, "Red Kite")
    assert red_kite["joined"] is False and red_kite["invite"] == "not_yet"


async def test_words_go_both_ways_with_a_telegram_reply_and_buttons_work(
    page: PageClient,
) -> None:
    fox = await page.person("Blue Fox")
    sam = await page.person("Sam Patel")
    await page.post(f"/api/chats/{fox['id']}/send", {"text": "can we talk tomorrow?"})
    await page.settled()
    relayed = next(
        message
        for message in (await page.get(f"/api/chats/{sam['id']}"))["messages"]
        if "can we talk tomorrow?" in message["text"]
    )
    await page.post(
        f"/api/chats/{sam['id']}/send", {"text": "Yes, 4pm at school", "reply_to": relayed["id"]}
    )
    await page.settled()
    assert any("Yes, 4pm at school" in text for text in await page.texts("Blue Fox"))

    await page.post(f"/api/chats/{fox['id']}/send", {"text": "/checkin"})
    await page.settled()
    chat = (await page.get(f"/api/chats/{fox['id']}"))["messages"]
    good = next(b for row in chat[-1]["buttons"] for b in row if b["text"].endswith("Good"))
    await page.post(
        f"/api/chats/{fox['id']}/press", {"message_id": chat[-1]["id"], "data": good["data"]}
    )
    await page.settled()
    assert "making a difference" in (await page.texts("Blue Fox"))[-1]
    # The same button again: Telegram shows the bot's answer to the press for a moment.
    await page.post(
        f"/api/chats/{fox['id']}/press", {"message_id": chat[-1]["id"], "data": good["data"]}
    )
    await page.settled()
    answers = (await page.get(f"/api/chats/{fox['id']}"))["answers"]
    assert answers[-1] == texts.BUTTON_GONE

    commands = (await page.get(f"/api/chats/{fox['id']}"))["commands"]
    assert {command["command"] for command in commands} == {
        "checkin",
        "checkin_time",
        "urgent",
        "language",
        "help",
    }


async def test_next_thing_due_jumps_to_where_the_bot_speaks(page: PageClient) -> None:
    box = page.box
    sam = await page.person("Sam Patel")
    reminder = texts.REVIEW_TODAY.format(alias="Green Owl")
    for _ in range(3):  # before 09:00 the day's "two days before" reminder comes first
        first = (await page.get("/api/state"))["clock"]["next"][0]
        await page.post("/api/clock", {"to": "next"})
        await page.settled()
        assert box.clock.now() >= datetime.fromisoformat(first["at"])
        chat = (await page.get(f"/api/chats/{sam['id']}"))["messages"]
        if first["what"] == "Green Owl: review due today, to the worker":
            break
    assert chat[-1]["text"] == reminder
    # Message dates follow the moved clock.
    assert datetime.fromisoformat(chat[-1]["date"]) >= datetime.fromisoformat(first["at"])

    for _ in range(6):
        if any("Overdue review: Green Owl" in text for text in await page.texts("Maria Lopez")):
            break
        await page.post("/api/clock", {"to": "next"})
        await page.settled()
    assert any("Overdue review: Green Owl" in text for text in await page.texts("Maria Lopez"))


async def test_the_clock_moves_forward_only_and_bad_requests_get_a_reason(
    page: PageClient,
) -> None:
    before = page.box.clock.now()
    await page.post("/api/clock", {"seconds": 3600})
    assert page.box.clock.now() - before >= timedelta(hours=1)
    fox = await page.person("Blue Fox")
    bad = [
        ("/api/clock", {"seconds": -60}),
        ("/api/clock", {"seconds": 61 * 86400}),
        ("/api/clock", {"seconds": "soon"}),
        (f"/api/chats/{fox['id']}/send", {"text": "  "}),
        ("/api/chats/99999/send", {"text": "hello"}),
        (f"/api/chats/{fox['id']}/attach", {"kind": "virus"}),
        (f"/api/chats/{fox['id']}/edit", {"message_id": 2, "text": "the bot's, not mine"}),
        ("/api/people", {"first_name": ""}),
        ("/api/people", {"first_name": "Zed", "link": "https://t.me/x"}),
    ]
    bad += [
        ("/api/clock", {"seconds": 1e300}),
        ("/api/clock", {"seconds": True}),
        (f"/api/chats/{fox['id']}/send", {"text": "hi", "reply_to": "abc"}),
        (f"/api/chats/{fox['id']}/send", {"text": "hi", "reply_to": 99999}),
        (f"/api/chats/{fox['id']}/send", {"text": ["not", "text"]}),
        (f"/api/chats/{fox['id']}/seen", {"up_to": 10**400}),
        (f"/api/chats/{fox['id']}/press", {"message_id": 2, "data": "made-up"}),
        (f"/api/chats/{fox['id']}/press", {"message_id": 99999, "data": None}),
        ("/api/people", {"first_name": "Zed", "link": 7}),
    ]
    for path, body in bad:
        answer = await page.post(path, body, status=400)
        assert answer["error"], path
    json_header = {"Content-Type": "application/json"}
    for raw in (b"{not json", b"\xff\xfe", b"[1, 2]"):
        async with page.http.post(
            page.box.url + "api/clock", data=raw, headers=json_header
        ) as response:
            assert response.status == 400, raw
    async with page.http.get(page.box.url + "api/children/99999999999999999999999") as response:
        assert response.status == 400
    async with page.http.get(page.box.url + "api/files/photo-999999") as response:
        assert response.status == 404


async def test_another_web_site_can_neither_read_nor_act(page: PageClient) -> None:
    """A page elsewhere can post a form or plain text, and DNS rebinding sends its own Host."""
    before = page.box.clock.now()
    form = {"Content-Type": "text/plain"}
    async with page.http.post(
        page.box.url + "api/clock", data=b'{"seconds": 3600}', headers=form
    ) as response:
        assert response.status == 415
    for host in ("evil.example", "evil.example:8765", "127.0.0.1.nip.io"):
        async with page.http.get(
            page.box.url + "api/transcript", headers={"Host": host}
        ) as response:
            assert response.status == 403, host
    assert page.box.clock.now() - before < timedelta(minutes=1)
    async with page.http.get(page.box.url.replace("127.0.0.1", "localhost")) as response:
        assert response.status == 200


async def test_someone_new_opens_the_childs_invite_link(page: PageClient) -> None:
    link = next(
        word
        for text in await page.texts("Ann Lee")
        for word in text.split()
        if word.startswith("https://t.me/")
    )
    answer = await page.post("/api/people", {"first_name": "Rae", "link": link})
    await page.settled()
    state = await page.get("/api/state")
    rae = next(person for person in state["people"] if person["id"] == answer["id"])
    assert (rae["name"], rae["role"], rae["detail"]) == ("Red Kite", "child", "Ann Lee's child")
    assert any("Ann Lee is your trusted worker" in text for text in await page.texts("Red Kite"))


async def test_the_chart_and_the_csv_can_be_seen_and_downloaded(page: PageClient) -> None:
    maria = await page.person("Maria Lopez")
    await page.post(f"/api/chats/{maria['id']}/send", {"text": "/report"})
    await page.settled()
    chat = (await page.get(f"/api/chats/{maria['id']}"))["messages"]
    photo = next(message["photo"] for message in chat if "photo" in message)
    document = next(message["document"] for message in chat if "document" in message)
    async with page.http.get(page.box.url + f"api/files/{photo}") as response:
        assert response.content_type == "image/png"
        assert (await response.read()).startswith(b"\x89PNG")
    async with page.http.get(page.box.url + f"api/files/{document['file_id']}") as response:
        assert response.headers["Content-Disposition"].startswith("attachment")
        assert b"section,for,figure,value,code" in await response.read()


async def test_the_inspector_audits_a_child_opened_not_each_refresh(page: PageClient) -> None:
    box = page.box
    with Session(box.engine) as session:
        fox = session.exec(select(Child).where(Child.alias == "Blue Fox")).one()
        assert fox.id is not None
        before = len(audit.trail(session, fox.id))
    await page.get(f"/api/children/{fox.id}?opened=1")
    await page.get(f"/api/children/{fox.id}")
    with Session(box.engine) as session:
        after = audit.trail(session, fox.id)
    assert len(after) == before + 1
    assert after[-1].action == "viewed in the sandbox's inspector"


async def test_the_transcript_holds_every_chat(page: PageClient) -> None:
    async with page.http.get(page.box.url + "api/transcript") as response:
        assert response.headers["Content-Disposition"].startswith("attachment")
        transcript = json.loads(await response.text())
    chats = {person["name"]: person["messages"] for person in transcript["people"]}
    assert set(chats) == {"Maria Lopez", "Sam Patel", "Ann Lee", "Blue Fox", "Green Owl"}
    assert any("I'm back home now" in message["text"] for message in chats["Blue Fox"])
    assert all(chats.values())


async def test_the_page_hears_of_a_change(page: PageClient) -> None:
    fox = await page.person("Blue Fox")
    async with page.http.get(page.box.url + "api/events") as events:
        first = int((await events.content.readline()).decode().removeprefix("data: "))
        await events.content.readline()
        sent_at = page.box.double.version
        await page.post(f"/api/chats/{fox['id']}/send", {"text": "hello?"})
        assert page.box.double.version > sent_at, "the message itself is a change"
        line = b""
        while not line.startswith(b"data: "):  # comment lines only keep the stream open
            line = await events.content.readline()
    assert int(line.decode().removeprefix("data: ")) > first


async def test_a_second_sandbox_cannot_take_the_same_port(sandbox: Sandbox) -> None:
    port = int(sandbox.url.rstrip("/").rsplit(":", 1)[1])
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "sandbox", "--no-browser", "--port", str(port),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    _, err = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 2
    assert err.decode().strip().splitlines() == [
        f"homeward: could not serve the sandbox on port {port} (address already in use); "
        "try another with --port"
    ]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_the_command_serves_the_page_and_stops_on_sigterm(tmp_path: Path) -> None:
    """`homeward sandbox --no-browser` as a person runs it, with no settings at all."""
    port = _free_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith("HOMEWARD_")}
    env |= {"TELEGRAM_BOT_TOKEN": "", "DATABASE_URL": "sqlite:///nowhere/at/all.db"}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "sandbox", "--no-browser", "--port", str(port),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE, cwd=tmp_path, env=env,
    )  # fmt: skip
    assert process.stdout is not None
    line = (await asyncio.wait_for(process.stdout.readline(), 60)).decode()
    assert line.startswith(f"Homeward sandbox: http://127.0.0.1:{port}/")
    async with aiohttp.ClientSession() as http:
        async with http.get(f"http://127.0.0.1:{port}/") as response:
            assert response.status == 200 and "Homeward sandbox" in await response.text()
        ready = False
        async with http.get(f"http://127.0.0.1:{port}/api/events") as events:
            while not ready:
                await asyncio.wait_for(events.content.readline(), 60)
                async with http.get(f"http://127.0.0.1:{port}/api/state") as response:
                    ready = (await response.json())["ready"]
    process.send_signal(signal.SIGTERM)
    _, err = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 0, err.decode()
    assert list(tmp_path.iterdir()) == []  # nothing left behind


async def _child(page: PageClient, alias: str) -> dict[str, Any]:
    children = await page.get("/api/children")
    child_id = next(child["id"] for child in children if child["alias"] == alias)
    return await page.get(f"/api/children/{child_id}")


async def test_a_bad_setting_in_the_environment_is_one_line(tmp_path: Path) -> None:
    env = {**os.environ, "HOMEWARD_TIMEZONE": "Mars/Olympus"}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "sandbox", "--no-browser", "--port", str(_free_port()),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE, cwd=tmp_path, env=env,
    )  # fmt: skip
    _, err = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 2
    lines = err.decode().strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("homeward: setting HOMEWARD_TIMEZONE"), lines
