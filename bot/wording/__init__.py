"""What the bot says, and how it writes dates and times."""
