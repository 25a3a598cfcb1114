"""Random streams of everything people can send, played against the whole bot over HTTP.

How hypothesis drives an async test that needs the function-scoped `homeward` fixture
------------------------------------------------------------------------------------------
`@given` runs its body synchronously, once per example, while the bot lives in the test's
event loop and is built once per test by async fixtures; re-using those fixtures across examples
is exactly what hypothesis's `function_scoped_fixture` health check forbids, and building a new
bot (database, migrations, Bot API double, enrolment) per example would cost about a second each.
So hypothesis does what it is best at, drawing the inputs, and the async test does the playing:
`draw_program(seed)` runs an inner, synchronous `@given(programs)` function under a fixed
`@seed`, with no example database, whose only effect is to record the program (a list of
actions) it is given. One seed per program keeps the programs far apart (within one `@given`
run hypothesis mostly mutates the examples it has already made) and makes every program
reproducible on its own. The async test then plays programs `HOMEWARD_FUZZ_SEED` (default 1)
onwards, `HOMEWARD_FUZZ_EXAMPLES` of them (default 30), back to back on one running bot with an
enrolled manager, worker and child, a stranger and a child who blocked the bot, and checks every
property after each action has settled. There is no shrinking; instead each violation is
reported with the action that caused it and the actions just before it. To replay program N
alone on a fresh bot: `HOMEWARD_FUZZ_SEED=N HOMEWARD_FUZZ_EXAMPLES=1`, with
`HOMEWARD_FUZZ_TRACE=1` to print each action and the Bot API calls it caused. Sequences that
broke a property are kept below as pinned programs, each its own test.

Properties, after every action:
- the bot never crashed: no ERROR record from the `bot`, `conversations`, `scheduler`,
  `telegram` or `asyncio` loggers, every update settles, and at the end the Application is
  still polling and a manager's /help still gets the help text;
- every Bot API call the bot made was valid: answered 200, or 403 for the chat that blocked
  the bot (the double answers 400 to anything the real Bot API would refuse);
- no message text is over 4096 UTF-16 units and no caption over 1024; no popup over 200;
- every callback query is answered;
- everyone gets a clear answer or none: every private message (not an edit) from someone who
  has not blocked the bot gets at least one reply; no reply shows an unfilled template field or
  an empty alias; a stranger only ever gets the neutral STRANGER text (or, for /start with a
  code, the neutral "link doesn't work" / "wait an hour" answers), a stranger's actions reach
  nobody else, and nothing but a neutral notice is ever sent to a group or channel;
- every word goes where it was meant: a child's words reach their worker or a manager, and no
  one else (no other child, no stranger); a staff member's reply to a message carrying a
  child's words or call for help reaches that child (or they are told why not), and no reply
  ever reaches a child other than the one the replied message is about.
"""

import itertools
import logging
import os
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest

from bot.sandbox.double import ApiCall, SentMessage
from bot.wording import texts
from tests.harness import Harness, Person

pytest.importorskip("hypothesis", reason="the fuzz tests need hypothesis (the test extra)")
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

PEOPLE = ("manager", "worker", "child", "stranger", "blocked")
WATCHED_LOGGERS = ("bot", "conversations", "scheduler", "telegram", "asyncio")
TEXT_LIMIT, CAPTION_LIMIT, POPUP_LIMIT = 4096, 1024, 200
EXAMPLES = int(os.environ.get("HOMEWARD_FUZZ_EXAMPLES", "30"))
FIRST_SEED = int(os.environ.get("HOMEWARD_FUZZ_SEED", "1"))
TRACE = bool(os.environ.get("HOMEWARD_FUZZ_TRACE"))  # print every action and the calls it made
MAX_ACTIONS = 25
CONTEXT = 8  # actions shown before the one that broke a property

