"""What the sandbox page's API takes from a request and gives back: a JSON object in, whole
numbers and text checked, JSON out, and a request that cannot be done answered 400 with its
reason (never a traceback)."""

from collections.abc import Awaitable, Callable
from typing import Any, TypeGuard

from aiohttp import web

JsonDict = dict[str, Any]
MAX_ID = 2**53  # above any id the page is shown (and within what JavaScript counts exactly)


class BadRequest(Exception):
    """What the page sent cannot be done; the reason goes back to it."""


def is_whole(value: Any) -> TypeGuard[int]:
    """A JSON whole number (true and false are not numbers here)."""
    return isinstance(value, int) and not isinstance(value, bool)


def whole_number(value: Any) -> int:
    """A whole number the page could have sent: an id, or a message's number."""
    if not (is_whole(value) or isinstance(value, str)):
        raise BadRequest("a whole number was expected")
    try:
        number = int(value)
    except ValueError:
        raise BadRequest("a whole number was expected") from None
    if not 0 <= number <= MAX_ID:
        raise BadRequest("that number is out of range")
    return number


def text_field(body: JsonDict, name: str, missing: str) -> str:
    value = body.get(name)
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        raise BadRequest(missing)
    return text


async def json_body(request: web.Request) -> JsonDict:
    try:
        body = await request.json()
    except ValueError:  # not JSON, or not even UTF-8
        raise BadRequest("the request was not JSON") from None
    if not isinstance(body, dict):
        raise BadRequest("the request was not a JSON object")
    return body


def answer(
    handler: Callable[[web.Request], Awaitable[Any]],
) -> Callable[[web.Request], Awaitable[web.Response]]:
    """The handler's result as JSON; a request that cannot be done as 400 with its reason."""

    async def answered(request: web.Request) -> web.Response:
        try:
            return web.json_response(await handler(request))
        except BadRequest as problem:
            return web.json_response({"error": str(problem)}, status=400)

    return answered
