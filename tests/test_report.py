"""The Board's report, checked against figures worked out by hand from a small seeded team.

The period is June 2027 in London (British Summer Time, UTC+1): it runs from 2027-05-31 23:00 UTC
to 2027-06-30 23:00 UTC. Rows just either side of those instants, and rows of another team, must
not count. The expected numbers below are written out, not recomputed.
"""

import csv
import io
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PIL import Image
from sqlalchemy import Engine
from sqlmodel import Session

from bot import report
from bot.storage.db import session_scope
from bot.storage.models import (
    CheckIn,
    Child,
    Episode,
    MissingReason,
    Pairing,
    Rating,
    ReturnInterview,
    Review,
    Staff,
    Team,
)

REPO = Path(__file__).resolve().parents[1]
ZONE = ZoneInfo("Europe/London")
JUNE_1, JUNE_30 = date(2027, 6, 1), date(2027, 6, 30)
NOW = datetime(2027, 7, 2, 10, 0, tzinfo=UTC)  # local today: Friday 2 July 2027
RHI = timedelta(hours=72)


def at(month: int, day: int, hour: int = 12, minute: int = 0, year: int = 2027) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


class Seeder:
    """Adds rows with just the columns the report reads (and those the schema requires)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.accounts = 7000  # Telegram accounts of the children who have joined

    def add(self, row: object) -> int:
        self.session.add(row)
        self.session.flush()
        return row.id  # type: ignore[attr-defined]

    def team(self, name: str) -> int:
        return self.add(Team(name=name, created_at=at(1, 1, year=2026)))

    def worker(self, team_id: int, name: str) -> int:
        return self.add(Staff(team_id=team_id, role="worker", name=name, created_at=at(1, 1)))

    def child(
        self,
        team_id: int,
        alias: str,
        due: date | None,
        closed_at: datetime | None = None,
        joined: bool = True,
    ) -> int:
        self.accounts += 1
        return self.add(
            Child(
                team_id=team_id,
                alias=alias,
                alias_key=alias.lower(),
                created_at=at(1, 1),
                closed_at=closed_at,
                review_due_on=due,
                telegram_user_id=self.accounts if joined else None,
            )
        )

    def pairing(
        self, child: int, worker: int, started: datetime, ended: datetime | None = None
    ) -> None:
        self.add(
            Pairing(
                child_id=child,
                worker_id=worker,
                started_at=started,
                ended_at=ended,
                end_reason="reassigned" if ended else None,
            )
        )

    def review(
        self, child: int, worker: int, due_on: date | None, held: datetime, view: bool = True
    ) -> None:
        """A review with the child's own words, or (`view=False`) with why there are none."""
        self.add(
            Review(
                child_id=child,
                worker_id=worker,
                held_at=held,
                child_view="fine" if view else None,
                no_view_reason=None if view else "away at their dad's",
                due_on=due_on,
                next_due_on=held.date() + timedelta(days=28),
            )
        )

    def episode(
        self,
        team_id: int,
        child: int,
        worker: int,
        opened: datetime,
        grade: str | None,
        returned: datetime | None = None,
        done: datetime | None = None,
    ) -> int:
        return self.add(
            Episode(
                child_id=child,
                team_id=team_id,
                opened_by=worker,
                opened_at=opened,
                risk_grade=grade,
                returned_at=returned,
                rhi_due_at=returned + RHI if returned else None,
                rhi_done_at=done,
            )
        )

    def interview(
        self,
        team_id: int,
        episode: int,
        child: int,
        worker: int,
        held: datetime,
        *reasons: str,
        outcome: str = "accepted",
        words: str | None = None,
    ) -> int:
        interview = self.add(
            ReturnInterview(
                episode_id=episode,
                child_id=child,
                worker_id=worker,
                held_at=held,
                outcome=outcome,
                child_words=words,
            )
        )
        for reason in reasons:
            self.reason(team_id, interview, reason, held)
        return interview

    def reason(self, team_id: int, interview: int, reason: str, held: datetime) -> None:
        self.add(
            MissingReason(interview_id=interview, team_id=team_id, reason=reason, held_at=held)
        )

    def rating(self, child: int, rater: str, value: str, created: datetime) -> None:
        self.add(Rating(child_id=child, rater=rater, value=value, created_at=created))

    def checkin(
        self,
        child: int,
        created: datetime,
        status: str,
        answered: datetime | None = None,
        prompted: bool = True,
    ) -> None:
        key = f"checkin:{child}:{created.date().isoformat()}" if prompted else None
        self.add(
            CheckIn(
                child_id=child,
                status=status,
                prompt_key=key,
                created_at=created,
                answered_at=answered,
            )
        )


