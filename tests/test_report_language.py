"""The Board's report and the command line in the language speaking now.

No catalogue is faked: the check is that every word the report shows comes from English marked
for the catalogues. Babel's extractor reads bot/report and bot/cli.py as `pybabel extract` does
(babel.cfg, keywords N_ and P_), and each line of the text report, each word on the chart and each
word of the CSV must be built from those msgids: a msgid's fixed text, its {placeholders} filled
with numbers, dates, the team's and workers' names, the marked labels (reasons, grades, answers)
or other msgids. Anything English left over fails. The dates and month names are Babel's, so
`--language cy` shows in them even before any Welsh translation has arrived."""

import asyncio
import csv
import dataclasses
import io
import re
import string
from collections.abc import Iterable
from datetime import date
from functools import cache
from pathlib import Path

import pytest
from babel.dates import get_month_names
from sqlalchemy import Engine
from sqlmodel import Session

from bot import cli, report
from bot.report import chart, labels, words
from bot.report.urgent import UrgentFigures
from bot.storage.db import session_scope
from bot.wording import language
from bot.wording.language import speaking
from tests.catalogues import extracted, forms
from tests.harness import Harness, Trio
from tests.test_report import NOW, ZONE, Seeder, june, seed_north

NAMES = {"North", "West", "Sam", "Ann"}  # the seeded team and workers, as they were named


EXTRACTED = extracted()
# The report's and the command line's own texts: the templates a line may be built from.
TEMPLATES = sorted(
    {
        form
        for file, message in EXTRACTED
        if file.startswith("bot/report/") or file == "bot/cli.py"
        for form in forms(message)
    }
)
EVERY_MSGID = {form for _, message in EXTRACTED for form in forms(message)}
# The labels the report borrows (marked in bot/rules/episodes.py and bot/wording), whole.
LABELS = {
    *report.REASONS.values(),
    *report.GRADES.values(),
    *(label for scale in report.RATING_VALUES.values() for label in scale.values()),
}
GRADE_NAMES = {label.lower() for label in report.GRADES.values()}  # said mid-sentence
NUMBER = re.compile(r"\d+(\.\d+)?%?")
MONTHS = "|".join(
    {
        *get_month_names("wide", locale="en").values(),
        *get_month_names("abbreviated", locale="en").values(),
    }
)
DATE = re.compile(rf"(\d{{1,2}} )?({MONTHS}) \d{{4}}(, \d{{2}}:\d{{2}})?")


def _one_line(text: str) -> str:
    """Text as it reads, on one line: a chart breaks lines where one would be too wide."""
    return " ".join(text.split())


def _parse(template: str) -> tuple[tuple[str, bool], ...]:
    """A template as its parts: (text, False) for fixed text, ("", True) for a placeholder."""
    parts: list[tuple[str, bool]] = []
    for text, field, _, _ in string.Formatter().parse(_one_line(template)):
        if text:
            parts.append((text, False))
        if field is not None:
            parts.append(("", True))
    return tuple(parts)


PARSED = [_parse(t) for t in TEMPLATES]


def fits(text: str) -> bool:
    """`text` is a number, a date, a name, a marked label, a template of the report's filled
    with such (recursively), or a list of them; nothing else."""
    return _fits(_one_line(text))


@cache
def _fits(text: str) -> bool:
    if not text:
        return False
    if NUMBER.fullmatch(text) or DATE.fullmatch(text) or text in NAMES:
        return True
    if text in LABELS or text in GRADE_NAMES:
        return True
    if any(_matches(parts, text) for parts in PARSED):
        return True
    for separator in (", ", "; "):  # a list: of reasons, of grades with their counts
        items = text.split(separator)
        if len(items) > 1 and all(_fits(item) for item in items):
            return True
    return False


def _matches(parts: tuple[tuple[str, bool], ...], text: str) -> bool:
    """Whether `text` is the template `parts` with each placeholder filled by something `fits`
    (every way of filling it is tried)."""
    if not parts:
        return not text
    (fixed, is_field), rest = parts[0], parts[1:]
    if not is_field:
        return text.startswith(fixed) and _matches(rest, text[len(fixed) :])
    if not rest:
        return _fits(text)
    following = rest[0][0]
    ends = [m.start() for m in re.finditer(f"(?={re.escape(following)})", text)]
    return any(_matches(rest, text[end:]) and _fits(text[:end]) for end in ends if end > 0)


def reads(text: str) -> bool:
    """A text of one or more marked texts, one after another on lines of their own (a chart's
    panel writes several in one block; one of them may take two lines)."""
    lines = text.split("\n")
    ends = {0}  # after how many lines the text read so far is made of whole marked texts
    for end in range(1, len(lines) + 1):
        if any(start in ends and fits(" ".join(lines[start:end])) for start in range(end)):
            ends.add(end)
    return len(lines) in ends


