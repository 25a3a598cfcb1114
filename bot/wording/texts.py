"""Everything the bot says, in one place. Children's wording: short, warm, plain."""


def names(people: list[str]) -> str:
    """ "Sam Patel", "Maria Lopez and Raj Shah", "A, B and C"."""
    if len(people) <= 1:
        return "".join(people)
    return f"{', '.join(people[:-1])} and {people[-1]}"


def sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def risk(level: str) -> str:
    """'high risk', or 'no risk level set'."""
    return "no risk level set" if level == "none" else f"{level} risk"


def count(n: int, one: str, many: str) -> str:
    """ "1 message", "2 messages"."""
    return f"{n} {one if n == 1 else many}"


HELP_NOW = (
    "If you are in danger now, call 999.\n"
    "Childline: 0800 1111 (free, any time).\n"
    "Missing People: 116 000 (call or text, free)."
)

STRANGER = "Hello. This is a private service, so I can't help you here.\n\n" + HELP_NOW

INVITE_NOT_VALID = (
    "Sorry, this link doesn't work. It may be old or already used. "
    "Please ask the person who sent it for a new one."
)
ALREADY_ENROLLED = "You're already set up here. Send /help to see what you can do."

NOT_ALLOWED = "Sorry, that isn't something you can do here. Send /help to see what you can do."
NO_SUCH_CHILD = "I can't find a child called {alias} among yours."
UNKNOWN_COMMAND = "Sorry, I don't know that command. Send /help to see what you can do."

ASK_WORKER_NAME = "What is the new worker's name? (Send /cancel to stop.)"
ASK_ALIAS_NEW = (
    "What alias should I use for the child? 1 to 32 letters, digits, spaces, hyphens or "
    "apostrophes. Please don't use their real full name. (Send /cancel to stop.)"
)
ASK_MSG_TEXT = "What would you like to send to {alias}? (Send /cancel to stop.)"
CANCELLED = "OK, stopped."
NOTHING_TO_CANCEL = "There's nothing to stop."
BAD_NAME = "A name needs 1 to 100 letters and spaces. Please send the name again, or /cancel."
BAD_ALIAS = (
    "An alias needs 1 to 32 letters, digits, spaces, hyphens or apostrophes. "
    "Please send another, or /cancel."
)
ALIAS_TAKEN = "Your team already has a child called {alias}. Please choose another alias."

WORKER_INVITE = (
    "Here is a one-time invite for {name}. It works once and ends on {expires}.\n\n{link}"
)
WORKER_INVITE_AGAIN = (
    "Here is a new one-time invite for {name}; the earlier link no longer works. It works once "
    "and ends on {expires}.\n\n{link}"
)
ALREADY_IN_TEAM = (
    "{name} is already in your team. Invite someone else under a name that tells them apart, "
    "for example with a middle initial."
)
CHILD_INVITE = (
    "{alias} is now on your list. Give them this one-time link (or let them scan the code). "
    "It works once and ends on {expires}.\n\n{link}"
)
CHILD_INVITE_AGAIN = (
    "Here is a new one-time link for {alias}; the old one no longer works. "
    "It ends on {expires}.\n\n{link}"
)
QR_CAPTION = (
    "{alias}'s invite to Homeward: give it to {alias} only. It works once, until {expires}."
)

WELCOME_MANAGER = (
    "Welcome, {name}. You manage the team {team} on Homeward.\n"
    "Invite a worker with /invite_worker NAME. Send /help for everything else."
)
WELCOME_WORKER = (
    "Welcome, {name}. You're a trusted worker in {team} on Homeward.\n"
    "Add a child with /add_child ALIAS. Reply to a child's message to answer them. "
    "Send /help for everything else."
)
WELCOME_CHILD = (
    "Hi, welcome to Homeward 👋\n\n"
    "{worker} is your trusted worker. You can message them here any time. "
    "Just type, or send a voice message.\n\n"
    "Need help right now?\n" + HELP_NOW
)
WORKER_JOINED = "{name} has joined your team on Homeward."
CHILD_JOINED = (
    "{alias} has joined Homeward. Their messages will come here. "
    "Reply to one, or use /msg {alias} your message."
)

