"""Stories: which articles report the same real-world event, and which are copies of another."""

from bot.stories.clusterer import ClusteringSettings, StoryAssignment, StoryClusterer
from bot.stories.near_duplicates import is_near_duplicate, near_duplicate_key
from bot.stories.tokens import tokenize

__all__ = [
    "ClusteringSettings",
    "StoryAssignment",
    "StoryClusterer",
    "is_near_duplicate",
    "near_duplicate_key",
    "tokenize",
]
