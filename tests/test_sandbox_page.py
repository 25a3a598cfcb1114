"""The sandbox page in a real browser (Playwright driving Debian's Chromium): a child's message
reaching their worker, the worker's Telegram reply reaching the child, the clock moved to a
review's due date, "next thing due" until the manager's overdue alert, and the Board chart.

Screenshots go to `test-output/screenshots/` (or `$HOMEWARD_TEST_OUTPUT/screenshots/`). Without
Chromium or Playwright these tests are skipped, unless HOMEWARD_REQUIRE_BROWSER is set (as
`.ci/run` does), when that is a failure.
"""

import os
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.sandbox.run import Sandbox
from bot.wording import texts

CHROMIUM = os.environ.get("HOMEWARD_CHROMIUM", "/usr/bin/chromium")
# As root on a machine with no network: no sandbox, no GPU, and none of Chromium's own calls out.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
OUTPUT = Path(
    os.environ.get("HOMEWARD_TEST_OUTPUT", Path(__file__).resolve().parents[1] / "test-output")
)
WAIT_MS = 15_000

try:
    from playwright.async_api import Locator, Page, async_playwright, expect
except ImportError:  # pragma: no cover - only where the test extras are not installed
    async_playwright = None  # type: ignore[assignment]


def _browser_missing() -> str | None:
    if async_playwright is None:
        return "Playwright for Python is not installed"
    if not shutil.which(CHROMIUM):
        return f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    return None


@pytest.fixture
async def browser_page(sandbox: Sandbox) -> AsyncIterator["Page"]:
    missing = _browser_missing()
    if missing:
        if os.environ.get("HOMEWARD_REQUIRE_BROWSER"):
            pytest.fail(missing)
        pytest.skip(missing)
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        try:
            page = await browser.new_page(viewport={"width": 1400, "height": 900})
            page.set_default_timeout(WAIT_MS)
            expect.set_options(timeout=WAIT_MS)
            await page.goto(sandbox.url)
            await page.wait_for_selector("body[data-ready=yes]")
            yield page
        finally:
            await browser.close()


async def _open(page: "Page", name: str) -> None:
    await page.click(f"[data-person='{name}']")
    await expect(page.locator("#chat-title")).to_have_text(name)


async def _say(page: "Page", text: str) -> None:
    await page.fill("#text", text)
    await page.press("#text", "Enter")
    await expect(page.locator("#text")).to_have_value("")


async def _shot(page: "Page", name: str) -> None:
    folder = OUTPUT / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(folder / f"{name}.png"))


async def _move_clock(page: "Page", button: str) -> None:
    """Press a clock button and wait until the page shows the moved clock."""
    shown = await page.locator("#clock-now").text_content()
    await page.click(button)
    await expect(page.locator("#clock-now")).not_to_have_text(shown or "")


def _bot_says(page: "Page", text: str) -> "Locator":
    return page.locator(".message.from-bot", has_text=text)


async def test_a_child_and_their_worker_talk_and_the_clock_brings_the_review(
    browser_page: "Page",
) -> None:
    page = browser_page
    await _open(page, "Blue Fox")
    await _say(page, "can we talk tomorrow?")
    await expect(
        page.locator(".message.from-person", has_text="can we talk tomorrow?")
    ).to_be_visible()

    await _open(page, "Sam Patel")
    relayed = _bot_says(page, "can we talk tomorrow?")
    await relayed.hover()
    await relayed.locator("button.reply").click()
    await expect(page.locator("#replying")).to_contain_text("can we talk tomorrow?")
    await _say(page, "Yes, 4pm at school")
    await expect(
        page.locator(".message.from-person blockquote", has_text="can we talk")
    ).to_be_visible()
    # A button of a question long finished: the bot's answer shows for a moment, as in Telegram.
    await page.locator("[data-label='High']").last.click()
    await expect(page.locator("#toast")).to_have_text(texts.BUTTON_GONE)

    await _open(page, "Blue Fox")
    await expect(_bot_says(page, "Yes, 4pm at school")).to_be_visible()
    await _shot(page, "child")

    await _move_clock(page, "button[data-seconds='86400']")
    await _move_clock(page, "button[data-seconds='86400']")
    await _open(page, "Sam Patel")
    reminder = _bot_says(page, texts.REVIEW_TODAY.format(alias="Green Owl"))
    for _ in range(9):  # opened before 09:00, two days on is still before the reminder
        if await reminder.count():
            break
        await _move_clock(page, "button[data-seconds='3600']")
    await expect(reminder).to_be_visible()

    await _open(page, "Maria Lopez")
    alert = _bot_says(page, "Overdue review: Green Owl")
    for _ in range(8):
        if await alert.count():
            break
        await _move_clock(page, "#next-due")
    await expect(alert).to_be_visible()
    await _open(page, "Sam Patel")
    await _shot(page, "worker")

    await _open(page, "Maria Lopez")
    await page.click("#menu-button")
    await expect(page.locator("#command-menu")).to_contain_text("/report")
    await page.click("#command-menu button:has-text('/report')")
    await page.press("#text", "Enter")
    chart = page.locator(".message.from-bot img.photo")
    await expect(chart).to_be_visible()
    await page.wait_for_function(
        "() => [...document.querySelectorAll('img.photo')].some(i => i.naturalWidth > 0)"
    )
    await expect(page.locator(".message.from-bot a.document")).to_contain_text("report")
    await _shot(page, "manager")


async def test_someone_new_opens_an_invite_link_on_the_page(browser_page: "Page") -> None:
    page = browser_page
    await _open(page, "Ann Lee")
    await page.locator(".invite-link").last.click()
    await page.fill("#new-person-form input[name=first_name]", "Rae")
    await page.click("#open-as-new")
    await expect(page.locator("[data-person='Red Kite']")).to_be_visible()
    await _open(page, "Red Kite")
    await expect(_bot_says(page, "Ann Lee is your trusted worker")).to_be_visible()
    # The inspector follows the person chosen, once the bot knows them as a child.
    await expect(page.locator("#inspection")).to_contain_text("Red Kite")
    await expect(page.locator("#inspection")).to_contain_text("Ann Lee")
    await _shot(page, "new-person")
