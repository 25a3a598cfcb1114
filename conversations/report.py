"""/report: the team's figures for a manager, as text, a chart and a CSV file."""

import base64
from datetime import timedelta

from bot import report
from bot.outbox.queue import Outgoing
from bot.rules import timing
from bot.wording import texts
from bot.wording.timefmt import parse_date
from conversations.common import Turn

DEFAULT_PERIOD = timedelta(days=90)


def board(this: Turn, args: str) -> None:
    """/report, or /report FROM TO (dates as YYYY-MM-DD or DD/MM/YYYY); the last 90 days by
    default."""
    zone = this.services.settings.zone
    today = timing.local_date(this.now, zone)
    words = args.split()
    start, end = today - DEFAULT_PERIOD, today
    if words:
        dates = [parse_date(w) for w in words]
        if len(dates) != 2 or None in dates or dates[0] > dates[1]:  # type: ignore[operator]
            this.say(texts.REPORT_USAGE)
            return
        start, end = dates  # type: ignore[assignment]
    figures = report.board_report(this.session, this.enrolled().team_id, start, end, zone, this.now)
    this.say(report.summary_text(figures))
    this.send(
        Outgoing(
            "sendPng",
            {
                "png": base64.b64encode(report.chart_png(figures)).decode(),
                "caption": texts.REPORT_CHART,
            },
        )
    )
    this.send(
        Outgoing(
            "sendDocument",
            {
                "filename": f"homeward-report-{start.isoformat()}-{end.isoformat()}.csv",
                "content": report.csv_text(figures),
                "caption": texts.REPORT_CSV,
            },
        )
    )
