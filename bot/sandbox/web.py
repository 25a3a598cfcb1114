"""The sandbox's web page and the small JSON API behind it: people and their chats, acting as
any of them, the clock, the inspector and the transcript. Live updates go out as server-sent
events whenever the Bot API double or the clock changes.

Served on 127.0.0.1 only; nothing here logs (the access log is off).
"""

import asyncio
import contextlib
import json
import os
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path

from aiohttp import web
from sqlalchemy import Engine

from bot.app import Runtime
from bot.clock import ShiftedClock
from bot.config import Settings
from bot.rules.upcoming import upcoming
from bot.sandbox import chats, inspector
from bot.sandbox.double import BotApiDouble
from bot.sandbox.requests import (
    BadRequest,
    JsonDict,
    answer,
    is_whole,
    json_body,
    text_field,
    whole_number,
)
from bot.sandbox.seed import invite_code
from bot.storage.db import read_scope, session_scope

PAGE = Path(__file__).with_name("page")
KEEPALIVE_SECONDS = 15.0
MAX_MOVE = timedelta(days=60)
ATTACHMENTS = {"voice", "sticker", "photo"}


class PortTaken(Exception):
    """The page cannot listen on the port asked for."""

    def __init__(self, port: int, reason: str) -> None:
        super().__init__(f"could not serve the sandbox on port {port} ({reason})")


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
        self._hosts: set[str] = set()  # what a request's Host may be: this page, nothing else
        self._moving = asyncio.Lock()  # one clock move and its sweep at a time

    async def start(self, port: int) -> int:
        """Serves the page on 127.0.0.1; the port it listens on (`port` 0: any free one)."""
        app = web.Application(middlewares=[self._from_this_page_only])
        app.add_routes(self._routes())
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await runner.setup()
        try:
            await web.TCPSite(runner, "127.0.0.1", port).start()
        except OSError as exc:
            await runner.cleanup()
            reason = os.strerror(exc.errno).lower() if exc.errno else type(exc).__name__
            raise PortTaken(port, reason) from None
        self._runner = runner
        bound = int(runner.addresses[0][1])
        self._hosts = {f"127.0.0.1:{bound}", f"localhost:{bound}"}
        return bound

    @web.middleware
    async def _from_this_page_only(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        """Another web site open in the same browser can neither read the page (a Host of
        its own, as in DNS rebinding) nor act on it (a form or a text/plain post)."""
        if request.host not in self._hosts:
            return web.json_response({"error": "not this sandbox's address"}, status=403)
        if request.method == "POST" and request.content_type != "application/json":
            return web.json_response({"error": "send JSON"}, status=415)
        return await handler(request)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    def _routes(self) -> list[web.AbstractRouteDef]:
        get, post = web.get, web.post
        return [
            get("/", self._index),
            web.static("/page", PAGE),
            get("/api/state", answer(self._state)),
            get("/api/events", self._events),
            get("/api/chats/{user_id}", answer(self._chat)),
            post("/api/chats/{user_id}/send", answer(self._send)),
            post("/api/chats/{user_id}/press", answer(self._press)),
            post("/api/chats/{user_id}/edit", answer(self._edit)),
            post("/api/chats/{user_id}/attach", answer(self._attach)),
            post("/api/chats/{user_id}/seen", answer(self._mark_seen)),
            post("/api/people", answer(self._new_person)),
            post("/api/clock", answer(self._move_clock)),
            get("/api/children", answer(self._children)),
            get("/api/children/{child_id}", answer(self._inspect)),
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
                seen, version = version, await self.double.changed(version, KEEPALIVE_SECONDS)
                # A comment line keeps the connection open without asking for a refresh.
                event = b": still here\n\n" if version == seen else b"data: %d\n\n" % version
                await response.write(event)
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
            # What Telegram shows for a moment on a button press ("That has finished", ...).
            "answers": self.double.callback_answers.get(user_id, []),
        }

    async def _children(self, _request: web.Request) -> list[JsonDict]:
        with read_scope(self.engine) as session:
            return inspector.children(session)

    async def _inspect(self, request: web.Request) -> JsonDict:
        child_id = whole_number(request.match_info["child_id"])
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
        body = await json_body(request)
        text = text_field(body, "text", "type something first")
        if text.startswith("/"):
            command, _, args = text[1:].partition(" ")
            return self.double.send_command(user_id, command.split("@")[0], args.strip())
        reply_to = None
        if body.get("reply_to") is not None:
            reply_to = whole_number(body["reply_to"])
            if self.double.message(user_id, reply_to) is None:
                raise BadRequest("that message is no longer there to reply to")
        return self.double.send_text(user_id, text, reply_to)

    async def _press(self, request: web.Request) -> JsonDict:
        """A press of a button the bot's message carries (its callback data, as Telegram
        sends it)."""
        user_id = self._user_id(request)
        body = await json_body(request)
        message_id = whole_number(body.get("message_id"))
        data = body.get("data")
        message = self.double.message(user_id, message_id) or {}
        carried = {
            button["data"]
            for row in chats.keyboard(message.get("reply_markup"))
            for button in row
            if button["data"] is not None
        }
        if data not in carried:
            raise BadRequest("that message has no such button")
        return self.double.send_callback(user_id, str(data), message_id)

    async def _edit(self, request: web.Request) -> JsonDict:
        user_id = self._user_id(request)
        body = await json_body(request)
        text = text_field(body, "text", "an edit needs some text")
        message_id = whole_number(body.get("message_id"))
        message = self.double.message(user_id, message_id) or {}
        if message.get("from", {}).get("id") != user_id or "text" not in message:
            raise BadRequest("only your own text messages can be edited")
        return self.double.edit_text(user_id, message_id, text)

    async def _attach(self, request: web.Request) -> JsonDict:
        kind = str((await json_body(request)).get("kind"))
        if kind not in ATTACHMENTS:
            raise BadRequest(f"attach one of {sorted(ATTACHMENTS)}")
        send: Callable[[int], JsonDict] = getattr(self.double, f"send_{kind}")
        return send(self._user_id(request))

    async def _mark_seen(self, request: web.Request) -> JsonDict:
        user_id = self._user_id(request)
        up_to = whole_number((await json_body(request)).get("up_to"))
        self._seen[user_id] = max(self._seen.get(user_id, 0), up_to)
        self.double.touch()
        return {"seen": self._seen[user_id]}

    async def _new_person(self, request: web.Request) -> JsonDict:
        """Someone new on Telegram, opening an invite link if they were given one."""
        body = await json_body(request)
        name = " ".join(text_field(body, "first_name", "a new person needs a first name").split())
        link = str(body.get("link") or "").strip()
        code = invite_code(link) if link else None
        if link and code is None:
            raise BadRequest("that is not an invite link")
        user = self.double.add_user(name[:64])
        if code is not None:
            self.double.send_command(user.id, "start", code)
        else:
            self.double.touch()
        return {"id": user.id}

    async def _move_clock(self, request: web.Request) -> JsonDict:
        """Forward by some seconds, or to the next moment the bot speaks on its own; then the
        sweeps run at once, as their timer would at that moment."""
        body = await json_body(request)
        async with self._moving:
            now = self.clock.now()
            if body.get("to") == "next":
                with read_scope(self.engine) as session:
                    due = upcoming(session, now, self.settings.zone)
                if not due:
                    raise BadRequest("nothing is due: the bot has nothing to say on its own")
                delta = max(due[0].at - now, timedelta(0))
            else:
                seconds = body.get("seconds")
                if not is_whole(seconds) or not 0 < seconds <= MAX_MOVE.total_seconds():
                    raise BadRequest("the clock moves forward, by at most 60 days at a time")
                delta = timedelta(seconds=seconds)
            self.clock.advance(delta)
            self.double.touch()
            await self.runtime.sweep()
        return {"now": self.clock.now().isoformat()}

    def _user_id(self, request: web.Request) -> int:
        user_id = whole_number(request.match_info["user_id"])
        if user_id not in {user.id for user in self.double.users()}:
            raise BadRequest("no such person")
        return user_id
