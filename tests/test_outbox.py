"""The outbox under a failing Bot API, and the pacing that keeps within Telegram's limits."""

from datetime import UTC, datetime, timedelta

from bot.outbox.ratelimit import Limits, RateLimiter
from bot.wording import texts
from tests.harness import Harness

FIRST_PROMPTS = datetime(2026, 1, 12, 16, 0, tzinfo=UTC)


async def test_every_message_arrives_once_through_a_stretch_of_429s_and_5xxs(
    homeward: Harness,
) -> None:
    manager = await homeward.enrol_manager()
    worker = await homeward.enrol_worker(manager)
    children = [await homeward.enrol_child(worker, f"Kid {n}") for n in range(8)]
    homeward.double.fail_next(None, status=429, times=12, retry_after=2)
    homeward.double.fail_next(None, status=502, times=12)
    homeward.double.fail_next(None, status=503, times=6)
    await homeward.advance_to(FIRST_PROMPTS)
    for _ in range(40):
        if all(texts.CHECKIN_PROMPT in child.texts() for child in children):
            break
        await homeward.advance(timedelta(seconds=30))
    assert [child.texts().count(texts.CHECKIN_PROMPT) for child in children] == [1] * 8
    failures = [c.status for c in homeward.double.calls if c.status >= 400]
    assert failures.count(429) == 12 and failures.count(502) == 12 and failures.count(503) == 6


class FakeMonotonic:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_chat_gets_a_burst_of_three_then_one_a_second() -> None:
    tick = FakeMonotonic()
    limiter = RateLimiter(Limits(per_second=30, per_chat_per_second=1, chat_burst=3), tick)
    for _ in range(3):
        assert 7 not in limiter.limited_chats()
        limiter.take(7)
    assert limiter.limited_chats() == {7: 1.0}
    tick.now += 0.5
    assert limiter.limited_chats() == {7: 0.5}
    tick.now += 0.5
    assert 7 not in limiter.limited_chats()
    limiter.take(7)
    assert 7 in limiter.limited_chats()
    tick.now += 10
    assert limiter.limited_chats() == {}


def test_sending_is_spaced_to_thirty_a_second_overall() -> None:
    tick = FakeMonotonic()
    limiter = RateLimiter(Limits(per_second=30), tick)
    waits = [limiter.reserve() for _ in range(31)]
    assert waits[0] == 0
    assert abs(waits[30] - 1.0) < 1e-9
