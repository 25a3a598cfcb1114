"""The Board's chart and CSV, checked against the figures worked out by hand from the seeded
North team of `tests.test_report` (June 2027)."""

import csv
import io
from typing import Any

import pytest
from PIL import Image
from sqlalchemy import Engine

from bot import report
from bot.storage.db import session_scope
from tests.test_report import june, seed_north


@pytest.fixture
def north(engine: Engine) -> int:
    with session_scope(engine) as session:
        return seed_north(session)


def test_the_chart_is_a_phone_sized_png_with_the_titled_panels(engine: Engine, north: int) -> None:
    r = june(engine, north)
    titles = [
        "Reviews on time",
        "Return interviews within 72 hours",
        "The child's own words",
        "Episodes by risk grade",
        "Why children went missing",
        "Is the help helping? (child vs worker)",
        "Month by month: how many",
        "Month by month: on time and answered (%)",
        "Worker changes and check-ins",
    ]
    assert report.chart_titles(r) == titles
    figure = report.chart_figure(r)
    axes = report.chart_axes(figure)
    assert [ax.get_title(loc="left") for ax in axes] == titles
    suptitle = figure.get_suptitle()
    assert "North" in suptitle and "1 Jun 2027 to 30 Jun 2027" in suptitle
    assert "as at 2 Jul 2027, 11:00" in suptitle

    # England's mark stands on the bar of interviews actually held, the like-for-like figure.
    rhi_axes = axes[1]
    [england] = rhi_axes.lines
    assert tuple(england.get_xdata()) == (63, 63) and tuple(england.get_ydata()) == (0.6, 1.4)
    assert rhi_axes.get_xlabel().startswith("- - - England: 63% of interviews completed")
    assert _texts(rhi_axes) == [
        "40%  (2 of 5 recorded in time, any outcome; 1 not yet due)",
        "33%  (1 of 3 actually held, in time)",
    ]
    assert _texts(axes[2]) == ["88%  (7 of 8 reviews)", "67%  (2 of 3 return interviews held)"]

    reasons_axes = axes[4]
    assert _legend(reasons_axes) == [
        "Push factors (5)",
        "Pull factors (4)",
        "Other or not known (2)",
    ]
    bars = reasons_axes.patches
    push_colour, pull_colour = bars[0].get_facecolor(), bars[5].get_facecolor()
    assert push_colour != pull_colour
    assert all(bar.get_facecolor() == push_colour for bar in bars[:5])
    assert all(bar.get_facecolor() == pull_colour for bar in bars[5:9])

    # Month by month: June's counts as bars, its shares as points of the lines.
    counts, shares = axes[6], axes[7]
    assert [[bar.get_height() for bar in bars] for bars in counts.containers] == [[6], [8], [3]]
    assert _legend(counts) == ["Missing episodes", "Reviews done", "Check-ins answered"]
    assert [list(line.get_ydata()) for line in shares.lines] == [
        [pytest.approx(40.0)],
        [pytest.approx(33.333, abs=0.001)],
        [pytest.approx(60.0)],
    ]
    assert _legend(shares) == [
        "Return interviews within 72 hours",
        "Reviews on time",
        "Check-ins answered",
    ]
    assert "1 child has not joined yet" in _texts(axes[8])[0]

    png = report.chart_png(r)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    image = Image.open(io.BytesIO(png))
    image.load()
    assert image.format == "PNG"
    assert image.size == (1080, 2400)
    assert image.mode == "RGBA"
    assert len(image.getcolors(maxcolors=1_000_000) or []) > 10  # something was drawn


def _texts(ax: Any) -> list[str]:
    return [t.get_text() for t in ax.texts]


def _legend(ax: Any) -> list[str]:
    """The texts of the legend under a panel (drawn on the panel's sub-figure)."""
    [legend] = ax.get_figure(root=False).legends
    return [t.get_text() for t in legend.get_texts()]


