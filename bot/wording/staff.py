"""What staff read, in English: clear and exact. Read through `texts`, which says each in its
reader's language."""

from bot.wording.language import N_, P_

NO_SUCH_CHILD = N_("I can't find a child called {alias} among yours.")

ASK_WORKER_NAME = N_("What is the new worker's name? (Send /cancel to stop.)")

ASK_ALIAS_NEW = N_(
    "What alias should I use for the child? 1 to 32 letters, digits, spaces, hyphens or "
    "apostrophes. Please don't use their real full name. (Send /cancel to stop.)"
)

ASK_MSG_TEXT = N_("What would you like to send to {alias}? (Send /cancel to stop.)")

BAD_NAME = N_("A name needs 1 to 100 letters and spaces. Please send the name again, or /cancel.")

BAD_ALIAS = N_(
    "An alias needs 1 to 32 letters, digits, spaces, hyphens or apostrophes. "
    "Please send another, or /cancel."
)

ALIAS_TAKEN = N_("Your team already has a child called {alias}. Please choose another alias.")

WORKER_INVITE = N_(
    "Here is a one-time invite for {name}. It works once and ends on {expires}.\n\n{link}"
)

WORKER_INVITE_AGAIN = N_(
    "Here is a new one-time invite for {name}; the earlier link no longer works. It works once "
    "and ends on {expires}.\n\n{link}"
)

ALREADY_IN_TEAM = N_(
    "{name} is already in your team. Invite someone else under a name that tells them apart, "
    "for example with a middle initial."
)

CHILD_INVITE = N_(
    "{alias} is now on your list. Give them this one-time link (or let them scan the code). "
    "It works once and ends on {expires}.\n\n{link}"
)

CHILD_INVITE_AGAIN = N_(
    "Here is a new one-time link for {alias}; the old one no longer works. "
    "It ends on {expires}.\n\n{link}"
)

QR_CAPTION = N_(
    "{alias}'s invite to Homeward: give it to {alias} only. It works once, until {expires}."
)

WELCOME_MANAGER = N_(
    "Welcome, {name}. You manage the team {team} on Homeward.\n"
    "Invite a worker with /invite_worker NAME. Send /help for everything else."
)

WELCOME_WORKER = N_(
    "Welcome, {name}. You're a trusted worker in {team} on Homeward.\n"
    "Add a child with /add_child ALIAS. Reply to a child's message to answer them. "
    "Send /help for everything else."
)

WORKER_JOINED = N_("{name} has joined your team on Homeward.")

CHILD_JOINED = N_(
    "{alias} has joined Homeward. Their messages will come here. "
    "Reply to one, or use /msg {alias} your message."
)

RELAY_LABEL = N_("💬 {alias}")

RELAY_EDITED_LABEL = N_("✏️ {alias} changed a message")

RELAY_PART = N_(" ({part}/{parts})")

RELAY_VOICE = N_("🎤 {alias} sent a voice message")

RELAY_STICKER = N_("💬 {alias} sent a sticker")

SEEN_BUTTON = N_("👀 Seen")

SEEN_TOLD = N_("{alias} can now see that you have read it.")

SEEN_NOTED = N_("Noted. {alias}'s receipt can't show it; they'll know when you write back.")

MISSING_MEDIA = N_(
    "🚨 While missing, {alias} sent a photo, video or file. It is not passed on: please get "
    "in touch with them."
)

RELAY_WHO = "{alias}"

RELAY_WHO_CHECKIN = N_("{alias} (check-in)")

# The worker's label for the child's words, without and with a check-in: (plain, check-in).
RELAY_WHO_PLAIN = (RELAY_WHO, RELAY_WHO_CHECKIN)

RELAY_WHO_MISSING = (N_("{alias} (missing now)"), N_("{alias} (check-in, missing now)"))

RELAY_WHO_NO_WORKER = N_("{alias} (needs a worker)")

RELAY_WHO_CLOSED = N_("{alias} (case closed)")