CONTRACT_COMMANDS = (
    "start", "help", "cancel", "invite_worker", "overdue", "add_child", "msg", "children",
    "risk", "intervention", "end_intervention", "review", "checkin", "urgent", "language",
    "reassign", "report", "export", "close", "erase", "hours", "missing", "returned", "rhi",
)  # fmt: skip
NEUTRAL_TO_STRANGERS = {texts.STRANGER}
NEUTRAL_AFTER_START = {
    getattr(texts, name)
    for name in ("STRANGER", "INVITE_NOT_VALID", "INVITE_LOCKED")
    if hasattr(texts, name)
}
NEUTRAL_IN_GROUPS = {
    getattr(texts, name) for name in ("STRANGER", "PRIVATE_ONLY") if hasattr(texts, name)
}
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
CHILD_OF_ALIAS = {"Blue Fox": "child", "Red Kite": "blocked"}
ABOUT_A_CHILD = re.compile(
    r"^(?:📟 You're on duty\. )?(?:💬|✏️|🎤|🚨 URGENT:|🚨 STILL UNANSWERED:|🚨 While missing,) "
    r"(Blue Fox|Red Kite)\b"
)
NOT_SENT_TO_CHILD = {
    texts.REPLY_NOT_YOURS,
    texts.REPLY_UNKNOWN,
    texts.WORKER_TEXT_ONLY,
    texts.CHILD_NOT_JOINED.format(alias="Red Kite"),
}
BUTTON_LABELS = (
    "Good", "OK", "Not great", "Yes", "A bit", "No", "Not sure", "Skip", "I need help now",
    "Helping", "Partly", "Not helping", "Too early", "Keep", "view", "words", "Revoke",
    "dealing",
)  # fmt: skip


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def short(text: str, keep: int = 40) -> str:
    if len(text) <= keep:
        return repr(text)
    return f"{text[:keep]!r}…({len(text)} chars, {utf16_len(text)} UTF-16 units)"


@dataclass(frozen=True)
class Action:
    """One thing a person (or a channel) does. `text` is what they type (or the callback data,
    the caption, the group title); `name` the command or media kind; `number` picks a target."""

    kind: str
    who: str = "child"
    text: str = ""
    name: str = ""
    number: int = 0

    def __repr__(self) -> str:
        fields = [repr(self.kind), f"who={self.who!r}"]
        if self.name:
            fields.append(f"name={self.name!r}")
        if self.text:
            fields.append(f"text={short(self.text)}")
        if self.number:
            fields.append(f"number={self.number}")
        return f"Action({', '.join(fields)})"


# --- What people type -------------------------------------------------------------------------

NASTY = [
    "\u202eevil", "\u200b", "\u200d", "\u2066x\u2069", "\ufeff", "مرحبا بك", "שלום", "😀",
    "👨\u200d👩\u200d👧\u200d👦", "🏳️\u200d🌈", "𝕳𝖔𝖒𝖊", "🆘", "e\u0301", "ﷺ", "ß", "İ", "ﬀ",
    "*bold*", "_it_", "[link](http://x.y)", "`code`", "~~s~~", "||spoiler||", "> quote", "#tag",
    "<b>b</b>", "<a href='x'>", "&amp;", "&lt;", "</>", "{alias}", "{}", "{0}", "%s", "%(name)s",
    "\\", "+1", "-1", "=", "|", ".", "!", "Blue Fox", "blue fox", "BLUE FOX", "Red Kite",
    "Sam Patel", "2027-03-14", "14/03/2027", "9999-12-31", "31/12/9999", "0000-00-00", "high",
    "\n", " ", "\t", "'; DROP TABLE child; --",
]  # fmt: skip
MARKUP = "*_[]()~>#+-=|{}.!<>&`\\"

plain = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=40)
markup = st.text(st.sampled_from(MARKUP + " \n"), min_size=1, max_size=40)
mixed = st.lists(st.one_of(st.sampled_from(NASTY), plain, markup), min_size=1, max_size=6).map(
    "".join
)


def exact_length(units: int, pattern: str) -> str:
    """`pattern` repeated to exactly `units` UTF-16 units (an astral character that would
    straddle the end is replaced by 'a')."""
    out: list[str] = []
    used = 0
    for char in itertools.cycle(pattern):
        size = 2 if ord(char) > 0xFFFF else 1
        if used + size > units:
            break
        out.append(char)
        used += size
    return "".join(out) + "a" * (units - used)


