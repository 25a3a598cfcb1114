"""What /history says: one child's record, newest first, a page at a time (staff only)."""

HEAD = "📖 {alias}'s record, newest first:"
NOTHING_YET = "Nothing is recorded for {alias} yet."
NOTHING_PAST = "There is nothing more to show for {alias}."
NOTHING_OLDER = "That's everything: there is nothing older."
OLDER = "Older"
NEWER = "Newer"
CUT = "… (cut short here)"

FROM_CHILD = "💬 {when} · {alias} to {staff}"
TO_CHILD = "✉️ {when} · {staff} to {alias}"
THE_MANAGERS = "the managers"
EDITED = " (changed)"
VOICE = "(a voice message)"
STICKER = "(a sticker)"

REVIEW = "📝 {when} · Progress review by {worker}"
RATING = "{title}: {rating}"
NO_HELP_RATED = "No help was running to rate."
CHILD_VIEW = "Their view: “{view}”"
NO_VIEW = "Their view could not be had: {reason}"
NEXT_REVIEW = "Next review: {due}"

CHECKIN = "📋 {when} · Check-in"
CHECKIN_ANSWERS = "Feeling: {mood}. Is the help making a difference: {difference}."
CHECKIN_WORDS = "They said: “{comment}”"
CHECKIN_STATES = {
    "open": "Waiting for their answers.",
    "unanswered": "Not answered.",
    "superseded": "Not finished.",
}

MISSING = "🚨 {when} · Missing{grade}"
GRADE = " (police grade: {grade})"
STILL_MISSING = "Still missing."
BACK = "Back {when}."
INTERVIEW = "Return home interview: {outcome}, {when}."
INTERVIEW_OUTCOMES = {"offered": "offered", "accepted": "done", "declined": "declined"}
INTERVIEW_DUE = "Return home interview due by {due}."
INTERVIEW_OVERDUE = "❗ Return home interview overdue: it was due by {due}."