RELAY_WHO_ON_DUTY = N_("{alias} (out of their worker's hours: you're on duty)")

RELAY_WHO_UNCOVERED = N_("{alias} (out of their worker's hours, and nobody is on duty)")

RECEIPT_TO_WORKER = N_("Sent to {alias} ✓")

CHILD_NOT_JOINED = N_(
    "{alias} hasn't joined yet, so they can't get messages. "
    "Send /add_child {alias} for a fresh invite link."
)

STAFF_HOW_TO_REPLY = N_(
    "To message a child, reply to one of their messages, or use /msg ALIAS your message."
)

REPLY_NOT_YOURS = N_("That child's messages don't come to you any more, so nothing was sent.")

REPLY_UNKNOWN = N_(
    "I can't tell which child that reply is for, so nothing was sent. Use /msg ALIAS your message."
)

EDIT_NOT_PASSED = N_(
    "Changes to a message don't reach {alias}. To put it right, send a new message."
)

WORKER_TEXT_ONLY = N_("Only text messages can be sent to a child.")

HELP_MANAGER = N_(
    "You're a team manager. You can:\n"
    "/overdue: what is overdue in your team, and children who need a worker\n"
    "/history ALIAS: a child's record, newest first\n"
    "/msg ALIAS TEXT: send a child a message (or reply to one of their messages or alerts)\n"
    "/invite_worker NAME: invite a trusted worker to your team\n"
    "/invites: open invites, and revoke them\n"
    "/duty: who is on duty now, and the rota; /duty NAME puts someone on duty until /duty off;\n"
    "  /duty rota mon-sun 17:00-09:00 NAME adds a line to the weekly rota\n"
    "/report: the team's figures (text, chart and CSV)\n"
    "/reassign ALIAS WORKER_NAME: give a child a new trusted worker\n"
    "/deactivate WORKER_NAME: remove a worker's access\n"
    "/export ALIAS: everything held about a child, as a file\n"
    "/close ALIAS: close a child's case\n"
    "/erase ALIAS: erase a child's data (I'll ask you to confirm)\n"
    "/language: choose your language\n"
    "/cancel: stop a question I asked\n"
    "/help: this list\n\n"
    "Every morning at 09:00 I tell you what is overdue."
)

HELP_WORKER = N_(
    "You're a trusted worker. You can:\n"
    "/children: your children, next reviews and last check-ins\n"
    "/history ALIAS: a child's record, newest first\n"
    "/msg ALIAS TEXT: send a child a message (or reply to one of theirs)\n"
    "/review ALIAS: record a progress review\n"
    "/missing ALIAS, /returned ALIAS: a child is missing, or back\n"
    "/rhi ALIAS: record the return home interview\n"
    "/intervention ALIAS TEXT: start a piece of help\n"
    "/end_intervention ALIAS: end a piece of help\n"
    "/risk ALIAS none|low|medium|high: set a child's risk level\n"
    "/hours: your working hours (default Monday to Friday, 09:00 to 17:00)\n"
    "/add_child ALIAS: add a child and get their invite link\n"
    "/language: choose your language\n"
    "/cancel: stop a question I asked\n"
    "/help: this list"
)

UNDELIVERABLE_CHILD = N_(
    "Homeward can't reach {alias}: they may have blocked or stopped the bot. "
    "Your messages to them won't arrive until they start it again."
)

UNDELIVERABLE_STAFF = N_("Homeward can't reach {name}: they may have blocked or stopped the bot.")

URGENT_ALERT = N_(
    "🚨 URGENT: {alias} asked for help now. Please contact them straight away: reply to this "
    "message to answer them, and tap the button to take it.\n"
    "They have been given 999, Childline and Missing People."
)

CHECKIN_SUMMARY = N_("📋 {alias} checked in.\nFeeling: {mood}\nIs the help working: {difference}")

CHECKIN_SUMMARY_COMMENT = N_("\nTheir own words came to you with it, marked “(check-in)”.")

CHECKIN_PARTIAL = N_("📋 {alias} answered part of this week's check-in.\n{answers}")

