"""The Board's report answers the safeguarding audit, end to end: a small team lives through
January to March 2026 in the real bot over the Bot API double, the clock moved by hand, and the
manager's /report (and `homeward report`) give the figures worked out here by hand.

The team (North): Maria Lopez manages; Sam Patel and Ann Lee are workers who joined; Tom Reed
was invited and never joined. Sam has Blue Fox and Red Kite; Ann has Grey Owl (until Sam takes
Owl on 20 February) and Pink Hare, who was invited but never joined. Times are London's (GMT,
then BST from 29 March).

- Reviews (first due 2 February, then 28 days after each): Fox 20 Jan (words) and 16 Feb
  (words), both on time, and 20 Mar, late, without words; Kite 10 Feb, late (words), and
  9 Mar, on time (words); Owl 12 Feb, late, without words; Hare 28 Jan, on time, without words.
  Still waiting at the end: Hare's of 25 Feb and Owl's of 12 Mar, both overdue on 1 April.
- Missing, and the return interview: Fox 14 Jan (high), back 15 Jan 08:00, interview held 16
  Jan with Fox's account; Kite 3 Feb (medium), back 4 Feb 09:00, held 8 Feb 09:00 (late), no
  account; Owl 18 Feb (low), back 19 Feb, declined 20 Feb; Fox 5 Mar (no grade), back 6 Mar,
  only offered 8 Mar (with words, which do not count); Kite 25 Mar (medium), back 27 Mar, no
  interview (overdue); Owl 31 Mar at 19:00 (high), back at 22:00 (still inside 72 hours on
  1 April); Fox away at 00:30 on 1 April, after the period.
- Check-ins every Monday at 16:00 from 12 January (twelve for each child who joined): Fox
  answers every one, Kite those of January, Owl none.

The manager asks at 13:00 on Wednesday 1 April for 1 January to 31 March.
"""

import csv
import io
import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PIL import Image
from sqlmodel import Session, select

from bot import report
from bot.cli import write_report
from bot.storage.models import Team as TeamRow
from bot.wording import texts
from tests.harness import Harness, Person
from tests.worlds import Worlds

LONDON = ZoneInfo("Europe/London")


def local(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=LONDON).astimezone(UTC)


MONDAYS = [date(2026, 1, 12) + timedelta(weeks=n) for n in range(12)]  # to 30 March
ASKED = local(4, 1, 13)


@dataclass(frozen=True)
class Team:
    manager: Person
    sam: Person
    ann: Person
    fox: Person
    kite: Person
    owl: Person


async def review(worker: Person, alias: str, words: str = "", reason: str = "") -> None:
    """A review with the child's words, or with the reason there are none; the next due date
    kept as offered (28 days on)."""
    await worker.command("review", alias)
    if words:
        await worker.send(words)
    else:
        await worker.press(worker.inbox()[-1], texts.REVIEW_NO_VIEW)
        await worker.send(reason)
    asked = worker.inbox()[-1]
    await worker.press(asked, next(b for b in worker.buttons(asked) if b.startswith("Keep")))
    assert worker.last().startswith(texts.REVIEW_SAVED.split("{")[0] + alias)


async def missing(worker: Person, alias: str, grade: str = "") -> None:
    await worker.command("missing", alias)
    if grade:
        await worker.press(worker.inbox()[-1], grade)


async def interview(
    worker: Person, alias: str, outcome: str, reasons: list[str], words: str = ""
) -> None:
    await worker.command("rhi", alias)
    await worker.press(worker.inbox()[-1], outcome)
    if outcome != "Declined":
        await worker.press(worker.inbox()[-1], "Yes")  # done by someone independent
    for reason in [*reasons, texts.RHI_DONE]:
        await worker.press(worker.inbox()[-1], reason)
    if words:
        await worker.send(words)
    else:
        await worker.press(worker.inbox()[-1], texts.SKIP)
    assert worker.last() == texts.RHI_SAVED.format(alias=alias)