RELAY_LABEL = "💬 {alias}"
RELAY_EDITED_LABEL = "✏️ {alias} changed a message"
RELAY_PART = " ({part}/{parts})"
RELAY_VOICE = "🎤 {alias} sent a voice message"
RELAY_STICKER = "💬 {alias} sent a sticker"
RECEIPT_TO_CHILD = "Sent to {worker} ✓"
RECEIPT_SEEN = "Sent ✓ {seer} has seen this 👀"  # the receipt, changed in place
SEEN_BUTTON = "👀 Seen"
SEEN_TOLD = "{alias} can now see that you have read it."
SEEN_NOTED = "Noted. {alias}'s receipt can't show it; they'll know when you write back."
NOT_PASSED_ON = (
    "Thanks. I can only pass on words, voice messages and stickers, so {worker} won't see "
    "this one. You could tell them about it in words instead."
)
NOT_PASSED_ON_TO_ANYONE = (
    "Thanks. I can only pass on words, voice messages and stickers, so this one isn't passed "
    "on. You could say it in words instead."
)
CAPTION_ONLY = "Only your words went: I can't pass on photos, videos or files."
MISSING_MEDIA = (
    "🚨 While missing, {alias} sent a photo, video or file. It is not passed on: please get "
    "in touch with them."
)
RELAY_WHO = "{alias}"
RELAY_WHO_CHECKIN = "{alias} (check-in)"
# The worker's label for the child's words, without and with a check-in: (plain, check-in).
RELAY_WHO_PLAIN = (RELAY_WHO, RELAY_WHO_CHECKIN)
RELAY_WHO_MISSING = ("{alias} (missing now)", "{alias} (check-in, missing now)")
RELAY_WHO_NO_WORKER = "{alias} (needs a worker)"
RELAY_WHO_CLOSED = "{alias} (case closed)"
RELAY_WHO_ON_DUTY = "{alias} (out of their worker's hours: you're on duty)"
RELAY_WHO_UNCOVERED = "{alias} (out of their worker's hours, and nobody is on duty)"
AWAY_RECEIPT_ON_DUTY = (
    "Sent ✓ {worker} isn't working just now, so {told}, who is on duty, has it too. "
    "{worker} is back {back}."
)
AWAY_RECEIPT_MANAGERS = (
    "Sent ✓ {worker} isn't working just now, so {told} from the team {have} it too. "
    "{worker} is back {back}."
)
NUMBERS_TAIL = "\n\nIf you need help now:\n" + HELP_NOW
SOON = "on their next working day"
NO_WORKER_RECEIPT = "Sent to {managers} ✓ You'll have a new trusted worker soon."
CLOSED_CASE_RECEIPT = (
    "Sent to {managers} ✓ Your time with Homeward has ended, but they will read it.\n\n"
    "If you need help now:\n" + HELP_NOW
)
NOBODY_TO_TELL = (
    "Thanks. Your message is saved, but nobody can read it just now.\n\n"
    "If you need help now:\n" + HELP_NOW
)
CASE_CLOSED_TO_CHILD = (
    "Your time with Homeward has ended. You can still write here, and the team will read it.\n\n"
    "If you need help now:\n" + HELP_NOW
)
THANKS = "Thank you 💛"
SIGNED = "{text}\n\n— {worker}"
RECEIPT_TO_WORKER = "Sent to {alias} ✓"
CHILD_NOT_JOINED = (
    "{alias} hasn't joined yet, so they can't get messages. "
    "Send /add_child {alias} for a fresh invite link."
)
STAFF_HOW_TO_REPLY = (
    "To message a child, reply to one of their messages, or use /msg ALIAS your message."
)
REPLY_NOT_YOURS = "That child's messages don't come to you any more, so nothing was sent."
REPLY_UNKNOWN = (
    "I can't tell which child that reply is for, so nothing was sent. Use /msg ALIAS your message."
)
EDIT_NOT_PASSED = "Changes to a message don't reach {alias}. To put it right, send a new message."
WORKER_TEXT_ONLY = "Only text messages can be sent to a child."

