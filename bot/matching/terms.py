"""Terms of topics and articles: the shared folding and stemmer (bot.text), plus one rule of
matching's own: a demonym meets its country ("German" -> "Germany")."""

from bot.matching.demonyms import DEMONYMS
from bot.text.folding import Memo, split_words
from bot.text.stemming import stem

# Both sides of the table in stemmed form: "German" must meet "Germany", which stems to "germani".
_COUNTRY_OF = {stem(adjective): stem(country) for adjective, country in DEMONYMS.items()}


def _term(word: str) -> str:
    stemmed = stem(word)
    return _COUNTRY_OF.get(stemmed, stemmed)


# The term of many folded words at once: map(TERMS.__getitem__, words).
TERMS = Memo(_term, limit=200_000)


def terms(text: str) -> list[str]:
    """Folded, lightly stemmed tokens of `text`, in order: terms("Talks in Türkiye") ==
    ["talk", "in", "turkiye"]. Punctuation and emoji are dropped; Chinese and Japanese
    characters are one token each."""
    return list(map(TERMS.__getitem__, split_words(text)))
