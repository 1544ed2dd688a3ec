"""Topics as a small, safe query language, matched against articles.

People write topics like `Pakistan Afghanistan talks`, `ECB rates -crypto`,
`"climate summit" OR COP30`, `site:dawn.com Istanbul` or `lang:de Bundestag`; `parse_query`
reads them, `TopicMatcher` matches one article against all of them at once.
"""

from bot.matching.document import Document
from bot.matching.evaluation import matches
from bot.matching.parsing import QueryError, parse_query
from bot.matching.query import Query, Term
from bot.matching.terms import terms
from bot.matching.topic_matcher import MatchExplanation, TopicMatcher
from bot.text.folding import fold

__all__ = [
    "Document",
    "MatchExplanation",
    "Query",
    "QueryError",
    "Term",
    "TopicMatcher",
    "fold",
    "matches",
    "parse_query",
    "terms",
]