HELP_MANAGER = (
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
    "/cancel: stop a question I asked\n"
    "/help: this list\n\n"
    "Every morning at 09:00 I tell you what is overdue."
)
HELP_WORKER = (
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
    "/cancel: stop a question I asked\n"
    "/help: this list"
)
HELP_CHILD = (
    "You can message {worker} here any time. Just type, or send a voice message.\n"
    "/checkin: tell {worker} how things are\n"
    "/checkin_time: choose the day and time check-ins come\n"
    "/urgent: get help now\n\n"
    "Need help right now?\n" + HELP_NOW
)
HELP_STRANGER = STRANGER

UNDELIVERABLE_CHILD = (
    "Homeward can't reach {alias}: they may have blocked or stopped the bot. "
    "Your messages to them won't arrive until they start it again."
)
UNDELIVERABLE_STAFF = "Homeward can't reach {name}: they may have blocked or stopped the bot."

# Urgent help ----------------------------------------------------------------------------------
NUMBERS_HEAD = "You did the right thing.\n\n" + HELP_NOW + "\n\n"
NUMBERS_JUST_ABOVE = "You did the right thing. The numbers just above are there for you now.\n\n"
URGENT_TOLD = "I've told {told}{duty}."
URGENT_TOLD_AGAIN = "I've told {told}{duty} again."
ON_DUTY_NOW = ", who is on duty now"
WORKER_BACK = "{worker} is back {back}."
CHILD_STILL_WAITING = (
    "I'm sorry, nobody has picked up your call for help yet. I'm still trying.\n\n" + HELP_NOW
)
URGENT_TO_CHILD_NOBODY = "You did the right thing. Please use these numbers now:\n\n" + HELP_NOW
URGENT_ALERT = (
    "🚨 URGENT: {alias} asked for help now. Please contact them straight away: reply to this "
    "message to answer them, and tap the button to take it.\n"
    "They have been given 999, Childline and Missing People."
)

# Check-ins ------------------------------------------------------------------------------------
HELP_NOW_BUTTON = "🆘 I need help now"
CHECKIN_PROMPT = "Hi 👋 How are things?"
CHECKIN_MOODS = {"good": "😊 Good", "ok": "😐 OK", "not_great": "😟 Not great"}
CHECKIN_DIFFERENCE = "Is the help you're getting making a difference?"
CHECKIN_DIFFERENCES = {"yes": "Yes", "a_bit": "A bit", "no": "No", "not_sure": "Not sure"}
CHECKIN_COMMENT = "Anything you'd like to tell {worker}? Just type it here, or tap Skip."
SKIP = "Skip"
CHECKIN_THANKS = "Thank you 💛 {worker} will see this."
CHECKIN_NEXT = "Your next check-in comes {when}."
CHECKIN_CHANGE_TIME = "🕓 Choose another day or time"
CHECKIN_PICK_DAY = "Which day would you like your check-ins?"
CHECKIN_PICK_TIME = "What time on {day}s?"
CHECKIN_TIME_SET = "Done 👍 Your next check-in comes {when}, and then every week."
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
CHECKIN_SUMMARY = "📋 {alias} checked in.\nFeeling: {mood}\nIs the help working: {difference}"
CHECKIN_SUMMARY_COMMENT = "\nTheir own words came to you with it, marked “(check-in)”."
CHECKIN_PARTIAL = "📋 {alias} answered part of this week's check-in.\n{answers}"
CHECKIN_UNANSWERED = "{alias} hasn't answered this week's check-in (sent {sent})."
CHECKIN_FLAG_MOOD = "⚠️ {alias} says things are not great. You may want to get in touch."
CHECKIN_FLAG_HELP = "⚠️ {alias} says the help is not making a difference."
BUTTON_GONE = "That has finished, so this button does nothing now."
NOT_ANSWERED = "not answered"

