"""Text analysis shared by matching, stories, summaries and time zones: one way to fold text and
split it into words, one stemmer, sentence ends of every script, and language detection.

A leaf: imports nothing else of `bot`."""
