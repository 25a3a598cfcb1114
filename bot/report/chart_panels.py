"""The chart's panels of the whole period, each drawn onto the matplotlib Axes it is given, and
the look they share. Their words are marked English, said in the language speaking now."""

import textwrap
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.report.figures import GRADES, NOT_GRADED, RATING_VALUES, BoardReport, pct
from bot.report.words import (
    NATIONAL_RHI_FIGURE,
    NATIONAL_RHI_PCT,
    NATIONAL_RHI_SOURCE,
    NO_DATA,
    NO_RETURN_INTERVIEWS_HELD,
    NO_RETURNS_PAST_72H,
    NO_REVIEWS_HELD,
    not_joined,
    share,
    show_pct,
)
from bot.rules.episodes import NOT_KNOWN, OTHER, PULL_FACTORS, PUSH_FACTORS, REASONS
from bot.storage.models import Rater, RiskGrade
from bot.wording import texts
from bot.wording.language import N_, P_, say

if TYPE_CHECKING:  # matplotlib is imported only to draw (it costs ~50 MiB and ~1 s)
    from matplotlib.axes import Axes

FONT = 12  # points at 150 dpi: about 25 px, legible on a phone held upright
TITLE_FONT = 14
TITLE_WIDTH = 44  # characters of a panel's title on one line (longer ones wrap)
LEGEND_WIDTH = 70  # characters of legend labels side by side on one line


def legend_columns(labels: list[str], most: int) -> int:
    """As many columns as fit the width, at most `most`: a language with longer labels (Welsh)
    gets fewer, so none runs off the edge."""
    columns = most
    while columns > 1 and sum(sorted(map(len, labels))[-columns:]) > LEGEND_WIDTH:
        columns -= 1
    return columns


def title_lines(title: str) -> str:
    return textwrap.fill(title, TITLE_WIDTH)


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
GRADE_LABEL_WIDTH = 12  # characters on a line under a grade's bar

# What the bars say: {pct}, {part} and {whole} are filled in (and any `Share.more`).
RHIS_IN_TIME = N_("{pct}  ({part} of {whole} recorded in time, any outcome)")
RHIS_IN_TIME_WAITING = N_(
    "{pct}  ({part} of {whole} recorded in time, any outcome; {waiting} not yet due)"
)
NO_RETURNS_PAST_72H_WAITING = N_("no returns past 72 hours; {waiting} not yet due")
HELD_IN_TIME = N_("{pct}  ({part} of {whole} actually held, in time)")
NO_INTERVIEWS_HELD = N_("no interviews actually held")
ENGLAND = N_("England: {figure}\n({source})")
REVIEWS_WITH_WORDS = N_("{pct}  ({part} of {whole} reviews)")
INTERVIEWS_WITH_WORDS = N_("{pct}  ({part} of {whole} return interviews held)")
PUSH = N_("Push factors ({n})")
PULL = N_("Pull factors ({n})")
OTHER_OR_NOT_KNOWN = N_("Other or not known ({n})")
RATERS = {Rater.CHILD: N_("Children\n({n})"), Rater.WORKER: N_("Workers\n({n})")}
ANSWERS = N_("{child} / {worker}")  # an answer on the child's scale and the worker's alike
CHANGES = N_(
    "Worker changes: {mean} per child (most {most});\n{changed} of {children} children changed "
    "worker"
)
NO_CHANGES = N_("Worker changes: no data")
CHECKINS = N_("Check-ins answered: {share}, by children who have joined\n({not_joined})")
OVERDUE = N_("Overdue now: {reviews}, {interviews}")
REVIEWS = P_("{n} review", "{n} reviews")
RETURN_INTERVIEWS = P_("{n} return interview", "{n} return interviews")


