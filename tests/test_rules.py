"""The rules, tested without Telegram: aliases, invites, reach, message splitting, the outbox."""

import re
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import Engine, text
from sqlmodel import Session, SQLModel, select

from bot.outbox.queue import Outgoing, enqueue
from bot.outbox.textlimits import TEXT_MAX, utf16_len
from bot.rules import access, casework, invites, timing
from bot.rules.relayed import split_labelled
from bot.rules.timing import GATHER
from bot.storage.db import MIGRATIONS, make_engine, migrate, session_scope
from bot.storage.models import Invite, Outbox, Role
from bot.wording.timefmt import show_to_child

NOW = datetime(2027, 1, 4, 10, 0, tzinfo=UTC)
WEEK = timedelta(days=7)


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("Blue Fox", "Blue Fox"),
        ("  blue   fox ", "blue fox"),
        ("O'Neil-2", "O'Neil-2"),
        ("Zoë", "Zoë"),
        ("x" * 32, "x" * 32),
        ("x" * 33, None),
        ("", None),
        ("Fox!", None),
        ("<b>", None),
        ("a\u200bb", None),
    ],
)
def test_alias_rule(raw: str, stored: str | None) -> None:
    assert casework.clean_alias(raw) == stored


def test_aliases_match_without_regard_to_case() -> None:
    assert casework.alias_key("Blue Fox") == casework.alias_key("BLUE fox")


def test_a_short_message_is_one_labelled_part() -> None:
    assert split_labelled("💬 Fox", "hello") == ["💬 Fox:\nhello"]


@pytest.mark.parametrize("body", ["word " * 2000, "x" * 9000, "😀" * 5000])
def test_a_long_message_arrives_whole_in_parts_within_the_limit(body: str) -> None:
    parts = split_labelled("💬 Blue Fox", body)
    assert len(parts) > 1
    assert all(utf16_len(part) <= TEXT_MAX for part in parts)
    rebuilt = "".join(part.split(":\n", 1)[1] for part in parts)
    assert rebuilt == body
    assert parts[0].startswith(f"💬 Blue Fox (1/{len(parts)}):\n")


def _team_with_workers(session: Session) -> tuple[int, int, int, int]:
    team = casework.get_or_create_team(session, "North", NOW)
    other = casework.get_or_create_team(session, "South", NOW)
    assert team.id is not None and other.id is not None
    one = casework.add_staff(session, team.id, Role.WORKER, "Sam", NOW)
    two = casework.add_staff(session, team.id, Role.WORKER, "Ann", NOW)
    three = casework.add_staff(session, other.id, Role.WORKER, "Bea", NOW)
    manager = casework.add_staff(session, team.id, Role.MANAGER, "Mo", NOW)
    for tg_id, staff in enumerate((one, two, three, manager), start=100):
        staff.telegram_user_id = tg_id
    casework.add_child(session, one, "Blue Fox", NOW)
    casework.add_child(session, two, "Red Kite", NOW)
    casework.add_child(session, three, "Grey Owl", NOW)
    session.flush()
    return tuple(s.id for s in (one, two, three, manager))  # type: ignore[return-value]


def test_a_worker_reaches_only_their_own_children(engine: Engine) -> None:
    with session_scope(engine) as session:
        one, _two, _three, _manager = _team_with_workers(session)
        worker = access.identify(session, 100)
        assert worker is not None and worker.record_id == one
        assert (
            access.child_in_reach(session, worker, "blue fox", purpose="test", now=NOW) is not None
        )
        assert access.child_in_reach(session, worker, "Red Kite", purpose="test", now=NOW) is None
        assert access.child_in_reach(session, worker, "Grey Owl", purpose="test", now=NOW) is None
        assert access.aliases_in_reach(session, worker) == ["Blue Fox"]


def test_a_manager_reaches_their_team_only(engine: Engine) -> None:
    with session_scope(engine) as session:
        _team_with_workers(session)
        manager = access.identify(session, 103)
        assert manager is not None and manager.role is Role.MANAGER
        assert (
            access.child_in_reach(session, manager, "Blue Fox", purpose="test", now=NOW) is not None
        )
        assert (
            access.child_in_reach(session, manager, "Red Kite", purpose="test", now=NOW) is not None
        )
        assert access.child_in_reach(session, manager, "Grey Owl", purpose="test", now=NOW) is None