def test_the_csv_is_one_tidy_table_of_plain_words_and_codes(engine: Engine, north: int) -> None:
    text = report.csv_text(june(engine, north))
    reader = csv.DictReader(io.StringIO(text))
    rows = list(reader)
    assert reader.fieldnames == ["section", "for", "figure", "value", "code"]
    assert tuple(reader.fieldnames) == report.CSV_COLUMNS
    sections = list(dict.fromkeys(row["code"].split(".")[0] for row in rows))
    assert sections == [
        "report",
        "reviews",
        "return_interviews",
        "voice_of_the_child",
        "episodes_by_grade",
        "missing_reasons",
        "ratings_child",
        "ratings_worker",
        "worker_changes",
        "checkins",
        "urgent_help",
        "by_month",
        "by_worker",
    ]
    assert tuple(sections) == report.CSV_SECTIONS
    # 68 of the team's, 15 for the one month, 9 for each of the two workers.
    keys = [(row["for"], row["code"]) for row in rows]
    assert len(keys) == len(set(keys)) == 68 + 15 + 2 * 9
    doc = report.__doc__ or ""
    for section, item in (row["code"].split(".") for row in rows):  # each one documented
        assert f"`{section}`" in doc
        assert section == "missing_reasons" or f"`{item}`" in doc
    # Plain words for a Board member: no codes in the section and figure columns.
    assert all("_" not in row["section"] + row["figure"] for row in rows)
    assert {row["section"] for row in rows if row["code"].startswith("return_interviews.")} == {
        "Return home interviews"
    }
    figure = {row["code"]: row["figure"] for row in rows}
    assert figure["return_interviews.within_72h_pct"] == (
        "Return interviews within 72 hours (held, offered or declined) (%)"
    )
    assert figure["return_interviews.held_within_72h_pct"] == (
        "Interviews actually held within 72 hours (%), as England counts them"
    )
    assert figure["voice_of_the_child.reviews_with_words"] == "Reviews with the child's own words"
    assert figure["checkins.not_joined"] == "Children who have not joined yet"

    value = {(row["for"], row["code"]): row["value"] for row in rows}
    team = {code: v for (about, code), v in value.items() if about == "North"}
    assert team["report.team"] == "North"
    assert team["report.period_start"] == "2027-06-01"
    assert team["report.period_end"] == "2027-06-30"
    assert team["report.as_at"] == "2027-07-02T10:00:00+00:00"
    assert team["reviews.due"] == "6"
    assert team["reviews.on_time_pct"] == "33.3"
    assert team["return_interviews.within_72h"] == "2"
    assert team["return_interviews.not_yet_due"] == "1"
    assert team["return_interviews.held"] == "3"
    assert team["return_interviews.held_within_72h"] == "1"
    assert team["return_interviews.held_within_72h_pct"] == "33.3"
    assert team["return_interviews.england_pct"] == "63"
    assert team["voice_of_the_child.reviews_held"] == "8"
    assert team["voice_of_the_child.reviews_with_words"] == "7"
    assert team["voice_of_the_child.reviews_with_words_pct"] == "87.5"
    assert team["voice_of_the_child.interviews_held"] == "3"
    assert team["voice_of_the_child.interviews_with_words"] == "2"
    assert team["voice_of_the_child.interviews_with_words_pct"] == "66.7"
    assert team["episodes_by_grade.not_graded"] == "1"
    assert team["missing_reasons.other"] == "2"
    assert team["missing_reasons.push_total"] == "5"
    assert team["ratings_child.not_sure"] == "0"
    assert team["ratings_worker.partly"] == "2"
    assert team["worker_changes.mean"] == "0.75"
    assert team["worker_changes.max"] == "2"
    assert team["checkins.response_pct"] == "60.0"
    assert team["checkins.not_joined"] == "1"

    month = {code: v for (about, code), v in value.items() if about == "June 2027"}
    assert month == {
        "by_month.first_day": "2027-06-01",
        "by_month.last_day": "2027-06-30",
        "by_month.episodes_started": "6",
        "by_month.returns": "6",
        "by_month.rhis_past_72h": "5",
        "by_month.rhis_within_72h": "2",
        "by_month.rhis_within_72h_pct": "40.0",
        "by_month.reviews_held": "8",
        "by_month.reviews_with_words": "7",
        "by_month.reviews_due": "6",
        "by_month.reviews_on_time": "2",
        "by_month.reviews_on_time_pct": "33.3",
        "by_month.checkins_prompted": "5",
        "by_month.checkins_answered": "3",
        "by_month.checkins_answered_pct": "60.0",
    }
    assert [row["for"] for row in rows if row["code"] == "by_worker.children"] == ["Ann", "Sam"]