def seed_north(session: Session) -> int:
    """The North team (the one reported on) and a South team whose rows must never count."""
    s = Seeder(session)
    north, south = s.team("North"), s.team("South")
    sam, ann, bea = s.worker(north, "Sam"), s.worker(north, "Ann"), s.worker(south, "Bea")

    # Children, with their current review due dates (local today is 2 July).
    fox = s.child(north, "Blue Fox", date(2027, 7, 28))  # not due yet
    kite = s.child(north, "Red Kite", date(2027, 6, 24))  # fell due in June, still not held
    owl = s.child(north, "Grey Owl", date(2027, 7, 1))  # overdue now, but due in July
    jay = s.child(north, "Green Jay", date(2027, 7, 2))  # due today: not overdue
    # Closed, and never joined.
    hare = s.child(north, "Pink Hare", date(2027, 6, 10), closed_at=at(5, 20), joined=False)
    wren = s.child(north, "Gold Wren", date(2027, 7, 29))  # paired from 1 July, local time
    newt = s.child(north, "Tan Newt", None, joined=False)  # has not joined yet; no worker
    cat = s.child(south, "Black Cat", date(2027, 6, 15), joined=False)  # another team, overdue

    # Pairings: Fox changes worker twice in June, Jay once; Owl's change was in May; Hare's
    # case closed in May; Wren's pairing starts at 00:30 on 1 July, local time.
    s.pairing(fox, sam, at(1, 1), at(6, 10))
    s.pairing(fox, ann, at(6, 10), at(6, 20))
    s.pairing(fox, sam, at(6, 20))
    s.pairing(kite, ann, at(1, 1))
    s.pairing(owl, sam, at(3, 1), at(5, 15))
    s.pairing(owl, ann, at(5, 15))
    s.pairing(jay, sam, at(2, 1), at(6, 15))
    s.pairing(jay, ann, at(6, 15))
    s.pairing(hare, ann, at(1, 1), at(5, 20))
    s.pairing(wren, ann, at(6, 30, 23, 30))
    s.pairing(cat, bea, at(1, 1), at(6, 5))
    s.pairing(cat, bea, at(6, 5))

    # Reviews. Due in June and held: on time, on time (23:30 local on the due date), late
    # (00:30 local the next day, though still the due date in UTC), late, late (held in July).
    s.review(fox, sam, date(2027, 6, 3), at(6, 2, 10))
    s.review(kite, ann, date(2027, 6, 10), at(6, 10, 22, 30))
    s.review(owl, ann, date(2027, 6, 12), at(6, 12, 23, 30))
    s.review(jay, sam, date(2027, 6, 20), at(6, 25))
    s.review(fox, ann, date(2027, 6, 30), at(7, 1, 10))
    # Not due in June: due 31 May (held late in June), due 1 July (held early in June), no due
    # date recorded, due in January (on time: 23:30 UTC is 23:30 GMT), another team's.
    s.review(kite, ann, date(2027, 5, 31), at(6, 1, 10))
    s.review(owl, ann, date(2027, 7, 1), at(6, 30, 10))
    s.review(kite, ann, None, at(6, 15), view=False)
    s.review(fox, sam, date(2027, 1, 15), at(1, 15, 23, 30))
    s.review(cat, bea, date(2027, 6, 15), at(6, 14))
    s.review(newt, sam, None, at(6, 20))  # a child who has not joined: the review still counts

    # Missing episodes.
    e1 = s.episode(north, fox, sam, at(6, 2, 8), "high", at(6, 3), at(6, 5, 10))  # within
    e2 = s.episode(north, kite, ann, at(6, 8), "medium", at(6, 9, 18), at(6, 13, 9))  # beyond
    e3 = s.episode(north, owl, ann, at(6, 14), "low", at(6, 15, 20), at(6, 18, 20))  # at 72 h
    s.episode(north, jay, sam, at(6, 20), None, at(6, 21, 9))  # not graded, RHI overdue
    s.episode(north, fox, sam, at(6, 29), "medium", at(6, 30, 22, 30))  # RHI not yet due
    e6 = s.episode(north, kite, ann, at(5, 28), "low", at(5, 29, 10), at(5, 31, 22))  # May
    # Opened 00:30 on 1 June local (31 May UTC), RHI a little late.
    e7 = s.episode(north, owl, ann, at(5, 31, 23, 30), "no_apparent", at(6, 1, 10), at(6, 4, 11))
    s.episode(north, jay, sam, at(6, 30, 23, 30), "high")  # opened 1 July local; still away
    s.episode(north, kite, ann, at(4, 1), "low", at(4, 2))  # April: RHI overdue now
    s.episode(south, cat, bea, at(6, 10), "high", at(6, 11))  # another team's, overdue

    # Return interviews and the reasons given. Grey Owl declined the one in June (in time).
    words = "I was at my friend's"
    i1 = s.interview(north, e1, fox, sam, at(6, 5, 10), "conflict", "friends", words=words)
    s.interview(
        north, e2, kite, ann, at(6, 13, 9), "conflict", "exploitation", "drugs_alcohol", words=words
    )
    s.interview(
        north, e3, owl, ann, at(6, 18, 20), "school", "other", outcome="declined", words=words
    )
    i7 = s.interview(north, e7, owl, ann, at(6, 4, 11), "bullying", "friends", "runaway_dog")
    s.interview(  # in May, local time
        north, e6, kite, ann, at(5, 31, 22), "mental_health", "partner", words=words
    )
    s.reason(north, i7, "mental_health", at(5, 31, 23))  # 00:00 on 1 June, local: counts
    s.reason(north, i1, "partner", at(6, 30, 23))  # 00:00 on 1 July, local: does not
    e_south = s.episode(south, cat, bea, at(6, 1), "low", at(6, 2), at(6, 3))
    s.interview(south, e_south, cat, bea, at(6, 3), "school")

    # "Is it helping?"
    for child, value, when in [
        (fox, "yes", at(6, 5)),
        (kite, "yes", at(6, 10)),
        (owl, "yes", at(6, 20)),
        (jay, "a_bit", at(6, 12)),
        (fox, "no", at(6, 25)),
        (kite, "no", at(6, 28)),
        (owl, "maybe", at(6, 15)),  # not on the child's scale: left out
        (fox, "yes", at(5, 31, 22, 59)),  # 23:59 on 31 May, local
        (cat, "no", at(6, 10)),  # another team's
    ]:
        s.rating(child, "child", value, when)
    for child, value, when in [
        (fox, "helping", at(6, 2)),
        (kite, "helping", at(6, 10)),
        (fox, "helping", at(6, 30, 23)),  # 00:00 on 1 July, local
        (owl, "partly", at(5, 31, 23)),  # 00:00 on 1 June, local
        (jay, "partly", at(6, 20)),
        (jay, "not_helping", at(6, 25)),
        (fox, "too_early", at(6, 15)),
    ]:
        s.rating(child, "worker", value, when)

    # Check-ins.
    s.checkin(fox, at(6, 2, 15), "done", at(6, 2, 17))  # answered
    s.checkin(kite, at(6, 9, 15), "unanswered")  # ignored
    s.checkin(owl, at(6, 16, 15), "done", at(6, 17, 9))  # answered
    s.checkin(jay, at(6, 23, 15), "superseded")  # replaced before any answer: left out
    s.checkin(jay, at(6, 24, 15), "superseded", at(6, 24, 15, 30))  # partly answered: counts
    s.checkin(fox, at(6, 24, 18), "done", at(6, 24, 18, 5), prompted=False)  # child-started
    s.checkin(kite, at(6, 30, 15), "open")  # not answered yet
    s.checkin(fox, at(5, 31, 15), "done", at(5, 31, 16))  # May
    s.checkin(owl, at(6, 30, 23, 30), "open")  # 00:30 on 1 July, local
    s.checkin(cat, at(6, 9, 15), "done", at(6, 9, 16))  # another team's
    s.checkin(newt, at(6, 12, 15), "unanswered")  # a child who has not joined: left out
    return north


