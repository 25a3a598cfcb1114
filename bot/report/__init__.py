"""The Board's report: one team's figures for a period, as text, a chart and a CSV.

Every figure is counted by aggregate SQL in the database (COUNT, SUM, MAX, GROUP BY, CASE); no
rows are loaded into Python, so the report costs the same memory for ten children or a hundred
thousand. The same query code runs on SQLite and PostgreSQL.

The period is a range of local dates in the service's zone, both ends included: it runs from
00:00 local on `start` to 00:00 local on the day after `end`, converted to UTC instants, so a
report for June counts what happened in June on the wall clock, across clock changes.

What each figure counts (the team's rows only):

- **Reviews due**: reviews that fell due in the period. A held review counts when the due date
  it answered (`Review.due_on`) is in the period; an open case counts when its current due date
  (`Child.review_due_on`) is in the period and had passed at `now` (that is, it is before today)
  with no review held. Reviews held with no recorded due date are not counted. A due date in the
  period that has not yet passed at `now` is not counted: it is not yet known whether it will
  be on time.
- **Reviews on time**: of those, reviews held on or before the due date (the local date of
  `held_at` is on or before `due_on`). A case still waiting is never on time.
- **Overdue reviews now** and **overdue return interviews now**: as `bot.rules.overdue` defines
  them, the same as `/overdue` and the alerts (a review from 09:00 on the day after its due
  date, an interview from the 72nd hour after the return, open cases only).
- **Returns**: episodes whose `returned_at` is in the period; **within 72 hours**: of those,
  `rhi_done_at <= rhi_due_at`. The percentage is over the returns whose interview is held or
  whose 72 hours have run out at `now` (`rhis_past_72h`); a return still inside its 72 hours
  with no interview yet is neither met nor missed, and is shown apart (`rhis_not_yet_due`).
  Any outcome recorded in time counts (offered, held or declined). Beside it stands England's
  figure, 63% of interviews *completed* within 72 hours in 2023-24 (the average over councils in
  Missing People's FOI survey), a stricter measure, which the text and the chart say.
- **As at**: the moment the figures were taken, in the service's time in the text and the chart
  (UTC in the CSV).
- **Episodes by risk grade**: episodes opened in the period, per police grade, every grade
  present; `not_graded` counts episodes with no grade (or one not on the scale).
- **Reasons**: each reason given in a return interview held in the period (`MissingReason`), per
  code, every code present; one interview may give several. Codes not in `REASONS` count as
  `other`. `push_total` and `pull_total` sum the push and pull factors; `not_known` (nobody
  found out) and `other` are in neither.
- **Ratings**: "is it helping?" answers created in the period, per rater (`child`, `worker`)
  and value, every value present (0 when none). Values not on the rater's scale are left out.
- **Worker changes**: over the team's children with a pairing overlapping the period, the number
  of pairings overlapping the period minus one, per child: the total, the mean, the maximum and
  how many children changed worker at least once.
- **Check-ins**: `checkins_prompted` counts check-ins the bot prompted (`prompt_key` set) created
  in the period, leaving out prompts superseded by a newer check-in before the child answered
  any of it (usually because the child started a check-in of their own; such a prompt was
  neither answered nor ignored). `checkins_answered` counts those with `answered_at` set (the
  child answered at least the first question, at any time up to the report). A prompt still
  open and unanswered at `now` counts as not (yet) answered.

- **Urgent help**: see `bot.report.urgent`.

Percentages are 0 to 100, unrounded in `BoardReport`, None when there was nothing to count.

The CSV (`csv_text`) has the header `section,item,value` and one row per figure. Sections, in
order, with their items:

- `report`: `team`, `period_start`, `period_end` (ISO dates, inclusive), `as_at` (ISO UTC)
- `reviews`: `due`, `on_time`, `on_time_pct`, `overdue_now`
- `return_interviews`: `returns`, `within_72h`, `within_72h_pct`, `not_yet_due`, `overdue_now`
- `episodes_by_grade`: `no_apparent`, `low`, `medium`, `high`, `not_graded`
- `missing_reasons`: each code of `REASONS`, then `push_total`, `pull_total`
- `ratings_child`: `yes`, `a_bit`, `no`, `not_sure`
- `ratings_worker`: `helping`, `partly`, `not_helping`, `too_early`
- `worker_changes`: `children`, `changes`, `mean`, `max`, `children_with_change`
- `checkins`: `prompted`, `answered`, `response_pct`
- `urgent_help`: `raised`, `out_of_hours`, `out_of_hours_pct`, `no_one_on_duty`,
  `acknowledged`, `within_15_min`, `within_15_min_pct`, `ack_median_min`, `ack_worst_min`,
  `resolved`

Counts are integers; percentages have one decimal and the mean two; an empty value means no data
(nothing to divide by).
"""

from bot.report.chart import chart_axes, chart_figure, chart_png, chart_titles
from bot.report.csv_file import CSV_COLUMNS, CSV_SECTIONS, csv_rows, csv_text
from bot.report.figures import GRADES, NOT_GRADED, RATING_VALUES, BoardReport, board_report, pct
from bot.report.words import show_pct, show_period, summary_text
from bot.rules.episodes import OTHER, PULL_FACTORS, PUSH_FACTORS, REASONS

__all__ = [
    "CSV_COLUMNS",
    "CSV_SECTIONS",
    "GRADES",
    "NOT_GRADED",
    "OTHER",
    "PULL_FACTORS",
    "PUSH_FACTORS",
    "RATING_VALUES",
    "REASONS",
    "BoardReport",
    "board_report",
    "chart_axes",
    "chart_figure",
    "chart_png",
    "chart_titles",
    "csv_rows",
    "csv_text",
    "pct",
    "show_pct",
    "show_period",
    "summary_text",
]
