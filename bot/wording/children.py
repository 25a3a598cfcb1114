"""What a child reads, in English: short, warm, plain words (a reading age of about 10, which
a test checks). `{help_now}` stands for the help numbers. Read through `texts`, which says each
in its reader's language."""

from bot.wording.language import N_, P_

HELP_NOW = N_(
    "If you are in danger now, call 999.\n"
    "Childline: 0800 1111 (free, any time).\n"
    "Missing People: 116 000 (call or text, free)."
)

STRANGER = N_("Hello. This is a private service, so I can't help you here.\n\n{help_now}")

INVITE_NOT_VALID = N_(
    "Sorry, this link doesn't work. It may be old or already used. "
    "Please ask the person who sent it for a new one."
)

ALREADY_ENROLLED = N_("You're already set up here. Send /help to see what you can do.")

NOT_ALLOWED = N_("Sorry, that isn't something you can do here. Send /help to see what you can do.")

UNKNOWN_COMMAND = N_("Sorry, I don't know that command. Send /help to see what you can do.")

CANCELLED = N_("OK, stopped.")

NOTHING_TO_CANCEL = N_("There's nothing to stop.")

WELCOME_CHILD = N_(
    "Hi, welcome to Homeward 👋\n\n"
    "{worker} is your trusted worker. You can message them here any time. "
    "Just type, or send a voice message.\n\n"
    "Need help right now?\n{help_now}"
)

RECEIPT_TO_CHILD = N_("Sent to {worker} ✓")

RECEIPT_SEEN = N_("Sent ✓ {seer} has seen this 👀")  # the receipt, changed in place

NOT_PASSED_ON = N_(
    "Thanks. I can only pass on words, voice messages and stickers, so {worker} won't see "
    "this one. You could tell them about it in words instead."
)

NOT_PASSED_ON_TO_ANYONE = N_(
    "Thanks. I can only pass on words, voice messages and stickers, so this one isn't passed "
    "on. You could say it in words instead."
)

CAPTION_ONLY = N_("Only your words went: I can't pass on photos, videos or files.")

AWAY_RECEIPT_ON_DUTY = N_(
    "Sent ✓ {worker} isn't working just now, so {told}, who is on duty, has it too. "
    "{worker} is back {back}."
)

AWAY_RECEIPT_MANAGERS = N_(
    "Sent ✓ {worker} isn't working just now, so {told} from the team {have} it too. "
    "{worker} is back {back}."
)

NUMBERS_TAIL = N_("\n\nIf you need help now:\n{help_now}")

SOON = N_("on their next working day")

NO_WORKER_RECEIPT = N_("Sent to {managers} ✓ You'll have a new trusted worker soon.")

CLOSED_CASE_RECEIPT = N_(
    "Sent to {managers} ✓ Your time with Homeward has ended, but they will read it.\n\n"
    "If you need help now:\n{help_now}"
)

NOBODY_TO_TELL = N_(
    "Thanks. Your message is saved, but nobody can read it just now.\n\n"
    "If you need help now:\n{help_now}"
)

CASE_CLOSED_TO_CHILD = N_(
    "Your time with Homeward has ended. You can still write here, and the team will read it.\n\n"
    "If you need help now:\n{help_now}"
)

THANKS = N_("Thank you 💛")

SIGNED = N_("{text}\n\n— {worker}")

HELP_CHILD = N_(
    "You can message {worker} here any time. Just type, or send a voice message.\n"
    "/checkin: tell {worker} how things are\n"
    "/checkin_time: choose the day and time check-ins come\n"
    "/urgent: get help now\n"
    "/language: choose your language\n\n"
    "Need help right now?\n{help_now}"
)

HELP_STRANGER = STRANGER

# Urgent help ----------------------------------------------------------------------------------
NUMBERS_HEAD = N_("You did the right thing.\n\n{help_now}\n\n")

NUMBERS_JUST_ABOVE = N_(
    "You did the right thing. The numbers just above are there for you now.\n\n"
)

URGENT_TOLD = N_("I've told {told}{duty}.")

