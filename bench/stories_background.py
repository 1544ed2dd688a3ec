"""Build bot/stories/background.tsv.gz, the rarity prior of story clustering (see
bot/stories/background.py), from the word frequencies of the `wordfreq` package (Robyn Speer
et al.; data CC BY-SA 4.0: subtitles, Wikipedia, news, books, web text, and so nothing of the
project's dev sets). Not a dependency of the bot: `pip install wordfreq` to rebuild.

Usage: .venv/bin/python bench/stories_background.py [--words N] [--english-words N]
       [--min-share S] [--languages en,es,...] [--out FILE]

For each language, its N most frequent words (--english-words for English) are folded,
stop-worded and stemmed exactly as articles are (bot.stories.tokens.tokenize), a term's
frequency being the sum of its words'; the share of articles holding a term is then
1 - exp(-frequency x WORDS_PER_ARTICLE), as if words fell independently into articles of that
length (WORDS_PER_ARTICLE was fitted on the 50 CNN/DailyMail articles of summaries-dev: the
likelihood of which articles hold which terms is highest at 300-500 words; nothing was fitted
on stories-dev). A term's share is the largest of its languages'. Written as
`term<TAB>articles per million holding it`, most common first, terms under --min-share left
out (a prior that rare says nothing the +1 smoothing does not).
"""

import argparse
import gzip
import math
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from bot.stories.background import BACKGROUND_FILE  # noqa: E402
from bot.stories.tokens import tokenize  # noqa: E402

WORDS_PER_ARTICLE = 400.0
# The bot's own languages (en es tr ar fa ur), those whose function words it drops (hi bn),
# and other big ones of news feeds.
LANGUAGES = "en es tr ar fa ur hi bn de fr it pt nl ru zh ja id".split()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--words", type=int, default=15_000)
    parser.add_argument("--english-words", type=int, default=50_000)
    parser.add_argument("--min-share", type=float, default=1e-4)
    parser.add_argument("--languages", default=",".join(LANGUAGES))
    parser.add_argument("--out", type=Path, default=BACKGROUND_FILE)
    args = parser.parse_args()
    from wordfreq import get_frequency_dict  # type: ignore[import-not-found]  # rebuild only, not a dependency

    shares: dict[str, float] = {}
    for lang in args.languages.split(","):
        frequency: dict[str, float] = {}
        frequencies = get_frequency_dict(lang)
        words = args.english_words if lang == "en" else args.words
        for word in sorted(frequencies, key=frequencies.__getitem__, reverse=True)[:words]:
            f = frequencies[word]
            for term in tokenize(word):
                frequency[term] = frequency.get(term, 0.0) + f
        for term, f in frequency.items():
            share = 1.0 - math.exp(-f * WORDS_PER_ARTICLE)
            if share >= args.min_share and share > shares.get(term, 0.0):
                shares[term] = share
        print(f"{lang}: {len(frequency)} terms, {len(shares)} in all", flush=True)
    ranked = sorted(shares.items(), key=lambda item: -item[1])
    with gzip.open(args.out, "wt", encoding="utf-8", compresslevel=9) as out:
        for term, share in ranked:
            out.write(f"{term}\t{round(share * 1e6)}\n")
    print(f"{len(ranked)} terms -> {args.out} ({args.out.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
