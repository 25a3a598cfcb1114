"""Every language's catalogue against the English in the code: complete where it must be,
placeholders as the English has them, every plural form the language's CLDR rules name (Welsh
has six), nothing stale and nothing fuzzy. Then the same check, shown to fail, on catalogues
broken on purpose."""

from babel.messages.catalog import Catalog

from bot.wording import language, texts
from bot.wording.language import speaking
from tests.catalogues import catalogue, extracted, for_children, msgid, problems

MARKED = {msgid(m): m for _, m in extracted()}
COMPLETE = {"cy": set(MARKED), "pl": for_children()}  # Polish: everything a child reads


def test_the_code_marks_strings_and_plurals_for_the_catalogues() -> None:
    assert len(MARKED) > 500
    assert ("{n} day", "{n} days") in MARKED.values()
    assert texts.HELP_NOW in MARKED and texts.LANGUAGE_ASK in MARKED


def test_welsh_is_complete_and_right() -> None:
    assert problems(catalogue("cy"), "cy", MARKED, COMPLETE["cy"]) == []


def test_polish_is_complete_for_everything_a_child_reads() -> None:
    assert len(COMPLETE["pl"]) > 70
    assert problems(catalogue("pl"), "pl", MARKED, COMPLETE["pl"]) == []


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
    days = texts.COUNT_DAYS
    with speaking("en"):
        assert [texts.count(n, days) for n in (1, 2)] == ["1 day", "2 days"]
    with speaking("cy"):
        welsh = {n: texts.count(n, days) for n in (0, 1, 2, 3, 6, 7)}
    forms = {n: language.catalogue("cy").ngettext(*days, n) for n in (0, 1, 2, 3, 6, 7)}
    assert {n: said.format(n=n) for n, said in forms.items()} == welsh
    assert all(str(n) in said for n, said in welsh.items())
    assert welsh[1] != "1 day" and welsh[7] != "7 days"


def test_a_string_a_language_lacks_is_said_in_english() -> None:
    staff_only = texts.REVIEW_USE_WORDS  # not one a child reads: Polish need not have it
    with speaking("pl"):
        assert staff_only == texts.REVIEW_USE_WORDS
        assert texts.THANKS != "Thank you 💛"
    with speaking("xx"):  # a code this version does not have
        assert texts.THANKS == "Thank you 💛"
