"""The sandbox's web page and the small JSON API behind it: people and their chats, acting as
any of them, the clock, the inspector and the transcript. Live updates go out as server-sent
events whenever the Bot API double or the clock changes.

Served on 127.0.0.1 only; nothing here logs (the access log is off).
"""

import contextlib
import json
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from aiohttp import web
from sqlalchemy import Engine

from bot.app import Runtime
from bot.clock import ShiftedClock
from bot.config import Settings
from bot.rules.upcoming import upcoming
from bot.sandbox import chats, inspector
from bot.sandbox.double import BotApiDouble
from bot.sandbox.seed import start_code
from bot.storage.db import read_scope, session_scope

PAGE = Path(__file__).with_name("page")
KEEPALIVE_SECONDS = 15.0
MAX_MOVE = timedelta(days=60)
ATTACHMENTS = {"voice", "sticker", "photo"}
JsonDict = dict[str, Any]


class BadRequest(Exception):
    """What the page sent cannot be done; the reason goes back to it."""


class SandboxPage:
    def __init__(
        self,
        double: BotApiDouble,
        runtime: Runtime,
        engine: Engine,
        settings: Settings,
        clock: ShiftedClock,
    ) -> None:
        self.double = double
        self.runtime = runtime
        self.engine = engine
        self.settings = settings
        self.clock = clock
        self.ready = False  # the demo team is still being made
        self._seen: dict[int, int] = {}
        self._runner: web.AppRunner | None = None

    async def start(self, port: int) -> int:
        """Serves the page on 127.0.0.1; the port it listens on (`port` 0: any free one)."""
        app = web.Application()
        app.add_routes(self._routes())
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", port).start()
        self._runner = runner
        return int(runner.addresses[0][1])

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    def _routes(self) -> list[web.AbstractRouteDef]:
        get, post = web.get, web.post
        return [
            get("/", self._index),
            web.static("/page", PAGE),
            get("/api/state", _answer(self._state)),
            get("/api/events", self._events),
            get("/api/chats/{user_id}", _answer(self._chat)),
            post("/api/chats/{user_id}/send", _answer(self._send)),
            post("/api/chats/{user_id}/press", _answer(self._press)),
            post("/api/chats/{user_id}/edit", _answer(self._edit)),
            post("/api/chats/{user_id}/attach", _answer(self._attach)),
            post("/api/chats/{user_id}/seen", _answer(self._mark_seen)),
            post("/api/people", _answer(self._new_person)),
            post("/api/clock", _answer(self._move_clock)),
            get("/api/children", _answer(self._children)),
            get("/api/children/{child_id}", _answer(self._inspect)),
            get("/api/files/{file_id}", self._file),
            get("/api/transcript", self._transcript),
        ]

    # --- The page and its live updates --------------------------------------------------------

    async def _index(self, _request: web.Request) -> web.FileResponse:
        return web.FileResponse(PAGE / "index.html")

    async def _events(self, request: web.Request) -> web.StreamResponse:
        """One event per change; the page fetches what it shows again."""
        response = web.StreamResponse(
            headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache"}
        )
        await response.prepare(request)
        version = -1
        with contextlib.suppress(ConnectionResetError):
            while True:
                version = await self.double.changed(version, KEEPALIVE_SECONDS)
                await response.write(f"data: {version}\n\n".encode())
        return response

    # --- Reading ------------------------------------------------------------------------------

    async def _state(self, _request: web.Request) -> JsonDict:
        users = self.double.users()
        now = self.clock.now()
        zone = self.settings.zone
        with read_scope(self.engine) as session:
            known = inspector.people(session, [user.id for user in users])
            due = upcoming(session, now, zone)
        people = [
            {
                "id": user.id,
                "first_name": user.first_name,
                **known.get(user.id, {"name": user.first_name, "role": "new"}),
                "unread": chats.unread(self.double, user.id, self._seen.get(user.id, 0)),
            }
            for user in users
        ]
        local = now.astimezone(zone)
        return {
            "ready": self.ready,
            "version": self.double.version,
            "clock": {
                "now": now.isoformat(),
                "shown": f"{local:%A %d %B %Y, %H:%M}",
                "zone": str(zone),
                "next": [
                    {
                        "at": item.at.isoformat(),
                        "shown": f"{item.at.astimezone(zone):%a %d %b %H:%M}",
                        "what": item.what,
                    }
                    for item in due[:5]
                ],
            },
            "people": people,
        }

    async def _chat(self, request: web.Request) -> JsonDict:
        user_id = self._user_id(request)
        return {
            "messages": chats.chat_messages(self.double, user_id, self.settings.zone),
            "commands": chats.commands(self.double, user_id),
        }

    async def _children(self, _request: web.Request) -> list[JsonDict]:
        with read_scope(self.engine) as session:
            return inspector.children(session)

    async def _inspect(self, request: web.Request) -> JsonDict:
        child_id = _int(request.match_info["child_id"])
        opened = request.query.get("opened") == "1"
        with session_scope(self.engine) as session:
            view = inspector.child_view(
                session, child_id, self.clock.now(), self.settings.zone, opened=opened
            )
        if view is None:
            raise BadRequest("no such child")
        return view

    async def _file(self, request: web.Request) -> web.Response:
        stored = self.double.file(request.match_info["file_id"])
        if stored is None:
            raise web.HTTPNotFound()
        disposition = "inline" if stored.mime_type.startswith("image/") else "attachment"
        return web.Response(
            body=stored.content,
            content_type=stored.mime_type,
            headers={"Content-Disposition": f'{disposition}; filename="{stored.file_name}"'},
        )

    async def _transcript(self, _request: web.Request) -> web.Response:
        state = await self._state(_request)
        zone = self.settings.zone
        document = {
            "exported_at": state["clock"]["now"],
            "zone": str(zone),
            "people": [
                {
                    **{key: person[key] for key in ("id", "name", "role")},
                    "messages": chats.chat_messages(self.double, person["id"], zone),
                }
                for person in state["people"]
            ],
        }
        return web.Response(
            text=json.dumps(document, indent=2, ensure_ascii=False),
            content_type="application/json",
            headers={"Content-Disposition": 'attachment; filename="homeward-transcript.json"'},
        )

    # --- Acting -------------------------------------------------------------------------------

    async def _send(self, request: web.Request) -> JsonDict:
        user_id = self._user_id(request)
        body = await _body(request)
        text = str(body.get("text", "")).strip()
        if not text:
            raise BadRequest("type something first")
        reply_to = body.get("reply_to")
        if text.startswith("/"):
            command, _, args = text[1:].partition(" ")
            return self.double.send_command(user_id, command.split("@")[0], args.strip())
        return self.double.send_text(user_id, text, int(reply_to) if reply_to else None)

    async def _press(self, request: web.Request) -> JsonDict:
        body = await _body(request)
        return self.double.send_callback(
            self._user_id(request), str(body["data"]), _int(body["message_id"])
        )

    async def _edit(self, request: web.Request) -> JsonDict:
        body = await _body(request)
        text = str(body.get("text", "")).strip()
        if not text:
            raise BadRequest("an edit needs some text")
        try:
            return self.double.edit_text(self._user_id(request), _int(body["message_id"]), text)
        except AssertionError:
            raise BadRequest("only your own messages can be edited") from None

    async def _attach(self, request: web.Request) -> JsonDict:
        kind = str((await _body(request)).get("kind"))
        if kind not in ATTACHMENTS:
            raise BadRequest(f"attach one of {sorted(ATTACHMENTS)}")
        send: Callable[[int], JsonDict] = getattr(self.double, f"send_{kind}")
        return send(self._user_id(request))

    async def _mark_seen(self, request: web.Request) -> JsonDict:
        user_id = self._user_id(request)
        self._seen[user_id] = max(self._seen.get(user_id, 0), _int((await _body(request))["up_to"]))
        self.double.touch()
        return {"seen": self._seen[user_id]}

    async def _new_person(self, request: web.Request) -> JsonDict:
        """Someone new on Telegram, opening an invite link if they were given one."""
        body = await _body(request)
        name = " ".join(str(body.get("first_name", "")).split())[:64]
        if not name:
            raise BadRequest("a new person needs a first name")
        link = str(body.get("link", "")).strip()
        try:
            code = start_code(link) if link else None
        except KeyError:
            raise BadRequest("that is not an invite link") from None
        user = self.double.add_user(name)
        if code is not None:
            self.double.send_command(user.id, "start", code)
        else:
            self.double.touch()
        return {"id": user.id}

    async def _move_clock(self, request: web.Request) -> JsonDict:
        """Forward by some seconds, or to the next moment the bot speaks on its own; then the
        sweeps run at once, as their timer would at that moment."""
        body = await _body(request)
        now = self.clock.now()
        if body.get("to") == "next":
            with read_scope(self.engine) as session:
                due = upcoming(session, now, self.settings.zone)
            if not due:
                raise BadRequest("nothing is due: the bot has nothing to say on its own")
            delta = due[0].at - now
        else:
            delta = timedelta(seconds=_int(body.get("seconds")))
        if not timedelta(0) <= delta <= MAX_MOVE:
            raise BadRequest("the clock moves forward, at most 60 days at a time")
        self.clock.advance(delta)
        self.double.touch()
        await self.runtime.sweep()
        return {"now": self.clock.now().isoformat()}

    def _user_id(self, request: web.Request) -> int:
        user_id = _int(request.match_info["user_id"])
        if user_id not in {user.id for user in self.double.users()}:
            raise BadRequest("no such person")
        return user_id


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise BadRequest("a number was expected") from None


async def _body(request: web.Request) -> JsonDict:
    try:
        body = await request.json()
    except json.JSONDecodeError:
        raise BadRequest("the request was not JSON") from None
    if not isinstance(body, dict):
        raise BadRequest("the request was not a JSON object")
    return body


def _answer(
    handler: Callable[[web.Request], Awaitable[Any]],
) -> Callable[[web.Request], Awaitable[web.Response]]:
    """The handler's result as JSON; a bad request as 400 with its reason."""

    async def answered(request: web.Request) -> web.Response:
        try:
            return web.json_response(await handler(request))
        except (BadRequest, KeyError, AssertionError) as problem:
            # AssertionError: the double refusing what no Telegram client could do.
            return web.json_response({"error": str(problem)}, status=400)

    return answered
