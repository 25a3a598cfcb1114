"""The Bot API double, driven by the real python-telegram-bot client over HTTP."""

import asyncio
import re
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    ReplyParameters,
    Update,
)
from telegram.error import BadRequest, Conflict, Forbidden, NetworkError, RetryAfter
from telegram.ext import Application, ContextTypes, MessageHandler, filters
from telegram.warnings import PTBUserWarning

from bot.sandbox.double import BotApiDouble, UploadedFile, User
from bot.sandbox.spec import ApiSpec


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(autouse=True)
def durations_as_timedelta(monkeypatch: pytest.MonkeyPatch) -> None:
    """PTB's opt-in for retry_after and durations as timedelta (no deprecation warnings)."""
    monkeypatch.setenv("PTB_TIMEDELTA", "true")


@pytest.fixture(scope="module")
def spec(api_spec_path: Path) -> ApiSpec:
    return ApiSpec.load(api_spec_path)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
async def api(spec: ApiSpec, clock: FakeClock) -> AsyncIterator[BotApiDouble]:
    double = BotApiDouble(spec, clock=clock)
    await double.start()
    try:
        yield double
    finally:
        await double.stop()


@pytest.fixture
async def bot(api: BotApiDouble) -> AsyncIterator[Bot]:
    client = Bot(api.token, base_url=f"{api.api_url}/bot", base_file_url=f"{api.api_url}/file/bot")
    async with client:
        yield client


@pytest.fixture
def ana(api: BotApiDouble) -> User:
    return api.add_user("Ana", username="ana")


async def raw_call(api: BotApiDouble, method: str, **kwargs: Any) -> tuple[int, dict[str, Any]]:
    """A request as any HTTP client would make it: form fields by default, JSON with json=."""
    token = kwargs.pop("token", api.token)
    async with (
        aiohttp.ClientSession() as session,
        session.post(f"{api.api_url}/bot{token}/{method}", **kwargs) as response,
    ):
        return response.status, await response.json()


def says(description: str) -> str:
    """A pattern for an error description (PTB drops "Bad Request: " and recapitalizes)."""
    return f"(?i){re.escape(description)}"


def yes_no() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("Yes", callback_data="yes"),
                InlineKeyboardButton("No", callback_data="no"),
            ]
        ]
    )


# --- The method list ---------------------------------------------------------------------------


def test_spec_reads_the_official_method_list(spec: ApiSpec) -> None:
    assert spec.has_method("sendMessage")
    assert spec.has_method("SENDMESSAGE")
    assert not spec.has_method("sendTelepathy")
    assert {"chat_id", "text"} <= set(spec.required_fields("sendmessage"))
    assert "reply_markup" in spec.field_names("sendMessage")
    assert spec.field_types("sendMessage", "chat_id") == ("Integer", "String")
    assert spec.field_names("getMe") == []


# --- Sending -----------------------------------------------------------------------------------


async def test_get_me_describes_the_bot(api: BotApiDouble, bot: Bot) -> None:
    me = await bot.get_me()
    assert (me.id, me.username, me.first_name, me.is_bot) == (
        123456,
        "homeward_test_bot",
        "Homeward",
        True,
    )


async def test_send_message_round_trip_is_recorded(
    api: BotApiDouble, bot: Bot, ana: User, clock: FakeClock
) -> None:
    first = await bot.send_message(ana.id, "Hello", protect_content=True)
    second = await bot.send_message(ana.id, "Again")

    assert (first.message_id, second.message_id) == (1, 2)
    assert first.chat.id == ana.id and first.chat.first_name == "Ana"
    assert first.from_user is not None and first.from_user.id == api.bot_user.id
    assert first.has_protected_content
    assert int(first.date.timestamp()) == int(clock.now)
    assert api.texts_to(ana.id) == ["Hello", "Again"]
    [sent, _] = api.messages_to(ana.id)
    assert (sent.method, sent.protect_content, sent.message_id) == ("sendMessage", True, 1)
    assert sent.params["chat_id"] == ana.id
    assert [call.status for call in api.calls if call.method == "sendMessage"] == [200, 200]