async def answer_checkin(child: Person) -> None:
    prompt = [m for m in child.inbox() if m.text == texts.CHECKIN_PROMPT][-1]
    await child.press(prompt, texts.CHECKIN_MOODS["good"])


async def _three_months(homeward: Harness) -> Team:
    manager = await homeward.enrol_manager("Maria Lopez", "North")
    sam = await homeward.enrol_worker(manager, "Sam Patel")
    ann = await homeward.enrol_worker(manager, "Ann Lee")
    await manager.command("invite_worker", "Tom Reed")  # never joins
    fox = await homeward.enrol_child(sam, "Blue Fox")
    kite = await homeward.enrol_child(sam, "Red Kite")
    owl = await homeward.enrol_child(ann, "Grey Owl")
    await ann.command("add_child", "Pink Hare")  # never joins

    # Each Monday's prompts at 16:00, answered at once or not at all; 49 hours on, the
    # unanswered ones are marked so (the next prompt would otherwise supersede them).
    weekly: list[tuple[datetime, list[Person]]] = []
    for monday in MONDAYS:
        prompted = local(monday.month, monday.day, 16)
        weekly.append((prompted, [fox, kite] if monday.month == 1 else [fox]))
        weekly.append((prompted + timedelta(hours=49), []))

    async def to(moment: datetime) -> None:
        """The clock moved on to `moment`, through the week's check-ins on the way."""
        while weekly and weekly[0][0] <= moment:
            when, answering = weekly.pop(0)
            await homeward.advance_to(when)
            for child in answering:
                await answer_checkin(child)
        await homeward.advance_to(moment)

    await to(local(1, 14, 20))
    await missing(sam, "Blue Fox", "High")
    await to(local(1, 15, 8))
    await sam.command("returned", "Blue Fox")
    await to(local(1, 16, 10))
    reasons = ["Conflict at home or placement", "Friends or peers"]
    await interview(sam, "Blue Fox", "Accepted", reasons, "I was at my mate's house")
    await to(local(1, 20, 11))
    await review(sam, "Blue Fox", words="I like football club")
    await to(local(1, 28, 11))
    await review(ann, "Pink Hare", reason="We have not met yet")
    await to(local(2, 3, 18))
    await missing(sam, "Red Kite", "Medium")
    await to(local(2, 4, 9))
    await sam.command("returned", "Red Kite")
    await to(local(2, 8, 9))
    await interview(sam, "Red Kite", "Accepted", ["Exploitation concerns"])
    await to(local(2, 10, 11))
    await review(sam, "Red Kite", words="school is ok")
    await to(local(2, 12, 11))
    await review(ann, "Grey Owl", reason="Owl did not want to talk")
    await to(local(2, 16, 11))
    await review(sam, "Blue Fox", words="football is good")
    await to(local(2, 18, 15))
    await missing(ann, "Grey Owl", "Low")
    await to(local(2, 19, 10))
    await ann.command("returned", "Grey Owl")
    await to(local(2, 20, 12))
    await interview(ann, "Grey Owl", "Declined", [])
    await to(local(2, 20, 15))
    await manager.command("reassign", "Grey Owl Sam Patel")
    await to(local(3, 5, 17))
    await missing(sam, "Blue Fox")
    await to(local(3, 6, 9))
    await sam.command("returned", "Blue Fox")
    await to(local(3, 8, 9))
    await interview(sam, "Blue Fox", "Offered", ["School"], "school stuff")
    await to(local(3, 9, 11))
    await review(sam, "Red Kite", words="I'm ok")
    await to(local(3, 20, 11))
    await review(sam, "Blue Fox", reason="Fox was unwell")
    await to(local(3, 25, 16))
    await missing(sam, "Red Kite", "Medium")
    await to(local(3, 27, 10))
    await sam.command("returned", "Red Kite")
    await to(local(3, 31, 19))
    await missing(sam, "Grey Owl", "High")
    await to(local(3, 31, 22))
    await sam.command("returned", "Grey Owl")
    await to(local(4, 1, 0, 30))
    await missing(sam, "Blue Fox", "High")
    await to(ASKED)
    return Team(manager, sam, ann, fox, kite, owl)