def test_every_command_has_roles_and_strangers_only_start_and_help() -> None:
    allowed_to_strangers = {c for c in access.COMMAND_ROLES if access.may_run(None, c)}
    assert allowed_to_strangers == {"start", "help"}
    assert not access.may_run(None, "no_such_command")


def test_invite_codes_are_random_urlsafe_hashed_single_use_and_expire(engine: Engine) -> None:
    with session_scope(engine) as session:
        team = casework.get_or_create_team(session, "North", NOW)
        assert team.id is not None
        staff = casework.add_staff(session, team.id, Role.WORKER, "Sam", NOW)
        code, _ = invites.create_invite(
            session, role=Role.WORKER, team_id=team.id, now=NOW, valid_for=WEEK, staff_id=staff.id
        )
    assert re.fullmatch(r"[A-Za-z0-9_-]{32,64}", code)
    assert invites.CODE_BYTES * 8 >= 128
    with Session(engine) as session:
        stored = session.exec(select(Invite)).one()
        assert stored.code_hash != code and code not in stored.code_hash
        assert stored.code_hash == invites.hash_code(code)
    with session_scope(engine) as session:
        assert invites.redeem(session, code, 555, NOW + timedelta(days=1)) is not None
    with session_scope(engine) as session:
        assert invites.redeem(session, code, 556, NOW + timedelta(days=1)) is None


def test_an_invite_stops_working_after_seven_days(engine: Engine) -> None:
    with session_scope(engine) as session:
        team = casework.get_or_create_team(session, "North", NOW)
        assert team.id is not None
        staff = casework.add_staff(session, team.id, Role.WORKER, "Sam", NOW)
        code, _ = invites.create_invite(
            session, role=Role.WORKER, team_id=team.id, now=NOW, valid_for=WEEK, staff_id=staff.id
        )
    with session_scope(engine) as session:
        assert invites.redeem(session, code, 555, NOW + WEEK) is None
    with session_scope(engine) as session:
        assert invites.redeem(session, code, 555, NOW + WEEK - timedelta(seconds=1)) is not None


def test_a_new_invite_for_a_record_revokes_the_old_one(engine: Engine) -> None:
    with session_scope(engine) as session:
        team = casework.get_or_create_team(session, "North", NOW)
        assert team.id is not None
        staff = casework.add_staff(session, team.id, Role.WORKER, "Sam", NOW)
        old, _ = invites.create_invite(
            session, role=Role.WORKER, team_id=team.id, now=NOW, valid_for=WEEK, staff_id=staff.id
        )
        new, _ = invites.create_invite(
            session, role=Role.WORKER, team_id=team.id, now=NOW, valid_for=WEEK, staff_id=staff.id
        )
    with session_scope(engine) as session:
        assert invites.redeem(session, old, 555, NOW) is None
        assert invites.redeem(session, new, 555, NOW) is not None


def test_the_outbox_writes_one_row_per_dedupe_key(engine: Engine) -> None:
    with session_scope(engine) as session:
        first = enqueue(session, chat_id=1, key="k", outgoing=Outgoing.text("a"), now=NOW)
        second = enqueue(session, chat_id=1, key="k", outgoing=Outgoing.text("b"), now=NOW)
    assert (first, second) == (True, False)
    with Session(engine) as session:
        rows = session.exec(select(Outbox)).all()
        assert len(rows) == 1 and rows[0].payload is not None
        assert Outgoing.decode(rows[0].payload).params["text"] == "a"


def test_free_text_is_encrypted_at_rest(engine: Engine) -> None:
    secret = "I stayed at a friend's house on Elm Street"
    with session_scope(engine) as session:
        enqueue(session, chat_id=1, key="k", outgoing=Outgoing.text(secret), now=NOW)
    with engine.connect() as connection:
        stored = connection.execute(text("SELECT payload FROM outbox")).scalar_one()
    assert secret not in stored and "Elm" not in stored


def test_migrations_can_run_twice(engine: Engine) -> None:
    migrate(engine)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one()


def test_the_migrations_build_exactly_the_tables_the_code_declares(engine: Engine) -> None:
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    assert differences == []


