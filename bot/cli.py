"""The command line: `homeward run | webhook | migrate | invite | report | audit | keygen |
rotate-key` (also `python -m bot`), with `--language CODE` (before or after the command) for what
it says to people: the report, the invite, and what went wrong. English by default."""

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
from bot.wording import language, texts
from bot.wording.language import N_, P_, say, speaking
from bot.wording.timefmt import parse_date

# What the command line prints to people is marked English, said in the language `--language`
# asks for. The argparse help texts below stay English: they are for the developers and
# operators who read --help, not for the people Homeward speaks to.
NO_TOKEN = N_(
    "TELEGRAM_BOT_TOKEN is not set: create a bot with @BotFather in Telegram (/newbot) and put "
    "its token in TELEGRAM_BOT_TOKEN or .env (`homeward sandbox` needs none)."
)
NO_KEY = N_(
    "HOMEWARD_SECRET_KEY is not set: it encrypts what children write. "
    "Make one with `homeward keygen` and keep it safe."
)
UNKNOWN_LANGUAGE = N_("unknown language {code}: --language takes one of {codes}")
NOT_A_DATE = N_("{text} is not a date (YYYY-MM-DD or DD/MM/YYYY)")
BAD_SETTING = N_("setting {name}: {problem}")
PORT_TAKEN = N_("{problem}; try another with --port")
UP_TO_DATE = N_("database is up to date")
RE_ENCRYPTED = P_(
    "re-encrypted {n} stored value under the first key",
    "re-encrypted {n} stored values under the first key",
)
WEBHOOK_NEEDS = N_("`webhook` needs HOMEWARD_WEBHOOK_URL and HOMEWARD_WEBHOOK_SECRET")
BAD_NAME = N_("a name needs 1 to 100 letters or spaces, a team 1 to 100 characters")
INVITE_FOR = N_("One-time invite for {name}, manager of {team}.")
INVITE_UNTIL = N_("It works once, until {expires}. Send it only to {name}.")
NO_BOT_NAME = N_("could not read the bot's name from the Bot API ({error})")
NO_CHILD = N_("no child called {alias} in team {team}")
TO_BEFORE_FROM = N_("--to must not be before --from")
NO_TEAM = N_("no team called {team}")