# Interventions and reviews ---------------------------------------------------------------------
ASK_INTERVENTION = "What help is starting for {alias}? (For example: weekly mentoring.)"
INTERVENTION_STARTED = "Started for {alias}: {title}. I'll ask about it at each review."
INTERVENTION_TOO_LONG = "Please describe the help in 200 characters or fewer."
END_WHICH = "Which help has ended for {alias}?"
NO_INTERVENTIONS = "{alias} has no help running at the moment."
INTERVENTION_ENDED = "Ended for {alias}: {title}."
RISK_SET = "{alias} is {risk} now. Next review: {due}."
RISK_UNSET = "{alias} has no risk level set now. Next review: {due}."
REVIEW_RATE = "Review of {alias} ({n}/{total}): is “{title}” helping?"
REVIEW_RATINGS = {
    "helping": "Helping",
    "partly": "Partly",
    "not_helping": "Not helping",
    "too_early": "Too early",
}
REVIEW_VIEW = "What does {alias} say about how things are going? Type their words.\n\n{prefill}"
REVIEW_PREFILL = "What they said in check-ins since the last review:\n{words}"
REVIEW_NO_PREFILL = "They haven't written anything in check-ins since the last review."
REVIEW_USE_WORDS = "Use their check-in words"
REVIEW_NO_VIEW = "Couldn't get their view"
REVIEW_ASK_REASON = "Why couldn't you get {alias}'s view? (A review needs their view or a reason.)"
REVIEW_NEXT = (
    "Next review for {alias}: {due}. Tap Keep, or type another date (YYYY-MM-DD or DD/MM/YYYY)."
)
REVIEW_KEEP = "Keep {due}"
REVIEW_BAD_DATE = "Please type a date from tomorrow on, like 2027-03-14 or 14/03/2027."
REVIEW_SAVED = "Review of {alias} saved. Next review: {due}."

# Reminders, alerts and lists -------------------------------------------------------------------
REVIEW_BEFORE = "⏰ {alias}'s progress review is due on {due}. Start it with /review {alias}."
REVIEW_TODAY = "⏰ {alias}'s progress review is due today. Start it with /review {alias}."
REVIEW_OVERDUE_WORKER = (
    "❗ {alias}'s progress review was due on {due} and is now overdue. /review {alias}"
)
REVIEW_OVERDUE_MANAGER = "❗ Overdue review: {alias} ({risk}), worker {worker}, was due on {due}."
DIGEST_HEAD = "This morning in {team}, most urgent first:"
BULLET = "•"  # begins a line of a list, which is not sent without its head
ACT_BUTTONS = {  # on a line of a digest: what it asks for, for that child
    "review": "📝 Review {alias}",
    "rhi": "🏠 Return interview: {alias}",
    "msg": "✉️ Message {alias}",
}
DIGEST_HEAD_LATE = "Today in {team}, most urgent first:"  # the 09:00 list, sent after noon
OVERDUE_HEAD = "Overdue in {team}, most urgent first:"
OVERDUE_LINE = "• {alias} ({risk}), {worker}: review due {due}, {days} overdue"
NOTHING_OVERDUE = "Nothing is overdue in {team}. 👍"
CHILDREN_HEAD = "Your children:"
CHILD_LINE = "• {alias} ({risk}): next review {due}{overdue}; last check-in: {checkin}"
JOINING_MARKS = {
    "not_yet": " · not joined yet",
    "expired": " · invite expired: /invites for a new link",
}


def joining_mark(joining: str | None) -> str:
    """After a child's line: whether they have joined (None: they have)."""
    return JOINING_MARKS[joining] if joining else ""


