"""Help reaches someone awake: the urgent ladder, duty cover, and answering, played over the Bot
API on a moved clock, in hours and at night, on a weekday and a weekend, with and without duty
cover; and the Board's figures on urgent help against numbers worked out by hand.

The team: Maria Lopez and Raj Shah manage North; Sam Patel (Monday to Friday, 09:00 to 17:00)
is Blue Fox's worker; Ann Lee is another worker, who covers on duty.
"""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlmodel import Session, select

from bot import report
from bot.cli import audit_lines
from bot.rules import casework, hours, taking, urgent
from bot.rules.overview import Uncovered, no_cover_line
from bot.sandbox.double import SentMessage
from bot.storage.models import Alert, Child, Role, Staff
from bot.wording import texts
from tests.harness import Harness, Person, Trio, start_code

ALERT = texts.URGENT_ALERT.format(alias="Blue Fox")
SAMS_CHILD = texts.ALERT_CONTEXT.format(details="Sam Patel's child")
ON_DUTY_FOR_SAM = texts.ON_DUTY_MARK.format(worker="Sam Patel")
MONDAY_NIGHT = datetime(2026, 1, 6, 1, 0, tzinfo=UTC)  # Tuesday 01:00 in London
SATURDAY = datetime(2026, 1, 10, 14, 0, tzinfo=UTC)
MONDAY_EVENING = datetime(2026, 1, 12, 20, 0, tzinfo=UTC)
BACK_TUESDAY = "this morning at 9am"  # said at 01:00


class Team:
    def __init__(self, trio: Trio, raj: Person, ann: Person) -> None:
        self.maria, self.sam, self.fox = trio.manager, trio.worker, trio.child
        self.raj, self.ann = raj, ann

    def staff(self) -> list[Person]:
        return [self.sam, self.maria, self.raj, self.ann]


@pytest.fixture
async def team(homeward: Harness, trio: Trio) -> Team:
    raj = homeward.person("Raj")
    await raj.command("start", start_code(await homeward.manager_invite("Raj Shah", "North")))
    ann = await homeward.enrol_worker(trio.manager, "Ann Lee")
    return Team(trio, raj, ann)


def alerts_to(person: Person) -> list[SentMessage]:
    return [m for m in person.inbox() if "URGENT: Blue Fox" in (m.text or "")]


def agains_to(person: Person) -> list[str]:
    return [m.text or "" for m in person.inbox() if "STILL UNANSWERED: Blue Fox" in (m.text or "")]


def named_to_child(fox: Person, since: int, people: list[str]) -> set[str]:
    """Which of these people the child was told about, since message `since`."""
    said = "\n".join(fox.texts()[since:])
    return {name for name in people if name in said}


ALL = ["Sam Patel", "Maria Lopez", "Raj Shah", "Ann Lee"]


async def test_in_hours_the_worker_and_every_manager_get_it_each_with_a_button(
    homeward: Harness, team: Team
) -> None:
    since = len(team.fox.inbox())
    await team.fox.command("urgent")
    for person in (team.sam, team.maria, team.raj):
        (alert,) = alerts_to(person)
        assert person.buttons(alert) == [texts.ACK_BUTTON]
    assert alerts_to(team.ann) == [], "in hours the duty contact is not called"
    told = texts.URGENT_TOLD.format(told="Sam Patel", duty="")
    assert team.fox.texts()[since:] == [texts.NUMBERS_HEAD + told]
    tokens = {
        alerts_to(p)[0].reply_markup["inline_keyboard"][0][0]["callback_data"]  # type: ignore[index]
        for p in (team.sam, team.maria, team.raj)
    }
    assert len(tokens) == 3, "a button of each person's own"
    stolen = alerts_to(team.maria)[0].reply_markup["inline_keyboard"][0][0]["callback_data"]  # type: ignore[index]
    before = len(homeward.double.sent)
    await homeward.act(homeward.double.send_callback(team.raj.id, stolen))
    assert homeward.double.sent[before:] == [], "a press of someone else's button changes nothing"


