"""What the logs hold while the main flows run: never a message's words, a child's alias, a
person's name, an invite code or link, or the bot token.

Which logs are the honest test
------------------------------
`homeward run` sets up logging with `bot.logs.configure_logging(logging.INFO, [token])`: one
handler on the root logger that formats each record and scrubs the token from its message
(`RedactSecrets`), the root level, and httpx, httpcore and apscheduler held at WARNING or
above. An engineer chasing a fault in a county's bot raises that level to DEBUG. What an
operator's log file holds is decided by that configuration, not by the raw records, so:

- `test_the_log_homeward_run_writes` (at INFO, the default, and at DEBUG) installs exactly
  that configuration before the bot starts (as the CLI does), points the product's own handler
  at a buffer, runs the flows, and checks every character the handler wrote: formatted
  messages and tracebacks. A secret found here is in the operator's log file.
- `test_every_record_at_debug_from_every_library` is the wider net: pytest's caplog at DEBUG
  on the root logger and on python-telegram-bot, httpx, httpcore, aiohttp, SQLAlchemy,
  APScheduler and Alembic, so records the product's configuration silences are seen too. Each
  record first goes through the product's own `RedactSecrets` filter with the token, exactly
  as the CLI's handler would treat it; then its message, arguments and traceback text must
  not hold the token (whichever library is turned up), and the product's own records (`bot`,
  `conversations`, `scheduler`) must hold no secret at all, whatever the level. What the
  libraries themselves print about messages and names once someone turns them up to DEBUG
  (python-telegram-bot: every request and update; SQLAlchemy: parameters, and rows after
  decryption) is not asserted here, since only a configuration can keep it out, and the
  configuration the product ships is what the first test checks.

The flows: enrolment of a manager, a worker and two children through invite links; relay both
ways, a reply, a 4096-character message, a voice message, an edit and /msg; an intervention;
an alias typed with a NUL character (a handler failure on PostgreSQL, so a logged traceback);
a check-in with typed words; a review with the child's view typed; /children and /overdue
after a month of sweeps; a child who blocked the bot; a stranger.
"""

import contextlib
import copy
import io
import json
import logging
import re
from collections.abc import Iterator
from datetime import timedelta
from urllib.parse import quote, quote_plus

import pytest

from bot.clock import FrozenClock
from bot.logs import RedactSecrets, configure_logging
from bot.sandbox.double import BotApiDouble
from tests.harness import Harness, Person, start_code

MANAGER, WORKER, TEAM = "Mirabel Okonkwo", "Tobias Grünwald", "Harbourside"
CHILD, BLOCKED = "Blue Fox", "Red Kite"
PROFILES = {"child": "Zephyrine", "blocked child": "Quillon", "stranger": "Evangelos"}
WORDS = {
    "child": "can we meet near the lighthouse cafe",
    "reply": "Yes the lighthouse at four works for me",
    "long": "quayside-lantern ",
    "edit": "actually the lighthouse at five please",
    "msg": "Remember your appointment with Dr Marlowe",
    "intervention": "weekly boxing mentoring",
    "comment": "school felt lonely this week",
    "view": "says the boxing sessions help with the anger",
    "to_blocked": "Please tell me you are safe tonight",
    "from_blocked": "I ran away again from Ashgrove house",
    "stranger": "my sister Philippa is missing",
    "bogus_code": "NotARealInviteCode0123456789",
    "nul_alias": "Blue\x00Fox",
}
SOURCE = re.compile(  # "<time> LEVEL name: ..." from the CLI's format, "name LEVEL: ..." here
    r"^(?:\S+ \S+ (?P<level>[A-Z]+) (?P<name>[\w.]+)|(?P<name2>[\w.]+) (?P<level2>[A-Z]+)):"
)
PRODUCT_LOGGERS = ("bot", "conversations", "scheduler")
LIBRARIES = ("telegram", "httpx", "httpcore", "aiohttp", "sqlalchemy", "apscheduler", "alembic")


