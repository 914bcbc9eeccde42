"""The team self-assessment questionnaire as validated package data (see `questionnaire.toml`)."""
