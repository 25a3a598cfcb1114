"""Wires the bot together: the python-telegram-bot Application, the outbox and the handlers."""

import asyncio
import logging
import traceback
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy import Engine
from telegram import BotCommand, Update
from telegram.error import TelegramError
from telegram.ext import Application, ApplicationBuilder, ContextTypes

from bot.clock import Clock
from bot.config import Settings
from bot.outbox.dispatcher import Dispatcher
from bot.outbox.ratelimit import Limits
from bot.rules import undelivered
from bot.storage.db import session_scope
from bot.update_order import OnePersonAtATime
from bot.wording.language import ENGLISH, LANGUAGES
from conversations.common import Services
from conversations.menus import DEFAULT_MENU, commands, refresh_menus
from conversations.router import register
from scheduler.sweeps import Sweeper

log = logging.getLogger(__name__)

SWEEP_SECONDS = 30.0
TELEGRAM_LIMITS = Limits()


def build_application(settings: Settings) -> Application:
    assert settings.telegram_bot_token
    api = settings.telegram_api_url
    return (
        ApplicationBuilder()
        .token(settings.telegram_bot_token)
        .base_url(f"{api}/bot")
        .base_file_url(f"{api}/file/bot")
        .concurrent_updates(OnePersonAtATime())
        .build()
    )


async def _log_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Ids only: the update's content and the error's message never reach the log."""
    update_id = update.update_id if isinstance(update, Update) else None
    error = context.error
    frames = "".join(traceback.format_tb(error.__traceback__)) if error else ""
    log.error("update %s failed: %s\n%s", update_id, type(error).__name__, frames)


@dataclass(frozen=True)
class WebhookOptions:
    """Receive updates on `port`; Telegram posts to `url`, carrying `secret` in a header."""

    url: str
    secret: str
    port: int


class Runtime:
    """The bot, the outbox dispatcher and the handlers, started and stopped together."""

    def __init__(
        self,
        settings: Settings,
        engine: Engine,
        clock: Clock,
        *,
        poll_timeout: int = 10,
        limits: Limits | None = TELEGRAM_LIMITS,
        sweep_seconds: float | None = SWEEP_SECONDS,
    ) -> None:
        """`limits=None` sends unpaced and `sweep_seconds=None` leaves sweeps to the caller
        (tests drive both with the injected clock)."""
        self.application = build_application(settings)
        self.dispatcher = Dispatcher(
            engine, clock, self.application.bot, settings.zone, undelivered, limits=limits
        )
        self.sweeper = Sweeper(
            engine,
            clock,
            settings.zone,
            timedelta(days=settings.homeward_retention_days),
            settings.urgent_phrases,
        )
        self.scheduler = AsyncIOScheduler(timezone=UTC)
        if sweep_seconds is not None:
            self.scheduler.add_job(
                self.sweep,
                "interval",
                seconds=sweep_seconds,
                next_run_time=datetime.now(UTC),
                max_instances=1,
                coalesce=True,
            )
        self.services = Services(settings, engine, clock, self.dispatcher)
        self.application.bot_data["services"] = self.services
        self.application.add_error_handler(_log_error)
        register(self.application)
        self._poll_timeout = poll_timeout
        self._sweeping = asyncio.Lock()

    async def start(self, webhook: WebhookOptions | None = None) -> None:
        await self.application.initialize()
        self.services.bot_username = self.application.bot.username
        await self._set_default_menus()
        await asyncio.to_thread(self._refresh_menus)
        self.dispatcher.start()
        self.scheduler.start()
        await self.application.start()
        updater = self.application.updater
        assert updater is not None
        if webhook is None:
            await updater.start_polling(
                poll_interval=0, timeout=self._poll_timeout, allowed_updates=Update.ALL_TYPES
            )
        else:
            await updater.start_webhook(
                listen="0.0.0.0",
                port=webhook.port,
                url_path=urlsplit(webhook.url).path.lstrip("/"),
                webhook_url=webhook.url,
                secret_token=webhook.secret,
                allowed_updates=Update.ALL_TYPES,
            )
        log.info("homeward is running as @%s", self.services.bot_username)

    async def stop(self) -> None:
        if self.application.updater is not None and self.application.updater.running:
            await self.application.updater.stop()
        if self.application.running:
            await self.application.stop()
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        await self.dispatcher.stop()
        await self.application.shutdown()

    async def sweep(self) -> None:
        """Turn whatever has fallen due into outbox rows, then send them. One sweep at a time,
        whether the timer or a moved clock (the tests, the sandbox) asked for it."""
        async with self._sweeping:
            await asyncio.to_thread(self.sweeper.run_once)
        self.dispatcher.wake()

    async def _set_default_menus(self) -> None:
        """The menu of those not enrolled, in each language Telegram may report for them."""
        for code in LANGUAGES:
            try:
                await self.application.bot.set_my_commands(
                    [BotCommand(name, about) for name, about in commands(DEFAULT_MENU, code)],
                    language_code=None if code == ENGLISH else code,
                )
            except TelegramError as exc:
                log.warning("could not set the %s command menu: %s", code, type(exc).__name__)

    def _refresh_menus(self) -> None:
        with session_scope(self.services.engine) as session:
            refresh_menus(session, self.services.clock.now())