@pytest.fixture
def north(engine: Engine) -> int:
    with session_scope(engine) as session:
        return seed_north(session)


def june(engine: Engine, team_id: int, now: datetime = NOW) -> report.BoardReport:
    with Session(engine) as session:
        return report.board_report(session, team_id, JUNE_1, JUNE_30, ZONE, now)


def test_every_figure_matches_the_hand_count(engine: Engine, north: int) -> None:
    r = june(engine, north)
    assert (r.team, r.start, r.end, r.as_at) == ("North", JUNE_1, JUNE_30, NOW)

    assert r.reviews_due == 6  # five held, one still waiting (Red Kite's, due 24 June)
    assert r.reviews_on_time == 2
    assert r.reviews_on_time_pct == pytest.approx(33.333, abs=0.001)
    assert r.overdue_reviews_now == 2  # Red Kite and Grey Owl

    assert r.returns == 6
    assert r.rhis_within_72h == 2
    assert r.rhis_not_yet_due == 1  # neither met nor missed yet: 2 of the other 5
    assert r.rhis_within_72h_pct == pytest.approx(40.0)
    assert r.overdue_rhis_now == 2  # Green Jay's in June, Red Kite's in April

    assert dict(r.episodes_by_grade) == {
        "no_apparent": 1,
        "low": 1,
        "medium": 2,
        "high": 1,
        "not_graded": 1,
    }

    assert dict(r.reasons) == {
        "conflict": 2,
        "abuse": 0,
        "school": 1,
        "bullying": 1,
        "mental_health": 1,
        "drugs_alcohol": 1,
        "friends": 2,
        "partner": 0,
        "exploitation": 1,
        "not_known": 0,
        "other": 2,
    }
    assert (r.push_total, r.pull_total) == (5, 4)

    assert {rater: dict(values) for rater, values in r.ratings.items()} == {
        "child": {"yes": 3, "a_bit": 1, "no": 2, "not_sure": 0},
        "worker": {"helping": 2, "partly": 2, "not_helping": 1, "too_early": 1},
    }

    assert r.children_paired == 4  # Fox, Kite, Owl, Jay
    assert r.worker_changes == 3
    assert r.worker_changes_mean == pytest.approx(0.75)
    assert r.worker_changes_max == 2
    assert r.children_with_change == 2

    assert r.checkins_prompted == 5  # Tan Newt's is left out: Newt has not joined
    assert r.checkins_answered == 3
    assert r.checkins_response_pct == pytest.approx(60.0)
    assert r.children_not_joined == 1  # Tan Newt (Pink Hare's case is closed)

    # The child's own words: eight reviews held in June (Tan Newt's counts: a review is
    # casework), all but Red Kite's of 15 June with the child's view; three interviews held
    # (Grey Owl's of 18 June was declined), Blue Fox's and Red Kite's with the child's account.
    assert (r.reviews_held, r.reviews_with_child_words) == (8, 7)
    assert (r.interviews_held, r.interviews_with_child_words) == (3, 2)
    # As England counts: of June's returns, interviews held for Blue Fox (in time), Red Kite
    # (late) and Grey Owl on 1 June (late); Grey Owl's declined one is left out.
    assert (r.rhis_held, r.rhis_held_within_72h) == (3, 1)
    assert r.rhis_held_within_72h_pct == pytest.approx(33.333, abs=0.001)

    # One month, June, holding every figure of the period.
    [month] = r.months
    assert month.month == report.Month(JUNE_1, JUNE_30) and month.month.whole
    assert (month.episodes_started, month.returns, month.rhis_within_72h) == (6, 6, 2)
    assert (month.rhis_not_yet_due, month.reviews_held, month.reviews_with_child_words) == (1, 8, 7)
    assert (month.reviews_due, month.reviews_on_time) == (6, 2)
    assert (month.checkins_prompted, month.checkins_answered) == (5, 3)

    # Counts are ints on every database (PostgreSQL's SUM gives numeric).
    counts = [*r.episodes_by_grade.values(), *r.reasons.values()]
    counts += [n for values in r.ratings.values() for n in values.values()]
    counts += [n for m in r.months for n in vars(m).values() if not isinstance(n, report.Month)]
    counts += [n for w in r.workers for n in vars(w).values() if not isinstance(n, str)]
    assert all(type(n) is int for n in counts)
    assert all(
        type(getattr(r, name)) is int
        for name in (
            "reviews_due",
            "reviews_on_time",
            "overdue_reviews_now",
            "overdue_rhis_now",
            "returns",
            "rhis_within_72h",
            "rhis_not_yet_due",
            "push_total",
            "pull_total",
            "children_paired",
            "worker_changes",
            "worker_changes_max",
            "children_with_change",
            "checkins_prompted",
            "checkins_answered",
            "children_not_joined",
            "reviews_held",
            "reviews_with_child_words",
            "interviews_held",
            "interviews_with_child_words",
            "rhis_held",
            "rhis_held_within_72h",
        )
    )


