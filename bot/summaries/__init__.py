"""Extractive summaries: split an article into sentences and pick the few that tell the story."""

from bot.summaries.selection import summarise
from bot.summaries.sentences import split_sentences
from bot.summaries.update import summarise_update

__all__ = ["split_sentences", "summarise", "summarise_update"]