def test_a_database_with_alerts_upgrades_and_its_waiting_alerts_climb_again(
    empty_database_url: str,
) -> None:
    """Migration 0007 on data: the managers hold the alerts raised before it, and one still
    waiting (the old ladder sent it again once, then never) is due to go again."""
    engine = make_engine(empty_database_url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0006")
    raised = datetime.now(UTC).replace(tzinfo=None) - timedelta(minutes=30)
    with engine.begin() as connection:
        for sql in (
            "INSERT INTO team (id, name, created_at) VALUES (1, 'North', :at)",
            "INSERT INTO staff (id, team_id, role, name, telegram_user_id, active, language, "
            "created_at, work_days, work_from, work_until, on_duty) VALUES (1, 1, 'manager', "
            "'Maria Lopez', 100, true, 'en', :at, '12345', '09:00:00', '17:00:00', false)",
            "INSERT INTO child (id, team_id, alias, alias_key, risk_level, language, created_at) "
            "VALUES (1, 1, 'Blue Fox', 'blue fox', 'none', 'en', :at)",
            "INSERT INTO alert (id, child_id, source, raised_at) VALUES (1, 1, 'command', :at)",
        ):
            connection.execute(text(sql), {"at": raised})
    migrate(engine)
    with engine.connect() as connection:
        holders = connection.execute(text("SELECT staff_id FROM alertholder")).scalars().all()
        escalate_at = connection.execute(text("SELECT escalate_at FROM alert")).scalar_one()
    engine.dispose()
    assert holders == [1] and escalate_at is not None


def test_an_overnight_stretch_holds_across_the_clock_changes() -> None:
    """mon-sun 17:00-09:00 covers the nights the clocks go forward and back (Europe/London):
    the short night of 29 March and the long night of 25 October 2026, hour by hour."""
    zone = ZoneInfo("Europe/London")
    every_night = "1234567"
    nights = (datetime(2026, 3, 28, 17, tzinfo=zone), datetime(2026, 10, 24, 17, tzinfo=zone))
    for night in nights:
        start = night.astimezone(UTC)
        moments = [start + timedelta(minutes=30 * n) for n in range(33)]  # 16 hours, each half
        covered = [timing.in_stretch(every_night, time(17), time(9), m, zone) for m in moments]
        local_hours = [m.astimezone(zone).hour for m in moments]
        assert all(c == (h >= 17 or h < 9) for c, h in zip(covered, local_hours, strict=True))
        assert covered[0]


@pytest.mark.parametrize(
    ("now", "moment", "said"),
    [
        ((2026, 1, 6, 1, 0), (2026, 1, 6, 9, 0), "this morning at 9am"),
        ((2026, 1, 6, 10, 0), (2026, 1, 6, 16, 30), "today at 4:30pm"),
        ((2026, 1, 5, 22, 0), (2026, 1, 6, 9, 0), "tomorrow at 9am"),
        ((2026, 1, 9, 18, 0), (2026, 1, 12, 9, 0), "on Monday at 9am"),
        ((2026, 1, 9, 18, 0), (2026, 1, 19, 12, 0), "on Monday 19 January at midday"),
        ((2026, 6, 1, 22, 0), (2026, 6, 2, 8, 0), "tomorrow at 9am"),  # 08:00 UTC in summer
    ],
)
def test_dates_to_a_child_are_said_as_a_child_would(
    now: tuple[int, ...], moment: tuple[int, ...], said: str
) -> None:
    london = ZoneInfo("Europe/London")
    at = datetime(*moment, tzinfo=UTC)
    assert show_to_child(at, datetime(*now, tzinfo=UTC), london) == said


def test_an_unanswered_check_in_is_told_at_the_next_quarter_hour_after_48_hours() -> None:
    """Prompts sent over a few minutes after 16:00 come back as one message at 16:15."""
    sent = datetime(2026, 3, 2, 16, 0, tzinfo=UTC)
    two_days = sent + timedelta(days=2)
    assert timing.checkin_unanswered_at(sent) == two_days
    assert timing.checkin_unanswered_at(sent + timedelta(seconds=1)) == two_days + GATHER
    assert timing.checkin_unanswered_at(sent + timedelta(minutes=14, seconds=59)) == (
        two_days + GATHER
    )