CHECKIN_UNANSWERED = N_("{alias} hasn't answered this week's check-in (sent {sent}).")

CHECKIN_FLAG_MOOD = N_("⚠️ {alias} says things are not great. You may want to get in touch.")

CHECKIN_FLAG_HELP = N_("⚠️ {alias} says the help is not making a difference.")

NOT_ANSWERED = N_("not answered")

# Interventions and reviews ---------------------------------------------------------------------
ASK_INTERVENTION = N_("What help is starting for {alias}? (For example: weekly mentoring.)")

INTERVENTION_STARTED = N_("Started for {alias}: {title}. I'll ask about it at each review.")

INTERVENTION_TOO_LONG = N_("Please describe the help in 200 characters or fewer.")

END_WHICH = N_("Which help has ended for {alias}?")

NO_INTERVENTIONS = N_("{alias} has no help running at the moment.")

INTERVENTION_ENDED = N_("Ended for {alias}: {title}.")

RISK_SET = N_("{alias} is {risk} now. Next review: {due}.")

RISK_UNSET = N_("{alias} has no risk level set now. Next review: {due}.")

REVIEW_RATE = N_("Review of {alias} ({n}/{total}): is “{title}” helping?")

REVIEW_RATINGS = {
    "helping": N_("Helping"),
    "partly": N_("Partly"),
    "not_helping": N_("Not helping"),
    "too_early": N_("Too early"),
}

REVIEW_VIEW = N_("What does {alias} say about how things are going? Type their words.\n\n{prefill}")

REVIEW_PREFILL = N_("What they said in check-ins since the last review:\n{words}")

REVIEW_NO_PREFILL = N_("They haven't written anything in check-ins since the last review.")

REVIEW_USE_WORDS = N_("Use their check-in words")

REVIEW_NO_VIEW = N_("Couldn't get their view")

REVIEW_ASK_REASON = N_(
    "Why couldn't you get {alias}'s view? (A review needs their view or a reason.)"
)

REVIEW_NEXT = N_(
    "Next review for {alias}: {due}. Tap Keep, or type another date (YYYY-MM-DD or DD/MM/YYYY)."
)

REVIEW_KEEP = N_("Keep {due}")

REVIEW_BAD_DATE = N_("Please type a date from tomorrow on, like 2027-03-14 or 14/03/2027.")

REVIEW_SAVED = N_("Review of {alias} saved. Next review: {due}.")

# Reminders, alerts and lists -------------------------------------------------------------------
REVIEW_BEFORE = N_("⏰ {alias}'s progress review is due on {due}. Start it with /review {alias}.")

REVIEW_TODAY = N_("⏰ {alias}'s progress review is due today. Start it with /review {alias}.")

REVIEW_OVERDUE_WORKER = N_(
    "❗ {alias}'s progress review was due on {due} and is now overdue. /review {alias}"
)

REVIEW_OVERDUE_MANAGER = N_(
    "❗ Overdue review: {alias} ({risk}), worker {worker}, was due on {due}."
)

DIGEST_HEAD = N_("This morning in {team}, most urgent first:")

BULLET = "•"  # begins a line of a list, which is not sent without its head

ACT_BUTTONS = {  # on a line of a digest: what it asks for, for that child
    "review": N_("📝 Review {alias}"),
    "rhi": N_("🏠 Return interview: {alias}"),
    "msg": N_("✉️ Message {alias}"),
}

DIGEST_HEAD_LATE = N_("Today in {team}, most urgent first:")  # the 09:00 list, sent after noon

OVERDUE_HEAD = N_("Overdue in {team}, most urgent first:")

OVERDUE_LINE = N_("• {alias} ({risk}), {worker}: review due {due}, {days} overdue")

NOTHING_OVERDUE = N_("Nothing is overdue in {team}. 👍")

CHILDREN_HEAD = N_("Your children:")

CHILD_LINE = N_("• {alias} ({risk}): next review {due}{overdue}; last check-in: {checkin}")

