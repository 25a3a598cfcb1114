"""What /history says, in English: one child's record, newest first, a page at a time (staff
only). Read through `history_texts`, in the reader's language."""

from bot.wording.language import N_

HEAD = N_("📖 {alias}'s record, newest first:")
NOTHING_YET = N_("Nothing is recorded for {alias} yet.")
NOTHING_PAST = N_("There is nothing more to show for {alias}.")
NOTHING_OLDER = N_("That's everything: there is nothing older.")
OLDER = N_("Older")
NEWER = N_("Newer")
CUT = N_("… (cut short here)")

FROM_CHILD = N_("💬 {when} · {alias} to {staff}")
TO_CHILD = N_("✉️ {when} · {staff} to {alias}")
THE_MANAGERS = N_("the managers")
EDITED = N_(" (changed)")
VOICE = N_("(a voice message)")
STICKER = N_("(a sticker)")

REVIEW = N_("📝 {when} · Progress review by {worker}")
RATING = N_("{title}: {rating}")
NO_HELP_RATED = N_("No help was running to rate.")
CHILD_VIEW = N_("Their view: “{view}”")
NO_VIEW = N_("Their view could not be had: {reason}")
NEXT_REVIEW = N_("Next review: {due}")

CHECKIN = N_("📋 {when} · Check-in")
CHECKIN_ANSWERS = N_("Feeling: {mood}. Is the help making a difference: {difference}.")
CHECKIN_WORDS = N_("They said: “{comment}”")
CHECKIN_STATES = {
    "open": N_("Waiting for their answers."),
    "unanswered": N_("Not answered."),
    "superseded": N_("Not finished."),
}

MISSING = N_("🚨 {when} · Missing{grade}")
GRADE = N_(" (police grade: {grade})")
STILL_MISSING = N_("Still missing.")
BACK = N_("Back {when}.")
INTERVIEW = N_("Return home interview: {outcome}, {when}.")
INTERVIEW_OUTCOMES = {"offered": N_("offered"), "accepted": N_("done"), "declined": N_("declined")}
INTERVIEW_DUE = N_("Return home interview due by {due}.")
INTERVIEW_OVERDUE = N_("❗ Return home interview overdue: it was due by {due}.")