long_text = st.builds(
    exact_length,
    st.one_of(st.sampled_from([4095, 4096, 4097, 4100, 8192]), st.integers(41, 9000)),
    st.one_of(st.sampled_from(["a", "😀", "a😀", "word ", "مرحبا ", "\u200bx", "*_`["]), plain),
)
words = st.one_of(mixed, mixed, mixed, long_text).filter(lambda text: bool(text.strip()))

command_name = st.one_of(
    st.sampled_from(CONTRACT_COMMANDS),
    st.sampled_from(CONTRACT_COMMANDS),
    st.sampled_from(CONTRACT_COMMANDS).map(str.upper),
    st.sampled_from(CONTRACT_COMMANDS).map(lambda name: f"{name}@homeward_test_bot"),
    st.sampled_from(CONTRACT_COMMANDS).map(lambda name: f"{name}@some_other_bot"),
    st.from_regex(r"[a-z0-9_]{1,32}", fullmatch=True),
)
ARGUMENTS = [
    "Blue Fox", "blue fox", "BLUE FOX", "Blue Fox hello", "Blue Fox high", "Blue Fox none",
    "blue fox LOW", "Blue Fox  mentoring", "Blue", "Red Kite", "Red Kite hi", "Nobody",
    "Eve Stone", "Blue Fox extra words here", "high", "Blue Fox medium extra",
    "Blue Fox\nline two", "mon-fri 09:00-17:00", "off", "Blue Fox Sam Patel", "Blue Fox ß",
]  # fmt: skip
command_args = st.one_of(
    st.just(""),
    st.sampled_from(ARGUMENTS),
    words,
    st.tuples(st.sampled_from(["Blue Fox", "Red Kite", "blue fox"]), words).map(" ".join),
    st.from_regex(r"[A-Za-z0-9_-]{1,80}", fullmatch=True),
)
who = st.sampled_from(PEOPLE)
callback_data = st.one_of(
    st.just(""),
    st.text(max_size=10),
    st.text(min_size=65, max_size=90),
    st.from_regex(r"[A-Za-z0-9_-]{22}", fullmatch=True),
    st.sampled_from(["x" * 64, "x" * 65, "é" * 33, "😀" * 16, '{"step": "mood"}', "null"]),
)

aliases = st.sampled_from(["Blue Fox", "blue fox", "BLUE FOX", "Red Kite", "Green Frog"])
role_command = st.one_of(
    st.builds(
        Action,
        st.just("command"),
        st.just("worker"),
        st.one_of(
            st.just(""),
            aliases,
            st.tuples(
                aliases,
                st.one_of(st.sampled_from(["high", "LOW", "none", "medium", "mentoring"]), words),
            ).map(" ".join),
        ),
        st.sampled_from(
            ["review", "intervention", "end_intervention", "risk", "msg", "children", "add_child"]
        ),
    ),
    st.builds(
        Action,
        st.just("command"),
        st.just("child"),
        st.one_of(st.just(""), mixed),
        st.sampled_from(["checkin", "checkin", "urgent", "help", "cancel"]),
    ),
    st.builds(
        Action,
        st.just("command"),
        st.just("manager"),
        st.one_of(st.just(""), mixed, st.just("Eve Stone")),
        st.sampled_from(["overdue", "invite_worker", "help", "cancel", "invites"]),
    ),
)
answer = st.one_of(  # what a question the bot asked might get back
    aliases,
    st.sampled_from(["2027-03-14", "14/03/2027", "9999-12-31", "2026-01-05", "tomorrow", "ok"]),
    words,
)