def test_a_long_period_spans_clock_changes_and_many_due_dates(engine: Engine, north: int) -> None:
    """Over three years of due dates: two queries, the second from 7 June 2027 (between the
    June reviews); January is on GMT."""
    with Session(engine) as session:
        r = report.board_report(session, north, date(2024, 9, 10), date(2027, 12, 31), ZONE, NOW)
    # Held: the five June ones, 31 May (late), 1 July (early) and 15 January (on time);
    # waiting: Red Kite (24 June) and Grey Owl (1 July).
    assert (r.reviews_due, r.reviews_on_time) == (10, 4)
    assert r.returns == 8  # June's six, May's and April's
    assert r.rhis_within_72h == 3  # with May's
    assert sum(r.reasons.values()) == 14  # June's eleven, May's two, 1 July's one


def test_a_due_date_counts_only_once_it_has_passed(engine: Engine) -> None:
    with session_scope(engine) as session:
        s = Seeder(session)
        team = s.team("East")
        s.child(team, "Late Lark", date(2027, 6, 25))
        s.child(team, "Soon Swan", date(2027, 6, 20))
    mid_june = datetime(2027, 6, 20, 10, 0, tzinfo=UTC)  # local today: 20 June
    early = june(engine, team, mid_june)
    assert (early.reviews_due, early.reviews_on_time, early.reviews_on_time_pct) == (0, 0, None)
    assert early.overdue_reviews_now == 0
    later = june(engine, team, datetime(2027, 6, 26, 10, 0, tzinfo=UTC))
    assert (later.reviews_due, later.reviews_on_time, later.reviews_on_time_pct) == (2, 0, 0.0)
    assert later.overdue_reviews_now == 2


