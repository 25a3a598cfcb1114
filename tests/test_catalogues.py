"""Every language's catalogue against the English in the code: complete where it must be,
placeholders as the English has them, every plural form the language's CLDR rules name (Welsh
has six), nothing stale and nothing fuzzy. Then the same check, shown to fail, on catalogues
broken on purpose."""

import pytest
from babel.messages.catalog import Catalog

from bot.wording import language, texts
from bot.wording.language import LANGUAGES, LOCALE_DIR, speaking
from tests.catalogues import catalogue, extracted, for_children, msgid, problems

MARKED = {msgid(m): m for _, m in extracted()}
TRANSLATED = [code for code in LANGUAGES if code != language.ENGLISH]


def complete(code: str) -> set[str]:
    """What a language must translate: everything, or for one not yet complete for staff,
    everything a child reads."""
    return set(MARKED) if LANGUAGES[code].for_staff else for_children()


def test_the_code_marks_strings_and_plurals_for_the_catalogues() -> None:
    assert len(MARKED) > 500
    assert ("{n} day", "{n} days") in MARKED.values()
    assert texts.HELP_NOW in MARKED and texts.LANGUAGE_ASK in MARKED


@pytest.mark.parametrize("code", TRANSLATED)
def test_each_language_is_complete_for_its_readers_and_right(code: str) -> None:
    assert (LOCALE_DIR / code / "LC_MESSAGES" / "messages.po").exists()
    assert problems(catalogue(code), code, MARKED, complete(code)) == []


def test_welsh_is_for_everyone_and_polish_for_children() -> None:
    assert TRANSLATED == ["cy", "pl"]
    assert complete("cy") == set(MARKED) and len(complete("pl")) > 70


def test_the_check_finds_each_kind_of_fault() -> None:
    broken = Catalog(locale="cy")
    broken.add("Thank you 💛", "")  # required, untranslated
    broken.add("Sent to {worker} ✓", "Anfonwyd at {gweithiwr} ✓")  # a placeholder renamed
    broken.add(("{n} day", "{n} days"), ("{n} diwrnod", "{n} diwrnod"))  # two of six forms
    broken.add("Not in the code any more", "Dim")
    broken.add("Skip", "Hepgor", flags=["fuzzy"])
    marked = {key: MARKED[key] for key in ("Thank you 💛", "Sent to {worker} ✓", "{n} day")}
    marked["Your time with Homeward has ended."] = "Your time with Homeward has ended."
    marked["Skip"] = "Skip"
    found = "\n".join(problems(broken, "cy", marked, set(marked)))
    assert "untranslated: 'Thank you 💛'" in found
    assert "placeholders differ" in found and "'Sent to {worker} ✓'" in found
    assert "a plural needs all 6 forms: '{n} day'" in found
    assert "no longer in the code: 'Not in the code any more'" in found
    assert "missing: 'Your time with Homeward has ended.'" in found
    assert "fuzzy: 'Skip'" in found


def test_plurals_follow_each_languages_rules() -> None:
    """Welsh has six forms (0, 1, 2, 3, 6, other): two days mutate. Polish has three."""
    days = texts.COUNT_DAYS
    with speaking("en"):
        assert [texts.count(n, days) for n in (1, 2)] == ["1 day", "2 days"]
    with speaking("cy"):
        welsh = [texts.count(n, days) for n in (0, 1, 2, 3, 6, 7)]
    assert welsh == ["0 diwrnod", "1 diwrnod", "2 ddiwrnod", "3 diwrnod", "6 diwrnod", "7 diwrnod"]
    with speaking("pl"):
        has = [language.plural(texts.HAS_HAVE, n) for n in (1, 2, 5, 22, 25)]
    assert has == ["ma", "mają", "mają", "mają", "mają"]
    assert language.catalogue("pl").ngettext(*texts.HAS_HAVE, 5) == "mają"  # the "many" form


def test_a_string_a_language_lacks_is_said_in_english() -> None:
    staff_only = texts.REVIEW_USE_WORDS  # not one a child reads: Polish need not have it
    with speaking("pl"):
        assert staff_only == texts.REVIEW_USE_WORDS
        assert texts.THANKS != "Thank you 💛"
    with speaking("xx"):  # a code this version does not have
        assert texts.THANKS == "Thank you 💛"