JOINING_MARKS = {
    "not_yet": N_(" · not joined yet"),
    "expired": N_(" · invite expired: /invites for a new link"),
}

OVERDUE_MARK = N_(" ❗ OVERDUE")

NO_CHILDREN = N_("You have no children yet. Add one with /add_child ALIAS.")

NEVER = N_("none yet")

ACK_BUTTON = N_("✅ I'm dealing with it")

ACKNOWLEDGED = N_("✅ {name} has taken {alias}'s call for help.")

URGENT_AGAIN = N_(
    "🚨 STILL UNANSWERED: {alias} asked for help {waited} ago, and nobody has taken it yet. "
    "Please act, and tap the button."
)

ON_DUTY_MARK = N_("📟 You're on duty, covering for {worker}. ")

NO_WORKER_NOW = N_("no worker")  # in a list: "• Blue Fox (high risk), no worker: ..."

NO_WORKER_NAMED = N_("none")  # after "worker": "worker none, was due on ..."

URGENT_ASKED_AGAIN = N_(
    "🚨 URGENT, AGAIN: {alias} asked for help again, {waited} after first asking, and nobody "
    "has taken it yet. Reply to this message to answer them, and tap the button to take it."
)

ALERT_CONTEXT = N_("\n({details})")

WORKERS_CHILD = N_("{worker}'s child")

HIGH_RISK = N_("high risk")

MISSING_NOW = N_("missing now")

TAKEN = N_(
    "You have {alias}'s call for help. When it is dealt with, tap Mark resolved and add a "
    "short note for the record."
)

RESOLVE_BUTTON = N_("Mark resolved")

RESOLVE_ASK = N_("What was done for {alias}? A short note for the record (500 characters at most).")

RESOLVE_TOO_LONG = N_("Please keep the note to 500 characters or fewer.")

RESOLVED = N_("Resolved: {alias}'s call for help is closed, with your note.")

NOT_YOURS_TO_RESOLVE = N_("That call for help is closed already, or isn't yours to close.")

ALREADY_ACKNOWLEDGED = N_("{name} has taken this already.")

NOT_YOURS_TO_TAKE = N_("You can't take this call for help any more.")

NO_OPEN_INVITES = N_("Everyone you invited has joined.")

INVITES_HEAD = N_("Invited, not joined yet:")

INVITE_OPEN = N_("• {name} ({role}): the link works until {expires}")

INVITE_EXPIRED = N_("• {name} ({role}): the link ran out on {expires}")

INVITE_NONE = N_("• {name} ({role}): no link yet")

REVOKE_BUTTON = N_("Revoke {name}'s link")

NEW_LINK_BUTTON = N_("🔗 New link: {name}")

INVITE_REVOKED = N_("Revoked: that link no longer works.")

HOURS_NOW = N_("Your working hours: {days}, {start} to {end}.")

HOURS_USAGE = N_(
    "Tell me your hours like this: /hours mon-fri 09:00-17:00 or /hours mon,wed,thu 10:00-16:00"
)

HOURS_SET = N_("Done. Your working hours: {days}, {start} to {end}.")

DUTY_SET = N_(
    "{name} is on duty for {team} from now until you change it (/duty off): out of a "
    "worker's hours they get what the children send, and every urgent alert."
)

DUTY_OFF = N_("Nobody is on duty for {team} by hand now.")

DUTY_NOW = N_("On duty now: {name}.")

DUTY_NOBODY_NOW = N_(
    "Nobody is on duty now: out of a worker's hours, what children send and their calls for "
    "help go to their worker and the managers only."
)

DUTY_ROTA_HEAD = N_("The weekly rota:")

DUTY_NO_ROTA = N_(
    "There is no weekly rota. Add a line like this: /duty rota mon-sun 17:00-09:00 NAME"
)

ROTA_USAGE = N_(
    "Write a rota line like this: /duty rota mon-sun 17:00-09:00 Ann Lee for every evening and "
    "night, or /duty rota sat-sun 09:00-17:00 Ann Lee for weekend days (a line belongs to the "
    "day its stretch begins; /duty rota clear empties it)."
)

