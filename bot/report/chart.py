"""The Board's figures as a chart: one PNG of six panels, upright for a phone."""

import io
from typing import TYPE_CHECKING

from bot.report.figures import GRADES, NOT_GRADED, RATING_VALUES, BoardReport, pct
from bot.report.words import (
    NATIONAL_RHI_PCT,
    NATIONAL_RHI_WITHIN_72H,
    as_at,
    share,
    show_pct,
    show_period,
)
from bot.rules.episodes import NOT_KNOWN, OTHER, PULL_FACTORS, PUSH_FACTORS, REASONS
from bot.storage.models import Rater, RiskGrade

if TYPE_CHECKING:  # matplotlib is imported only to draw (it costs ~50 MiB and ~1 s)
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

# The chart's panels, in order; `chart_titles` gives them and the PNG draws exactly these.
TITLE_REVIEWS = "Reviews on time"
TITLE_RHIS = "Return interviews within 72 hours"
TITLE_GRADES = "Episodes by risk grade"
TITLE_REASONS = "Why children went missing"
TITLE_RATINGS = "Is the help helping? (child vs worker)"
TITLE_CONTINUITY = "Worker changes and check-ins"


WIDTH_PX, HEIGHT_PX, DPI = 1080, 1600, 150
FONT = 12  # points at 150 dpi: about 25 px, legible on a phone held upright
TITLE_FONT = 14
GREEN, LIGHT_GREEN, RED, GREY, LIGHT_GREY = "#1b7837", "#a6dba0", "#c2352b", "#8c8c8c", "#d9d9d9"
PUSH_COLOUR, PULL_COLOUR = "#2166ac", "#e08214"
GRADE_COLOURS = {
    RiskGrade.NO_APPARENT: "#a6cee3",
    RiskGrade.LOW: "#ffd92f",
    RiskGrade.MEDIUM: "#fc8d62",
    RiskGrade.HIGH: "#d7301f",
    NOT_GRADED: LIGHT_GREY,
}
RATING_COLOURS = (GREEN, LIGHT_GREEN, RED, GREY)


def chart_titles(report: BoardReport) -> list[str]:
    """The titles of the chart's panels, top to bottom."""
    return [TITLE_REVIEWS, TITLE_RHIS, TITLE_GRADES, TITLE_REASONS, TITLE_RATINGS, TITLE_CONTINUITY]


def chart_figure(report: BoardReport) -> "Figure":
    """The chart as a matplotlib Figure (no pyplot, no global state), 1080 x 1600 px."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(WIDTH_PX / DPI, HEIGHT_PX / DPI), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    figure.suptitle(
        f"{report.team}: {show_period(report.start, report.end)} (as at {as_at(report)})",
        fontsize=TITLE_FONT + 2,
        fontweight="bold",
    )
    # One sub-figure per panel, so each lays out its own labels and uses the whole width.
    panels = figure.subfigures(6, 1, squeeze=False, height_ratios=[0.5, 0.5, 1.05, 1.9, 1.05, 0.75])
    axes: list[Axes] = [panel.add_subplot() for panel in panels[:, 0]]
    titles = chart_titles(report)
    for ax, title in zip(axes, titles, strict=True):
        ax.set_title(title, fontsize=TITLE_FONT, fontweight="bold", loc="left")
        ax.tick_params(labelsize=FONT)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
    r = report
    _progress(axes[0], r.reviews_on_time, r.reviews_due, "on time")
    waiting = f"{r.rhis_not_yet_due} not yet due" if r.rhis_not_yet_due else ""
    within = f"within 72 hours; {waiting}" if waiting else "within 72 hours"
    empty = f"no data yet: {waiting}" if waiting else "no data"
    _progress(axes[1], r.rhis_within_72h, r.rhis_past_72h, within, empty)
    _national(axes[1], marked=r.rhis_past_72h > 0)
    _grades(axes[2], r)
    _reasons(axes[3], r)
    _ratings(axes[4], r)
    _continuity(axes[5], r)
    return figure


def chart_axes(figure: "Figure") -> "list[Axes]":
    """The panels of a figure made by `chart_figure`, top to bottom."""
    return [ax for panel in figure.subfigs for ax in panel.axes]


def chart_png(report: BoardReport) -> bytes:
    """The chart as a PNG, 1080 x 1600 px, drawn with the Agg canvas."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    figure = chart_figure(report)
    out = io.BytesIO()
    canvas = figure.canvas
    assert isinstance(canvas, FigureCanvasAgg)
    canvas.print_png(out)
    return out.getvalue()


def _no_data(ax: "Axes", words: str = "no data") -> None:
    ax.text(
        0.5,
        0.5,
        words,
        ha="center",
        va="center",
        fontsize=FONT,
        color=GREY,
        transform=ax.transAxes,
    )


def _progress(ax: "Axes", part: int, whole: int, what: str, empty: str = "no data") -> None:
    """One bar from 0 to 100%, filled to the share, with the counts beside it."""
    ax.set_xlim(0, 100)
    ax.set_yticks([])
    ax.set_xticks([0, 50, 100], ["0%", "50%", "100%"])
    ax.spines["left"].set_visible(False)
    share = pct(part, whole)
    if share is None:
        _no_data(ax, empty)
        return
    ax.barh([0], [100], color=LIGHT_GREY, height=0.6)
    ax.barh([0], [share], color=GREEN if share >= 80 else PULL_COLOUR, height=0.6)
    ax.text(
        2,
        0,
        f"{show_pct(share)}  ({part} of {whole} {what})",
        va="center",
        fontsize=FONT,
        fontweight="bold",
        color="black",
    )


