"""The Board's report month by month and per worker, checked against figures worked out by hand
from the seeded North team of `tests.test_report` (its docstring gives the period's instants).
Each count is written out, not recomputed."""

import csv
import io
from datetime import date

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from bot import report
from bot.storage.db import session_scope
from bot.storage.models import Child, Staff
from tests.test_report import JUNE_1, JUNE_30, NOW, ZONE, Seeder, at, june, seed_north


@pytest.fixture
def north(engine: Engine) -> int:
    with session_scope(engine) as session:
        return seed_north(session)


def between(engine: Engine, team: int, start: date, end: date) -> report.BoardReport:
    with Session(engine) as session:
        return report.board_report(session, team, start, end, ZONE, NOW)


def counts(month: report.MonthFigures) -> tuple[int, ...]:
    return (
        month.episodes_started,
        month.returns,
        month.rhis_within_72h,
        month.rhis_not_yet_due,
        month.reviews_held,
        month.reviews_with_child_words,
        month.reviews_due,
        month.reviews_on_time,
        month.checkins_prompted,
        month.checkins_answered,
    )


def test_each_month_counts_what_happened_in_it_on_the_local_clock(
    engine: Engine, north: int
) -> None:
    r = between(engine, north, date(2027, 5, 1), date(2027, 7, 31))
    assert [m.month for m in r.months] == [
        report.Month(date(2027, 5, 1), date(2027, 5, 31)),
        report.Month(JUNE_1, JUNE_30),
        report.Month(date(2027, 7, 1), date(2027, 7, 31)),
    ]
    may, jun, jul = r.months
    # May: Red Kite's episode and its return (interview in time, at 23:00 on 31 May local);
    # Red Kite's review due 31 May, held late on 1 June; Blue Fox's check-in of 31 May.
    # Grey Owl's episode opened at 00:30 on 1 June, local, is June's.
    assert counts(may) == (1, 1, 1, 0, 0, 0, 1, 0, 1, 1)
    # June: as `test_every_figure_matches_the_hand_count` works out.
    assert counts(jun) == (6, 6, 2, 1, 8, 7, 6, 2, 5, 3)
    # July: Green Jay away from 00:30 on 1 July, local; Blue Fox's review held on 1 July;
    # Grey Owl's review due 1 July (held early) and Grey Owl's current due date of 1 July, passed
    # with no review since; Grey Owl's check-in prompted at 00:30 on 1 July, not answered.
    assert counts(jul) == (1, 0, 0, 0, 1, 1, 2, 1, 1, 0)
    assert (may.rhis_past_72h, jun.rhis_past_72h, jul.rhis_past_72h) == (1, 5, 0)
    # The period's figures are the sums of its months.
    assert (r.reviews_due, r.reviews_on_time, r.returns, r.rhis_within_72h) == (9, 3, 7, 3)
    assert (r.reviews_held, r.reviews_with_child_words) == (9, 8)
    assert (r.checkins_prompted, r.checkins_answered, r.rhis_not_yet_due) == (7, 4, 1)
    assert sum(r.episodes_by_grade.values()) == 8

    lines = report.summary_text(r).splitlines()
    start = lines.index("Month by month:")
    assert lines[start + 1 : start + 4] == [
        "- May 2027: 1 missing episode; 1 of 1 return interviews within 72 hours (100%); "
        "0 reviews done, 0 of 1 reviews due on time (0%); 1 of 1 check-ins answered (100%)",
        "- June 2027: 6 missing episodes; 2 of 5 return interviews within 72 hours (40%); "
        "8 reviews done, 2 of 6 reviews due on time (33%); 3 of 5 check-ins answered (60%)",
        "- July 2027: 1 missing episode; no return interviews due; 1 review done, "
        "1 of 2 reviews due on time (50%); 0 of 1 check-ins answered (0%)",
    ]
    assert lines[start + 4].startswith("Urgent help:")