async def test_pressing_an_inline_button_makes_a_callback_query(
    api: BotApiDouble, bot: Bot, ana: User
) -> None:
    message = await bot.send_message(ana.id, "Safe?", reply_markup=yes_no())
    assert api.sent[0].reply_markup == yes_no().to_dict()

    api.press_button(ana.id, message.message_id, "Yes")
    [update] = await bot.get_updates()

    query = update.callback_query
    assert query is not None and query.data == "yes"
    assert query.from_user.id == ana.id
    assert isinstance(query.message, Message) and query.message.message_id == message.message_id
    assert await query.answer("Noted")
    with pytest.raises(BadRequest, match=says("query ID is invalid")):
        await query.answer()
    with pytest.raises(AssertionError, match="no button 'Maybe'"):
        api.press_button(ana.id, message.message_id, "Maybe")


async def test_replies_both_ways(api: BotApiDouble, bot: Bot, ana: User) -> None:
    question = await bot.send_message(ana.id, "Where are you?")
    api.send_text(ana.id, "At the station", reply_to=question.message_id)
    [update] = await bot.get_updates()

    assert update.message is not None
    replied = update.message.reply_to_message
    assert replied is not None and replied.text == "Where are you?"
    assert replied.from_user is not None and replied.from_user.id == api.bot_user.id

    await bot.send_message(
        ana.id, "Thanks", reply_parameters=ReplyParameters(update.message.message_id)
    )
    assert api.sent[-1].reply_to_message_id == update.message.message_id
    with pytest.raises(BadRequest, match=says("message to be replied not found")):
        await bot.send_message(ana.id, "?", reply_parameters=ReplyParameters(99))


async def test_edit_and_delete_change_the_stored_message(
    api: BotApiDouble, bot: Bot, ana: User
) -> None:
    message = await bot.send_message(ana.id, "Draft", reply_markup=yes_no())
    edited = await bot.edit_message_text("Final", chat_id=ana.id, message_id=message.message_id)

    assert isinstance(edited, Message) and edited.text == "Final"
    current = api.message(ana.id, message.message_id)
    assert current is not None and current["text"] == "Final" and "reply_markup" not in current
    with pytest.raises(BadRequest, match=says("message is not modified")):
        await bot.edit_message_text("Final", chat_id=ana.id, message_id=message.message_id)
    await bot.edit_message_reply_markup(ana.id, message.message_id, reply_markup=yes_no())
    assert await bot.delete_message(ana.id, message.message_id)
    assert api.message(ana.id, message.message_id) is None
    with pytest.raises(BadRequest, match=says("message to delete not found")):
        await bot.delete_message(ana.id, message.message_id)


async def test_photo_upload_is_multipart_and_downloadable(
    api: BotApiDouble, bot: Bot, ana: User
) -> None:
    message = await bot.send_photo(ana.id, photo=b"\x89PNG fake image", caption="The map")

    assert message.caption == "The map" and message.photo
    sent = api.sent[-1]
    assert (sent.method, sent.text) == ("sendPhoto", "The map")
    assert isinstance(sent.params["photo"], UploadedFile)
    file_id = message.photo[-1].file_id
    again = await bot.send_photo(ana.id, photo=file_id)
    assert again.photo[-1].file_id == file_id
    downloaded = await (await bot.get_file(file_id)).download_as_bytearray()
    assert bytes(downloaded) == b"\x89PNG fake image"
    with pytest.raises(BadRequest, match=says("wrong file identifier")):
        await bot.send_photo(ana.id, photo="not-a-known-file-id")