ROTA_ADDED = N_("Added to the rota: {line}.")

ROTA_GAPS = N_(
    "⚠️ The rota leaves nobody on duty, while a worker is away, on: {gaps}. A line "
    "belongs to the day its stretch begins: mon-sun 17:00-09:00 covers every evening and night."
)

AND_MORE = N_(", and more")

ON_DUTY_TO_THEM = N_(
    "{manager} has put you on duty for {team} from now until it changes: out of a worker's "
    "hours you'll get what their children send, and every urgent alert."
)

OFF_DUTY_TO_THEM = N_("{manager} has taken you off duty for {team}.")

ON_ROTA_TO_THEM = N_("{manager} has put you on the duty rota: {line}.")

WAS_ON_DUTY = N_(" They were on duty: they aren't any more. See /duty.")

ROTA_CLEARED = N_("The rota is empty now.")

NO_SUCH_STAFF = N_("I can't find anyone called {name} in your team.")

EXPORT_CAPTION = N_("Everything Homeward holds about {alias}, as JSON (a subject-access export).")

CLOSED = N_(
    "{alias}'s case is closed. No more reminders or check-ins; the record is kept for {days} days."
)

CASE_CLOSED_WORKER = N_("{alias}'s case has been closed by {manager}.")

ERASE_CONFIRM = N_(
    "This erases everything Homeward holds about {alias}: messages, reviews, check-ins, help. "
    "It cannot be undone. Only who erased it and when stays in the audit log."
)

ERASE_YES = N_("Erase {alias} for good")

ERASE_NO = N_("Keep the record")

ERASED = N_("Erased. Nothing about {alias} is held any more.")

ERASE_KEPT = N_("OK, nothing was erased.")

# Missing episodes and return home interviews ---------------------------------------------------
GRADES = {
    "no_apparent": N_("No apparent risk"),
    "low": N_("Low"),
    "medium": N_("Medium"),
    "high": N_("High"),
}

ASK_GRADE = N_("{alias} is recorded as missing. What risk grade have the police given?")

ALREADY_MISSING = N_("{alias} is already recorded as missing (since {since}).")

MISSING_TO_MANAGERS = N_("🚨 {alias} is missing, since {since}. Their worker: {worker}.")

GRADED = N_("{alias}'s missing episode is graded: {grade}.")

GRADED_HIGH = N_("🔴 HIGH RISK: {alias} is missing and graded high risk.")

REPEAT_MISSING = N_(
    "🔁 {alias} has gone missing {count} times in 30 days. A strategy meeting may be due."
)

NOT_MISSING = N_("{alias} isn't recorded as missing.")

RETURNED_WORKER = N_(
    "{alias} is back. Offer a return home interview within 72 hours, by {deadline}: /rhi {alias}"
)

RETURNED_MANAGERS = N_("✅ {alias} has returned ({since} to {back}).")

RHI_REMINDER = N_(
    "⏰ {alias}'s return home interview is due by {deadline} (24 hours left): /rhi {alias}"
)

RHI_OVERDUE = N_("❗ {alias}'s return home interview is overdue: they returned on {back}.")

RHI_OVERDUE_LINE = N_(
    "• {alias} ({risk}), {worker}: return home interview overdue by {late} (due {due})"
)

MISSING_MESSAGE = N_("🚨 While missing, {alias} wrote:\n{text}")

NO_RETURN_TO_RECORD = N_("{alias} has no return waiting for an interview.")

RHI_OUTCOME = N_("Return home interview for {alias}. Was it offered, accepted or declined?")

RHI_OUTCOMES = {"offered": N_("Offered"), "accepted": N_("Accepted"), "declined": N_("Declined")}

RHI_INDEPENDENT = N_("Was it done by someone independent of {alias}'s care?")

YES_NO = {"yes": N_("Yes"), "no": N_("No")}

