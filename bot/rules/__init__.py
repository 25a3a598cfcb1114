"""The rules of the service: casework, reviews, check-ins, episodes, urgent help, hours, access
and audit. Nothing here speaks to Telegram."""