async def test_what_people_send_can_be_downloaded_and_passed_on(
    api: BotApiDouble, bot: Bot, ana: User
) -> None:
    sam = api.add_user("Sam")
    api.send_voice(ana.id, duration=7)
    api.send_sticker(ana.id)
    api.send_document(ana.id, file_name="notes.txt", content=b"notes")
    api.send_photo(ana.id, caption="me")
    voice, sticker, document, photo = [u.message for u in await bot.get_updates()]
    assert voice and voice.voice and voice.voice.duration == timedelta(seconds=7)
    assert sticker and sticker.sticker and sticker.sticker.emoji == "😀"
    assert document and document.document and document.document.file_name == "notes.txt"
    assert photo and photo.photo and photo.caption == "me"

    assert bytes(await (await voice.voice.get_file()).download_as_bytearray())
    await bot.send_voice(sam.id, voice.voice.file_id)
    await bot.send_sticker(sam.id, sticker.sticker.file_id)
    await bot.send_document(sam.id, document.document.file_id)
    copied = await bot.copy_message(sam.id, ana.id, photo.message_id)
    assert [m.method for m in api.messages_to(sam.id)] == [
        "sendVoice",
        "sendSticker",
        "sendDocument",
        "copyMessage",
    ]
    assert api.messages_to(sam.id)[-1].message_id == copied.message_id
    assert api.texts_to(sam.id) == ["me"]


async def test_other_person_actions_parse_in_ptb(api: BotApiDouble, bot: Bot, ana: User) -> None:
    said = api.send_text(ana.id, "typo")
    api.edit_text(ana.id, said["message"]["message_id"], "fixed")
    api.send_video(ana.id, caption="clip")
    api.send_location(ana.id, latitude=1.5, longitude=2.5)
    api.send_contact(ana.id, "+440000000000")
    await bot.send_message(ana.id, "Choose", reply_markup=yes_no())
    api.send_callback(ana.id, "forged:1")
    api.send_callback(ana.id, "stale", message_id=99)
    _, edited, video, location, contact, forged, stale = await bot.get_updates()

    assert edited.edited_message and edited.edited_message.text == "fixed"
    assert edited.edited_message.edit_date is not None
    assert video.message and video.message.video and video.message.caption == "clip"
    assert location.message and location.message.location
    assert location.message.location.latitude == 1.5
    assert contact.message and contact.message.contact
    assert contact.message.contact.user_id == ana.id
    assert forged.callback_query and forged.callback_query.data == "forged:1"
    assert isinstance(forged.callback_query.message, Message)
    assert stale.callback_query and stale.callback_query.message
    assert not stale.callback_query.message.is_accessible


# --- Updates -----------------------------------------------------------------------------------


async def test_get_updates_offset_confirms_earlier_updates(
    api: BotApiDouble, bot: Bot, ana: User
) -> None:
    for text in ("one", "two", "three"):
        api.send_text(ana.id, text)

    first = await bot.get_updates()
    assert [u.message.text for u in first if u.message] == ["one", "two", "three"]
    assert len(await bot.get_updates(limit=2)) == 2
    rest = await bot.get_updates(offset=first[1].update_id)
    assert [u.update_id for u in rest] == [first[1].update_id, first[2].update_id]
    assert await bot.get_updates(offset=first[2].update_id + 1) == ()
    await api.wait_until_acknowledged(timeout=1)
    assert api.created_update_ids == [u.update_id for u in first]


async def test_long_poll_wakes_when_an_update_arrives(
    api: BotApiDouble, bot: Bot, ana: User
) -> None:
    poll = asyncio.create_task(bot.get_updates(timeout=30))
    await api.wait_for(lambda: api.waiting_polls == 1, timeout=2)

    api.send_text(ana.id, "Are you there?")
    updates = await asyncio.wait_for(poll, timeout=2)

    assert [u.message.text for u in updates if u.message] == ["Are you there?"]
    assert api.waiting_polls == 0


async def test_stop_releases_a_waiting_long_poll(api: BotApiDouble, bot: Bot) -> None:
    poll = asyncio.create_task(bot.get_updates(timeout=30))
    await api.wait_for(lambda: api.waiting_polls == 1, timeout=2)

    await asyncio.wait_for(api.stop(), timeout=2)
    assert await asyncio.wait_for(poll, timeout=2) == ()