@pytest.fixture
async def north(homeward: Harness, worlds: Worlds) -> Team:
    return await worlds.enter("report audit", homeward, _three_months)


async def asked_for_the_quarter(homeward: Harness, north: Team) -> tuple[str, bytes, str]:
    """The manager's /report for January to March: the text, the PNG and the CSV."""
    await north.manager.command("report", "2026-01-01 2026-03-31")
    text, chart, table = north.manager.inbox()[-3:]
    assert chart.method == "sendPhoto" and table.method == "sendDocument"
    photo = next(c for c in reversed(homeward.double.calls) if c.method == "sendPhoto")
    document = next(c for c in reversed(homeward.double.calls) if c.method == "sendDocument")
    return (
        text.text or "",
        photo.params["photo"].content,
        document.params["document"].content.decode(),
    )


async def test_the_summary_answers_the_audit(homeward: Harness, north: Team) -> None:
    text, _, _ = await asked_for_the_quarter(homeward, north)
    assert text.splitlines() == [
        "Board report: North, 1 Jan 2026 to 31 Mar 2026 (as at 1 Apr 2026, 13:00)",
        # Due: Fox 2 Feb (on time), Hare 2 Feb (on time), Kite and Owl 2 Feb (late), Fox 17 Feb
        # (on time), Hare 25 Feb (waiting); Kite 10 Mar (on time), Owl 12 Mar (waiting), Fox
        # 16 Mar (late). Overdue now: Hare's and Owl's.
        "Reviews on time: 4 of 9 (44%); overdue now: 2",
        # Past 72 hours: Fox's two and Owl's declined one in time; Kite's two not. Owl's last
        # return is still inside its 72 hours; Kite's of 27 March is overdue.
        "Return interviews within 72 hours (held, offered or declined): 3 of 5 (60%), "
        "1 not yet due; overdue now: 1",
        # Held: Fox's of 16 January (in time) and Kite's of 8 February (late).
        "Interviews actually held within 72 hours (as England counts them): 1 of 2 (50%); "
        "England: 63% of interviews completed within 72 hours in 2023-24 (Missing People's FOI "
        "survey of councils)",
        # Seven reviews, four with the child's words; of the two held interviews, Fox's has
        # Fox's account (the words at the interview only offered do not count).
        "The child's own words: 4 of 7 reviews (57%); 1 of 2 return interviews held (50%)",
        "Missing episodes: 6 (no apparent risk 0, low 1, medium 2, high 2, not graded 1)",
        "Why children went missing: push 2, pull 2, other 0, not known 1; most often: "
        "Conflict at home or placement, School, Friends or peers, Exploitation concerns, "
        "Not known (1)",
        "Is the help helping? Children said yes or a bit: no data; "
        "workers said helping or partly: no data",
        "Worker changes: 0.25 per child on average, most 1 (1 of 4 children changed worker)",
        # Twelve prompts to each of Fox, Kite and Owl; Fox answered 12, Kite 3. Hare has not
        # joined, so has none.
        "Check-ins answered (children who have joined): 15 of 36 (42%); 1 child has not joined yet",
        "Month by month:",
        "- January 2026: 1 missing episode; 1 of 1 return interviews within 72 hours (100%); "
        "2 reviews done, no reviews due; 6 of 9 check-ins answered (67%)",
        "- February 2026: 2 missing episodes; 1 of 2 return interviews within 72 hours (50%); "
        "3 reviews done, 3 of 6 reviews due on time (50%); 4 of 12 check-ins answered (33%)",
        # Owl's episode from 19:00 on 31 March counts; Fox's from 00:30 on 1 April does not.
        "- March 2026: 3 missing episodes; 1 of 2 return interviews within 72 hours (50%); "
        "2 reviews done, 1 of 3 reviews due on time (33%); 5 of 15 check-ins answered (33%)",
        "Urgent help: no calls for help",
    ]


