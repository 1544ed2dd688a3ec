"""Polling sources on a schedule: which are due, fetching them, and backing off failures."""
