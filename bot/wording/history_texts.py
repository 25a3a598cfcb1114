"""What /history says, in the reader's language (the English is in `history`)."""

from typing import Any

from bot.wording import history, language

_read = language.reader(history)


def __getattr__(name: str) -> Any:
    return _read(name)
