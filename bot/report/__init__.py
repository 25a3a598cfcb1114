"""The Board's report: one team's figures for a period, as text, a chart and a CSV.

Every figure is counted by aggregate SQL in the database (COUNT, SUM, MAX, GROUP BY, CASE); no
case rows are loaded into Python (what comes back is counts: one row of them, or one a month or
a worker), so the report costs the same memory for ten children or a hundred thousand. The
same query code runs on SQLite and PostgreSQL.

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
  `rhi_done_at <= rhi_due_at`. The percentage is over the returns whose interview is recorded
  or whose 72 hours have run out at `now` (`rhis_past_72h`); a return still inside its 72 hours
  with no interview yet is neither met nor missed, and is shown apart (`rhis_not_yet_due`).
  Any outcome recorded in time counts here (held, offered or declined): it says whether the
  worker acted in time.
- **Interviews actually held within 72 hours**, the figure set beside England's: of the returns
  in the period, those whose interview was held (outcome `accepted`; an offer alone or a
  refusal is not an interview), `rhis_held`, and of those the ones held no later than 72 hours
  after the return, `rhis_held_within_72h`. England's figure, 63% of interviews completed
  within 72 hours in 2023-24 (the average over councils in Missing People's FOI survey), is a
  share of completed interviews too, so the two compare like with like.
- **The child's own words**: of the reviews held in the period (`Review.held_at`), those
  holding the child's view in their words (`child_view` given; not a recorded reason why it
  could not be had), `reviews_with_child_words`; of the return interviews held in the period
  (`ReturnInterview.held_at`, outcome `accepted`), those holding the child's account
  (`child_words` recorded, not skipped), `interviews_with_child_words`. A review of a child who
  has not joined counts: a review is casework, not chat.
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
  in the period, to children who have joined (their Telegram account is bound), leaving out
  prompts superseded by a newer check-in before the child answered any of it (usually because
  the child started a check-in of their own; such a prompt was neither answered nor ignored).
  `checkins_answered` counts those with `answered_at` set (the child answered at least the
  first question, at any time up to the report). A prompt still open and unanswered at `now`
  counts as not (yet) answered.
- **Children who have not joined yet**: open cases at `now` whose child never redeemed an invite
  (`bot.rules.invites.joining` is not None): they have no check-ins, and are counted apart.
- **Month by month** (`months`): each calendar month of the period in the service's zone (the
  first and the last may be cut short by the period), each figure counted as above but within
  the month: missing episodes started (`opened_at`), returns and their interviews within 72
  hours (by `returned_at`), reviews held and those with the child's words (by `held_at`),
  reviews due and on time (by due date), check-ins prompted and answered (by `created_at`).
  The period's figures of those kinds are the sums of its months. Reviews overdue at each
  month's end are not given: a change of risk level moves a child's due date without keeping
  the old one, so the due date in force at a past moment cannot always be known.
- **Per worker** (`workers`): the team's workers (staff invited as workers), by the name they
  were invited with, in order of name: every active one, and a former one with a figure to
  show. **Children**: children paired with them at some time in the period. **Reviews done**:
  reviews they held in the period. **Reviews overdue now**: overdue reviews of the children
  they are the current worker of. **Return interviews within 72 hours** and **returns past
  72 hours**: as for the team, over the returns of the children they were the worker of at
  the moment of the return. **Check-ins**: as for the team, over the children they were the
  worker of when the check-in was prompted. A child who changed worker counts for each worker
  in turn, so the workers' figures need not add up to the team's.

- **Urgent help**: see `bot.report.urgent`.

Percentages are 0 to 100, unrounded in `BoardReport`, None when there was nothing to count.

The text, the chart and the CSV's words are in the language speaking now (`bot.wording.language`):
/report makes them in the manager's language, `homeward report --language CODE` in the one asked
for (English by default). Every word is English marked for the catalogues (`N_`, `P_`), said as
the report is made; dates and month names are Babel's in that language; numbers are written as
they are. What scripts read does not change with the language: the CSV's `code` column and its
values (numbers, ISO dates, the time of the figures in UTC).

The CSV (`csv_text`) is one table in a tidy long format, one row per figure, with the header
`section,for,figure,value,code`:

- `section`: the section's name in words ("Return home interviews", in English);
- `for`: whom or when the figure is for: the team's name for the team's figures, the month
  ("June 2027", or "3 to 30 Jun 2027" when the period cuts it short) in `Month by month`, the
  worker's name in `Per worker`;
- `figure`: what it counts, in words ("Interviews actually held within 72 hours (%), as England
  counts them");
- `value`: the number (or the team's name, a date, or the time of the figures);
- `code`: `section.item`, the same words in a form for scripts, which does not change with the
  wording: rows are told apart by (`for`, `code`).

Sections, by code, in order, with their items (`bot.report.labels` has their words):

- `report`: `team`, `period_start`, `period_end` (ISO dates, inclusive), `as_at` (ISO UTC)
- `reviews`: `due`, `on_time`, `on_time_pct`, `overdue_now`
- `return_interviews`: `returns`, `within_72h`, `within_72h_pct`, `not_yet_due`, `overdue_now`,
  `held`, `held_within_72h`, `held_within_72h_pct`, `england_pct`
- `voice_of_the_child`: `reviews_held`, `reviews_with_words`, `reviews_with_words_pct`,
  `interviews_held`, `interviews_with_words`, `interviews_with_words_pct`
- `episodes_by_grade`: `no_apparent`, `low`, `medium`, `high`, `not_graded`
- `missing_reasons`: each code of `REASONS`, then `push_total`, `pull_total`
- `ratings_child`: `yes`, `a_bit`, `no`, `not_sure`
- `ratings_worker`: `helping`, `partly`, `not_helping`, `too_early`
- `worker_changes`: `children`, `changes`, `mean`, `max`, `children_with_change`
- `checkins`: `prompted`, `answered`, `response_pct`, `not_joined`
- `urgent_help`: `raised`, `out_of_hours`, `out_of_hours_pct`, `no_one_on_duty`,
  `acknowledged`, `within_15_min`, `within_15_min_pct`, `ack_median_min`, `ack_worst_min`,
  `resolved`
- `by_month`, for each month: `first_day`, `last_day` (ISO dates), `episodes_started`,
  `returns`, `rhis_past_72h`, `rhis_within_72h`, `rhis_within_72h_pct`, `reviews_held`,
  `reviews_with_words`, `reviews_due`, `reviews_on_time`, `reviews_on_time_pct`,
  `checkins_prompted`, `checkins_answered`, `checkins_answered_pct`
- `by_worker`, for each worker: `children`, `reviews_held`, `reviews_overdue_now`,
  `rhis_past_72h`, `rhis_within_72h`, `rhis_within_72h_pct`, `checkins_prompted`,
  `checkins_answered`, `checkins_answered_pct` (numbers only: no child's alias or words)

Counts are integers; percentages have one decimal and the mean two; an empty value means no data
(nothing to divide by). `csv_rows` gives the team's own rows by code, as (section, item, value).
"""

from bot.report.chart import chart_axes, chart_figure, chart_png, chart_titles
from bot.report.csv_file import CSV_COLUMNS, CSV_SECTIONS, csv_rows, csv_text
from bot.report.figures import GRADES, NOT_GRADED, RATING_VALUES, BoardReport, board_report, pct
from bot.report.months import MonthFigures
from bot.report.sql import Month
from bot.report.words import show_month, show_pct, show_period, summary_text
from bot.report.workers import WorkerFigures
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
    "Month",
    "MonthFigures",
    "WorkerFigures",
    "board_report",
    "chart_axes",
    "chart_figure",
    "chart_png",
    "chart_titles",
    "csv_rows",
    "csv_text",
    "pct",
    "show_month",
    "show_pct",
    "show_period",
    "summary_text",
]
