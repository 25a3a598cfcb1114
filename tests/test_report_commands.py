"""The Board's figures as a manager and an operator get them: /report and `homeward report`."""

import asyncio
import csv
import io
from datetime import date
from pathlib import Path

import pytest
from PIL import Image

from bot import cli, report
from bot.cli import write_report
from tests.harness import Harness, Trio


async def test_a_manager_gets_text_chart_and_csv(homeward: Harness, trio: Trio) -> None:
    await trio.worker.command("missing", "Blue Fox")
    await trio.worker.press(trio.worker.inbox()[-1], "High")
    await trio.worker.command("returned", "Blue Fox")
    await trio.manager.command("report")
    text, chart, table = trio.manager.inbox()[-3:]
    assert "North" in (text.text or "") and "Return interviews" in (text.text or "")
    assert chart.method == "sendPhoto" and table.method == "sendDocument"
    photo = next(c for c in reversed(homeward.double.calls) if c.method == "sendPhoto")
    assert Image.open(io.BytesIO(photo.params["photo"].content)).size == (1080, 2400)
    document = next(c for c in reversed(homeward.double.calls) if c.method == "sendDocument")
    rows = list(csv.DictReader(io.StringIO(document.params["document"].content.decode())))
    assert rows and set(rows[0]) == set(report.CSV_COLUMNS)
    value = {r["code"]: r["value"] for r in rows if r["for"] == "North"}
    assert value["episodes_by_grade.high"] == "1"
    assert value["return_interviews.not_yet_due"] == "1"  # Blue Fox is just back


async def test_the_command_line_writes_the_three_files(
    homeward: Harness, trio: Trio, tmp_path: Path
) -> None:
    out = tmp_path / "board"
    written = write_report(homeward.settings, "North", date(2026, 1, 1), date(2026, 3, 31), out)
    assert [p.rsplit("/", 1)[-1] for p in written] == ["report.txt", "report.png", "report.csv"]
    assert "North" in (out / "report.txt").read_text()
    assert Image.open(out / "report.png").format == "PNG"
    with (out / "report.csv").open() as handle:
        assert tuple(csv.DictReader(handle).fieldnames or ()) == report.CSV_COLUMNS


async def test_the_command_line_takes_dates_as_the_bot_does(
    homeward: Harness,
    trio: Trio,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`homeward report --from 01/01/2026`, as the bot takes dates; a date that is no date
    gets one clear line."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", homeward.settings.database_url)
    args = ["report", "--team", "North", "--from", "01/01/2026", "--to", "31/03/2026"]
    assert await asyncio.to_thread(cli.main, [*args, "--out", "board"]) == 0
    assert "1 Jan 2026 to 31 Mar 2026" in (tmp_path / "board" / "report.txt").read_text()
    with pytest.raises(SystemExit):
        cli.main(["report", "--team", "North", "--from", "31/02/2026", "--to", "x", "--out", "b"])
    assert "'31/02/2026' is not a date (YYYY-MM-DD or DD/MM/YYYY)" in capsys.readouterr().err
