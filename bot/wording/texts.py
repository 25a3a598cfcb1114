"""Everything the bot says, in the language of the person reading it.

The English is in `children` (what a child reads) and `staff`; `texts.NAME` gives either in
the language speaking now (see `language`)."""

from typing import Any

from bot.wording import children, language, staff
from bot.wording.language import Plural

_read_child, _read_staff = language.reader(children), language.reader(staff)


def __getattr__(name: str) -> Any:
    """`texts.NAME`: a text of `children` or `staff`, translated, help numbers filled in."""
    found = _read_child(name) if hasattr(children, name) else _read_staff(name)
    if isinstance(found, str) and "{help_now}" in found:
        return found.replace("{help_now}", _read_child("HELP_NOW"))
    return found


def names(people: list[str]) -> str:
    """ "Sam Patel", "Maria Lopez and Raj Shah", "A, B and C"."""
    if len(people) <= 1:
        return "".join(people)
    return _read_child("NAMES_LAST").format(first=", ".join(people[:-1]), last=people[-1])


def sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def risk(level: str) -> str:
    """'high risk', or 'no risk level set'."""
    return str(_read_staff("RISK_NAMES")[level])


def count(n: int, text: Plural) -> str:
    """ "1 message", "2 messages": the form the reader's language uses for n."""
    return language.plural(text, n).format(n=n)


def joining_mark(joining: str | None) -> str:
    """After a child's line: whether they have joined (None: they have)."""
    return str(_read_staff("JOINING_MARKS")[joining]) if joining else ""