action = st.one_of(
    st.builds(Action, st.just("text"), who, words),
    st.builds(Action, st.just("text"), st.sampled_from(["child", "worker", "manager"]), answer),
    st.builds(Action, st.just("reply"), who, words, number=st.integers(0, 5)),
    st.builds(Action, st.just("command"), who, command_args, command_name),
    st.builds(Action, st.just("command"), who, command_args, st.sampled_from(CONTRACT_COMMANDS)),
    role_command,
    role_command,
    role_command,
    st.builds(Action, st.just("slash_text"), who, st.sampled_from(CONTRACT_COMMANDS)),
    st.builds(
        Action,
        st.just("media"),
        who,
        st.one_of(st.just(""), mixed),
        st.sampled_from(["voice", "photo", "sticker", "video", "document", "location", "contact"]),
    ),
    st.builds(Action, st.just("edit"), who, words, number=st.integers(0, 5)),
    st.builds(
        Action,
        st.just("press"),
        st.sampled_from(["child", "child", "worker", "manager", "stranger"]),
        st.one_of(st.just(""), st.sampled_from(BUTTON_LABELS)),
        number=st.integers(0, 30),
    ),
    st.builds(Action, st.just("callback"), who, callback_data, number=st.integers(0, 1)),
    st.one_of(
        st.builds(Action, st.just("group_add"), who, mixed),
        st.builds(Action, st.just("group_text"), who, words),
        st.builds(Action, st.just("channel"), st.just("stranger"), words),
    ),
    st.builds(Action, st.just("advance"), st.just("clock"), number=st.sampled_from([1, 5, 24, 99])),
)
programs = st.lists(action, min_size=MAX_ACTIONS // 3, max_size=MAX_ACTIONS)


def draw_program(program_seed: int) -> list[Action]:
    """The first random program hypothesis draws under this seed.

    Each `@given` run starts with its simplest example (every choice at its minimum) and then
    explores near the examples it has seen; a fresh seed per program keeps the programs far
    apart, and any one of them can be drawn again from its seed alone."""
    drawn: list[list[Action]] = []

    @seed(program_seed)
    @settings(
        max_examples=2,
        phases=[Phase.generate],
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(programs)
    def record(program: list[Action]) -> None:
        drawn.append(program)

    record()
    return drawn[-1]


def draw_programs(count: int = EXAMPLES, first_seed: int = FIRST_SEED) -> dict[int, list[Action]]:
    """Programs by seed (see the module docstring for why hypothesis only draws here)."""
    return {number: draw_program(number) for number in range(first_seed, first_seed + count)}


# --- Playing actions and checking properties ---------------------------------------------------


@dataclass
class Violation:
    what: str
    where: str
    context: list[Action]


class Fuzzer:
    """Plays actions against the running bot and notes every broken property."""

    def __init__(
        self, homeward: Harness, caplog: pytest.LogCaptureFixture, people: dict[str, Person]
    ) -> None:
        self.h = homeward
        self.double = homeward.double
        self.caplog = caplog
        self.people = people
        self.ids = {name: person.id for name, person in people.items()}
        self.history: list[Action] = []
        self.typed: list[str] = []
        self.violations: dict[str, Violation] = {}
        self.own_texts: dict[str, list[int]] = defaultdict(list)
        self.groups: list[int] = []
        self.callbacks: dict[str, str] = {}
        self.replied_to = ""  # the text of the bot's message the last reply action replied to
        self.label = ""
        self._mark()

    def _mark(self) -> None:
        self.seen_calls = len(self.double.calls)
        self.seen_sent = len(self.double.sent)
        self.seen_logs = len(self.caplog.records)

    def violate(self, what: str, detail: str = "", kind: str = "") -> None:
        """Note a broken property once per kind (the first time it is seen)."""
        key = re.sub(r"\d+", "N", kind or what)
        if key not in self.violations:
            self.violations[key] = Violation(
                f"{what}{': ' + detail if detail else ''}",
                self.label,
                self.history[-CONTEXT - 1 :],
            )

    def report(self) -> str:
        lines = [
            f"{len(self.violations)} broken propert(ies) after {len(self.history)} actions "
            "(replay program N alone: HOMEWARD_FUZZ_SEED=N HOMEWARD_FUZZ_EXAMPLES=1)"
        ]
        for number, violation in enumerate(self.violations.values(), start=1):
            lines.append(f"\n{number}. {violation.what}\n   at {violation.where}; last actions:")
            lines += [f"     {a!r}" for a in violation.context]
        return "\n".join(lines)

    async def play(self, step: Action, label: str) -> bool:
        """One action, then every property; False if the bot stopped answering."""
        self.label = label
        self.history.append(step)
        if step.text:
            self.typed.append(step.text)
        try:
            expects_reply = await self._perform(step)
        except (TimeoutError, AssertionError) as exc:
            if isinstance(exc, AssertionError) and "still false after" not in str(exc):
                raise  # the test misused the double, not a fault of the bot
            self.violate("the bot did not settle after an update", f"{type(exc).__name__} {exc}")
            return False
        self._check(step, expects_reply)
        return True

    # Actions ---------------------------------------------------------------------------------

    async def _perform(self, step: Action) -> bool:
        """Do the action; True if the person should get a reply."""
        double, uid = self.double, self.ids.get(step.who, 0)
        private = step.who != "blocked"
        match step.kind:
            case "text":
                update = await self.h.act(double.send_text(uid, step.text))
                self.own_texts[step.who].append(update["message"]["message_id"])
                return private
            case "reply":
                target = self._bot_message(uid, step.number)
                replied = double.message(uid, target) if target else None
                self.replied_to = (replied or {}).get("text") or ""
                update = await self.h.act(double.send_text(uid, step.text, reply_to=target))
                self.own_texts[step.who].append(update["message"]["message_id"])
                return private
            case "command":
                update = await self.h.act(double.send_command(uid, step.name, step.text))
                self.own_texts[step.who].append(update["message"]["message_id"])
                return private
            case "slash_text":  # typed like a command, but without Telegram's command entity
                await self.h.act(double.send_text(uid, f"/{step.name}"))
                return private
            case "media":
                await self.h.act(self._media(uid, step))
                return private
            case "edit":
                mine = [m for m in self.own_texts[step.who] if double.message(uid, m)]
                if mine:
                    await self.h.act(
                        double.edit_text(uid, mine[-1 - step.number % len(mine)], step.text)
                    )
                    return False
                await self.h.act(double.send_text(uid, step.text))
                return private
            case "press":
                return await self._press(uid, step)
            case "callback":
                target = self._bot_message(uid, 0) if step.number == 0 else 10**6
                update = double.send_callback(uid, step.text, target or 10**6)
                self.callbacks[update["callback_query"]["id"]] = step.who
                await self.h.act(update)
                return False
            case "group_add":
                await self._updates_from(lambda: double.add_bot_to_group(uid, step.text[:128]))
                return False
            case "group_text":
                live = [g for g in self.groups if g not in double.left_chats]
                if not live:
                    await self._updates_from(lambda: double.add_bot_to_group(uid, "friends"))
                    live = [g for g in self.groups if g not in double.left_chats]
                if live:
                    await self.h.act(double.send_group_text(live[-1], uid, step.text))
                return False
            case "channel":
                await self.h.act(double.channel_post(step.text))
                return False
            case "advance":
                await self.h.advance(timedelta(hours=step.number))
                return False
        raise AssertionError(f"unknown action {step.kind}")

    def _bot_message(self, uid: int, back: int) -> int | None:
        """One of the bot's latest messages still in this chat, `back` from the newest."""
        live = [
            m.message_id
            for m in self.double.messages_to(uid)
            if self.double.message(uid, m.message_id) is not None
        ]
        return live[-1 - back % len(live)] if live else None

    def _media(self, uid: int, step: Action) -> dict[str, Any]:
        double, caption = self.double, step.text[:CAPTION_LIMIT] or None
        match step.name:
            case "voice":
                return double.send_voice(uid, duration=1 + step.number)
            case "photo":
                return double.send_photo(uid, caption=caption)
            case "sticker":
                return double.send_sticker(uid, emoji=step.text[:2] or "😀")
            case "video":
                return double.send_video(uid, caption=caption)
            case "document":
                return double.send_document(uid, file_name="../../etc/passwd", caption=caption)
            case "location":
                return double.send_location(uid)
            case _:
                return double.send_contact(uid)

    async def _press(self, uid: int, step: Action) -> bool:
        """Press a button on one of the bot's messages; a random callback if there is none."""
        buttoned = [
            m
            for m in self.double.messages_to(uid)
            if (live := self.double.message(uid, m.message_id)) and live.get("reply_markup")
        ]
        candidates = [
            (m.message_id, button["text"])
            for m in reversed(buttoned)
            for row in self.double.message(uid, m.message_id)["reply_markup"]["inline_keyboard"]
            for button in row
            if step.text in button["text"] and "callback_data" in button
        ]
        if not candidates:
            return await self._perform(Action("callback", step.who, "x" * (step.number + 1)))
        message_id, label = candidates[step.number % min(len(candidates), 6)]
        update = self.double.press_button(uid, message_id, label)
        self.callbacks[update["callback_query"]["id"]] = step.who
        await self.h.act(update)
        return False

    async def _updates_from(self, action: Any) -> None:
        before = len(self.double.created_update_ids)
        chat_id = action()
        self.groups.append(chat_id)
        for update_id in self.double.created_update_ids[before:]:
            await self.h.act({"update_id": update_id})

    # Properties ------------------------------------------------------------------------------

    def _check(self, step: Action, expects_reply: bool) -> None:
        calls = self.double.calls[self.seen_calls :]
        sent = self.double.sent[self.seen_sent :]
        records = self.caplog.records[self.seen_logs :]
        self._mark()
        if TRACE:
            print(f"{self.label}: {step!r}")
            for call in calls:
                if call.method != "getUpdates":
                    print(f"    {call.method} -> {call.status} {_summary(call.params)}")
        for call in calls:
            self._check_call(call)
            if call.method.lower() == "answercallbackquery":
                self._check_popup(call)
        for message in sent:
            self._check_message(step, message)
        self._check_routing(step, calls)
        for record in records:
            if record.levelno >= logging.ERROR and record.name.startswith(WATCHED_LOGGERS):
                self.violate(
                    f"{record.levelname} logged by {record.name}",
                    f"{record.getMessage()}\n{record.exc_text or _traceback(record)}",
                )
        speaker = self.ids.get(step.who)
        if expects_reply and not any(m.chat_id == speaker for m in sent):
            self.violate(f"no answer to the {step.who}'s {step.kind} {step.name}".rstrip())
        if step.who == "stranger":
            others = [m for m in sent if m.chat_id > 0 and m.chat_id != speaker]
            if others:
                self.violate(
                    "a stranger's action reached someone else", short(others[0].text or "")
                )
        if step.kind in ("press", "callback"):
            answered = {
                c.params.get("callback_query_id")
                for c in calls
                if c.method.lower() == "answercallbackquery" and c.status == 200
            }
            asked = {qid for qid, person in self.callbacks.items() if person == step.who}
            if asked - answered:
                self.violate(f"the {step.who}'s callback query was never answered")
            for query_id in asked:
                self.callbacks.pop(query_id)

    def _check_routing(self, step: Action, calls: list[ApiCall]) -> None:
        """Where the words of this step went, by chat."""
        said: dict[int, list[str]] = defaultdict(list)
        for call in calls:
            words = call.params.get("text") or call.params.get("caption")
            if call.method.lower().startswith("send") and isinstance(words, str):
                said[int(call.params.get("chat_id", 0))].append(words)
        head = step.text.replace("\x00", "")[:30]
        if not head.strip() or step.kind not in ("text", "reply"):
            return
        carers = {self.ids["worker"], self.ids["manager"]}
        if step.who == "child":  # passed on as "<label>:\n<their words>"
            holders = {c for c, words in said.items() if any(f":\n{head}" in w for w in words)}
            if not holders & carers:
                self.violate("a child's words reached neither their worker nor a manager")
            if holders - carers:
                self.violate("a child's words reached someone else", str(sorted(holders)))
            return
        if step.who not in ("worker", "manager"):
            return
        signed = {c for c, words in said.items() if any(w.startswith(head) for w in words)}
        reached = {a for a, who in CHILD_OF_ALIAS.items() if self.ids[who] in signed}
        about = ABOUT_A_CHILD.match(self.replied_to) if step.kind == "reply" else None
        if about is not None and reached - {about[1]}:
            self.violate(f"a reply about {about[1]} reached {sorted(reached)}")
        refused = NOT_SENT_TO_CHILD & set(said.get(self.ids[step.who], []))
        if about is not None and about[1] not in reached and not refused:
            self.violate(f"a reply to {about[1]}'s message did not reach them")

    def _check_call(self, call: ApiCall) -> None:
        chat = call.params.get("chat_id")
        if call.method.lower() in ("forwardmessage", "forwardmessages"):
            self.violate("a message was forwarded (that exposes the sender's account)")
        if call.status == 200 or (call.status == 403 and chat == self.ids["blocked"]):
            return
        text = call.params.get("text") or call.params.get("caption")
        detail = f"chat {chat}, params {sorted(call.params)}"
        if isinstance(text, str):
            detail += f", text of {utf16_len(text)} UTF-16 units: {short(text, 60)}"
        kind = f"{call.method} {call.status} {text[:14] if isinstance(text, str) else ''}"
        self.violate(f"{call.method} answered {call.status}", detail, kind)

    def _check_popup(self, call: ApiCall) -> None:
        popup = call.params.get("text") or ""
        if utf16_len(popup) > POPUP_LIMIT:
            self.violate("a callback popup over 200 characters", short(popup))
        person = self.callbacks.get(call.params.get("callback_query_id"))
        if person == "stranger" and popup and popup not in NEUTRAL_TO_STRANGERS:
            self.violate("a stranger's button press got a popup", repr(popup))

    def _check_message(self, step: Action, message: SentMessage) -> None:
        text = message.text or ""
        limit = TEXT_LIMIT if message.method == "sendMessage" else CAPTION_LIMIT
        if utf16_len(text) > limit:
            self.violate(f"{message.method} of {utf16_len(text)} UTF-16 units", short(text))
        if message.chat_id == self.ids["stranger"]:
            allowed = NEUTRAL_AFTER_START if _is_start(step) else NEUTRAL_TO_STRANGERS
            if text not in allowed or message.method != "sendMessage":
                self.violate(f"a stranger was sent {message.method}", short(text, 80))
        if message.chat_id < 0 and text not in NEUTRAL_IN_GROUPS:
            self.violate(f"a group or channel was sent {message.method}", short(text, 80))
        for field in PLACEHOLDER.findall(text):
            if not any(field in typed for typed in self.typed):
                self.violate(f"a reply with the unfilled field {field}", short(text, 80))
        if re.search(r"called\s+among|called  |called …|called\s*$", text):
            self.violate("a reply naming an empty alias", short(text, 80))

    async def still_alive(self, manager: Person) -> None:
        runtime = self.h.runtime
        assert runtime is not None
        updater = runtime.application.updater
        if not (runtime.application.running and updater is not None and updater.running):
            self.violate("the Application stopped polling")
        self.label = "the final /help"
        await manager.command("help")
        if manager.last() != texts.HELP_MANAGER:
            self.violate("the manager's final /help got no help text", short(manager.last()))


def _summary(params: dict[str, Any]) -> str:
    shown = {k: short(v) if isinstance(v, str) else v for k, v in params.items()}
    return ", ".join(f"{k}={v}" for k, v in shown.items() if k != "reply_markup")


def _is_start(step: Action) -> bool:
    return (
        step.kind == "command"
        and step.name.split("@")[0].lower() == "start"
        and bool(step.text.strip())
    )


def _traceback(record: logging.LogRecord) -> str:
    if record.exc_info:
        return logging.Formatter().formatException(record.exc_info)
    return ""


async def cast(homeward: Harness) -> dict[str, Person]:
    manager = await homeward.enrol_manager("Maria Lopez", "North")
    worker = await homeward.enrol_worker(manager, "Sam Patel")
    child = await homeward.enrol_child(worker, "Blue Fox")
    blocked = await homeward.enrol_child(worker, "Red Kite")
    await child.send("hello")
    homeward.double.block(blocked.id)
    stranger = homeward.person("Eve")
    return {
        "manager": manager,
        "worker": worker,
        "child": child,
        "stranger": stranger,
        "blocked": blocked,
    }


async def play_all(
    homeward: Harness, caplog: pytest.LogCaptureFixture, runs: dict[Any, list[Action]]
) -> Fuzzer:
    caplog.set_level(logging.WARNING)
    people = await cast(homeward)
    fuzzer = Fuzzer(homeward, caplog, people)
    alive = True
    for name, program in runs.items():
        for index, step in enumerate(program, start=1):
            alive = await fuzzer.play(step, f"program {name!r}, action {index}")
            if not alive:
                break
        if not alive:
            break
    if alive:
        await fuzzer.still_alive(people["manager"])
    return fuzzer


async def test_random_actions_from_everyone_keep_the_bot_sound(
    homeward: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    fuzzer = await play_all(homeward, caplog, draw_programs())
    assert not fuzzer.violations, fuzzer.report()


def test_the_programs_cover_the_edges() -> None:
    """The drawn programs really hold what the fuzz test claims to send."""
    drawn = [step for program in draw_programs().values() for step in program]
    kinds = {step.kind for step in drawn}
    assert {"text", "command", "media", "press", "callback", "edit"} <= kinds
    assert set(PEOPLE) <= {step.who for step in drawn}
    assert any(utf16_len(step.text) > TEXT_LIMIT for step in drawn)
    assert [utf16_len(exact_length(n, "a😀")) for n in (4096, 4097)] == [4096, 4097]


# --- Pinned programs: sequences that broke a property, kept so each fails on its own ---------

CHECKIN_TO_COMMENT = [
    Action("command", "child", name="checkin"),
    Action("press", "child", "Good"),
    Action("press", "child", "Yes"),
]
PINNED: dict[str, list[Action]] = {
    "a check-in comment of 4096 characters reaches the worker": [
        *CHECKIN_TO_COMMENT,
        Action("text", "child", exact_length(4096, "I want to talk about home. ")),
    ],
    "an emoji check-in comment is offered at the review": [
        *CHECKIN_TO_COMMENT,
        Action("text", "child", exact_length(4000, "😢")),
        Action("command", "worker", name="review", text="Blue Fox"),
    ],
    # The first check-in's "anything to tell them?" question outlives it and swallows the words.
    "words typed after a second /checkin are not lost": [
        *CHECKIN_TO_COMMENT,
        Action("command", "child", name="checkin"),
        Action("text", "child", "please call me tonight"),
    ],
    "/end_intervention without an alias asks for one": [
        Action("command", "worker", name="end_intervention"),
    ],
    "adding the bot to a group": [Action("group_add", "worker", "friends")],
    "a post in a channel": [Action("channel", "stranger", "news")],
    "a stranger's forged button press": [Action("callback", "stranger", "x", number=1)],
    # PostgreSQL refuses NUL in text, so on PostgreSQL only every alias lookup crashes.
    "an alias with a NUL character": [
        Action("command", "worker", "Blue\x00Fox", name="review"),
        Action("command", "worker", "Blue\x00Fox high", name="risk"),
        Action("command", "worker", name="msg"),
        Action("text", "worker", "Blue\x00Fox"),
    ],
    # A worker's reply to a child's message, sent with a question open, was taken as the answer.
    "a reply mid-review goes to the child replied to": [
        Action("text", "child", "please call me"),
        Action("command", "worker", "Blue Fox", name="review"),
        Action("reply", "worker", "I will call you at 4", number=1),
        Action("text", "worker", "they are doing well"),
    ],
    "a reply while /msg waits for its text goes to the child replied to": [
        Action("text", "child", "are you there"),
        Action("command", "worker", "Red Kite", name="msg"),
        Action("reply", "worker", "yes I am here", number=1),
    ],
    "a 4096-unit message from a worker to a child": [
        Action("command", "worker", name="msg", text="Blue Fox " + exact_length(4087, "ok ")),
    ],
    "a 4096-unit message from a child to their worker": [
        Action("text", "child", exact_length(4096, "a😀 ")),
    ],
    "a 4097-unit message from a child to their worker": [
        Action("text", "child", exact_length(4097, "😀")),
    ],
}


@pytest.mark.parametrize("name", sorted(PINNED))
async def test_pinned_program(
    homeward: Harness, caplog: pytest.LogCaptureFixture, name: str
) -> None:
    fuzzer = await play_all(homeward, caplog, {name: PINNED[name]})
    assert not fuzzer.violations, fuzzer.report()