async def test_the_csv_gives_the_months_and_the_workers(homeward: Harness, north: Team) -> None:
    _, _, table = await asked_for_the_quarter(homeward, north)
    rows = list(csv.DictReader(io.StringIO(table)))
    value = {(row["for"], row["code"]): row["value"] for row in rows}
    team = {code: v for (about, code), v in value.items() if about == "North"}
    assert {code: team[code] for code in team if code.split(".")[0] in WORDS_AND_72H} == {
        "return_interviews.returns": "6",
        "return_interviews.within_72h": "3",
        "return_interviews.within_72h_pct": "60.0",
        "return_interviews.not_yet_due": "1",
        "return_interviews.overdue_now": "1",
        "return_interviews.held": "2",
        "return_interviews.held_within_72h": "1",
        "return_interviews.held_within_72h_pct": "50.0",
        "return_interviews.england_pct": "63",
        "voice_of_the_child.reviews_held": "7",
        "voice_of_the_child.reviews_with_words": "4",
        "voice_of_the_child.reviews_with_words_pct": "57.1",
        "voice_of_the_child.interviews_held": "2",
        "voice_of_the_child.interviews_with_words": "1",
        "voice_of_the_child.interviews_with_words_pct": "50.0",
        "checkins.prompted": "36",
        "checkins.answered": "15",
        "checkins.response_pct": "41.7",
        "checkins.not_joined": "1",
    }
    by_month = {
        about: [value[(about, f"by_month.{item}")] for item in MONTH_ITEMS]
        for about in ("January 2026", "February 2026", "March 2026")
    }
    assert by_month == {
        # episodes; returns, past 72 hours, in time; reviews done, with words, due, on time;
        # check-ins asked, answered
        "January 2026": ["1", "1", "1", "1", "2", "1", "0", "0", "9", "6"],
        "February 2026": ["2", "2", "2", "1", "3", "2", "6", "3", "12", "4"],
        "March 2026": ["3", "3", "2", "1", "2", "1", "3", "1", "15", "5"],
    }
    assert value[("March 2026", "by_month.first_day")] == "2026-03-01"
    assert value[("March 2026", "by_month.checkins_answered_pct")] == "33.3"
    assert value[("January 2026", "by_month.reviews_on_time_pct")] == ""  # none due

    workers = [row["for"] for row in rows if row["code"] == "by_worker.children"]
    assert workers == ["Ann Lee", "Sam Patel", "Tom Reed"]  # as invited; not the manager
    per_worker = {
        name: [value[(name, f"by_worker.{item}")] for item in WORKER_ITEMS] for name in workers
    }
    assert per_worker == {
        # children; reviews done, overdue now; returns past 72 hours, in time; check-ins
        # asked, answered
        # Ann: Owl (to 20 Feb) and Hare; Hare's and Owl's reviews; Hare's overdue; Owl's
        # declined interview in time; Owl's six check-ins to 16 February.
        "Ann Lee": ["2", "2", "1", "1", "1", "6", "0"],
        # Sam: Fox, Kite, and Owl from 20 Feb; five reviews; Owl's overdue; Fox's two in time,
        # Kite's two not (Owl's of 31 March not yet due); Fox's and Kite's 24, Owl's last 6.
        "Sam Patel": ["3", "5", "1", "4", "2", "30", "15"],
        "Tom Reed": ["0", "0", "0", "0", "0", "0", "0"],  # invited, never joined
    }
    assert value[("Sam Patel", "by_worker.checkins_answered_pct")] == "50.0"
    assert value[("Tom Reed", "by_worker.rhis_within_72h_pct")] == ""
    for private in ("Blue Fox", "Red Kite", "Grey Owl", "Pink Hare", "mate's house", "football"):
        assert private not in table


