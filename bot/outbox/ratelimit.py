"""Telegram's sending limits: 30 messages a second in all, and to any one chat a burst of at
most three, then one a second. python-telegram-bot's AIORateLimiter has no per-chat bucket for
private chats, so the outbox dispatcher paces itself with this."""

import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    per_second: float = 29.0  # a margin under Telegram's 30, so network jitter never makes 31
    per_chat_per_second: float = 1.0
    chat_burst: int = 3


class RateLimiter:
    def __init__(self, limits: Limits, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._limits = limits
        self._monotonic = monotonic
        self._next_slot = 0.0
        self._chats: dict[int, tuple[float, float]] = {}  # chat -> (tokens, at)

    def reserve(self) -> float:
        """Take the next overall sending slot; how many seconds to wait for it."""
        now = self._monotonic()
        slot = max(now, self._next_slot)
        self._next_slot = slot + 1.0 / self._limits.per_second
        return slot - now

    def take(self, chat_id: int) -> None:
        now = self._monotonic()
        self._chats[chat_id] = (self._tokens(chat_id, now) - 1.0, now)

    def limited_chats(self) -> dict[int, float]:
        """Chats that must wait, with how long; full buckets are forgotten."""
        now = self._monotonic()
        waiting: dict[int, float] = {}
        for chat_id in list(self._chats):
            tokens = self._tokens(chat_id, now)
            if tokens >= self._limits.chat_burst:
                del self._chats[chat_id]
            elif tokens < 1.0:
                waiting[chat_id] = (1.0 - tokens) / self._limits.per_chat_per_second
        return waiting

    def _tokens(self, chat_id: int, now: float) -> float:
        tokens, at = self._chats.get(chat_id, (float(self._limits.chat_burst), now))
        refilled = tokens + (now - at) * self._limits.per_chat_per_second
        return min(refilled, float(self._limits.chat_burst))