def _unmarked(texts: Iterable[str]) -> list[str]:
    return [text for text in texts if not reads(text)]


@pytest.fixture
def north(engine: Engine) -> int:
    with session_scope(engine) as session:
        return seed_north(session)


def _reports(engine: Engine, north: int) -> list[report.BoardReport]:
    """Reports that take every way the words can go: June's; a period cutting its months
    short; an empty team (nothing to count); June with urgent calls, timed and not."""
    with session_scope(engine) as session:
        west = Seeder(session).team("West")
    with Session(engine) as session:
        short = report.board_report(session, north, date(2027, 6, 10), date(2027, 7, 5), ZONE, NOW)
    full = june(engine, north)
    calls = UrgentFigures(4, 2, 1, 3, 1, 1, median_minutes=20.0, worst_minutes=50.0)
    untimed = UrgentFigures(1, 0, 0, 0, 0, 0, median_minutes=None, worst_minutes=None)
    return [
        full,
        short,
        june(engine, west),
        dataclasses.replace(full, urgent=calls),
        dataclasses.replace(full, urgent=untimed),
    ]


def test_the_check_fails_on_english_that_is_not_marked() -> None:
    """The check below can fail: a word that no msgid holds is caught, wherever it stands."""
    assert fits("Reviews on time: 2 of 6 (33%); overdue now: 2")
    assert reads("Reviews on time: 2 of 6 (33%); overdue now: 2\nUrgent help: no calls for help")
    assert not reads("Reviews on time: 2 of 6 (33%); overdue now: 2\nThat is all")
    assert not fits("Reviews on time: 2 of 6 (33%); overdue today: 2")
    assert not fits("Reviews on time: 2 of 6 (33%)")  # half a template is not one
    assert not fits("Board report: North, 1 Jun 2027 to 30 Jun 2027 (as of 2 Jul 2027, 11:00)")
    assert not fits("Why children went missing: push 5, pull 4, sideways 2")
    assert not fits("Missing episodes: 6 (urgent 1)")
    assert not fits("Kept safe")


def test_the_labels_the_report_borrows_are_marked() -> None:
    assert LABELS <= EVERY_MSGID
    assert len(TEMPLATES) > 100


def test_every_line_of_the_text_report_is_marked_english(engine: Engine, north: int) -> None:
    lines = [
        line.removeprefix("- ")  # a month's line: the list's dash is not a word
        for r in _reports(engine, north)
        for line in report.summary_text(r).splitlines()
    ]
    assert len(lines) > 60
    assert _unmarked(lines) == []


def _chart_words(r: report.BoardReport) -> list[str]:
    """Every text on the chart: titles, words on and under the panels, legends and labels (the
    dashes before England's figure draw the line they stand for: they are no word)."""
    figure = report.chart_figure(r)
    found = [figure.get_suptitle(), *report.chart_titles(r)]
    for ax in report.chart_axes(figure):
        found += [ax.get_title(loc="left"), ax.get_xlabel().removeprefix("- - - ")]
        found += [t.get_text() for t in ax.texts]
        found += [t.get_text() for t in [*ax.get_xticklabels(), *ax.get_yticklabels()]]
        legends = [*ax.get_figure(root=False).legends, ax.get_legend()]
        found += [t.get_text() for legend in legends if legend for t in legend.get_texts()]
    return [text for text in found if text]


def test_every_word_on_the_chart_is_marked_english(engine: Engine, north: int) -> None:
    reports = _reports(engine, north)
    words = [word for r in (reports[0], reports[2]) for word in _chart_words(r)]
    assert "Why children went missing" in words and "Push factors (5)" in words
    assert "No apparent\nrisk" in words  # wrapped under its bar
    assert len(words) > 80
    assert _unmarked(words) == []


def test_the_csv_words_are_marked_and_the_codes_stay(engine: Engine, north: int) -> None:
    r = june(engine, north)
    english = list(csv.DictReader(io.StringIO(report.csv_text(r))))
    for row in english:
        assert row["section"] in TEMPLATES and (
            row["figure"] in TEMPLATES or row["figure"] in LABELS
        ), row
        assert fits(row["for"]), row
    # In Polish the words are the Polish catalogue's, read as the CSV is written; the codes and
    # the values are the same, for scripts.
    with speaking("pl"):
        polish = list(csv.DictReader(io.StringIO(report.csv_text(r))))
    said = language.catalogue("pl").gettext
    assert [row["code"] for row in polish] == [row["code"] for row in english]
    assert [row["value"] for row in polish] == [row["value"] for row in english]
    for before, after in zip(english, polish, strict=True):
        assert after["section"] == said(before["section"])
        assert after["figure"] == said(before["figure"])
    assert {row["for"] for row in polish if row["code"] == "by_month.first_day"} == {
        "czerwiec 2027"
    }
    codes = {row["code"].split(".")[0] for row in english}
    assert codes == set(labels.SECTIONS) and codes == set(report.CSV_SECTIONS)


