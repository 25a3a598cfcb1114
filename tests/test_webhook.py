"""`homeward webhook`: updates arrive over HTTPS from Telegram instead of long polling; every
request must carry the secret token."""

import json
import socket

import aiohttp

from bot.app import Runtime, WebhookOptions
from bot.clock import FrozenClock
from bot.sandbox.double import BotApiDouble
from bot.storage.db import make_engine, migrate
from bot.wording import texts
from tests.harness import Harness


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _update(update_id: int, user_id: int, text: str) -> dict[str, object]:
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": 0,
            "text": text,
            "chat": {"id": user_id, "type": "private", "first_name": "Eve"},
            "from": {"id": user_id, "is_bot": False, "first_name": "Eve"},
        },
    }


async def test_updates_come_in_on_the_webhook_with_the_secret_only(
    double: BotApiDouble, database_url: str, clock: FrozenClock, homeward: Harness
) -> None:
    await homeward.stop()  # this test runs its own Runtime, on a webhook
    engine = make_engine(database_url)
    migrate(engine)
    port = _free_port()
    options = WebhookOptions(f"http://127.0.0.1:{port}/telegram", "s3cret-token", port)
    runtime = Runtime(homeward.settings, engine, clock, limits=None, sweep_seconds=None)
    await runtime.start(options)
    try:
        assert double.webhook_url == options.url
        assert double.webhook_secret_token == "s3cret-token"
        eve = double.add_user("Eve")
        async with aiohttp.ClientSession() as http:
            refused = await http.post(
                options.url,
                data=json.dumps(_update(1, eve.id, "hi")),
                headers={
                    "Content-Type": "application/json",
                    "X-Telegram-Bot-Api-Secret-Token": "wrong",
                },
            )
            assert refused.status == 403
            accepted = await http.post(
                options.url,
                data=json.dumps(_update(2, eve.id, "hi")),
                headers={
                    "Content-Type": "application/json",
                    "X-Telegram-Bot-Api-Secret-Token": "s3cret-token",
                },
            )
            assert accepted.status == 200
        await double.wait_for(lambda: double.texts_to(eve.id) == [texts.STRANGER])
    finally:
        await runtime.stop()
