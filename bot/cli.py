"""The command line: `homeward run | webhook | migrate | invite | report | audit | keygen |
rotate-key` (also `python -m bot`)."""

import argparse
import asyncio
import logging
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

from pydantic import ValidationError
from sqlalchemy import Engine
from sqlmodel import select
from telegram import Bot
from telegram.error import TelegramError

from bot import report
from bot.app import Runtime, WebhookOptions
from bot.clock import Clock, SystemClock
from bot.config import SANDBOX_PORT, Settings
from bot.logs import configure_logging
from bot.rules import audit, casework, invites
from bot.storage.crypto import Keyring, SecretKeyError, new_key, use_keyring
from bot.storage.db import make_engine, migrate, read_scope, rotate_keys, session_scope
from bot.storage.models import Role, Team
from bot.wording.timefmt import parse_date

NO_TOKEN = (
    "TELEGRAM_BOT_TOKEN is not set: create a bot with @BotFather in Telegram (/newbot) and put "
    "its token in TELEGRAM_BOT_TOKEN or .env (`homeward sandbox` needs none)."
)
NO_KEY = (
    "HOMEWARD_SECRET_KEY is not set: it encrypts what children write. "
    "Make one with `homeward keygen` and keep it safe."
)


class Refusal(Exception):
    """A setting is missing or wrong: one line for the operator, exit code 2."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="homeward", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="run the bot (long polling), the scheduler and the outbox")
    webhook = commands.add_parser("webhook", help="the same, receiving updates on a webhook")
    webhook.add_argument("--port", type=int, required=True)
    sandbox = commands.add_parser(
        "sandbox", help="the whole product on this machine: no token, no settings, no internet"
    )
    sandbox.add_argument("--port", type=int, default=SANDBOX_PORT)
    sandbox.add_argument("--no-browser", action="store_true", help="do not open a browser")
    commands.add_parser("migrate", help="bring the database schema to the newest version")
    commands.add_parser("keygen", help="print a new HOMEWARD_SECRET_KEY")
    audit_cmd = commands.add_parser("audit", help="who read or changed a child's record")
    audit_cmd.add_argument("--team", required=True)
    audit_cmd.add_argument("--child", required=True)
    report = commands.add_parser("report", help="the Board's figures: text, PNG chart and CSV")
    report.add_argument("--team", required=True)
    report.add_argument("--from", dest="start", required=True, type=_typed_date)
    report.add_argument("--to", dest="end", required=True, type=_typed_date)
    report.add_argument("--out", required=True, type=Path)
    commands.add_parser(
        "rotate-key", help="re-encrypt stored text under the first HOMEWARD_SECRET_KEY"
    )
    invite = commands.add_parser("invite", help="create a one-time invite")
    invite.add_argument("role", choices=["manager"])
    invite.add_argument("--name", required=True)
    invite.add_argument("--team", required=True)
    return parser


def _typed_date(text: str) -> date:
    """A date as the bot takes it too (YYYY-MM-DD or DD/MM/YYYY)."""
    day = parse_date(text)
    if day is None:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD or DD/MM/YYYY)")
    return day


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _dispatch(args)
    except Refusal as refusal:
        print(f"homeward: {refusal}", file=sys.stderr)
        return 2


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "keygen":
        print(new_key())
        return 0
    if args.command == "sandbox":
        return _sandbox(args.port, open_browser=not args.no_browser)
    settings = _settings()
    configure_logging(logging.INFO, [settings.telegram_bot_token or ""])
    if args.command == "migrate":
        with _database(settings):
            print("database is up to date")
        return 0
    if args.command == "invite":
        print("\n".join(invite_manager(settings, args.name, args.team)))
        return 0
    if args.command == "audit":
        print("\n".join(audit_lines(settings, args.team, args.child)))
        return 0
    if args.command == "report":
        for line in write_report(settings, args.team, args.start, args.end, args.out):
            print(line)
        return 0
    if args.command == "rotate-key":
        _use_key(settings)
        with _database(settings) as engine:
            print(f"re-encrypted {rotate_keys(engine)} stored values under the first key")
        return 0
    webhook = _webhook_options(settings, args.port) if args.command == "webhook" else None
    _require_token(settings)
    _use_key(settings)
    engine = make_engine(settings.database_url)
    migrate(engine)
    asyncio.run(_serve(settings, engine, webhook))
    return 0


def _sandbox(port: int, open_browser: bool) -> int:
    # Imported here: the sandbox makes its first manager with this module's `invite_manager`.
    from bot.sandbox.double import DEFAULT_TOKEN
    from bot.sandbox.run import serve
    from bot.sandbox.web import PortTaken

    configure_logging(logging.WARNING, [DEFAULT_TOKEN])
    try:
        asyncio.run(serve(port, open_browser))
    except ValidationError as exc:
        raise _bad_setting(exc) from None
    except PortTaken as taken:
        raise Refusal(f"{taken}; try another with --port") from None
    return 0


@contextmanager
def _database(settings: Settings) -> Iterator[Engine]:
    """The database at the newest schema, for one command; its connections closed after."""
    engine = make_engine(settings.database_url)
    try:
        migrate(engine)
        yield engine
    finally:
        engine.dispose()


def _settings() -> Settings:
    try:
        return Settings()
    except ValidationError as exc:
        raise _bad_setting(exc) from None


def _bad_setting(exc: ValidationError) -> Refusal:
    first = exc.errors()[0]
    return Refusal(f"setting {str(first['loc'][0]).upper()}: {first['msg']}")


def _require_token(settings: Settings) -> str:
    if not settings.telegram_bot_token:
        raise Refusal(NO_TOKEN)
    return settings.telegram_bot_token


def _use_key(settings: Settings) -> None:
    if not settings.homeward_secret_key:
        raise Refusal(NO_KEY)
    try:
        use_keyring(Keyring(settings.homeward_secret_key))
    except SecretKeyError as exc:
        raise Refusal(str(exc)) from None


def _webhook_options(settings: Settings, port: int) -> WebhookOptions:
    if not settings.homeward_webhook_url or not settings.homeward_webhook_secret:
        raise Refusal("`webhook` needs HOMEWARD_WEBHOOK_URL and HOMEWARD_WEBHOOK_SECRET")
    return WebhookOptions(settings.homeward_webhook_url, settings.homeward_webhook_secret, port)


async def _serve(settings: Settings, engine: Engine, webhook: WebhookOptions | None) -> None:
    runtime = Runtime(settings, engine, SystemClock())
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    await runtime.start(webhook)
    try:
        await stop.wait()
    finally:
        await runtime.stop()


def invite_manager(
    settings: Settings, name: str, team_name: str, clock: Clock | None = None
) -> list[str]:
    """A manager's one-time invite; the last line is the deep link."""
    token = _require_token(settings)
    clean_name = casework.clean_name(name)
    clean_team = " ".join(team_name.split())
    if clean_name is None or not 1 <= len(clean_team) <= 100:
        raise Refusal("a name needs 1 to 100 letters or spaces, a team 1 to 100 characters")
    username = asyncio.run(_bot_username(settings, token))
    now = (clock or SystemClock()).now()
    with _database(settings) as engine, session_scope(engine) as session:
        team = casework.get_or_create_team(session, clean_team, now)
        assert team.id is not None
        manager = casework.add_staff(session, team.id, Role.MANAGER, clean_name, now)
        code, invite = invites.create_invite(
            session,
            role=Role.MANAGER,
            team_id=team.id,
            now=now,
            staff_id=manager.id,
            valid_for=timedelta(days=settings.homeward_invite_days),
        )
        expires = invite.expires_at.astimezone(settings.zone)
    return [
        f"One-time invite for {clean_name}, manager of {clean_team}.",
        f"It works once, until {expires:%Y-%m-%d %H:%M %Z}. Send it only to {clean_name}.",
        invites.deep_link(username, code),
    ]


