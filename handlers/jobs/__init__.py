"""Work the scheduler starts rather than Slack: poll deadlines and results, live tally edits,
meeting reminders and housekeeping, each talking to Slack through the app's client. The app's
start-up (bot/app/lifecycle.py) starts them."""
