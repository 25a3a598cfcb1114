"""The CSV's words: each section's name and each figure's label, as a Board member reads them,
keyed by the codes a script reads (`bot.report`'s docstring lists them).

The words are marked English (`N_`), said in the language speaking now by `section`; the codes
never change with the language or the wording."""

from bot.report.figures import GRADES, RATING_VALUES
from bot.rules.episodes import REASONS
from bot.storage.models import Rater
from bot.wording.language import N_, say

WITHIN_72H = N_("Return interviews within 72 hours (held, offered or declined)")
WITHIN_72H_PCT = N_("Return interviews within 72 hours (held, offered or declined) (%)")
REVIEW_WORDS = N_("Reviews with the child's own words")
REVIEWS_HELD_ON_TIME = N_("Reviews held on time")
REVIEWS_HELD_ON_TIME_PCT = N_("Reviews held on time (%)")
REVIEWS_DONE = N_("Reviews done")
REVIEWS_OVERDUE_NOW = N_("Reviews overdue now")
RETURNS_PAST_72H = N_("Returns past their 72 hours")
CHANGES_OF_WORKER = N_("Changes of worker")
CHECKINS = {
    "checkins_prompted": N_("Check-ins asked"),
    "checkins_answered": N_("Check-ins answered"),
    "checkins_answered_pct": N_("Check-ins answered (%)"),
}

# section code -> (the section's name, {figure code: label})
SECTIONS: dict[str, tuple[str, dict[str, str]]] = {
    "report": (
        N_("Report"),
        {
            "team": N_("Team"),
            "period_start": N_("Period from"),
            "period_end": N_("Period to"),
            "as_at": N_("Figures as at (UTC)"),
        },
    ),
    "reviews": (
        N_("Progress reviews"),
        {
            "due": N_("Reviews due in the period"),
            "on_time": REVIEWS_HELD_ON_TIME,
            "on_time_pct": REVIEWS_HELD_ON_TIME_PCT,
            "overdue_now": REVIEWS_OVERDUE_NOW,
        },
    ),
    "return_interviews": (
        N_("Return home interviews"),
        {
            "returns": N_("Returns from missing in the period"),
            "within_72h": WITHIN_72H,
            "within_72h_pct": WITHIN_72H_PCT,
            "not_yet_due": N_("Returns still inside their 72 hours"),
            "overdue_now": N_("Return interviews overdue now"),
            "held": N_("Interviews actually held, of those returns"),
            "held_within_72h": N_("Interviews actually held within 72 hours"),
            "held_within_72h_pct": N_(
                "Interviews actually held within 72 hours (%), as England counts them"
            ),
            "england_pct": N_("England: interviews completed within 72 hours in 2023-24 (%)"),
        },
    ),
    "voice_of_the_child": (
        N_("The child's own words"),
        {
            "reviews_held": N_("Reviews held in the period"),
            "reviews_with_words": REVIEW_WORDS,
            "reviews_with_words_pct": N_("Reviews with the child's own words (%)"),
            "interviews_held": N_("Return interviews held in the period"),
            "interviews_with_words": N_("Return interviews with the child's account"),
            "interviews_with_words_pct": N_("Return interviews with the child's account (%)"),
        },
    ),
    "episodes_by_grade": (N_("Missing episodes by police risk grade"), dict(GRADES)),
    "missing_reasons": (
        N_("Why children went missing"),
        {
            **REASONS,
            "push_total": N_("All push factors"),
            "pull_total": N_("All pull factors"),
        },
    ),
    "ratings_child": (
        N_("Is the help helping? What children said"),
        RATING_VALUES[Rater.CHILD],
    ),
    "ratings_worker": (
        N_("Is the help helping? What workers said"),
        RATING_VALUES[Rater.WORKER],
    ),
    "worker_changes": (
        CHANGES_OF_WORKER,
        {
            "children": N_("Children with a worker in the period"),
            "changes": CHANGES_OF_WORKER,
            "mean": N_("Changes per child (average)"),
            "max": N_("Most changes for one child"),
            "children_with_change": N_("Children who changed worker"),
        },
    ),
    "checkins": (
        N_("Check-ins (children who have joined)"),
        {
            "prompted": CHECKINS["checkins_prompted"],
            "answered": CHECKINS["checkins_answered"],
            "response_pct": CHECKINS["checkins_answered_pct"],
            "not_joined": N_("Children who have not joined yet"),
        },
    ),
    "urgent_help": (
        N_("Urgent help"),
        {
            "raised": N_("Calls for help"),
            "out_of_hours": N_("Calls out of hours"),
            "out_of_hours_pct": N_("Calls out of hours (%)"),
            "no_one_on_duty": N_("Calls with no one on duty"),
            "acknowledged": N_("Calls taken by someone"),
            "within_15_min": N_("Calls taken within 15 minutes"),
            "within_15_min_pct": N_("Calls taken within 15 minutes (%)"),
            "ack_median_min": N_("Time to take a call, median (minutes)"),
            "ack_worst_min": N_("Time to take a call, longest (minutes)"),
            "resolved": N_("Calls resolved"),
        },
    ),
    "by_month": (
        N_("Month by month"),
        {
            "first_day": N_("First day"),
            "last_day": N_("Last day"),
            "episodes_started": N_("Missing episodes started"),
            "returns": N_("Returns from missing"),
            "rhis_past_72h": RETURNS_PAST_72H,
            "rhis_within_72h": WITHIN_72H,
            "rhis_within_72h_pct": WITHIN_72H_PCT,
            "reviews_held": REVIEWS_DONE,
            "reviews_with_words": REVIEW_WORDS,
            "reviews_due": N_("Reviews due"),
            "reviews_on_time": REVIEWS_HELD_ON_TIME,
            "reviews_on_time_pct": REVIEWS_HELD_ON_TIME_PCT,
            **CHECKINS,
        },
    ),
    "by_worker": (
        N_("Per worker"),
        {
            "children": N_("Children with this worker in the period"),
            "reviews_held": REVIEWS_DONE,
            "reviews_overdue_now": REVIEWS_OVERDUE_NOW,
            "rhis_past_72h": RETURNS_PAST_72H,
            "rhis_within_72h": WITHIN_72H,
            "rhis_within_72h_pct": WITHIN_72H_PCT,
            **CHECKINS,
        },
    ),
}


def section(code: str) -> tuple[str, dict[str, str]]:
    """A section's name and its figures' labels, by code, in the language speaking now."""
    name, labels = SECTIONS[code]
    return say(name), say(labels)
