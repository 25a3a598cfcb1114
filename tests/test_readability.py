"""Everything a child reads, in English, at a reading age of 10 or under.

The score is the Flesch-Kincaid grade level (Kincaid, Fishburne, Rogers and Chissom, 1975):
0.39 x words per sentence + 11.8 x syllables per word - 15.59, and a reading age is the grade
plus 5. Syllables are counted as groups of vowels (y counts as one), less a silent final "e"
(not in "-le", "-ee" or "-ye"), at least one a word; a number reads as one. Placeholders read as
a short name, commands as the word, and a sentence ends at . ! ? : or a line break. Texts of
fewer than five words (buttons, labels, fragments such as "tomorrow at {clock}") are not scored:
the formula means nothing for them."""

import re

import pytest

from tests.catalogues import for_children

MOST = 10.0  # the reading age a child's text may have at most
VOWELS = re.compile(r"[aeiouy]+")
WORD = re.compile(r"[A-Za-z0-9']+")


def syllables(word: str) -> int:
    w = word.lower().strip("'")
    if w.isdigit():
        return 1
    n = len(VOWELS.findall(w))
    if w.endswith("e") and not w.endswith(("le", "ee", "ye")) and n > 1:
        n -= 1
    return max(n, 1)


def reading_age(text: str) -> float:
    plain = re.sub(r"/(\w+)", r"\1", re.sub(r"\{\w+\}", "Sam", text))
    sentences = [s for s in re.split(r"[.!?:\n]+", plain) if WORD.search(s)]
    words = WORD.findall(plain)
    per_sentence = len(words) / max(len(sentences), 1)
    per_word = sum(syllables(w) for w in words) / len(words)
    return 0.39 * per_sentence + 11.8 * per_word - 15.59 + 5


def test_the_score_tells_plain_words_from_hard_ones() -> None:
    assert syllables("difference") == 3 and syllables("time") == 1 and syllables("little") == 2
    assert reading_age("You can message Sam here any time. Just type.") < 8
    hard = "Comprehensive safeguarding arrangements necessitate interdisciplinary collaboration."
    assert reading_age(hard) > 18


SCORED = sorted(text for text in for_children() if len(WORD.findall(text)) >= 5)


def test_most_of_what_a_child_reads_is_scored() -> None:
    assert len(SCORED) > 40


@pytest.mark.parametrize("text", SCORED, ids=lambda text: text[:40])
def test_a_child_can_read_it(text: str) -> None:
    assert reading_age(text) <= MOST, f"reading age {reading_age(text):.1f}: {text!r}"