@dataclass(frozen=True)
class Share:
    """One bar of a `shares` panel: `part` of `whole`, said by the template `words` (marked
    English, with `more` filled in too); `empty` when whole is 0."""

    part: int
    whole: int
    words: str
    empty: str = NO_DATA
    more: Mapping[str, object] = field(default_factory=dict)


def no_data(ax: "Axes", words: str = NO_DATA, y: float = 0.5, **more: object) -> None:
    """`words` (marked English, `more` filled in) where there is nothing to draw."""
    ax.text(
        0.5,
        y,
        say(words).format(**more),
        ha="center",
        va="center",
        fontsize=FONT,
        color=GREY,
        transform=ax.transAxes,
    )


def shares(ax: "Axes", bars: list[Share]) -> None:
    """A bar from 0 to 100% for each share, top to bottom, filled to it, the counts on it."""
    ax.set_xlim(0, 100)
    ax.set_ylim(len(bars) - 0.5, -0.5)
    ax.set_yticks([])
    ax.set_xticks([0, 50, 100], ["0%", "50%", "100%"])
    ax.spines["left"].set_visible(False)
    for row, bar in enumerate(bars):
        value = pct(bar.part, bar.whole)
        if value is None:
            no_data(ax, bar.empty, y=1 - (row + 0.5) / len(bars), **bar.more)
            continue
        ax.barh([row], [100], color=LIGHT_GREY, height=0.6)
        ax.barh([row], [value], color=GREEN if value >= 80 else PULL_COLOUR, height=0.6)
        words = say(bar.words).format(
            pct=show_pct(value), part=bar.part, whole=bar.whole, **bar.more
        )
        ax.text(2, row, words, va="center", fontsize=FONT, fontweight="bold", color="black")


def return_interviews(ax: "Axes", r: BoardReport) -> None:
    """Any outcome recorded in time, then interviews held in time beside England's figure."""
    waiting = r.rhis_not_yet_due
    in_time = (
        Share(
            r.rhis_within_72h,
            r.rhis_past_72h,
            RHIS_IN_TIME_WAITING,
            NO_RETURNS_PAST_72H_WAITING,
            {"waiting": waiting},
        )
        if waiting
        else Share(r.rhis_within_72h, r.rhis_past_72h, RHIS_IN_TIME, NO_RETURNS_PAST_72H)
    )
    held = Share(r.rhis_held_within_72h, r.rhis_held, HELD_IN_TIME, NO_INTERVIEWS_HELD)
    shares(ax, [in_time, held])
    marked = r.rhis_held > 0
    if marked:  # on the bar of interviews held only: England counts those
        ax.plot([NATIONAL_RHI_PCT] * 2, [0.6, 1.4], color="black", linestyle="--", linewidth=1)
    mark = "- - - " if marked else ""  # the dashed line's look, beside the words it stands for
    england = say(ENGLAND).format(  # two lines: one is too wide
        figure=say(NATIONAL_RHI_FIGURE), source=say(NATIONAL_RHI_SOURCE)
    )
    ax.set_xlabel(f"{mark}{england}", fontsize=FONT - 2, loc="left")


def voice(ax: "Axes", r: BoardReport) -> None:
    shares(
        ax,
        [
            Share(r.reviews_with_child_words, r.reviews_held, REVIEWS_WITH_WORDS, NO_REVIEWS_HELD),
            Share(
                r.interviews_with_child_words,
                r.interviews_held,
                INTERVIEWS_WITH_WORDS,
                NO_RETURN_INTERVIEWS_HELD,
            ),
        ],
    )


def grades(ax: "Axes", report: BoardReport) -> None:
    counts = list(report.episodes_by_grade.values())
    names = say(GRADES)
    labels = [textwrap.fill(names[g], GRADE_LABEL_WIDTH) for g in report.episodes_by_grade]
    colours = [GRADE_COLOURS[g] for g in report.episodes_by_grade]
    bars = ax.bar(range(len(counts)), counts, color=colours, edgecolor=GREY)
    ax.set_xticks(range(len(counts)), labels, fontsize=FONT - 1)
    ax.bar_label(bars, fontsize=FONT)
    ax.set_ylim(0, max(max(counts), 1) * 1.3)
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    if not any(counts):
        no_data(ax)