def exact_length(units: int, pattern: str) -> str:
    return (pattern * (units // len(pattern) + 1))[:units]


def variants(secret: str) -> set[str]:
    """The ways a secret may be spelt in a log line: as is, JSON-escaped, repr-escaped, in a
    URL; compared without regard to case."""
    spellings = {
        secret,
        json.dumps(secret)[1:-1],
        json.dumps(secret, ensure_ascii=False)[1:-1],
        repr(secret)[1:-1],
        quote(secret),
        quote_plus(secret),
    }
    return {s.casefold() for s in spellings if s}


class Flows:
    """Runs the main flows and collects every secret they involve."""

    def __init__(self, homeward: Harness) -> None:
        self.h = homeward
        self.double = homeward.double
        self.secrets: dict[str, str] = {"the bot token": self.double.token}

    def secret(self, what: str, value: str) -> str:
        self.secrets[what] = value
        return value

    async def enrol(self, person: Person, link: str, what: str) -> None:
        self.secret(f"{what}'s invite link", link)
        await person.command("start", self.secret(f"{what}'s invite code", start_code(link)))

    async def run(self) -> None:
        h, double = self.h, self.double
        for what, name in [
            ("the manager's name", MANAGER),
            ("the worker's name", WORKER),
            ("the team's name", TEAM),
            ("the child's alias", CHILD),
            ("the blocked child's alias", BLOCKED),
        ]:
            self.secret(what, name)
        for role, profile in PROFILES.items():
            self.secret(f"the {role}'s Telegram first name", profile)
        for what, words in WORDS.items():
            self.secret(f"the words {what!r}", words)

        manager = h.person(MANAGER.split()[0])
        self.secret("the manager's Telegram first name", MANAGER.split()[0])
        await self.enrol(manager, await h.manager_invite(MANAGER, TEAM), "the manager")
        await manager.command("invite_worker", WORKER)
        worker = h.person(WORKER.split()[0])
        self.secret("the worker's Telegram first name", WORKER.split()[0])
        await self.enrol(worker, manager.last_link(), "the worker")
        await worker.command("add_child", CHILD)
        child = h.person(PROFILES["child"])
        await self.enrol(child, worker.last_link(), "the child")
        await worker.command("add_child", BLOCKED)
        blocked = h.person(PROFILES["blocked child"])
        await self.enrol(blocked, worker.last_link(), "the blocked child")

        # Relay both ways: words, a reply, the longest message, a voice message, an edit, /msg.
        sent = await child.send(WORDS["child"])
        await worker.send(WORDS["reply"], reply_to=worker.inbox()[-1].message_id)
        await child.send(exact_length(4096, WORDS["long"]))
        await h.act(double.send_voice(child.id))
        await h.act(double.edit_text(child.id, sent["message"]["message_id"], WORDS["edit"]))
        await worker.command("msg", f"{CHILD} {WORDS['msg']}")
        await worker.command("intervention", f"{CHILD} {WORDS['intervention']}")
        # An alias typed with a control character: PostgreSQL refuses NUL in text, the handler
        # fails, and its traceback is logged (SQLite takes it and finds no such child).
        await worker.command("review", WORDS["nul_alias"])

        # A check-in with typed words, then a review with the child's view typed.
        await child.command("checkin")
        await child.press(child.inbox()[-1], "😊 Good")
        await child.press(child.inbox()[-1], "A bit")
        await child.send(WORDS["comment"])
        await worker.command("review", CHILD)
        await worker.press(worker.inbox()[-1], "Helping")
        await worker.send(WORDS["view"])
        await worker.send("2026-02-20")

        # A month of sweeps (reminders, prompts, overdue alerts, digests), then the lists.
        await h.advance(timedelta(days=31))
        await worker.command("children")
        await manager.command("overdue")

        # A child who blocked the bot, both ways.
        double.block(blocked.id)
        await worker.command("msg", f"{BLOCKED} {WORDS['to_blocked']}")
        await blocked.send(WORDS["from_blocked"])

        # A stranger.
        stranger = h.person(PROFILES["stranger"])
        await stranger.send(WORDS["stranger"])
        await stranger.command("start", WORDS["bogus_code"])

        assert worker.texts(), "the flows ran"
        assert any(WORDS["comment"] in t for t in worker.texts()), "the check-in reached them"
        assert any("Review of" in t and "saved" in t for t in worker.texts()), "review saved"


def leaks(text: str, secrets: dict[str, str]) -> list[str]:
    folded = text.casefold()
    return [what for what, value in secrets.items() if any(v in folded for v in variants(value))]


def describe(found: dict[str, list[str]]) -> str:
    """Which logger at which level let out what, then the first lines themselves."""
    by_source: dict[str, set[str]] = {}
    for line, what in found.items():
        match = SOURCE.search(line)
        if match:
            source = f"{match['name'] or match['name2']} at {match['level'] or match['level2']}"
        else:
            source = "a traceback line"
        by_source.setdefault(source, set()).update(what)
    lines = [f"{len(found)} log line(s) hold secrets, by logger and level:"]
    lines += [f"- {source}: {', '.join(sorted(what))}" for source, what in by_source.items()]
    lines.append("The first of them:")
    for line, what in list(found.items())[:12]:
        lines.append(f"- {', '.join(sorted(set(what)))}\n    {line[:300]!r}")
    return "\n".join(lines)


@contextlib.contextmanager
def logging_as_homeward_run(level: int, token: str) -> Iterator[io.StringIO]:
    """`configure_logging` exactly as `homeward run` calls it, its handler writing to a buffer;
    the logging set-up pytest had is put back afterwards."""
    root = logging.getLogger()
    saved_handlers, saved_level = root.handlers[:], root.level
    noisy = {name: logging.getLogger(name).level for name in ("httpx", "httpcore", "apscheduler")}
    configure_logging(level, [token])
    (handler,) = root.handlers
    assert isinstance(handler, logging.StreamHandler)
    buffer = io.StringIO()
    handler.setStream(buffer)
    try:
        yield buffer
    finally:
        root.handlers[:] = saved_handlers
        root.setLevel(saved_level)
        for name, saved in noisy.items():
            logging.getLogger(name).setLevel(saved)


@pytest.mark.parametrize("level", [logging.INFO, logging.DEBUG], ids=["INFO", "DEBUG"])
async def test_the_log_homeward_run_writes(
    double: BotApiDouble, database_url: str, clock: FrozenClock, level: int
) -> None:
    with logging_as_homeward_run(level, double.token) as log:
        homeward = Harness(double, database_url, clock)
        await homeward.start()
        try:
            flows = Flows(homeward)
            await flows.run()
        finally:
            await homeward.stop()
    written = log.getvalue()
    assert written, "the handler wrote nothing: the capture is not working"
    found = {line: leaks(line, flows.secrets) for line in written.splitlines()}
    found = {line: what for line, what in found.items() if what}
    assert not found, describe(found)


async def test_every_record_at_debug_from_every_library(
    double: BotApiDouble,
    database_url: str,
    clock: FrozenClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The product's own records hold ids only, and no record of any library holds the token
    once the product's filter has seen it. (What the libraries log about messages and names at
    DEBUG is theirs: the product's part in it is the configuration tested above.)"""
    caplog.set_level(logging.DEBUG)
    for name in LIBRARIES:
        caplog.set_level(logging.DEBUG, logger=name)
    homeward = Harness(double, database_url, clock)
    await homeward.start()
    try:
        flows = Flows(homeward)
        await flows.run()
    finally:
        await homeward.stop()
    records = caplog.records
    assert {r.name.split(".")[0] for r in records} >= {"telegram", "httpx", "sqlalchemy"}
    assert any(double.token in r.getMessage() for r in records), "raw records hold the token"
    redact = RedactSecrets([double.token])
    token = {"the bot token": double.token}
    found: dict[str, list[str]] = {}
    for record in records:
        seen = copy.copy(record)
        redact.filter(seen)
        traceback = record.exc_text or (
            logging.Formatter().formatException(record.exc_info) if record.exc_info else ""
        )
        text = "\n".join([seen.getMessage(), repr(seen.args) if seen.args else "", traceback])
        ours = record.name.split(".")[0] in PRODUCT_LOGGERS
        what = leaks(text.strip(), flows.secrets if ours else token)
        if what:
            found.setdefault(f"{record.name} {record.levelname}: {text.strip()}", []).extend(what)
    assert not found, describe(found)
