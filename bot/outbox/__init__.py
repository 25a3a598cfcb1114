"""The outbox: the queue every message goes through, and the dispatcher that sends it to
Telegram within its limits."""