async def test_it_goes_again_every_15_minutes_to_all_until_one_takes_it(
    homeward: Harness, team: Team
) -> None:
    await team.fox.command("urgent")
    await homeward.advance(timedelta(minutes=14, seconds=59))
    assert agains_to(team.maria) == []
    for minutes in (15, 30):
        await homeward.advance_to(datetime(2026, 1, 5, 10, minutes, tzinfo=UTC))
        again = texts.URGENT_AGAIN.format(alias="Blue Fox", waited=f"{minutes} minutes")
        for person in (team.sam, team.maria, team.raj):
            assert agains_to(person)[-1] == again + SAMS_CHILD
            assert person.buttons(person.inbox()[-1]) == [texts.ACK_BUTTON]
    await homeward.restart()
    await homeward.advance_to(datetime(2026, 1, 5, 10, 45, tzinfo=UTC))
    assert agains_to(team.raj)[-1] == (
        texts.URGENT_AGAIN.format(alias="Blue Fox", waited="45 minutes") + SAMS_CHILD
    )
    since = len(team.fox.inbox())
    await team.sam.press(team.sam.inbox()[-1], texts.ACK_BUTTON)
    assert team.fox.texts()[since:] == [texts.ACK_TO_CHILD.format(name="Sam Patel")]
    taken = texts.ACKNOWLEDGED.format(name="Sam Patel", alias="Blue Fox")
    assert taken in team.maria.texts() and taken in team.raj.texts()
    assert team.sam.last() == texts.TAKEN.format(alias="Blue Fox")
    await team.raj.press(alerts_to(team.raj)[-1], texts.ACK_BUTTON)
    assert team.raj.last() == texts.ALREADY_ACKNOWLEDGED.format(name="Sam Patel")
    counts = [len(agains_to(p)) for p in (team.sam, team.maria, team.raj)]
    await homeward.advance(timedelta(hours=2))
    assert [len(agains_to(p)) for p in (team.sam, team.maria, team.raj)] == counts == [3, 3, 3]


async def test_at_night_the_duty_contact_has_it_takes_it_and_answers(
    homeward: Harness, team: Team
) -> None:
    await team.maria.command("duty", "Ann Lee")
    await homeward.advance_to(MONDAY_NIGHT)
    since = len(team.fox.inbox())
    await team.fox.send("he hurt me. im scared")
    (alert,) = alerts_to(team.ann)
    assert alert.text == ON_DUTY_FOR_SAM + ALERT + SAMS_CHILD and team.ann.buttons(alert)
    relayed = texts.RELAY_WHO_ON_DUTY.format(alias="Blue Fox")
    assert f"💬 {relayed}:\nhe hurt me. im scared" in team.ann.texts()
    told = texts.URGENT_TOLD.format(told="Ann Lee", duty=texts.ON_DUTY_NOW)
    back = texts.WORKER_BACK.format(worker="Sam Patel", back=BACK_TUESDAY)
    assert team.fox.texts()[since:] == [f"{texts.NUMBERS_HEAD}{told} {back}"], "the numbers once"
    assert named_to_child(team.fox, since, ALL) == {"Ann Lee", "Sam Patel"}
    await team.ann.press(alert, texts.ACK_BUTTON)
    assert team.fox.last() == texts.ACK_TO_CHILD_TEAM.format(name="Ann Lee")
    await team.ann.send("I'm here. Are you somewhere safe?", reply_to=alert.message_id)
    assert team.fox.last() == "I'm here. Are you somewhere safe?\n\n— Ann Lee"
    await team.ann.command("msg", "Blue Fox I'm calling you now")
    assert team.fox.last() == "I'm calling you now\n\n— Ann Lee"
    trail = [line.split("  ")[1:] for line in audit_lines(homeward.settings, "North", "Blue Fox")]
    assert ["worker Ann Lee (#4)", "message child held on duty"] in trail
    await team.ann.command("review", "Blue Fox")
    assert team.ann.last() == texts.NO_SUCH_CHILD.format(alias="Blue Fox"), "answering only"