def test_the_period_may_cut_its_first_and_last_months_short(engine: Engine, north: int) -> None:
    r = between(engine, north, date(2027, 6, 10), date(2027, 7, 5))
    first, last = r.months
    assert (first.month, last.month) == (
        report.Month(date(2027, 6, 10), JUNE_30),
        report.Month(date(2027, 7, 1), date(2027, 7, 5)),
    )
    assert not first.month.whole and not last.month.whole
    # From 10 June: the episodes of 14, 20 and 29 June; Grey Owl's, Green Jay's partly
    # answered and Red Kite's open check-ins. To 5 July: Green Jay's episode, Grey Owl's prompt.
    assert (first.episodes_started, last.episodes_started) == (3, 1)
    assert (first.checkins_prompted, first.checkins_answered) == (3, 2)
    assert (last.checkins_prompted, last.checkins_answered) == (1, 0)
    text = report.summary_text(r)
    assert "\n- 10 to 30 Jun 2027: 3 missing episodes;" in text
    assert "\n- 1 to 5 Jul 2027: 1 missing episode;" in text
    rows = list(csv.DictReader(io.StringIO(report.csv_text(r))))
    days = {(row["for"], row["code"]): row["value"] for row in rows if row["code"].endswith("_day")}
    assert days == {
        ("10 to 30 Jun 2027", "by_month.first_day"): "2027-06-10",
        ("10 to 30 Jun 2027", "by_month.last_day"): "2027-06-30",
        ("1 to 5 Jul 2027", "by_month.first_day"): "2027-07-01",
        ("1 to 5 Jul 2027", "by_month.last_day"): "2027-07-05",
    }


def test_each_worker_has_their_own_figures(engine: Engine, north: int) -> None:
    with session_scope(engine) as session:
        s = Seeder(session)
        lee = s.worker(north, "Lee Gone")
        old = s.worker(north, "Old Hand")
        s.worker(north, "New Starter")
        s.add(Staff(team_id=north, role="manager", name="Maria Lopez", created_at=at(1, 1)))
        for gone in (lee, old):
            staff = session.get(Staff, gone)
            assert staff is not None
            staff.active = False
        jay = session.exec(select(Child.id).where(Child.alias == "Green Jay")).one()
        assert jay is not None
        s.review(jay, lee, None, at(6, 3))  # a former worker's review in June: they are shown
    r = june(engine, north)
    assert [(w.name, w.children, w.reviews_held, w.reviews_overdue_now) for w in r.workers] == [
        # Blue Fox (10 to 20 June), Red Kite, Grey Owl and Green Jay (from 15 June). Her reviews
        # of 1, 10, 12, 15 and 30 June (Blue Fox's of 1 July is July's); Red Kite's and Grey
        # Owl's overdue now.
        ("Ann", 4, 5, 2),
        ("Lee Gone", 0, 1, 0),
        ("New Starter", 0, 0, 0),  # invited, with no child yet: shown, with nothing
        # Blue Fox and Green Jay (to 15 June); reviews of 2 and 25 June and Tan Newt's.
        ("Sam", 2, 3, 0),
    ]  # Old Hand, gone with nothing in June, is left out; so are managers and South's Bea
    # Return interviews, by whose child it was at the return: Sam had Blue Fox on 3 June (in
    # time) and 30 June (not yet due); Ann had Red Kite (late), Grey Owl twice (declined in
    # time; late) and Green Jay (none yet).
    assert [(w.name, w.rhis_past_72h, w.rhis_within_72h) for w in r.workers] == [
        ("Ann", 4, 1),
        ("Lee Gone", 0, 0),
        ("New Starter", 0, 0),
        ("Sam", 1, 1),
    ]
    # Check-ins, by whose child it was when prompted: Sam had Blue Fox on 2 June (answered);
    # Ann had Red Kite on 9 (not) and 30 June (open), Grey Owl on 16 June and Green Jay on 24
    # June (both answered).
    assert [(w.name, w.checkins_prompted, w.checkins_answered) for w in r.workers] == [
        ("Ann", 4, 2),
        ("Lee Gone", 0, 0),
        ("New Starter", 0, 0),
        ("Sam", 1, 1),
    ]

    rows = list(csv.DictReader(io.StringIO(report.csv_text(r))))
    sam = {row["code"]: row["value"] for row in rows if row["for"] == "Sam"}
    assert sam == {
        "by_worker.children": "2",
        "by_worker.reviews_held": "3",
        "by_worker.reviews_overdue_now": "0",
        "by_worker.rhis_past_72h": "1",
        "by_worker.rhis_within_72h": "1",
        "by_worker.rhis_within_72h_pct": "100.0",
        "by_worker.checkins_prompted": "1",
        "by_worker.checkins_answered": "1",
        "by_worker.checkins_answered_pct": "100.0",
    }
    assert {row["section"] for row in rows if row["for"] == "Sam"} == {"Per worker"}
    new = {row["code"]: row["value"] for row in rows if row["for"] == "New Starter"}
    assert new["by_worker.rhis_within_72h_pct"] == new["by_worker.checkins_answered_pct"] == ""


def test_the_csv_holds_no_childs_alias_or_words(engine: Engine, north: int) -> None:
    text = report.csv_text(june(engine, north))
    for alias in ("Blue Fox", "Red Kite", "Grey Owl", "Green Jay", "Pink Hare", "Tan Newt"):
        assert alias not in text
    for words in ("fine", "away at their dad's", "I was at my friend's"):
        assert words not in text