OVERDUE_MARK = " ❗ OVERDUE"
NO_CHILDREN = "You have no children yet. Add one with /add_child ALIAS."
NEVER = "none yet"
ACK_BUTTON = "✅ I'm dealing with it"
ACKNOWLEDGED = "✅ {name} has taken {alias}'s call for help."
URGENT_AGAIN = (
    "🚨 STILL UNANSWERED: {alias} asked for help {waited} ago, and nobody has taken it yet. "
    "Please act, and tap the button."
)
ON_DUTY_MARK = "📟 You're on duty, covering for {worker}. "
THE_TEAM = "the team"
NO_WORKER_NOW = "no worker"  # in a list: "• Blue Fox (high risk), no worker: ..."
NO_WORKER_NAMED = "none"  # after "worker": "worker none, was due on ..."
URGENT_ASKED_AGAIN = (
    "🚨 URGENT, AGAIN: {alias} asked for help again, {waited} after first asking, and nobody "
    "has taken it yet. Reply to this message to answer them, and tap the button to take it."
)
ALERT_CONTEXT = "\n({details})"
WORKERS_CHILD = "{worker}'s child"
HIGH_RISK = "high risk"
MISSING_NOW = "missing now"
ACK_TO_CHILD = "{name} has seen it and will contact you. 💛"
ACK_TO_CHILD_TEAM = (
    "{name}, from the team that looks after you, has seen it and will contact you. 💛"
)
TAKEN = (
    "You have {alias}'s call for help. When it is dealt with, tap Mark resolved and add a "
    "short note for the record."
)
RESOLVE_BUTTON = "Mark resolved"
RESOLVE_ASK = "What was done for {alias}? A short note for the record (500 characters at most)."
RESOLVE_TOO_LONG = "Please keep the note to 500 characters or fewer."
RESOLVED = "Resolved: {alias}'s call for help is closed, with your note."
NOT_YOURS_TO_RESOLVE = "That call for help is closed already, or isn't yours to close."
ALREADY_ACKNOWLEDGED = "{name} has taken this already."
NOT_YOURS_TO_TAKE = "You can't take this call for help any more."
PRIVATE_ONLY = (
    "Homeward only works in private chats, so I'm leaving this group. "
    "Nothing said here has been kept."
)
INVITE_LOCKED = "Too many links that didn't work. Please wait an hour, then ask for a new link."
NO_OPEN_INVITES = "Everyone you invited has joined."
INVITES_HEAD = "Invited, not joined yet:"
INVITE_OPEN = "• {name} ({role}): the link works until {expires}"
INVITE_EXPIRED = "• {name} ({role}): the link ran out on {expires}"
INVITE_NONE = "• {name} ({role}): no link yet"
REVOKE_BUTTON = "Revoke {name}'s link"
NEW_LINK_BUTTON = "🔗 New link: {name}"
INVITE_REVOKED = "Revoked: that link no longer works."
HOURS_NOW = "Your working hours: {days}, {start} to {end}."
HOURS_USAGE = (
    "Tell me your hours like this: /hours mon-fri 09:00-17:00 or /hours mon,wed,thu 10:00-16:00"
)
HOURS_SET = "Done. Your working hours: {days}, {start} to {end}."
DUTY_SET = (
    "{name} is on duty for {team} from now until you change it (/duty off): out of a "
    "worker's hours they get what the children send, and every urgent alert."
)
DUTY_OFF = "Nobody is on duty for {team} by hand now."
DUTY_NOW = "On duty now: {name}."
DUTY_NOBODY_NOW = (
    "Nobody is on duty now: out of a worker's hours, what children send and their calls for "
    "help go to their worker and the managers only."
)
DUTY_ROTA_HEAD = "The weekly rota:"
DUTY_NO_ROTA = "There is no weekly rota. Add a line like this: /duty rota mon-sun 17:00-09:00 NAME"
ROTA_USAGE = (
    "Write a rota line like this: /duty rota mon-sun 17:00-09:00 Ann Lee for every evening and "
    "night, or /duty rota sat-sun 09:00-17:00 Ann Lee for weekend days (a line belongs to the "
    "day its stretch begins; /duty rota clear empties it)."
)
ROTA_ADDED = "Added to the rota: {line}."
ROTA_GAPS = (
    "⚠️ The rota leaves nobody on duty, while a worker is away, on: {gaps}. A line "
    "belongs to the day its stretch begins: mon-sun 17:00-09:00 covers every evening and night."
)
AND_MORE = ", and more"
ON_DUTY_TO_THEM = (
    "{manager} has put you on duty for {team} from now until it changes: out of a worker's "
    "hours you'll get what their children send, and every urgent alert."
)
OFF_DUTY_TO_THEM = "{manager} has taken you off duty for {team}."
ON_ROTA_TO_THEM = "{manager} has put you on the duty rota: {line}."
WAS_ON_DUTY = " They were on duty: they aren't any more. See /duty."
ROTA_CLEARED = "The rota is empty now."
NO_SUCH_STAFF = "I can't find anyone called {name} in your team."
EXPORT_CAPTION = "Everything Homeward holds about {alias}, as JSON (a subject-access export)."
CLOSED = (
    "{alias}'s case is closed. No more reminders or check-ins; the record is kept for {days} days."
)
GOODBYE = (
    "Homeward has finished here. Thank you for talking with us. 💛\n\n"
    "If you ever need help:\n" + HELP_NOW
)
CASE_CLOSED_WORKER = "{alias}'s case has been closed by {manager}."
ERASE_CONFIRM = (
    "This erases everything Homeward holds about {alias}: messages, reviews, check-ins, help. "
    "It cannot be undone. Only who erased it and when stays in the audit log."
)
ERASE_YES = "Erase {alias} for good"
ERASE_NO = "Keep the record"
ERASED = "Erased. Nothing about {alias} is held any more."
ERASE_KEPT = "OK, nothing was erased."