async def test_on_a_weekend_the_rota_has_someone_on_duty(homeward: Harness, team: Team) -> None:
    await team.maria.command("duty", "rota sat-sun 00:00-24:00 Ann Lee")
    assert team.maria.last().startswith(
        texts.ROTA_ADDED.format(line="Sat, Sun, 00:00 to 24:00: Ann Lee")
    )
    assert team.ann.last() == texts.ON_ROTA_TO_THEM.format(
        manager="Maria Lopez", line="Sat, Sun, 00:00 to 24:00: Ann Lee"
    )
    await homeward.advance_to(SATURDAY)
    await team.maria.command("duty")
    assert team.maria.last().startswith(texts.DUTY_NOW.format(name="Ann Lee"))
    since = len(team.fox.inbox())
    await team.fox.command("urgent")
    assert len(alerts_to(team.ann)) == 1
    assert named_to_child(team.fox, since, ALL) == {"Ann Lee", "Sam Patel"}
    await team.raj.press(alerts_to(team.raj)[0], texts.ACK_BUTTON)
    assert team.fox.last() == texts.ACK_TO_CHILD_TEAM.format(name="Raj Shah")
    assert texts.ACKNOWLEDGED.format(name="Raj Shah", alias="Blue Fox") in team.ann.texts()


async def test_with_nobody_on_duty_the_managers_have_it_and_the_morning_says_so(
    homeward: Harness, team: Team
) -> None:
    await team.maria.command("duty", "rota sat-sun 00:00-24:00 Ann Lee")  # no weekday cover
    await homeward.advance_to(MONDAY_EVENING)
    since = len(team.fox.inbox())
    await team.fox.command("urgent")
    assert alerts_to(team.ann) == []
    assert named_to_child(team.fox, since, ALL) == {"Maria Lopez", "Raj Shah", "Sam Patel"}
    told = texts.URGENT_TOLD.format(told="Maria Lopez and Raj Shah", duty="")
    assert told in team.fox.texts()[since]
    await team.fox.send("please")
    assert "999" not in team.fox.last(), "the numbers are not given twice in a row"
    assert any(t.endswith(":\nplease") for t in team.maria.texts()), "the managers have it"
    await homeward.advance_to(datetime(2026, 1, 14, 9, 0, tzinfo=UTC))  # a digest missed too
    morning = next(t for t in team.maria.texts() if t.startswith("This morning in North"))
    assert no_cover_line(Uncovered(1, 1)) in morning
    assert "🚨 Nobody has taken Blue Fox's call for help from Monday 12 January 2026" in morning
    assert texts.CHILD_STILL_WAITING in team.fox.texts(), "after an hour untaken, the child knows"


async def test_out_of_hours_everything_a_child_sends_reaches_the_duty_contact(
    homeward: Harness, team: Team
) -> None:
    await team.maria.command("duty", "Ann Lee")
    await homeward.advance_to(MONDAY_NIGHT)
    double = homeward.double
    await homeward.act(double.send_voice(team.fox.id))
    await homeward.act(double.send_sticker(team.fox.id))
    sent = await team.fox.send("are you awake")
    await homeward.act(double.edit_text(team.fox.id, sent["message"]["message_id"], "are you up"))
    methods = [m.method for m in team.ann.inbox()]
    assert methods.count("sendVoice") == 1 and methods.count("sendSticker") == 1
    relayed = texts.RELAY_WHO_ON_DUTY.format(alias="Blue Fox")
    assert f"✏️ {relayed} changed a message:\nare you up" in team.ann.texts()
    away = texts.AWAY_RECEIPT_ON_DUTY.format(worker="Sam Patel", told="Ann Lee", back=BACK_TUESDAY)
    assert team.fox.texts().count(away + texts.NUMBERS_TAIL) == 1, "once a night, with numbers"
    assert team.fox.last() == texts.RECEIPT_TO_CHILD.format(worker="Ann Lee")


