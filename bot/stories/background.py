"""How common each term is in general text: a prior for the rarity of terms (idf) while the
feed's own counts are young. A fresh index has seen a handful of articles, so "officials" and
a ship's name look equally rare, and the joins it makes then stay.

background.tsv.gz is built by bench/stories_background.py from the word frequencies of the
`wordfreq` package (Robyn Speer and contributors; its data is licensed CC BY-SA 4.0, and so is
this file derived from it): 17 languages, nothing of the news the bot reads or of the
project's dev sets."""

import gzip
from functools import cache
from pathlib import Path

BACKGROUND_FILE = Path(__file__).with_name("background.tsv.gz")


@cache
def background_shares() -> dict[str, float]:
    """Term -> share of articles holding it (0..1), for the common terms of many languages;
    read once."""
    shares: dict[str, float] = {}
    with gzip.open(BACKGROUND_FILE, "rt", encoding="utf-8") as lines:
        for line in lines:
            term, per_million = line.rstrip("\n").split("\t")
            shares[term] = int(per_million) / 1e6
    return shares