# Missing episodes and return home interviews ---------------------------------------------------
GRADES = {"no_apparent": "No apparent risk", "low": "Low", "medium": "Medium", "high": "High"}
ASK_GRADE = "{alias} is recorded as missing. What risk grade have the police given?"
ALREADY_MISSING = "{alias} is already recorded as missing (since {since})."
MISSING_TO_MANAGERS = "🚨 {alias} is missing, since {since}. Their worker: {worker}."
GRADED = "{alias}'s missing episode is graded: {grade}."
GRADED_HIGH = "🔴 HIGH RISK: {alias} is missing and graded high risk."
REPEAT_MISSING = (
    "🔁 {alias} has gone missing {count} times in 30 days. A strategy meeting may be due."
)
NOT_MISSING = "{alias} isn't recorded as missing."
RETURNED_WORKER = (
    "{alias} is back. Offer a return home interview within 72 hours, by {deadline}: /rhi {alias}"
)
RETURNED_MANAGERS = "✅ {alias} has returned ({since} to {back})."
RHI_REMINDER = (
    "⏰ {alias}'s return home interview is due by {deadline} (24 hours left): /rhi {alias}"
)
RHI_OVERDUE = "❗ {alias}'s return home interview is overdue: they returned on {back}."
RHI_OVERDUE_LINE = (
    "• {alias} ({risk}), {worker}: return home interview overdue by {late} (due {due})"
)
MISSING_MESSAGE = "🚨 While missing, {alias} wrote:\n{text}"
NO_RETURN_TO_RECORD = "{alias} has no return waiting for an interview."
RHI_OUTCOME = "Return home interview for {alias}. Was it offered, accepted or declined?"
RHI_OUTCOMES = {"offered": "Offered", "accepted": "Accepted", "declined": "Declined"}
RHI_INDEPENDENT = "Was it done by someone independent of {alias}'s care?"
YES_NO = {"yes": "Yes", "no": "No"}
RHI_REASONS = "Why did {alias} go missing? Tap all that apply, then Done.\nChosen: {chosen}"
RHI_DONE = "Done"
RHI_OTHER = "What was the other reason?"
RHI_WORDS = "What did {alias} say, in their own words? Type it, or tap Skip."
RHI_SAVED = (
    "Return home interview for {alias} saved. Their words will be shown at their next review."
)
REVIEW_RHI_WORDS = "What they said after being missing:\n{words}"

# Reassigning and deactivating -------------------------------------------------------------------
SAME_WORKER = "{worker} is already {alias}'s trusted worker."
REASSIGNED = "{alias}'s trusted worker is now {worker}. The handover has gone to them."
NEW_WORKER_TO_CHILD = (
    "Hi 👋 From today, {worker} is your trusted worker. You can message them here, "
    "just like before."
)
HANDOVER = "🤝 Handover: {alias} ({risk}) is now yours, from {previous}."
HANDOVER_HELP = "Help: {items}"
HANDOVER_NO_HELP = "Help: none running."
HANDOVER_REVIEW = "Last review: {when}. Their view: “{view}”"
HANDOVER_NO_REVIEW = "No review yet. Next due: {due}."
HANDOVER_CHECKINS = "Last check-ins: {items}"
HANDOVER_FIRST = "🤝 Handover: {alias} ({risk}) is now yours."
HANDOVER_MISSING = "⚠️ Missing now, since {since}."
HANDOVER_RHI_DUE = "⚠️ Back since {back}: the return home interview is due by {due}."
HANDOVER_RHI_OVERDUE = "❗ Back since {back}: the return home interview is overdue (due {due})."
HANDOVER_ALERT = "🚨 A call for help from {when} is still open: {who}."
HANDOVER_ALERT_NOBODY = "nobody has taken it yet"
HANDOVER_ALERT_TAKEN = "{name} has it"
HANDOVER_REPEAT = "⚠️ Missing {count} or more times in the last {days} days."
OLD_WORKER_TOLD = "{alias} has been moved to {worker}."
DEACTIVATED = (
    "{name} no longer has access. Their children need a new worker: {children}. "
    "Use /reassign ALIAS WORKER_NAME."
)
DEACTIVATED_NONE = "{name} no longer has access. They had no children."
MISSING_MARK = " 🚨 MISSING"
REPORT_USAGE = "Please write /report, or /report FROM TO with dates like 2027-01-01 2027-03-31."
REPORT_CHART = "The team's figures, as a chart."
REPORT_CSV = "The same figures as a CSV file, for the Board."