async def test_whoever_took_it_closes_it_with_a_note_kept_encrypted(
    homeward: Harness, team: Team
) -> None:
    await team.fox.command("urgent")
    await team.maria.press(alerts_to(team.maria)[0], texts.ACK_BUTTON)
    await team.maria.press(team.maria.inbox()[-1], texts.RESOLVE_BUTTON)
    assert team.maria.last() == texts.RESOLVE_ASK.format(alias="Blue Fox")
    await team.maria.send("Spoke to Blue Fox and their carer; safe at a friend's tonight.")
    assert team.maria.last() == texts.RESOLVED.format(alias="Blue Fox")
    with Session(homeward.engine) as session:
        alert = session.exec(select(Alert)).one()
    assert alert.resolution and alert.resolution.startswith("Spoke to Blue Fox")
    with homeward.engine.connect() as connection:
        stored = connection.execute(text("SELECT resolution FROM alert")).scalar_one()
    assert "carer" not in stored


# The Board's figures ---------------------------------------------------------------------------


def test_the_boards_urgent_figures_match_the_hand_count(homeward: Harness) -> None:
    """Five calls: four in the period (the first of June 2027 to the last). By hand:

    | call | raised (London)     | hours          | taken after | within 15 min |
    |------|---------------------|----------------|-------------|---------------|
    | 1    | Tue 1 June 10:00    | in             | 5 min       | yes           |
    | 2    | Tue 1 June 23:00    | out, on duty   | 20 min      | no            |
    | 3    | Sat 12 June 03:00   | out, no duty   | 50 min      | no            |
    | 4    | Mon 14 June 11:00   | in             | never       | no            |
    | 5    | Thu 1 July 10:00    | (after the period)                           |

    raised 4; out of hours 2 (50%); no one on duty 1; taken 3; within 15 minutes 1 (25%);
    time to take: median of 5, 20, 50 = 20 minutes, worst 50; resolved 1 (call 1).
    """
    zone = homeward.settings.zone
    with Session(homeward.engine) as session:
        north = casework.get_or_create_team(session, "North", homeward.clock.now())
        assert north.id is not None
        maria = casework.add_staff(session, north.id, Role.MANAGER, "Maria Lopez", north.created_at)
        sam = casework.add_staff(session, north.id, Role.WORKER, "Sam Patel", north.created_at)
        ann = casework.add_staff(session, north.id, Role.WORKER, "Ann Lee", north.created_at)
        for n, person in enumerate((maria, sam, ann)):
            person.telegram_user_id = 5000 + n
        fox = casework.add_child(session, sam, "Blue Fox", north.created_at)
        kite = casework.add_child(session, sam, "Red Kite", north.created_at)
        fox.telegram_user_id, kite.telegram_user_id = 6000, 6001
        session.flush()

        def call(
            at: datetime, taken_after: int | None, duty: Staff | None = None, who: Child = fox
        ) -> Alert:
            hours.set_duty(session, north.id or 0, duty)
            alert = urgent.raise_alarm(session, who, "command", at, zone)
            if taken_after is not None and alert.id is not None:
                taking.acknowledge(session, alert.id, maria, at + timedelta(minutes=taken_after))
            return alert

        first = call(datetime(2027, 6, 1, 9, 0, tzinfo=UTC), 5)
        call(datetime(2027, 6, 1, 22, 0, tzinfo=UTC), 20, duty=ann)
        call(datetime(2027, 6, 12, 2, 0, tzinfo=UTC), 50)
        call(datetime(2027, 6, 14, 10, 0, tzinfo=UTC), None)
        call(datetime(2027, 7, 1, 9, 0, tzinfo=UTC), 1, who=kite)  # (Blue Fox's 4th still waits)
        assert first.id is not None
        taking.resolve(session, first.id, maria, "dealt with", datetime(2027, 6, 2, tzinfo=UTC))
        june = report.board_report(
            session,
            north.id,
            date(2027, 6, 1),
            date(2027, 6, 30),
            zone,
            datetime(2027, 7, 2, tzinfo=UTC),
        )
    figures = june.urgent
    assert (figures.raised, figures.out_of_hours, figures.uncovered) == (4, 2, 1)
    assert (figures.acknowledged, figures.within_15_min, figures.resolved) == (3, 1, 1)
    assert (figures.median_minutes, figures.worst_minutes) == (20.0, 50.0)
    rows = {item: n for section, item, n in report.csv_rows(june) if section == "urgent_help"}
    assert rows == {
        "raised": "4",
        "out_of_hours": "2",
        "out_of_hours_pct": "50.0",
        "no_one_on_duty": "1",
        "acknowledged": "3",
        "within_15_min": "1",
        "within_15_min_pct": "25.0",
        "ack_median_min": "20.0",
        "ack_worst_min": "50.0",
        "resolved": "1",
    }
    assert report.summary_text(june).splitlines()[-1] == (
        "Urgent help: 4 calls (2 out of hours, 1 with no one on duty); taken: 3 of 4 (75%), "
        "within 15 minutes: 1 of 4 (25%); time to take one: median 20 min, worst 50 min; "
        "resolved: 1"
    )


