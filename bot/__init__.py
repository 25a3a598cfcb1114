"""Homeward: the application (settings, storage, rules, wiring, command line)."""

import os

# python-telegram-bot's durations (retry_after and the like) as timedelta, its future default.
os.environ.setdefault("PTB_TIMEDELTA", "true")