# Conversations: asking, waiting, stopping ------------------------------------------------------
CONVERSATION_WHAT = {
    "review": "your review of {alias}",
    "rhi": "the return home interview for {alias}",
    "msg": "your message to {alias}",
    "add_child": "adding a child",
    "invite_worker": "inviting a worker",
    "intervention": "starting help for {alias}",
    "end_intervention": "ending help for {alias}",
    "risk": "setting {alias}'s risk level",
    "reassign": "giving {alias} a new worker",
    "erase": "erasing {alias}",
    "deactivate": "ending a worker's access",
    "duty": "choosing the duty contact",
    "resolve": "closing {alias}'s call for help",
}
NOT_SAVED = {
    "review": "Nothing of it was saved.",
    "rhi": "Nothing of it was saved.",
    "msg": "Nothing was sent.",
    "add_child": "No child was added.",
    "invite_worker": "No invite was made.",
    "intervention": "No help was started.",
    "end_intervention": "No help was ended.",
    "risk": "The risk level is the same as before.",
    "reassign": "Their worker is the same as before.",
    "erase": "Nothing was erased.",
    "deactivate": "Nobody's access has changed.",
    "duty": "The duty contact is the same as before.",
    "resolve": "It is still open: tap Mark resolved again when you're ready.",
}
EXPECTS = {
    ("msg", "text"): "Type what you'd like to send to {alias}.",
    ("add_child", "alias"): (
        "Send an alias for the child: 1 to 32 letters, digits, spaces, hyphens or apostrophes."
    ),
    ("invite_worker", "name"): "Send the new worker's name (letters and spaces).",
    ("intervention", "title"): "Type the help starting for {alias}, in 200 characters or fewer.",
    ("end_intervention", "which"): "Tap the help that has ended, above.",
    ("risk", "level"): "Tap a risk level above, or type none, low, medium or high.",
    ("reassign", "worker"): "Tap {alias}'s new worker above, or type their name.",
    ("erase", "confirm"): "Tap one of the two buttons above.",
    ("review", "rate"): "Tap Helping, Partly, Not helping or Too early above.",
    ("review", "view"): "Type {alias}'s own words, or tap a button above.",
    ("review", "reason"): "Type why you couldn't get {alias}'s view.",
    ("review", "date"): "Tap Keep above, or type a date from tomorrow on, like 2027-03-14.",
    ("rhi", "outcome"): "Tap Offered, Accepted or Declined above.",
    ("rhi", "independent"): "Tap Yes or No above.",
    ("rhi", "reasons"): "Tap the reasons above, then Done.",
    ("rhi", "other"): "Type the other reason {alias} gave.",
    ("rhi", "words"): "Type what {alias} said, or tap Skip above.",
    ("deactivate", "worker"): "Tap the worker whose access should end, or type their name.",
    ("duty", "person"): "Tap who covers the team out of hours, or type their name, or off.",
    ("resolve", "note"): "Type a short note of what was done for {alias}.",
}
PICK_WHAT = "choosing a child for /{kind}"
PICK_NOT_SAVED = "Nothing was done."
PICK_EXPECTS = "Tap a name above, or type the child's alias."
STOPPED = "{what} has stopped. {not_saved}"
STILL_OPEN = "{what} is still open. {expects}"
LAPSED = "{what} timed out. {not_saved} You can start again with /{kind}."
CANCEL_HINT = "(Or send /cancel to stop.)"
PICK_CHILD = "Which child is /{command} for? Tap a name, or type their alias."
PICK_MORE = "Show more"
NO_CHILD_TO_PICK = "You have no children to choose from for that."
NOTHING_TO_PICK = {
    "msg": "None of your children has joined yet, so there is nobody to message.",
    "missing": "None of your children can be reported missing: they are all missing already.",
    "returned": "None of your children is recorded as missing.",
    "rhi": "None of your children has a return waiting for an interview.",
    "end_intervention": "None of your children has help running at the moment.",
}
RISK_LEVELS = {"none": "None", "low": "Low", "medium": "Medium", "high": "High"}
NOT_A_RISK_LEVEL = "“{typed}” isn't a risk level."
ASK_RISK = "What is {alias}'s risk level now?"
ASK_NEW_WORKER = "Who should be {alias}'s new trusted worker?"
NO_OTHER_WORKERS = "There is no other worker in your team to give {alias} to."
CASE_IS_CLOSED = "{alias}'s case is closed, so they can't have a new worker."
ALREADY_CLOSED = "{alias}'s case is already closed."
ASK_DEACTIVATE = "Whose access should end?"
NO_WORKERS_TO_DEACTIVATE = "There is no worker in your team whose access could end."
ASK_DUTY = "Who should cover {team} out of the workers' hours, from now until you change it?"
DUTY_OFF_BUTTON = "Nobody (off)"
ACCESS_ENDED = "{manager} has ended your access to Homeward."
HELD_ASK = (
    "{other} wrote to you since I asked about {alias}. Are these words about {alias}?\n"
    "“{words}”\n(To write to {other}, reply to their message instead.)"
)
HELD_OLD = "Those were earlier words, since replaced: answer my latest question about them."
HELD_YES = "Yes, they're for {alias}"
HELD_NO = "No, don't use them"
HELD_DROPPED = (
    "I haven't used those words. I'm still waiting for your answer about {alias}; "
    "send /cancel to stop."
)
REPLY_ABOUT_NOTICES = (
    "That message is about several children, so I haven't used your words as an answer. To "
    "message a child, tap their button, reply to one of their own messages, or use "
    "/msg ALIAS your message."
)
REPLY_ABOUT_A_NOTICE = (
    "That message is about {alias}, so I haven't used your words as an answer. To message "
    "{alias}, reply to one of their own messages, or use /msg {alias} your message."
)
UNREACHABLE_COPY = "📨 This was for {name}, who can't be reached at the moment:\n"
WITHDRAWN_COPY = "📨 This was on its way to {name}, whose access has ended:\n"
MOVED_COPY = "📨 This was on its way to {name} when {alias} was moved to you:\n"

