"""The chart's month-by-month panels: how many things happened each month, as grouped bars, and
how often each month was on time, as lines (a month with nothing to count leaves a gap)."""

import math
from typing import TYPE_CHECKING

from bot.report.chart_panels import (
    FONT,
    GREEN,
    GREY,
    PULL_COLOUR,
    PUSH_COLOUR,
    legend_columns,
    no_data,
)
from bot.report.figures import BoardReport, pct
from bot.report.months import MonthFigures
from bot.report.words import month_tick
from bot.wording.language import N_, say

if TYPE_CHECKING:
    from matplotlib.axes import Axes

MOST_TICKS = 12  # month names under the axis; with more months, every second, third...
MOST_LABELLED_MONTHS = 6  # counts written on the bars; with more months they would crowd

COUNTS = (  # what is counted, its legend (marked English), its colour
    ("episodes_started", N_("Missing episodes"), PULL_COLOUR),
    ("reviews_held", N_("Reviews done"), PUSH_COLOUR),
    ("checkins_answered", N_("Check-ins answered"), GREEN),
)

SHARES = (  # the legend (marked English) and colour of each of `_shares`
    (N_("Return interviews within 72 hours"), PULL_COLOUR),
    (N_("Reviews on time"), PUSH_COLOUR),
    (N_("Check-ins answered"), GREEN),
)


def _shares(m: MonthFigures) -> tuple[float, ...]:
    """The month's shares; NaN, which the lines leave a gap for, where nothing was counted."""
    found = (
        pct(m.rhis_within_72h, m.rhis_past_72h),
        pct(m.reviews_on_time, m.reviews_due),
        pct(m.checkins_answered, m.checkins_prompted),
    )
    return tuple(math.nan if value is None else value for value in found)


def _months_axis(ax: "Axes", months: tuple[MonthFigures, ...]) -> None:
    every = math.ceil(len(months) / MOST_TICKS)
    ticks = range(0, len(months), every)
    ax.set_xticks(list(ticks), [month_tick(months[i].month) for i in ticks], fontsize=FONT - 1)
    ax.set_xlim(-0.6, len(months) - 0.4)


def _legend(ax: "Axes", columns: int) -> None:
    """Under the months, centred on the whole panel, clear of the bars and lines."""
    panel = ax.get_figure(root=False)
    assert panel is not None
    _, labels = ax.get_legend_handles_labels()
    fit = legend_columns(labels, columns)
    panel.legend(fontsize=FONT - 2, ncols=fit, loc="outside lower center", frameon=False)


def month_counts(ax: "Axes", report: BoardReport) -> None:
    months = report.months
    width = 0.8 / len(COUNTS)
    top = 0
    for index, (figure, label, colour) in enumerate(COUNTS):
        counts = [getattr(m, figure) for m in months]
        top = max(top, *counts)
        positions = [i + (index - (len(COUNTS) - 1) / 2) * width for i in range(len(months))]
        bars = ax.bar(positions, counts, width, color=colour, label=say(label))
        if len(months) <= MOST_LABELLED_MONTHS:
            ax.bar_label(bars, fontsize=FONT - 2)
    _months_axis(ax, months)
    ax.set_ylim(0, max(top, 1) * 1.2)
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    _legend(ax, len(COUNTS))
    if not top:
        no_data(ax)


def month_shares(ax: "Axes", report: BoardReport) -> None:
    months = report.months
    values = [_shares(m) for m in months]
    for index, (label, colour) in enumerate(SHARES):
        ax.plot(
            range(len(months)),
            [v[index] for v in values],
            color=colour,
            marker="o",
            linewidth=2,
            label=say(label),
        )
    _months_axis(ax, months)
    ax.set_ylim(0, 105)
    ax.set_yticks([0, 50, 100], ["0%", "50%", "100%"], fontsize=FONT - 1)
    ax.grid(axis="y", color=GREY, alpha=0.3)
    _legend(ax, len(SHARES))
    if all(math.isnan(v) for share in values for v in share):
        no_data(ax)