def reasons(ax: "Axes", report: BoardReport) -> None:
    codes = list(REASONS)
    counts = [report.reasons[c] for c in codes]
    colours = [
        PUSH_COLOUR if c in PUSH_FACTORS else PULL_COLOUR if c in PULL_FACTORS else GREY
        for c in codes
    ]
    positions = range(len(codes))
    bars = ax.barh(positions, counts, color=colours)
    names = say(REASONS)
    ax.set_yticks(positions, [names[c] for c in codes], fontsize=FONT)
    ax.invert_yaxis()
    ax.bar_label(bars, fontsize=FONT, padding=3)
    ax.set_xlim(0, max(max(counts), 1) * 1.2)
    ax.set_xticks([])
    ax.spines["bottom"].set_visible(False)
    panel = ax.get_figure(root=False)
    assert panel is not None
    shown = [
        say(PUSH).format(n=report.push_total),
        say(PULL).format(n=report.pull_total),
        say(OTHER_OR_NOT_KNOWN).format(n=report.reasons[OTHER] + report.reasons[NOT_KNOWN]),
    ]
    panel.legend(  # under the bars, centred on the whole panel
        handles=[bars[0], bars[len(PUSH_FACTORS)], bars[-1]],
        labels=shown,
        fontsize=FONT - 1,
        ncols=legend_columns(shown, 3),
        loc="outside lower center",
        frameon=False,
    )
    if not any(counts):
        no_data(ax)


def ratings(ax: "Axes", report: BoardReport) -> None:
    """Two bars of 100%: what children said and what workers said, answer by answer."""
    raters = (Rater.CHILD, Rater.WORKER)
    names = say(RATERS)
    child_labels, worker_labels = (list(say(RATING_VALUES[r]).values()) for r in raters)
    ax.set_xlim(0, 100)
    ax.set_xticks([0, 50, 100], ["0%", "50%", "100%"])
    ax.set_ylim(-0.6, 1.6)
    ax.invert_yaxis()
    ylabels = []
    for row, rater in enumerate(raters):
        counts = list(report.ratings[rater].values())
        total = sum(counts)
        ylabels.append(names[rater].format(n=total))
        left = 0.0
        for index, count in enumerate(counts):
            width = 100 * count / total if total else 0
            ax.barh(
                [row],
                [width],
                left=left,
                height=0.6,
                color=RATING_COLOURS[index],
                label=(
                    say(ANSWERS).format(child=child_labels[index], worker=worker_labels[index])
                    if row == 0
                    else None
                ),
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
            ax.text(50, row, say(NO_DATA), ha="center", va="center", fontsize=FONT, color=GREY)
    ax.set_yticks([0, 1], ylabels, fontsize=FONT)
    ax.legend(
        fontsize=FONT - 2, ncols=2, loc="upper center", bbox_to_anchor=(0.5, -0.18), frameon=False
    )


def continuity(ax: "Axes", report: BoardReport) -> None:
    r = report
    ax.axis("off")
    if r.worker_changes_mean is None:
        changes = say(NO_CHANGES)
    else:
        changes = say(CHANGES).format(
            mean=f"{r.worker_changes_mean:.2f}",
            most=r.worker_changes_max,
            changed=r.children_with_change,
            children=r.children_paired,
        )
    checkins = say(CHECKINS).format(
        share=share(r.checkins_answered, r.checkins_prompted),
        not_joined=not_joined(r.children_not_joined),
    )
    overdue = say(OVERDUE).format(
        reviews=texts.count(r.overdue_reviews_now, REVIEWS),
        interviews=texts.count(r.overdue_rhis_now, RETURN_INTERVIEWS),
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
