"""The Board's figures as a chart: one PNG of nine panels, upright for a phone. The panels are
drawn by `bot.report.chart_panels` and, month by month, `bot.report.chart_months`. Every word on
it is marked English, said in the language speaking now as it is drawn."""

import io
from collections.abc import Callable
from typing import TYPE_CHECKING

from bot.report import chart_months, chart_panels
from bot.report.chart_panels import FONT, TITLE_FONT, Share, shares, title_lines
from bot.report.figures import BoardReport
from bot.report.words import as_at, show_period
from bot.wording.language import N_, say

if TYPE_CHECKING:  # matplotlib is imported only to draw (it costs ~50 MiB and ~1 s)
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

WIDTH_PX, HEIGHT_PX, DPI = 1080, 2400, 150


ON_TIME = N_("{pct}  ({part} of {whole} on time)")
SUPTITLE = N_("{team}: {period}\n(as at {as_at})")


def _reviews(ax: "Axes", r: BoardReport) -> None:
    shares(ax, [Share(r.reviews_on_time, r.reviews_due, ON_TIME)])


# The chart's panels, top to bottom: title (marked English), drawing, share of the height.
PANELS: tuple[tuple[str, Callable[["Axes", BoardReport], None], float], ...] = (
    (N_("Reviews on time"), _reviews, 0.5),
    (N_("Return interviews within 72 hours"), chart_panels.return_interviews, 0.9),
    (N_("The child's own words"), chart_panels.voice, 0.7),
    (N_("Episodes by risk grade"), chart_panels.grades, 1.05),
    (N_("Why children went missing"), chart_panels.reasons, 1.75),
    (N_("Is the help helping? (child vs worker)"), chart_panels.ratings, 1.05),
    (N_("Month by month: how many"), chart_months.month_counts, 1.15),
    (N_("Month by month: on time and answered (%)"), chart_months.month_shares, 1.15),
    (N_("Worker changes and check-ins"), chart_panels.continuity, 1.0),
)


def chart_titles(report: BoardReport) -> list[str]:
    """The titles of the chart's panels, top to bottom, in the language speaking now."""
    return [say(title) for title, _, _ in PANELS]


def chart_figure(report: BoardReport) -> "Figure":
    """The chart as a matplotlib Figure (no pyplot, no global state), WIDTH_PX x HEIGHT_PX."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(WIDTH_PX / DPI, HEIGHT_PX / DPI), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    figure.suptitle(
        say(SUPTITLE).format(
            team=report.team, period=show_period(report.start, report.end), as_at=as_at(report)
        ),
        fontsize=TITLE_FONT + 2,
        fontweight="bold",
    )
    # One sub-figure per panel, so each lays out its own labels and uses the whole width.
    panels = figure.subfigures(
        len(PANELS), 1, squeeze=False, height_ratios=[height for _, _, height in PANELS]
    )
    titles = chart_titles(report)
    for panel, title, (_, draw, _) in zip(panels[:, 0], titles, PANELS, strict=True):
        ax = panel.add_subplot()
        ax.set_title(title_lines(title), fontsize=TITLE_FONT, fontweight="bold", loc="left")
        ax.tick_params(labelsize=FONT)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        draw(ax, report)
    return figure


def chart_axes(figure: "Figure") -> "list[Axes]":
    """The panels of a figure made by `chart_figure`, top to bottom."""
    return [ax for panel in figure.subfigs for ax in panel.axes]


def chart_png(report: BoardReport) -> bytes:
    """The chart as a PNG, WIDTH_PX x HEIGHT_PX, drawn with the Agg canvas."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    figure = chart_figure(report)
    out = io.BytesIO()
    canvas = figure.canvas
    assert isinstance(canvas, FigureCanvasAgg)
    canvas.print_png(out)
    return out.getvalue()