# What the first trials and reviews found -----------------------------------------------------


async def test_asking_again_while_it_waits_is_the_same_call(homeward: Harness, team: Team) -> None:
    await team.fox.command("urgent")
    await team.fox.command("checkin")
    await team.fox.press(team.fox.inbox()[-1], texts.HELP_NOW_BUTTON)
    await team.fox.send("im not safe")
    with Session(homeward.engine) as session:
        assert len(session.exec(select(Alert)).all()) == 1
    again = texts.URGENT_TOLD_AGAIN.format(told="Sam Patel", duty="")
    assert sum(again in t for t in team.fox.texts()) == 2
    assert team.fox.last().startswith(texts.NUMBERS_JUST_ABOVE), "not the numbers twice in a row"
    assert sum(t.startswith("🚨 URGENT, AGAIN: Blue Fox") for t in team.maria.texts()) == 2
    await team.maria.press(team.maria.inbox()[-1], texts.ACK_BUTTON)
    before = len(agains_to(team.raj))
    await homeward.advance(timedelta(hours=1))
    assert len(agains_to(team.raj)) == before, "taken once, it is taken"


async def test_resolving_can_wait_and_be_done_later(homeward: Harness, team: Team) -> None:
    await team.fox.command("urgent")
    await team.maria.press(alerts_to(team.maria)[0], texts.ACK_BUTTON)
    taken = team.maria.inbox()[-1]
    await team.maria.press(taken, texts.RESOLVE_BUTTON)
    await team.maria.command("cancel")
    await homeward.advance(timedelta(hours=3))
    await team.maria.press(taken, texts.RESOLVE_BUTTON)
    await team.maria.send("Carer called back; all well.")
    assert team.maria.last() == texts.RESOLVED.format(alias="Blue Fox")


async def test_a_duty_contact_answers_only_until_the_worker_is_back(
    homeward: Harness, team: Team
) -> None:
    await team.maria.command("duty", "Ann Lee")
    await homeward.advance_to(MONDAY_NIGHT)
    await team.fox.send("can't sleep")
    await team.ann.command("msg", "Blue Fox I'm here tonight")
    assert team.fox.last() == "I'm here tonight\n\n— Ann Lee"
    await homeward.advance_to(datetime(2026, 1, 6, 10, 30, tzinfo=UTC))  # Sam back at 09:00
    await team.ann.command("msg", "Blue Fox still there?")
    assert team.ann.last() == texts.NO_SUCH_CHILD.format(alias="Blue")


