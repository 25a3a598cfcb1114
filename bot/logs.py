"""Logging that carries ids only.

Secrets (the bot token) are scrubbed from every record; a traceback shows where it happened and
the error's type, never the error's message (which may quote what a person wrote); and the
libraries that log message content or request URLs at their chattier levels are held back.
"""

import logging
import traceback
from types import TracebackType

REDACTED = "[redacted]"

# Libraries and the least severe level at which they log nothing personal: python-telegram-bot
# logs whole updates and API parameters at DEBUG, SQLAlchemy logs bound parameters at INFO,
# and httpx logs request URLs (which hold the token) at INFO.
QUIET_FLOOR = {
    "telegram": logging.INFO,
    "httpx": logging.WARNING,
    "httpcore": logging.WARNING,
    "sqlalchemy": logging.WARNING,
    "aiohttp.access": logging.WARNING,
    "apscheduler": logging.WARNING,
}


class RedactSecrets(logging.Filter):
    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self._secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if any(secret in message for secret in self._secrets):
            for secret in self._secrets:
                message = message.replace(secret, REDACTED)
            record.msg, record.args = message, None
        return True


class IdsOnlyFormatter(logging.Formatter):
    """Tracebacks as frames and the exception's type only."""

    def formatException(
        self,
        ei: tuple[type[BaseException], BaseException, TracebackType | None]
        | tuple[None, None, None],
    ) -> str:
        kind, _error, trace = ei
        frames = "".join(traceback.format_tb(trace)) if trace else ""
        return f"Traceback (most recent call last):\n{frames}{kind.__name__ if kind else ''}"


def configure_logging(level: int, secrets: list[str]) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(IdsOnlyFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactSecrets(secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name, floor in QUIET_FLOOR.items():
        logging.getLogger(name).setLevel(max(level, floor))