def test_an_empty_team_has_no_data_rather_than_zero_percent(engine: Engine) -> None:
    with session_scope(engine) as session:
        team = Seeder(session).team("West")
    r = june(engine, team)
    assert r.reviews_on_time_pct is None
    assert r.rhis_within_72h_pct is None
    assert r.checkins_response_pct is None
    assert r.worker_changes_mean is None
    assert (r.reviews_due, r.returns, r.checkins_prompted, r.worker_changes_max) == (0, 0, 0, 0)
    assert set(r.episodes_by_grade.values()) == {0} and set(r.reasons.values()) == {0}
    assert r.rhis_held_within_72h_pct is None and r.workers == ()
    lines = report.summary_text(r).splitlines()
    assert lines[1] == "Reviews on time: no data; overdue now: 0"
    assert lines[2].startswith(
        "Return interviews within 72 hours (held, offered or declined): no returns past 72 hours;"
    )
    assert lines[3].startswith(
        "Interviews actually held within 72 hours (as England counts them): no interviews held;"
    )
    assert lines[4] == "The child's own words: no reviews held; no return interviews held"
    assert (
        lines[9] == "Check-ins answered (children who have joined): no data; every child has joined"
    )
    assert lines[11] == (
        "- June 2027: 0 missing episodes; no return interviews due; 0 reviews done, "
        "no reviews due; no check-ins asked"
    )
    image = Image.open(io.BytesIO(report.chart_png(r)))
    assert image.size == (1080, 2400)
    rows = list(csv.DictReader(io.StringIO(report.csv_text(r))))
    value = {row["code"]: row["value"] for row in rows if row["for"] == "West"}
    assert {code: value[code] for code in value if code.startswith("reviews.")} == {
        "reviews.due": "0",
        "reviews.on_time": "0",
        "reviews.on_time_pct": "",
        "reviews.overdue_now": "0",
    }
    assert value["voice_of_the_child.reviews_with_words_pct"] == ""
    assert value["return_interviews.held_within_72h_pct"] == ""
    assert not any(row["section"] == "Per worker" for row in rows)


