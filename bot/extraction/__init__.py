"""Article text extraction: fetched page in, clean article text and metadata out."""

from bot.extraction.article import ExtractedArticle, extract_article
from bot.extraction.boilerplate import is_consent_wall, looks_like_boilerplate
from bot.extraction.encoding import decode_html

__all__ = [
    "ExtractedArticle",
    "decode_html",
    "extract_article",
    "is_consent_wall",
    "looks_like_boilerplate",
]
