"""The catalogues as the tests read them: the English marked in the code (found by Babel's
extractor as `pybabel extract -F babel.cfg -k N_ -k P_:1,2` finds it), the compiled language
catalogues, and which English a child reads."""

import os
import re
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

from bot.storage.models import Role
from bot.wording.language import LOCALE_DIR
from conversations.menus import DEFAULT_MENU, MENUS

REPO = Path(__file__).resolve().parents[1]
KEYWORDS: dict[str, Any] = {"N_": None, "P_": (1, 2)}
PLACEHOLDER = re.compile(r"\{\w*\}")


def extracted() -> list[tuple[str, Any]]:
    """(file, msgid) for every marked text; a plural's msgid is its (one, many) pair."""
    with (REPO / "babel.cfg").open() as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)

    def ours(path: str) -> bool:
        return os.path.relpath(path, REPO).split(os.sep)[0] in {"bot", "conversations", "scheduler"}

    found = extract_from_dir(
        REPO, method_map, options_map, keywords=KEYWORDS, directory_filter=ours
    )
    return [(Path(file).as_posix(), message) for file, _, message, _, _ in found]


def forms(message: Any) -> list[str]:
    return list(message) if isinstance(message, tuple) else [message]


def msgid(message: Any) -> str:
    """A catalogue's key for a marked text (a plural's singular)."""
    return str(message[0] if isinstance(message, tuple) else message)


def for_children() -> set[str]:
    """The English a child reads: bot/wording/children.py, and the menus a child sees."""
    marked = {msgid(m) for file, m in extracted() if file == "bot/wording/children.py"}
    return marked | {about for _, about in [*MENUS[Role.CHILD], *DEFAULT_MENU]}


def catalogue(code: str) -> Catalog:
    with (LOCALE_DIR / code / "LC_MESSAGES" / "messages.po").open("rb") as po:
        return read_po(po, locale=code)


def problems(catalog: Catalog, code: str, marked: dict[str, Any], required: set[str]) -> list[str]:
    """What is wrong with one language's catalogue, against the English marked in the code:
    a string missing or left over, a required one untranslated, placeholders not those of the
    English, a plural without every form the language has, a fuzzy entry."""
    found: list[str] = []
    entries = {m.id if isinstance(m.id, str) else m.id[0]: m for m in catalog if m.id}
    found += [f"missing: {key!r}" for key in marked if key not in entries]
    found += [f"no longer in the code: {key!r}" for key in entries if key not in marked]
    plural = get_plural(code)
    if catalog.num_plurals != plural.num_plurals or catalog.plural_expr != plural.plural_expr:
        found.append(f"Plural-Forms is not CLDR's for {code}")
    for key, entry in entries.items():
        found += [f"{problem}: {key!r}" for problem in _entry_problems(entry, plural.num_plurals)]
        if key in required and not _translated(entry):
            found.append(f"untranslated: {key!r}")
    return found


def _translated(entry: Message) -> bool:
    return any(forms(entry.string))


def _entry_problems(entry: Message, num_plurals: int) -> list[str]:
    if entry.fuzzy:
        return ["fuzzy"]
    if not _translated(entry):
        return []
    english = forms(entry.id)
    said = forms(entry.string)
    wrong = []
    if entry.pluralizable and (len(said) != num_plurals or not all(said)):
        wrong.append(f"a plural needs all {num_plurals} forms")
    want = set(PLACEHOLDER.findall(english[-1]))
    if any(set(PLACEHOLDER.findall(form)) != want for form in said if form):
        wrong.append(f"placeholders differ from {sorted(want)}")
    if any(form and (form[:1].isspace() != english[0][:1].isspace()) for form in said):
        wrong.append("starts differently (space or line break)")
    return wrong