URGENT_TOLD_AGAIN = N_("I've told {told}{duty} again.")

ON_DUTY_NOW = N_(", who is on duty now")

WORKER_BACK = N_("{worker} is back {back}.")

CHILD_STILL_WAITING = N_(
    "I'm sorry, nobody has picked up your call for help yet. I'm still trying.\n\n{help_now}"
)

URGENT_TO_CHILD_NOBODY = N_("You did the right thing. Please use these numbers now:\n\n{help_now}")

# Check-ins ------------------------------------------------------------------------------------
HELP_NOW_BUTTON = N_("🆘 I need help now")

CHECKIN_PROMPT = N_("Hi 👋 How are things?")

CHECKIN_MOODS = {"good": N_("😊 Good"), "ok": N_("😐 OK"), "not_great": N_("😟 Not great")}

CHECKIN_DIFFERENCE = N_("Is the help you get making a difference?")

CHECKIN_DIFFERENCES = {
    "yes": N_("Yes"),
    "a_bit": N_("A bit"),
    "no": N_("No"),
    "not_sure": N_("Not sure"),
}

CHECKIN_COMMENT = N_("Anything you'd like to tell {worker}? Just type it here, or tap Skip.")

SKIP = N_("Skip")

CHECKIN_THANKS = N_("Thank you 💛 {worker} will see this.")

CHECKIN_NEXT = N_("Your next check-in comes {when}.")

CHECKIN_CHANGE_TIME = N_("🕓 Choose another day or time")

CHECKIN_PICK_DAY = N_("Which day would you like your check-ins?")

CHECKIN_PICK_TIME = N_("What time would you like on {day}?")

CHECKIN_TIME_SET = N_("Done 👍 Your next check-in comes {when}, and then every week.")


BUTTON_GONE = N_("That has finished, so this button does nothing now.")

THE_TEAM = N_("the team")

ACK_TO_CHILD = N_("{name} has seen it and will contact you. 💛")

ACK_TO_CHILD_TEAM = N_(
    "{name}, from the team that looks after you, has seen it and will contact you. 💛"
)

PRIVATE_ONLY = N_(
    "Homeward only works in private chats, so I'm leaving this group. "
    "Nothing said here has been kept."
)

INVITE_LOCKED = N_("Too many links that didn't work. Please wait an hour, then ask for a new link.")

GOODBYE = N_(
    "Homeward has finished here. Thank you for talking with us. 💛\n\n"
    "If you ever need help:\n{help_now}"
)

NEW_WORKER_TO_CHILD = N_(
    "Hi 👋 From today, {worker} is your trusted worker. You can message them here, "
    "just like before."
)

# When something fails --------------------------------------------------------------------------

TURN_FAILED_CHILD = N_(
    "Sorry, something went wrong on my side. Please try again in a moment.\n\n"
    "If you need help now:\n{help_now}"
)

TURN_FAILED_WORDS_KEPT = N_(
    "Sorry, something went wrong on my side. Your message is saved, and I'll keep trying "
    "to pass it on.\n\nIf you need help now:\n{help_now}"
)

NAMES_LAST = N_("{first} and {last}")  # "Sam, Ann and Raj": the last two of a list of names

# When, as a child would say it (timefmt.show_to_child).
THIS_MORNING_AT = N_("this morning at {clock}")
TODAY_AT = N_("today at {clock}")
TOMORROW_AT = N_("tomorrow at {clock}")
ON_DAY_AT = N_("on {day} at {clock}")
MIDNIGHT = N_("midnight")
MIDDAY = N_("midday")

# Choosing a language: asked when a person joins, and by /language.
LANGUAGE_ASK = N_("Which language would you like me to use?")
LANGUAGE_SET = N_("OK, I'll write in English now. You can change it with /language.")
LANGUAGE_SAME = N_("I'm writing in English already. You can change it with /language.")
YOUR_WORKER = N_("your worker")  # when a child has no worker to name
HAS_HAVE = P_("has", "have")  # "{told} from the team {have} it too": one name, or several