class Refusal(Exception):
    """A setting is missing or wrong: one line for the operator, exit code 2."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="homeward", description=__doc__)
    _language_option(parser, default=language.ENGLISH)
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
    # After the command too (`homeward report --language cy`); not given there, it keeps the
    # one given before the command.
    for command in commands.choices.values():
        _language_option(command, default=argparse.SUPPRESS)
    return parser


_CODES = [lang.code for lang in language.offered(staff=True)]  # complete for what staff read


def _language_option(parser: argparse.ArgumentParser, default: str) -> None:
    parser.add_argument(
        "--language",
        choices=_CODES,
        default=default,
        help="the language to print the report, the invite and any error in (default: en)",
    )


def _language_asked(argv: list[str] | None) -> str:
    """The code `--language` asks for, before or after the command; English if none."""
    probe = argparse.ArgumentParser(prog="homeward", add_help=False)
    probe.add_argument("--language", default=language.ENGLISH)
    asked, _ = probe.parse_known_args(argv)
    return str(asked.language)


def _typed_date(text: str) -> date:
    """A date as the bot takes it too (YYYY-MM-DD or DD/MM/YYYY)."""
    day = parse_date(text)
    if day is None:
        raise argparse.ArgumentTypeError(say(NOT_A_DATE).format(text=repr(text)))
    return day


def main(argv: list[str] | None = None) -> int:
    code = _language_asked(argv)
    if code not in _CODES:  # one line, not argparse's usage and error
        codes = ", ".join(_CODES)
        print(
            f"homeward: {say(UNKNOWN_LANGUAGE).format(code=repr(code), codes=codes)}",
            file=sys.stderr,
        )
        return 2
    with speaking(code):
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
            print(say(UP_TO_DATE))
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
            print(texts.count(rotate_keys(engine), RE_ENCRYPTED))
        return 0
    webhook = _webhook_options(settings, args.port) if args.command == "webhook" else None
    _require_token(settings)
    _use_key(settings)
    engine = make_engine(settings.database_url)
    migrate(engine)
    with speaking(language.ENGLISH):  # the bot speaks each person's language, not the operator's
        asyncio.run(_serve(settings, engine, webhook))
    return 0


def _sandbox(port: int, open_browser: bool) -> int:
    # Imported here: the sandbox makes its first manager with this module's `invite_manager`.
    from bot.sandbox.double import DEFAULT_TOKEN
    from bot.sandbox.run import serve
    from bot.sandbox.web import PortTaken

    configure_logging(logging.WARNING, [DEFAULT_TOKEN])
    try:
        with speaking(language.ENGLISH):  # as `run`: each person is spoken to in their language
            asyncio.run(serve(port, open_browser))
    except ValidationError as exc:
        raise _bad_setting(exc) from None
    except PortTaken as taken:  # what went wrong, in the sandbox's words (English)
        raise Refusal(say(PORT_TAKEN).format(problem=taken)) from None
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
    first = exc.errors()[0]  # pydantic's message is English
    return Refusal(say(BAD_SETTING).format(name=str(first["loc"][0]).upper(), problem=first["msg"]))


def _require_token(settings: Settings) -> str:
    if not settings.telegram_bot_token:
        raise Refusal(say(NO_TOKEN))
    return settings.telegram_bot_token


def _use_key(settings: Settings) -> None:
    if not settings.homeward_secret_key:
        raise Refusal(say(NO_KEY))
    try:
        use_keyring(Keyring(settings.homeward_secret_key))
    except SecretKeyError as exc:  # the key's own message, in English
        raise Refusal(str(exc)) from None


def _webhook_options(settings: Settings, port: int) -> WebhookOptions:
    if not settings.homeward_webhook_url or not settings.homeward_webhook_secret:
        raise Refusal(say(WEBHOOK_NEEDS))
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
        raise Refusal(say(BAD_NAME))
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
        say(INVITE_FOR).format(name=clean_name, team=clean_team),
        say(INVITE_UNTIL).format(expires=f"{expires:%Y-%m-%d %H:%M %Z}", name=clean_name),
        invites.deep_link(username, code),
    ]


async def _bot_username(settings: Settings, token: str) -> str:
    api = settings.telegram_api_url
    try:
        async with Bot(token, base_url=f"{api}/bot", base_file_url=f"{api}/file/bot") as bot:
            return bot.username
    except TelegramError as exc:
        raise Refusal(say(NO_BOT_NAME).format(error=type(exc).__name__)) from None


if __name__ == "__main__":
    sys.exit(main())


def audit_lines(settings: Settings, team_name: str, alias: str) -> list[str]:
    """The child's audit trail, a line an event, in the service's time zone."""
    with _database(settings) as engine, read_scope(engine) as session:
        team = session.exec(select(Team).where(Team.name == team_name)).first()
        child = casework.child_by_alias(session, team.id, alias) if team and team.id else None
        if child is None or child.id is None:
            raise Refusal(say(NO_CHILD).format(alias=repr(alias), team=repr(team_name)))
        entries = audit.trail(session, child.id)
    zone = settings.zone
    return [f"{e.at.astimezone(zone):%Y-%m-%d %H:%M:%S %Z}  {e.who}  {e.action}" for e in entries]


def write_report(
    settings: Settings, team_name: str, start: date, end: date, out: Path
) -> list[str]:
    """Write report.txt, report.png and report.csv for the team and period into `out`."""
    if end < start:
        raise Refusal(say(TO_BEFORE_FROM))
    with _database(settings) as engine, read_scope(engine) as session:
        team = session.exec(select(Team).where(Team.name == team_name)).first()
        if team is None or team.id is None:
            raise Refusal(say(NO_TEAM).format(team=repr(team_name)))
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
