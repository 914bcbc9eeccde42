"""Block Kit rendering: plain functions from domain values to Slack messages and views."""
