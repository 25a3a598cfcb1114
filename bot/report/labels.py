"""The CSV's words: each section's name and each figure's label, as a Board member reads them,
keyed by the codes a script reads (`bot.report`'s docstring lists them)."""

from bot.report.figures import GRADES, RATING_VALUES
from bot.rules.episodes import REASONS
from bot.storage.models import Rater

WITHIN_72H = "Return interviews within 72 hours (held, offered or declined)"
HELD_WITHIN_72H = "Interviews actually held within 72 hours"
REVIEW_WORDS = "Reviews with the child's own words"
CHECKINS = {
    "checkins_prompted": "Check-ins asked",
    "checkins_answered": "Check-ins answered",
    "checkins_answered_pct": "Check-ins answered (%)",
}

# section code -> (the section's name, {figure code: label})
SECTIONS: dict[str, tuple[str, dict[str, str]]] = {
    "report": (
        "Report",
        {
            "team": "Team",
            "period_start": "Period from",
            "period_end": "Period to",
            "as_at": "Figures as at (UTC)",
        },
    ),
    "reviews": (
        "Progress reviews",
        {
            "due": "Reviews due in the period",
            "on_time": "Reviews held on time",
            "on_time_pct": "Reviews held on time (%)",
            "overdue_now": "Reviews overdue now",
        },
    ),
    "return_interviews": (
        "Return home interviews",
        {
            "returns": "Returns from missing in the period",
            "within_72h": WITHIN_72H,
            "within_72h_pct": f"{WITHIN_72H} (%)",
            "not_yet_due": "Returns still inside their 72 hours",
            "overdue_now": "Return interviews overdue now",
            "held": "Interviews actually held, of those returns",
            "held_within_72h": HELD_WITHIN_72H,
            "held_within_72h_pct": f"{HELD_WITHIN_72H} (%), as England counts them",
            "england_pct": "England: interviews completed within 72 hours in 2023-24 (%)",
        },
    ),
    "voice_of_the_child": (
        "The child's own words",
        {
            "reviews_held": "Reviews held in the period",
            "reviews_with_words": REVIEW_WORDS,
            "reviews_with_words_pct": f"{REVIEW_WORDS} (%)",
            "interviews_held": "Return interviews held in the period",
            "interviews_with_words": "Return interviews with the child's account",
            "interviews_with_words_pct": "Return interviews with the child's account (%)",
        },
    ),
    "episodes_by_grade": ("Missing episodes by police risk grade", dict(GRADES)),
    "missing_reasons": (
        "Why children went missing",
        {**REASONS, "push_total": "All push factors", "pull_total": "All pull factors"},
    ),
    "ratings_child": ("Is the help helping? What children said", RATING_VALUES[Rater.CHILD]),
    "ratings_worker": ("Is the help helping? What workers said", RATING_VALUES[Rater.WORKER]),
    "worker_changes": (
        "Changes of worker",
        {
            "children": "Children with a worker in the period",
            "changes": "Changes of worker",
            "mean": "Changes per child (average)",
            "max": "Most changes for one child",
            "children_with_change": "Children who changed worker",
        },
    ),
    "checkins": (
        "Check-ins (children who have joined)",
        {
            "prompted": CHECKINS["checkins_prompted"],
            "answered": CHECKINS["checkins_answered"],
            "response_pct": CHECKINS["checkins_answered_pct"],
            "not_joined": "Children who have not joined yet",
        },
    ),
    "urgent_help": (
        "Urgent help",
        {
            "raised": "Calls for help",
            "out_of_hours": "Calls out of hours",
            "out_of_hours_pct": "Calls out of hours (%)",
            "no_one_on_duty": "Calls with no one on duty",
            "acknowledged": "Calls taken by someone",
            "within_15_min": "Calls taken within 15 minutes",
            "within_15_min_pct": "Calls taken within 15 minutes (%)",
            "ack_median_min": "Time to take a call, median (minutes)",
            "ack_worst_min": "Time to take a call, longest (minutes)",
            "resolved": "Calls resolved",
        },
    ),
    "by_month": (
        "Month by month",
        {
            "first_day": "First day",
            "last_day": "Last day",
            "episodes_started": "Missing episodes started",
            "returns": "Returns from missing",
            "rhis_past_72h": "Returns past their 72 hours",
            "rhis_within_72h": WITHIN_72H,
            "rhis_within_72h_pct": f"{WITHIN_72H} (%)",
            "reviews_held": "Reviews done",
            "reviews_with_words": REVIEW_WORDS,
            "reviews_due": "Reviews due",
            "reviews_on_time": "Reviews held on time",
            "reviews_on_time_pct": "Reviews held on time (%)",
            **CHECKINS,
        },
    ),
    "by_worker": (
        "Per worker",
        {
            "children": "Children with this worker in the period",
            "reviews_held": "Reviews done",
            "reviews_overdue_now": "Reviews overdue now",
            "rhis_past_72h": "Returns past their 72 hours",
            "rhis_within_72h": WITHIN_72H,
            "rhis_within_72h_pct": f"{WITHIN_72H} (%)",
            **CHECKINS,
        },
    ),
}