async def _bot_username(settings: Settings, token: str) -> str:
    api = settings.telegram_api_url
    try:
        async with Bot(token, base_url=f"{api}/bot", base_file_url=f"{api}/file/bot") as bot:
            return bot.username
    except TelegramError as exc:
        raise Refusal(
            f"could not read the bot's name from the Bot API ({type(exc).__name__})"
        ) from None


if __name__ == "__main__":
    sys.exit(main())


def audit_lines(settings: Settings, team_name: str, alias: str) -> list[str]:
    """The child's audit trail, a line an event, in the service's time zone."""
    with _database(settings) as engine, read_scope(engine) as session:
        team = session.exec(select(Team).where(Team.name == team_name)).first()
        child = casework.child_by_alias(session, team.id, alias) if team and team.id else None
        if child is None or child.id is None:
            raise Refusal(f"no child called {alias!r} in team {team_name!r}")
        entries = audit.trail(session, child.id)
    zone = settings.zone
    return [f"{e.at.astimezone(zone):%Y-%m-%d %H:%M:%S %Z}  {e.who}  {e.action}" for e in entries]


def write_report(
    settings: Settings, team_name: str, start: date, end: date, out: Path
) -> list[str]:
    """Write report.txt, report.png and report.csv for the team and period into `out`."""
    if end < start:
        raise Refusal("--to must not be before --from")
    with _database(settings) as engine, read_scope(engine) as session:
        team = session.exec(select(Team).where(Team.name == team_name)).first()
        if team is None or team.id is None:
            raise Refusal(f"no team called {team_name!r}")
        figures = report.board_report(
            session, team.id, start, end, settings.zone, SystemClock().now()
        )
    out.mkdir(parents=True, exist_ok=True)
    files = {
        "report.txt": report.summary_text(figures).encode(),
        "report.png": report.chart_png(figures),
        "report.csv": report.csv_text(figures).encode(),
    }
    for name, content in files.items():
        (out / name).write_bytes(content)
    return [str(out / name) for name in files]
