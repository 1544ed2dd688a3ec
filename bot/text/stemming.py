"""One stemmer for every part of the bot that compares words: light on purpose.

Only plural and third-person endings go (-s, -es, -ies), so "talks" and "talk", "country" and
"countries" meet while "rating" and "rate", "news" and "new" stay apart: a reader's topic "rate"
is not about ratings. Snowball's English stemmer (PyStemmer) was measured in its place: it
merges those, scored lower on the summaries bench and would change every stored near-duplicate
key of stories (bench/README.md, "One stemmer").

One option: `stem(word, inflections=True)` also cuts -ing and -ed, so "shelling" and "shelled"
meet "shells". Summaries use it (the sentence model's cross-validated ROUGE-1 rose on both
halves of the bench, bench/README.md); matching and stories keep the light form above.
"""

from bot.text.folding import Memo

# Plural and third-person forms we would otherwise turn into a different word.
_NOT_INFLECTED = frozenset(
    {
        "news",
        "series",
        "species",
        "means",
        "headquarters",
        "always",
        "perhaps",
        "sometimes",
        "towards",
        "whereas",
    }
)


def stem(word: str, *, inflections: bool = False) -> str:
    """The form a folded word shares with its plural or third person: stem("countries") ==
    stem("country") == "country", stem("taxes") == stem("tax") == "tax". With `inflections`,
    also without -ing or -ed: stem("talking", inflections=True) == "talk"."""
    return INFLECTION_STEMS[word] if inflections else STEMS[word]


def _stem(word: str) -> str:
    # Harman's S-stemmer, whose forms the stored near-duplicate keys of stories were made of,
    # plus -es after a hissing sound ("taxes", "churches"), which it leaves as "taxe", and
    # -ie as -y.
    if len(word) <= 3 or word.isdigit() or word in _NOT_INFLECTED:
        return word
    if not word.endswith("s"):
        # "movie" meets "movies", which ends like "countries": both become -y.
        return word[:-2] + "y" if word.endswith("ie") else word
    if word.endswith("ies") and not word.endswith(("eies", "aies")):
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("es") and not word.endswith(("aes", "ees", "oes")):
        return word[:-1]
    if word.endswith(("us", "ss", "is")):
        return word
    return word[:-1]


# The -ing/-ed cut of the summaries' own stemmer before stemming was shared (a word keeps at
# least four letters: "sing", "during" and "seed" stay whole).
_INFLECTION_SUFFIXES = ("ing", "ed")


def _stem_inflections(word: str) -> str:
    base = STEMS[word]
    if word.isdigit():
        return base
    for suffix in _INFLECTION_SUFFIXES:
        if len(base) > len(suffix) + 3 and base.endswith(suffix):
            return base[: -len(suffix)]
    return base


# stem() for many words at once: map(STEMS.__getitem__, words); web text has endless junk words.
STEMS = Memo(_stem, limit=200_000)
INFLECTION_STEMS = Memo(_stem_inflections, limit=200_000)