async def test_application_polls_handles_and_acknowledges(api: BotApiDouble, ana: User) -> None:
    seen: list[str] = []

    async def remember(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None and update.message.text is not None
        seen.append(update.message.text)

    application = (
        Application.builder()
        .token(api.token)
        .base_url(f"{api.api_url}/bot")
        .base_file_url(f"{api.api_url}/file/bot")
        .build()
    )
    application.add_handler(MessageHandler(filters.TEXT, remember))
    async with application:
        await application.start()
        assert application.updater is not None
        await application.updater.start_polling(timeout=5)
        api.send_text(ana.id, "hello bot")
        await api.wait_for(lambda: seen == ["hello bot"])
        await api.wait_until_acknowledged()
        await application.updater.stop()
        await application.stop()


async def test_groups_and_channels(api: BotApiDouble, bot: Bot, ana: User) -> None:
    group_id = api.add_bot_to_group(ana.id, "North team")
    api.send_group_text(group_id, ana.id, "hi all")
    api.channel_post("news")
    joined, welcome, text, post = await bot.get_updates()

    assert group_id < 0
    assert joined.my_chat_member and joined.my_chat_member.new_chat_member.status == "member"
    assert welcome.message and [u.id for u in welcome.message.new_chat_members] == [123456]
    assert text.message and text.message.chat.title == "North team"
    assert post.channel_post and post.channel_post.chat.type == "channel"

    assert await bot.leave_chat(group_id)
    assert api.left_chats == [group_id]
    with pytest.raises(BadRequest, match=says("chat not found")):
        await bot.send_message(group_id, "still here?")


# --- Validation --------------------------------------------------------------------------------


async def test_unknown_method_and_wrong_token(api: BotApiDouble) -> None:
    assert await raw_call(api, "sendTelepathy") == (
        404,
        {"ok": False, "error_code": 404, "description": "Not Found"},
    )
    assert await raw_call(api, "getMe", token="1:WRONG") == (
        401,
        {"ok": False, "error_code": 401, "description": "Unauthorized"},
    )
    assert [(call.method, call.status) for call in api.calls] == [
        ("sendTelepathy", 404),
        ("getMe", 401),
    ]


async def test_missing_required_field(api: BotApiDouble, bot: Bot, ana: User) -> None:
    with (
        pytest.warns(PTBUserWarning),
        pytest.raises(BadRequest, match=says('parameter "text" is required')),
    ):
        await bot.do_api_request("sendMessage", api_kwargs={"chat_id": ana.id})


@pytest.mark.parametrize(
    ("text", "reason"),
    [("x" * 4097, "message is too long"), ("   ", "message text is empty")],
)
async def test_message_text_limits(
    api: BotApiDouble, bot: Bot, ana: User, text: str, reason: str
) -> None:
    with pytest.raises(BadRequest, match=says(reason)):
        await bot.send_message(ana.id, text)
    assert api.sent == []


async def test_limits_count_visible_text_and_captions(
    api: BotApiDouble, bot: Bot, ana: User
) -> None:
    await bot.send_message(ana.id, "<b>" + "x" * 4096 + "</b>", parse_mode="HTML")
    with pytest.raises(BadRequest, match=says("message caption is too long")):
        await bot.send_photo(ana.id, b"img", caption="x" * 1025)


async def test_callback_data_over_64_bytes(api: BotApiDouble, bot: Bot, ana: User) -> None:
    def keyboard(data: str) -> InlineKeyboardMarkup:
        return InlineKeyboardMarkup([[InlineKeyboardButton("Go", callback_data=data)]])

    await bot.send_message(ana.id, "ok", reply_markup=keyboard("é" * 32))  # 64 bytes
    with pytest.raises(BadRequest, match=says("BUTTON_DATA_INVALID")):
        await bot.send_message(ana.id, "too long", reply_markup=keyboard("é" * 32 + "x"))


async def test_unknown_chat(bot: Bot) -> None:
    with pytest.raises(BadRequest, match=says("chat not found")):
        await bot.send_message(424242, "anyone?")


@pytest.mark.parametrize(
    ("method", "fields", "reason"),
    [
        ("deleteMessage", {"message_id": "abc"}, 'parameter "message_id" must be of type Integer'),
        ("sendMessage", {"text": "hi", "protect_content": "maybe"}, '"protect_content"'),
        ("sendMessage", {"text": "hi", "reply_markup": "{not json"}, '"reply_markup"'),
    ],
)
async def test_garbage_field_types(
    api: BotApiDouble, ana: User, method: str, fields: dict[str, str], reason: str
) -> None:
    status, body = await raw_call(api, method, data={"chat_id": str(ana.id), **fields})
    assert status == 400 and reason in body["description"]


async def test_json_bodies_and_unknown_parameters(api: BotApiDouble, ana: User) -> None:
    body = {"chat_id": ana.id, "text": "hi", "no_such_parameter": 1}
    status, answer = await raw_call(api, "sendMessage", json=body)
    assert status == 200 and answer["result"]["text"] == "hi"
    status, answer = await raw_call(api, "setMyName", json={"name": "Homeward"})
    assert (status, answer) == (200, {"ok": True, "result": True})


async def test_without_the_method_list_form_values_still_decode() -> None:
    double = BotApiDouble(None)
    await double.start()
    ana = double.add_user("Ana")
    client = Bot(double.token, base_url=f"{double.api_url}/bot")
    try:
        async with client:
            await client.send_message(ana.id, "123", reply_markup=yes_no(), protect_content=True)
            with pytest.raises(BadRequest, match=says("chat not found")):
                await client.send_message(ana.id + 1, "nobody")
        status, _ = await raw_call(double, "anyMethodAtAll")
    finally:
        await double.stop()

    [sent] = double.sent
    assert (sent.text, sent.reply_markup, sent.protect_content) == ("123", yes_no().to_dict(), True)
    assert status == 200


# --- Failures and limits -----------------------------------------------------------------------


async def test_injected_429_raises_retry_after(api: BotApiDouble, bot: Bot, ana: User) -> None:
    api.fail_next("sendMessage", retry_after=7)

    with pytest.raises(RetryAfter) as error:
        await bot.send_message(ana.id, "now?")
    assert error.value.retry_after == timedelta(seconds=7)
    await bot.send_message(ana.id, "now!")
    assert api.texts_to(ana.id) == ["now!"]


async def test_injected_502_and_chat_filter(api: BotApiDouble, bot: Bot, ana: User) -> None:
    sam = api.add_user("Sam")
    api.fail_next(status=502, chat_id=sam.id)

    await bot.send_message(ana.id, "unaffected")
    with pytest.raises(NetworkError, match=says("Bad Gateway")) as error:
        await bot.send_message(sam.id, "lost")
    assert type(error.value) is NetworkError
    await bot.send_message(sam.id, "delivered")
    assert api.texts_to(sam.id) == ["delivered"]


async def test_blocked_user(api: BotApiDouble, bot: Bot, ana: User) -> None:
    api.block(ana.id)
    with pytest.raises(Forbidden, match=says("bot was blocked by the user")):
        await bot.send_message(ana.id, "hello?")
    api.unblock(ana.id)
    await bot.send_message(ana.id, "hello")
    assert api.texts_to(ana.id) == ["hello"]


async def test_enforced_flood_limits_follow_the_clock(
    api: BotApiDouble, bot: Bot, ana: User, clock: FakeClock
) -> None:
    api.enforce_limits(per_second=4, per_chat_per_second=1.0, chat_burst=3)
    sam = api.add_user("Sam")

    for n in range(3):
        await bot.send_message(ana.id, f"burst {n}")
    with pytest.raises(RetryAfter) as error:
        await bot.send_message(ana.id, "one too many")
    assert error.value.retry_after == timedelta(seconds=1)
    await bot.send_message(sam.id, "other chats still fine")
    with pytest.raises(RetryAfter):
        await bot.send_message(sam.id, "but not past 4 a second overall")

    clock.now += 1
    await bot.send_message(ana.id, "after a second")
    assert api.rate_limited == 2
    assert len(api.texts_to(ana.id)) == 4


# --- Commands, webhook, chats --------------------------------------------------------------------


async def test_commands_are_stored_per_scope(api: BotApiDouble, bot: Bot, ana: User) -> None:
    everyone = [BotCommand("help", "How Homeward works")]
    workers = [BotCommand("cases", "Your cases"), BotCommand("help", "Help")]
    await bot.set_my_commands(everyone)
    await bot.set_my_commands(workers, scope=BotCommandScopeChat(ana.id))
    await bot.set_my_commands(everyone, scope=BotCommandScopeAllPrivateChats(), language_code="de")

    assert await bot.get_my_commands(scope=BotCommandScopeChat(ana.id)) == tuple(workers)
    assert await bot.get_my_commands() == tuple(everyone)
    assert await bot.get_my_commands(scope=BotCommandScopeAllPrivateChats()) == ()
    assert api.commands_for({"type": "chat", "chat_id": ana.id}) == [c.to_dict() for c in workers]
    assert api.commands_for({"type": "all_private_chats"}, language_code="de")

    await bot.delete_my_commands(scope=BotCommandScopeChat(ana.id))
    assert api.commands_for({"type": "chat", "chat_id": ana.id}) == []
    with pytest.raises(BadRequest, match=says("BOT_COMMAND_INVALID")):
        await bot.set_my_commands([BotCommand("Bad Command", "x")])


async def test_webhook_is_recorded_and_blocks_polling(api: BotApiDouble, bot: Bot) -> None:
    await bot.set_webhook("https://example.org/hook", secret_token="s3cret")
    assert (api.webhook_url, api.webhook_secret_token) == ("https://example.org/hook", "s3cret")
    assert (await bot.get_webhook_info()).url == "https://example.org/hook"
    with pytest.raises(Conflict):
        await bot.get_updates()
    await bot.delete_webhook()
    assert await bot.get_updates() == ()


async def test_get_chat_and_chat_actions(api: BotApiDouble, bot: Bot, ana: User) -> None:
    chat = await bot.get_chat(ana.id)
    assert (chat.id, chat.type, chat.username) == (ana.id, "private", "ana")
    assert await bot.send_chat_action(ana.id, "typing")
    assert api.sent == []


async def test_wait_for_times_out_with_an_assertion(api: BotApiDouble) -> None:
    with pytest.raises(AssertionError, match="last API calls"):
        await api.wait_for(lambda: False, timeout=0.01)


# --- HTTP routes for a local web chat ------------------------------------------------------------


async def test_test_routes_drive_people_over_http(api: BotApiDouble, bot: Bot) -> None:
    async with aiohttp.ClientSession(base_url=api.api_url) as http:
        async with http.post("/_test/users", json={"first_name": "Web"}) as response:
            user = await response.json()
        async with http.post(f"/_test/users/{user['id']}/command", json={"command": "start"}):
            pass
        async with http.post(f"/_test/users/{user['id']}/text", json={"text": "hi"}) as response:
            text_update = await response.json()
        message = await bot.send_message(user["id"], "Pick", reply_markup=yes_no())
        press = {"message_id": message.message_id, "label": "No"}
        async with http.post(f"/_test/users/{user['id']}/press", json=press) as response:
            pressed = await response.json()
        async with http.post(f"/_test/users/{user['id']}/press", json={**press, "label": "?"}) as r:
            assert r.status == 400 and "no button" in (await r.json())["error"]
        async with http.get(f"/_test/chats/{user['id']}/messages") as response:
            messages = await response.json()

    command, text, callback = await bot.get_updates()
    assert command.message and command.message.text == "/start"
    assert text.update_id == text_update["update_id"]
    assert callback.callback_query and callback.callback_query.data == "no"
    assert pressed["callback_query"]["data"] == "no"
    assert [(m["text"], m["message_id"]) for m in messages] == [("Pick", message.message_id)]