RHI_REASONS = N_("Why did {alias} go missing? Tap all that apply, then Done.\nChosen: {chosen}")

RHI_DONE = N_("Done")

RHI_OTHER = N_("What was the other reason?")

RHI_WORDS = N_("What did {alias} say, in their own words? Type it, or tap Skip.")

RHI_SAVED = N_(
    "Return home interview for {alias} saved. Their words will be shown at their next review."
)

REVIEW_RHI_WORDS = N_("What they said after being missing:\n{words}")

# Reassigning and deactivating -------------------------------------------------------------------
SAME_WORKER = N_("{worker} is already {alias}'s trusted worker.")

REASSIGNED = N_("{alias}'s trusted worker is now {worker}. The handover has gone to them.")

HANDOVER = N_("🤝 Handover: {alias} ({risk}) is now yours, from {previous}.")

HANDOVER_HELP = N_("Help: {items}")

HANDOVER_NO_HELP = N_("Help: none running.")

HANDOVER_REVIEW = N_("Last review: {when}. Their view: “{view}”. Next due: {due}.")
HANDOVER_REVIEW_NO_VIEW = N_(
    "Last review: {when}. Their view could not be had: {reason}. Next due: {due}."
)

HANDOVER_NO_REVIEW = N_("No review yet. Next due: {due}.")

HANDOVER_CHECKINS = N_("Last check-ins: {items}")

HANDOVER_FIRST = N_("🤝 Handover: {alias} ({risk}) is now yours.")

HANDOVER_MISSING = N_("⚠️ Missing now, since {since}.")

HANDOVER_RHI_DUE = N_("⚠️ Back since {back}: the return home interview is due by {due}.")

HANDOVER_RHI_OVERDUE = N_("❗ Back since {back}: the return home interview is overdue (due {due}).")

HANDOVER_ALERT = N_("🚨 A call for help from {when} is still open: {who}.")

HANDOVER_ALERT_NOBODY = N_("nobody has taken it yet")

HANDOVER_ALERT_TAKEN = N_("{name} has it")

HANDOVER_REPEAT = N_("⚠️ Missing {count} or more times in the last {days} days.")

OLD_WORKER_TOLD = N_("{alias} has been moved to {worker}.")

DEACTIVATED = N_(
    "{name} no longer has access. Their children need a new worker: {children}. "
    "Use /reassign ALIAS WORKER_NAME."
)

DEACTIVATED_NONE = N_("{name} no longer has access. They had no children.")

MISSING_MARK = N_(" 🚨 MISSING")

REPORT_USAGE = N_("Please write /report, or /report FROM TO with dates like 2027-01-01 2027-03-31.")

REPORT_CHART = N_("The team's figures, as a chart.")

REPORT_CSV = N_("The same figures as a CSV file, for the Board.")

# Conversations: asking, waiting, stopping ------------------------------------------------------
CONVERSATION_WHAT = {
    "review": N_("your review of {alias}"),
    "rhi": N_("the return home interview for {alias}"),
    "msg": N_("your message to {alias}"),
    "add_child": N_("adding a child"),
    "invite_worker": N_("inviting a worker"),
    "intervention": N_("starting help for {alias}"),
    "end_intervention": N_("ending help for {alias}"),
    "risk": N_("setting {alias}'s risk level"),
    "reassign": N_("giving {alias} a new worker"),
    "erase": N_("erasing {alias}"),
    "deactivate": N_("ending a worker's access"),
    "duty": N_("choosing the duty contact"),
    "resolve": N_("closing {alias}'s call for help"),
}

NOT_SAVED = {
    "review": N_("Nothing of it was saved."),
    "rhi": N_("Nothing of it was saved."),
    "msg": N_("Nothing was sent."),
    "add_child": N_("No child was added."),
    "invite_worker": N_("No invite was made."),
    "intervention": N_("No help was started."),
    "end_intervention": N_("No help was ended."),
    "risk": N_("The risk level is the same as before."),
    "reassign": N_("Their worker is the same as before."),
    "erase": N_("Nothing was erased."),
    "deactivate": N_("Nobody's access has changed."),
    "duty": N_("The duty contact is the same as before."),
    "resolve": N_("It is still open: tap Mark resolved again when you're ready."),
}