def _national(ax: "Axes", marked: bool) -> None:
    """England's figure, with where it comes from; a mark on the bar when there is one."""
    if marked:
        ax.axvline(NATIONAL_RHI_PCT, color="black", linestyle="--", linewidth=1)
    mark = "- - - " if marked else ""
    ax.set_xlabel(f"{mark}England: {NATIONAL_RHI_WITHIN_72H}", fontsize=FONT - 2, loc="left")


def _grades(ax: "Axes", report: BoardReport) -> None:
    counts = list(report.episodes_by_grade.values())
    labels = [GRADES[g].replace(" risk", "\nrisk") for g in report.episodes_by_grade]
    colours = [GRADE_COLOURS[g] for g in report.episodes_by_grade]
    bars = ax.bar(range(len(counts)), counts, color=colours, edgecolor=GREY)
    ax.set_xticks(range(len(counts)), labels, fontsize=FONT - 1)
    ax.bar_label(bars, fontsize=FONT)
    ax.set_ylim(0, max(max(counts), 1) * 1.3)
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    if not any(counts):
        _no_data(ax)


def _reasons(ax: "Axes", report: BoardReport) -> None:
    codes = list(REASONS)
    counts = [report.reasons[c] for c in codes]
    colours = [
        PUSH_COLOUR if c in PUSH_FACTORS else PULL_COLOUR if c in PULL_FACTORS else GREY
        for c in codes
    ]
    positions = range(len(codes))
    bars = ax.barh(positions, counts, color=colours)
    ax.set_yticks(positions, [REASONS[c] for c in codes], fontsize=FONT)
    ax.invert_yaxis()
    ax.bar_label(bars, fontsize=FONT, padding=3)
    ax.set_xlim(0, max(max(counts), 1) * 1.2)
    ax.set_xticks([])
    ax.spines["bottom"].set_visible(False)
    panel = ax.get_figure(root=False)
    assert panel is not None
    panel.legend(  # under the bars, centred on the whole panel
        handles=[bars[0], bars[len(PUSH_FACTORS)], bars[-1]],
        labels=[
            f"Push factors ({report.push_total})",
            f"Pull factors ({report.pull_total})",
            f"Other or not known ({report.reasons[OTHER] + report.reasons[NOT_KNOWN]})",
        ],
        fontsize=FONT - 1,
        ncols=3,
        loc="outside lower center",
        frameon=False,
    )
    if not any(counts):
        _no_data(ax)


def _ratings(ax: "Axes", report: BoardReport) -> None:
    """Two bars of 100%: what children said and what workers said, answer by answer."""
    raters = (Rater.CHILD, Rater.WORKER)
    names = {Rater.CHILD: "Children", Rater.WORKER: "Workers"}
    child_labels, worker_labels = (list(RATING_VALUES[r].values()) for r in raters)
    ax.set_xlim(0, 100)
    ax.set_xticks([0, 50, 100], ["0%", "50%", "100%"])
    ax.set_ylim(-0.6, 1.6)
    ax.invert_yaxis()
    ylabels = []
    for row, rater in enumerate(raters):
        counts = list(report.ratings[rater].values())
        total = sum(counts)
        ylabels.append(f"{names[rater]}\n({total})")
        left = 0.0
        for index, count in enumerate(counts):
            width = 100 * count / total if total else 0
            ax.barh(
                [row],
                [width],
                left=left,
                height=0.6,
                color=RATING_COLOURS[index],
                label=f"{child_labels[index]} / {worker_labels[index]}" if row == 0 else None,
            )
            if width >= 8:
                ax.text(
                    left + width / 2,
                    row,
                    str(count),
                    ha="center",
                    va="center",
                    fontsize=FONT,
                    color="white" if index in (0, 2) else "black",
                )
            left += width
        if not total:
            ax.text(50, row, "no data", ha="center", va="center", fontsize=FONT, color=GREY)
    ax.set_yticks([0, 1], ylabels, fontsize=FONT)
    ax.legend(
        fontsize=FONT - 2, ncols=2, loc="upper center", bbox_to_anchor=(0.5, -0.18), frameon=False
    )


def _continuity(ax: "Axes", report: BoardReport) -> None:
    r = report
    ax.axis("off")
    if r.worker_changes_mean is None:
        changes = "Worker changes: no data"
    else:
        changes = (
            f"Worker changes: {r.worker_changes_mean:.2f} per child (most {r.worker_changes_max});"
            f"\n{r.children_with_change} of {r.children_paired} children changed worker"
        )
    checkins = f"Check-ins answered: {share(r.checkins_answered, r.checkins_prompted)}"
    overdue = (
        f"Overdue now: {r.overdue_reviews_now} reviews, {r.overdue_rhis_now} return interviews"
    )
    ax.text(
        0,
        0.95,
        "\n".join([changes, checkins, overdue]),
        va="top",
        fontsize=FONT,
        transform=ax.transAxes,
        linespacing=1.5,
    )
