"""The languages Homeward speaks, which one it is speaking now, and their catalogues.

English is written in the code (the `N_` and `P_` marks, which `pybabel extract` reads);
every other language is a gettext catalogue in `bot/wording/locale/<code>/LC_MESSAGES/
messages.po`, compiled in memory the first time it is needed. A string a catalogue lacks is
said in English. What is said is said in the language of the person it goes to: the code
that writes to someone does so inside `speaking(their language)`."""

import gettext
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from io import BytesIO
from pathlib import Path
from types import ModuleType
from typing import Any, TypeVar

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ENGLISH = "en"
LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "messages"
T = TypeVar("T")


@dataclass(frozen=True)
class Language:
    code: str
    name: str  # in the language itself, as its speakers would look for it
    for_staff: bool  # complete for staff, not only for what a child reads


LANGUAGES: dict[str, Language] = {
    language.code: language
    for language in (
        Language("en", "English", for_staff=True),
        Language("cy", "Cymraeg", for_staff=True),
        Language("pl", "Polski", for_staff=False),
    )
}

_speaking: ContextVar[str] = ContextVar("speaking", default=ENGLISH)


class Plural(tuple[str, str]):
    """An English text with a singular and a plural, like ("{n} day", "{n} days")."""


def N_(text: str) -> str:
    """Marks English text for the catalogues; it is translated where it is read."""
    return text


def P_(one: str, many: str) -> Plural:
    """Marks an English text with a plural for the catalogues."""
    return Plural((one, many))


def offered(*, staff: bool) -> list[Language]:
    """The languages a person may choose: staff read everything, so only complete ones."""
    return [language for language in LANGUAGES.values() if language.for_staff or not staff]


def suggest(telegram_code: str | None, *, staff: bool) -> str:
    """The language to suggest from Telegram's `language_code` ("cy", "pl-PL"); English if
    Homeward doesn't speak it."""
    base = (telegram_code or "").split("-")[0].lower()
    codes = {language.code for language in offered(staff=staff)}
    return base if base in codes else ENGLISH


def known(code: str | None) -> str:
    """A stored language code, or English for one this version no longer has."""
    return code if code in LANGUAGES else ENGLISH


@contextmanager
def speaking(code: str | None) -> Iterator[None]:
    """Everything composed inside is in this language."""
    token = _speaking.set(known(code))
    try:
        yield
    finally:
        _speaking.reset(token)


def current() -> str:
    return _speaking.get()


def locale() -> Locale:
    """Babel's locale for the language speaking now (for dates, times and numbers)."""
    return _locale(current())


@cache
def _locale(code: str) -> Locale:
    return Locale.parse(code)


@cache
def catalogue(code: str) -> gettext.NullTranslations:
    """The compiled catalogue of a language; English has none (its strings are the keys)."""
    path = LOCALE_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.po"
    if code == ENGLISH or not path.exists():
        return gettext.NullTranslations()
    with path.open("rb") as po:
        messages = read_po(po, locale=code)
    compiled = BytesIO()
    write_mo(compiled, messages)  # fuzzy and empty translations are left out: English shows
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def say(text: Any) -> Any:
    """A marked text (or a tuple or dict of them) in the language speaking now."""
    if isinstance(text, Plural):
        return text
    if isinstance(text, str):
        return catalogue(current()).gettext(text) if text else text
    if isinstance(text, tuple):
        return tuple(say(part) for part in text)
    if isinstance(text, dict):
        return {key: say(value) for key, value in text.items()}
    return text


def plural(text: Plural, n: int) -> str:
    """The form of a plural text for `n`, by the language's CLDR plural rules."""
    return catalogue(current()).ngettext(text[0], text[1], n)


def reader(source: ModuleType) -> Callable[[str], Any]:
    """A module's `__getattr__` that gives `source`'s texts in the language speaking now, so
    `texts.HELLO` is always said to its reader in their own language."""

    def read(name: str) -> Any:
        try:
            return say(getattr(source, name))
        except AttributeError:
            raise AttributeError(f"no text called {name}") from None

    return read


def said_in(code: str | None, compose: Callable[[], T]) -> T:
    """What `compose` writes, in this language (for one message to someone else)."""
    with speaking(code):
        return compose()