EXPECTS = {
    ("msg", "text"): N_("Type what you'd like to send to {alias}."),
    ("add_child", "alias"): (
        N_("Send an alias for the child: 1 to 32 letters, digits, spaces, hyphens or apostrophes.")
    ),
    ("invite_worker", "name"): N_("Send the new worker's name (letters and spaces)."),
    ("intervention", "title"): N_(
        "Type the help starting for {alias}, in 200 characters or fewer."
    ),
    ("end_intervention", "which"): N_("Tap the help that has ended, above."),
    ("risk", "level"): N_("Tap a risk level above, or type none, low, medium or high."),
    ("reassign", "worker"): N_("Tap {alias}'s new worker above, or type their name."),
    ("erase", "confirm"): N_("Tap one of the two buttons above."),
    ("review", "rate"): N_("Tap Helping, Partly, Not helping or Too early above."),
    ("review", "view"): N_("Type {alias}'s own words, or tap a button above."),
    ("review", "reason"): N_("Type why you couldn't get {alias}'s view."),
    ("review", "date"): N_("Tap Keep above, or type a date from tomorrow on, like 2027-03-14."),
    ("rhi", "outcome"): N_("Tap Offered, Accepted or Declined above."),
    ("rhi", "independent"): N_("Tap Yes or No above."),
    ("rhi", "reasons"): N_("Tap the reasons above, then Done."),
    ("rhi", "other"): N_("Type the other reason {alias} gave."),
    ("rhi", "words"): N_("Type what {alias} said, or tap Skip above."),
    ("deactivate", "worker"): N_("Tap the worker whose access should end, or type their name."),
    ("duty", "person"): N_("Tap who covers the team out of hours, or type their name, or off."),
    ("resolve", "note"): N_("Type a short note of what was done for {alias}."),
}

PICK_WHAT = N_("choosing a child for /{kind}")

PICK_NOT_SAVED = N_("Nothing was done.")

PICK_EXPECTS = N_("Tap a name above, or type the child's alias.")

STOPPED = N_("{what} has stopped. {not_saved}")

STILL_OPEN = N_("{what} is still open. {expects}")

LAPSED = N_("{what} timed out. {not_saved} You can start again with /{kind}.")

CANCEL_HINT = N_("(Or send /cancel to stop.)")

PICK_CHILD = N_("Which child is /{command} for? Tap a name, or type their alias.")

PICK_MORE = N_("Show more")

NO_CHILD_TO_PICK = N_("You have no children to choose from for that.")

NOTHING_TO_PICK = {
    "msg": N_("None of your children has joined yet, so there is nobody to message."),
    "missing": N_("None of your children can be reported missing: they are all missing already."),
    "returned": N_("None of your children is recorded as missing."),
    "rhi": N_("None of your children has a return waiting for an interview."),
    "end_intervention": N_("None of your children has help running at the moment."),
}

RISK_LEVELS = {"none": N_("None"), "low": N_("Low"), "medium": N_("Medium"), "high": N_("High")}

NOT_A_RISK_LEVEL = N_("“{typed}” isn't a risk level.")

ASK_RISK = N_("What is {alias}'s risk level now?")

ASK_NEW_WORKER = N_("Who should be {alias}'s new trusted worker?")

NO_OTHER_WORKERS = N_("There is no other worker in your team to give {alias} to.")

CASE_IS_CLOSED = N_("{alias}'s case is closed, so they can't have a new worker.")

ALREADY_CLOSED = N_("{alias}'s case is already closed.")

ASK_DEACTIVATE = N_("Whose access should end?")

NO_WORKERS_TO_DEACTIVATE = N_("There is no worker in your team whose access could end.")

ASK_DUTY = N_("Who should cover {team} out of the workers' hours, from now until you change it?")

DUTY_OFF_BUTTON = N_("Nobody (off)")

