"""Polls: options, voting, tallies, live message updates, closing and charts."""