# When something fails --------------------------------------------------------------------------
TURN_FAILED = "Sorry, something went wrong on my side, so that didn't work. Please try again."
TURN_FAILED_CHILD = (
    "Sorry, something went wrong on my side. Please try again in a moment.\n\n"
    "If you need help now:\n" + HELP_NOW
)
TURN_FAILED_WORDS_KEPT = (
    "Sorry, something went wrong on my side. Your message is saved, and I'll keep trying "
    "to pass it on.\n\nIf you need help now:\n" + HELP_NOW
)
RELAY_GAVE_UP = (
    "⚠️ A message {alias} sent at {when} could not be passed on, after several tries. "
    "Please get in touch with them. What they sent:\n{words}"
)
SET_ASIDE_TO_CHILD = (
    "A message to {alias} could not be sent, because {why}. Please send it again, "
    "or reach them another way."
)
SET_ASIDE_TO_STAFF = "A message to {name} could not be sent, because {why}."
SET_ASIDE_ABOUT = " It was about {alias}."
NO_COVER_LINE = (
    "⚠️ Since the last digest, {alerts} and {messages} came in out of the workers' hours with "
    "nobody on duty: they went to the workers and the managers only. See /duty for the rota."
)
UNTAKEN_LINE = "🚨 Nobody has taken {alias}'s call for help from {when} yet."
NO_WORKER_LINE = "• {alias} ({risk}) has no trusted worker: /reassign {alias} WORKER_NAME"
HANDOVER_UNSEEN = "While {alias} had no worker they wrote:"
HANDOVER_UNSEEN_LINE = "• {when}: {text}"
HANDOVER_UNSEEN_KIND = "a {kind} message"