ACCESS_ENDED = N_("{manager} has ended your access to Homeward.")

HELD_ASK = N_(
    "{other} wrote to you since I asked about {alias}. Are these words about {alias}?\n"
    "“{words}”\n(To write to {other}, reply to their message instead.)"
)

HELD_OLD = N_("Those were earlier words, since replaced: answer my latest question about them.")

HELD_YES = N_("Yes, they're for {alias}")

HELD_NO = N_("No, don't use them")

HELD_DROPPED = N_(
    "I haven't used those words. I'm still waiting for your answer about {alias}; "
    "send /cancel to stop."
)

REPLY_ABOUT_NOTICES = N_(
    "That message is about several children, so I haven't used your words as an answer. To "
    "message a child, tap their button, reply to one of their own messages, or use "
    "/msg ALIAS your message."
)

REPLY_ABOUT_A_NOTICE = N_(
    "That message is about {alias}, so I haven't used your words as an answer. To message "
    "{alias}, reply to one of their own messages, or use /msg {alias} your message."
)

UNREACHABLE_COPY = N_("📨 This was for {name}, who can't be reached at the moment:\n")

WITHDRAWN_COPY = N_("📨 This was on its way to {name}, whose access has ended:\n")

MOVED_COPY = N_("📨 This was on its way to {name} when {alias} was moved to you:\n")

RELAY_GAVE_UP = N_(
    "⚠️ A message {alias} sent at {when} could not be passed on, after several tries. "
    "Please get in touch with them. What they sent:\n{words}"
)

SET_ASIDE_TO_CHILD = N_(
    "A message to {alias} could not be sent, because {why}. Please send it again, "
    "or reach them another way."
)

SET_ASIDE_TO_STAFF = N_("A message to {name} could not be sent, because {why}.")

SET_ASIDE_ABOUT = N_(" It was about {alias}.")

NO_COVER_LINE = N_(
    "⚠️ Since the last digest, {alerts} and {messages} came in out of the workers' hours with "
    "nobody on duty: they went to the workers and the managers only. See /duty for the rota."
)

UNTAKEN_LINE = N_("🚨 Nobody has taken {alias}'s call for help from {when} yet.")

NO_WORKER_LINE = N_("• {alias} ({risk}) has no trusted worker: /reassign {alias} WORKER_NAME")

HANDOVER_UNSEEN = N_("While {alias} had no worker they wrote:")

HANDOVER_UNSEEN_LINE = N_("• {when}: {text}")

NOT_WORDS = {"voice": N_("a voice message"), "sticker": N_("a sticker")}  # sent, not words

RISK_NAMES = {
    "none": N_("no risk level set"),
    "low": N_("low risk"),
    "medium": N_("medium risk"),
    "high": N_("high risk"),
}
COUNT_DAYS = P_("{n} day", "{n} days")
COUNT_HOURS = P_("{n} hour", "{n} hours")
COUNT_MINUTES = P_("{n} minute", "{n} minutes")
LESS_THAN_A_MINUTE = N_("less than a minute")
COUNT_CALLS_FOR_HELP = P_("{n} call for help", "{n} calls for help")
COUNT_MESSAGES = P_("{n} message", "{n} messages")
NOT_RATED = N_("not rated")
NOT_PLANNED = N_("not planned")
THE_CHILD = N_("the child")
SET_ASIDE_WHY = {  # "... could not be sent, because {why}"
    "400": N_("Telegram refused it"),
    "undecryptable": N_("it could not be read back"),
    "payload": N_("it was malformed"),
    "error": N_("of an error"),
}
TURN_FAILED = N_("Sorry, something went wrong on my side, so that didn't work. Please try again.")
ROTA_LINE = N_("{days}, {starts} to {ends}: {name}")  # a line of the duty rota
ROTA_GAP = N_("{day} {starts} to {ends}")  # a stretch of the week nobody covers
ROLE_NAMES = {"manager": N_("manager"), "worker": N_("worker"), "child": N_("child")}