async def test_after_a_reassignment_the_old_worker_neither_hears_nor_takes_it(
    homeward: Harness, team: Team
) -> None:
    await team.fox.command("urgent")
    first = alerts_to(team.sam)[0]
    await team.maria.command("reassign", "Blue Fox Ann Lee")
    await homeward.advance(timedelta(minutes=15))
    assert agains_to(team.sam) == [] and len(agains_to(team.ann)) == 1
    await team.sam.press(first, texts.ACK_BUTTON)
    assert team.sam.last() == texts.NOT_YOURS_TO_TAKE
    await team.ann.press(team.ann.inbox()[-1], texts.ACK_BUTTON)
    assert team.fox.last() == texts.ACK_TO_CHILD.format(name="Ann Lee")


async def test_an_every_evening_rota_covers_every_night_and_says_what_it_leaves(
    homeward: Harness, team: Team
) -> None:
    await team.maria.command("duty", "rota mon-sun 17:00-09:00 Ann Lee")
    status = team.maria.last()
    assert "Sat 09:00 to 17:00, Sun 09:00 to 17:00" in status, "the weekend days are left"
    for night in (MONDAY_NIGHT, datetime(2026, 1, 12, 1, 0, tzinfo=UTC)):  # Tuesday, Monday 01:00
        await homeward.advance_to(night)
        await team.maria.command("duty")
        assert team.maria.last().startswith(texts.DUTY_NOW.format(name="Ann Lee"))
        await team.maria.command("cancel")


async def test_whoever_comes_on_duty_mid_ladder_gets_the_next_round(
    homeward: Harness, team: Team
) -> None:
    await team.maria.command("duty", "rota mon-sun 17:00-09:00 Ann Lee")
    await homeward.advance_to(datetime(2026, 1, 9, 16, 50, tzinfo=UTC))  # Friday, Sam at work
    await team.fox.command("urgent")
    assert alerts_to(team.ann) == []
    await homeward.advance_to(datetime(2026, 1, 9, 17, 5, tzinfo=UTC))
    (again,) = [t for t in team.ann.texts() if "STILL UNANSWERED: Blue Fox" in t]
    assert again.startswith(ON_DUTY_FOR_SAM)


async def test_a_replayed_acknowledgement_changes_nothing(homeward: Harness, team: Team) -> None:
    await team.fox.command("urgent")
    alert = alerts_to(team.raj)[0]
    await team.raj.press(alert, texts.ACK_BUTTON)
    before = len(homeward.double.sent)
    token = alert.reply_markup["inline_keyboard"][0][0]["callback_data"]  # type: ignore[index]
    await homeward.act(homeward.double.send_callback(team.raj.id, token, alert.message_id))
    assert homeward.double.sent[before:] == []


def test_the_median_of_an_even_count_is_the_mean_of_the_middle_two(homeward: Harness) -> None:
    zone = homeward.settings.zone
    with Session(homeward.engine) as session:
        north = casework.get_or_create_team(session, "North", homeward.clock.now())
        assert north.id is not None
        maria = casework.add_staff(session, north.id, Role.MANAGER, "Maria Lopez", north.created_at)
        sam = casework.add_staff(session, north.id, Role.WORKER, "Sam Patel", north.created_at)
        maria.telegram_user_id, sam.telegram_user_id = 5000, 5001
        for n, taken_after in enumerate((10, 30)):
            child = casework.add_child(session, sam, f"Child {n}", north.created_at)
            child.telegram_user_id = 6000 + n
            at = datetime(2027, 6, 2 + n, 10, 0, tzinfo=UTC)
            alert = urgent.raise_alarm(session, child, "command", at, zone)
            assert alert.id is not None
            taking.acknowledge(session, alert.id, maria, at + timedelta(minutes=taken_after))
        as_at = datetime(2027, 7, 1, tzinfo=UTC)
        june = report.board_report(
            session, north.id, date(2027, 6, 1), date(2027, 6, 30), zone, as_at
        )
    assert (june.urgent.median_minutes, june.urgent.worst_minutes) == (20.0, 30.0)