WORDS_AND_72H = ("return_interviews", "voice_of_the_child", "checkins")
MONTH_ITEMS = (
    "episodes_started",
    "returns",
    "rhis_past_72h",
    "rhis_within_72h",
    "reviews_held",
    "reviews_with_words",
    "reviews_due",
    "reviews_on_time",
    "checkins_prompted",
    "checkins_answered",
)
WORKER_ITEMS = (
    "children",
    "reviews_held",
    "reviews_overdue_now",
    "rhis_past_72h",
    "rhis_within_72h",
    "checkins_prompted",
    "checkins_answered",
)


async def test_the_chart_shows_the_words_the_months_and_englands_figure(
    homeward: Harness, north: Team
) -> None:
    _, png, _ = await asked_for_the_quarter(homeward, north)
    image = Image.open(io.BytesIO(png))
    assert (image.format, image.size) == ("PNG", (1080, 2400))
    with Session(homeward.engine) as session:
        team = session.exec(select(TeamRow.id).where(TeamRow.name == "North")).one()
        assert team is not None
        figures = report.board_report(
            session, team, date(2026, 1, 1), date(2026, 3, 31), LONDON, ASKED
        )
    axes = report.chart_axes(report.chart_figure(figures))
    assert len(axes) == 9
    titles = [ax.get_title(loc="left") for ax in axes]
    rhis = axes[titles.index("Return interviews within 72 hours")]
    assert [t.get_text() for t in rhis.texts] == [
        "60%  (3 of 5 recorded in time, any outcome; 1 not yet due)",
        "50%  (1 of 2 actually held, in time)",
    ]
    assert [tuple(line.get_xdata()) for line in rhis.lines] == [(63, 63)]
    words = axes[titles.index("The child's own words")]
    assert [t.get_text() for t in words.texts] == [
        "57%  (4 of 7 reviews)",
        "50%  (1 of 2 return interviews held)",
    ]
    counts = axes[titles.index("Month by month: how many")]
    assert [[bar.get_height() for bar in bars] for bars in counts.containers] == [
        [1, 2, 3],  # missing episodes
        [2, 3, 2],  # reviews done
        [6, 4, 5],  # check-ins answered
    ]
    assert [t.get_text() for t in counts.get_xticklabels()] == [
        "Jan\n2026",
        "Feb\n2026",
        "Mar\n2026",
    ]
    shares = axes[titles.index("Month by month: on time and answered (%)")]
    rhis_in_time, on_time, answered = (list(line.get_ydata()) for line in shares.lines)
    assert [round(y, 1) for y in rhis_in_time] == [100, 50, 50]
    assert math.isnan(on_time[0]) and [round(y, 1) for y in on_time[1:]] == [50, 33.3]
    assert [round(y, 1) for y in answered] == [66.7, 33.3, 33.3]


async def test_the_command_line_gives_the_same_figures(
    homeward: Harness, north: Team, tmp_path: Path
) -> None:
    """`homeward report` takes its moment from the system clock, so only figures that no
    longer change once the quarter is over are compared."""
    await homeward.settle()
    write_report(homeward.settings, "North", date(2026, 1, 1), date(2026, 3, 31), tmp_path)
    text = (tmp_path / "report.txt").read_text()
    assert (
        "The child's own words: 4 of 7 reviews (57%); 1 of 2 return interviews held (50%)" in text
    )
    assert "Interviews actually held within 72 hours (as England counts them): 1 of 2 (50%)" in text
    assert "Check-ins answered (children who have joined): 15 of 36 (42%)" in text
    with (tmp_path / "report.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    value = {(row["for"], row["code"]): row["value"] for row in rows}
    assert value[("March 2026", "by_month.episodes_started")] == "3"
    assert value[("Sam Patel", "by_worker.reviews_held")] == "5"
    assert Image.open(tmp_path / "report.png").size == (1080, 2400)
