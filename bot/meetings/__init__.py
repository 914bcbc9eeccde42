"""The community sync: its series, occurrences across DST, reminders and calendar feed."""
