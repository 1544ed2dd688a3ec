"""Polling sources on a schedule: which are due, fetching them politely, backing off failures,
and stopping (with a notice) the ones that are gone."""