def test_the_report_speaks_the_language_speaking_now(engine: Engine, north: int) -> None:
    """Babel's dates follow the language with no catalogue; the words follow the catalogue (the
    English shows where it has none yet)."""
    r = june(engine, north)
    with speaking("cy"):
        welsh = report.summary_text(r).splitlines()
        titles = report.chart_titles(r)
    said = language.catalogue("cy").gettext
    assert welsh[0] == said(words.TITLE).format(
        team="North",
        period=said(words.FROM_TO).format(start="1 Meh 2027", end="30 Meh 2027"),
        as_at="2 Gorff 2027, 11:00",
    )
    assert welsh[11].startswith("- Mehefin 2027: ")
    assert titles == [said(title) for title, _, _ in chart.PANELS]
    assert report.summary_text(r).splitlines()[0].startswith("Board report: North, 1 Jun 2027")


# The command line ------------------------------------------------------------------------------


def test_the_command_line_refuses_an_unknown_language_in_one_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for argv in (["--language", "xx", "migrate"], ["migrate", "--language=klingon"]):
        assert cli.main(argv) == 2
        out, err = capsys.readouterr()
        code = argv[-1].split("=")[-1] if "=" in argv[-1] else "xx"
        assert out == ""
        assert err.splitlines() == [
            f"homeward: unknown language {code!r}: --language takes one of en, cy"
        ]


def test_the_language_codes_are_those_complete_for_staff() -> None:
    """Polish is complete only for what a child reads, so the command line does not offer it."""
    parser = cli._parser()
    [option] = [a for a in parser._actions if "--language" in a.option_strings]
    assert option.choices == ["en", "cy"] and option.default == "en"
    assert parser.parse_args(["migrate"]).language == "en"
    assert parser.parse_args(["--language", "cy", "migrate"]).language == "cy"
    assert parser.parse_args(["migrate", "--language", "cy"]).language == "cy"
    assert parser.parse_args(["--language", "cy", "migrate"]).command == "migrate"


async def test_homeward_report_language_cy_writes_the_welsh_report(
    homeward: Harness,
    trio: Trio,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", homeward.settings.database_url)
    args = ["report", "--team", "North", "--from", "2026-01-01"]
    quarter = [*args, "--to", "2026-02-28"]
    assert await asyncio.to_thread(cli.main, [*quarter, "--out", "cy", "--language", "cy"]) == 0
    assert await asyncio.to_thread(cli.main, [*quarter, "--out", "en"]) == 0
    welsh = (tmp_path / "cy" / "report.txt").read_text()
    english = (tmp_path / "en" / "report.txt").read_text()
    assert "1 Ion 2026" in welsh and "28 Chwef 2026" in welsh and "\n- Ionawr 2026: " in welsh
    assert "1 Jan 2026 to 28 Feb 2026" in english and "\n- January 2026: " in english
    with (tmp_path / "cy" / "report.csv").open() as handle:
        months = {row["for"] for row in csv.DictReader(handle) if row["code"] == "by_month.returns"}
    assert months == {"Ionawr 2026", "Chwefror 2026"}
    # What it says of itself is in the language asked for too: marked, with English until the
    # catalogue has it.
    capsys.readouterr()
    backwards = ["--language", "cy", *args, "--to", "2025-01-01", "--out", "x"]
    assert await asyncio.to_thread(cli.main, backwards) == 2
    refused = capsys.readouterr().err.strip()
    assert refused == "homeward: " + language.catalogue("cy").gettext(cli.TO_BEFORE_FROM)
    assert cli.TO_BEFORE_FROM in TEMPLATES


def test_what_the_command_line_says_is_marked() -> None:
    said = [
        cli.NO_TOKEN,
        cli.NO_KEY,
        cli.UNKNOWN_LANGUAGE,
        cli.NOT_A_DATE,
        cli.UP_TO_DATE,
        cli.INVITE_FOR,
        cli.INVITE_UNTIL,
        cli.NO_TEAM,
        cli.NO_CHILD,
        *cli.RE_ENCRYPTED,
    ]
    assert set(said) <= set(TEMPLATES)