def test_an_unknown_team_is_refused(engine: Engine) -> None:
    with Session(engine) as session, pytest.raises(LookupError):
        report.board_report(session, 999, JUNE_1, JUNE_30, ZONE, NOW)


def test_the_reason_codes_are_one_list() -> None:
    assert list(report.REASONS) == [
        "conflict",
        "abuse",
        "school",
        "bullying",
        "mental_health",
        "drugs_alcohol",
        "friends",
        "partner",
        "exploitation",
        "not_known",
        "other",
    ]
    assert report.REASONS["conflict"] == "Conflict at home or placement"
    assert report.REASONS["exploitation"] == "Exploitation concerns"
    assert report.OTHER == "other" and report.REASONS[report.OTHER] == "Other"
    assert set(report.PUSH_FACTORS).isdisjoint(report.PULL_FACTORS)


def test_the_summary_is_a_few_plain_lines(engine: Engine, north: int) -> None:
    text = report.summary_text(june(engine, north))
    assert text.splitlines() == [
        "Board report: North, 1 Jun 2027 to 30 Jun 2027 (as at 2 Jul 2027, 11:00)",
        "Reviews on time: 2 of 6 (33%); overdue now: 2",
        "Return interviews within 72 hours (held, offered or declined): 2 of 5 (40%), "
        "1 not yet due; overdue now: 2",
        "Interviews actually held within 72 hours (as England counts them): 1 of 3 (33%); "
        "England: 63% of interviews completed within 72 hours in 2023-24 (Missing People's FOI "
        "survey of councils)",
        "The child's own words: 7 of 8 reviews (88%); 2 of 3 return interviews held (67%)",
        "Missing episodes: 6 (no apparent risk 1, low 1, medium 2, high 1, not graded 1)",
        "Why children went missing: push 5, pull 4, other 2, not known 0; most often: "
        "Conflict at home or placement, Friends or peers, Other (2)",
        "Is the help helping? Children said yes or a bit: 4 of 6 (67%); "
        "workers said helping or partly: 4 of 6 (67%)",
        "Worker changes: 0.75 per child on average, most 2 (2 of 4 children changed worker)",
        "Check-ins answered (children who have joined): 3 of 5 (60%); 1 child has not joined yet",
        "Month by month:",
        "- June 2027: 6 missing episodes; 2 of 5 return interviews within 72 hours (40%); "
        "8 reviews done, 2 of 6 reviews due on time (33%); 3 of 5 check-ins answered (60%)",
        "Urgent help: no calls for help",
    ]


def test_the_figures_do_not_load_matplotlib() -> None:
    """The bot imports the reason codes from here; drawing is the only thing needing matplotlib."""
    code = "import sys, bot.report; print('matplotlib' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "False"


def test_percentages_round_halves_up() -> None:
    assert report.show_pct(62.5) == "63%"
    assert report.show_pct(0.4) == "0%"
    assert report.show_pct(None) == "no data"
