"""Time bot.extraction.extract_article on pages built to hit its slow paths, beside trafilatura.

Usage: .venv/bin/python bench/extraction_hostile.py [--rounds N]

Each page is one a hostile source can serve (up to the 4 MB the fetcher reads): runs of empty
elements before a long text, a container of 250,000 children under the headline, a directory of
24,000 list items after an announcing paragraph, 8,000 headings beside a short article, one
paragraph of 200,000 characters under a standfirst, 50 nested containers with text or 250
nested inline elements with tails around 100,000 empty elements, 12,000 lines each followed by
a reference line ("[3] https://…"). For each: CPU seconds of extract_article and of trafilatura
(favor_precision, the mode our quick pass follows) on the same page in the same process, best of
N rounds, and their ratio. A ratio far above 1 is a path that grows faster than the page. Ends
with one JSON line: the worst ratio and the slowest page's seconds.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

import trafilatura  # noqa: E402

from bot.extraction import extract_article  # noqa: E402

URL = "https://news.example/2026/12/06/harbour"
TITLE = "Harbour strike ends with a pay deal"
SENTENCE = "Officials spoke in the capital after a long cabinet meeting that went on late. "
BODY = "".join(f"<p>{SENTENCE * 3}</p>" for _ in range(6))


def page(inside: str, head: str = "") -> str:
    return (
        f"<html><head><title>{TITLE}</title></head><body>{head}<article><h1>{TITLE}</h1>"
        f"{inside}</article></body></html>"
    )


PAGES: dict[str, Callable[[], str]] = {
    "16,000 empty elements before 1 MB of text": lambda: page(
        "<div>" + "<i></i>" * 16_000 + "word " * 200_000 + "</div>" + BODY
    ),
    "a 2 MB block before 20,000 empty elements with text": lambda: page(
        "<div><div>" + "word " * 400_000 + "</div>" + "<i></i>t" * 20_000 + "</div>" + BODY
    ),
    "250,000 children under the headline": lambda: page(
        "<div>" + "<span>x</span>" * 250_000 + "</div><div class='entry'>" + BODY + "</div>"
    ),
    "1,800 paragraphs and an announced list of 24,000 items": lambda: page(
        "".join(f"<p>{SENTENCE} ({n})</p>" for n in range(1_800))
        + "<p>These towns:</p><ul>"
        + "".join(f"<li>Town {n}</li>" for n in range(24_000))
        + f"</ul><p>{SENTENCE}</p>"
    ),
    "8,000 headings beside a short article": lambda: page(
        BODY + "".join(f"<h3>Heading number {n}</h3>" for n in range(8_000))
    ),
    "a standfirst over one paragraph of 200,000 characters": lambda: page(
        "<p class='standfirst'>A week-long walkout that stopped the port ends with a deal.</p>"
        f"<div class='entry'><p>{SENTENCE * 2_600}</p></div>"
    ),
    "50 nested divs with text over 100,000 empty links": lambda: page(
        "<div>Harbour news " * 50
        + "<a href='/x'></a>" * 100_000
        + "</div>" * 50
        + f"<div class='entry'>{BODY}</div>"
    ),
    "250 nested spans with tails over 100,000 empty elements": lambda: page(
        "<div>" + "<span>" * 250 + "<i></i>" * 100_000 + "</span>t" * 250 + "</div>" + BODY
    ),
    "12,000 lines each followed by a '[n] URL' reference line": lambda: page(
        "".join(
            f"<p>Item {n} ok.</p><p>[{n % 999 + 1}] https://n.ex/{n}</p>" for n in range(12_000)
        )
        + BODY
    ),
}


def cpu_seconds(run: Callable[[], object], rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        started = time.process_time()
        run()
        best = min(best, time.process_time() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    extract_article(page(BODY), URL)  # warm caches and the language model
    rows = []
    for name, build in PAGES.items():
        html = build()
        ours = cpu_seconds(partial(extract_article, html, URL), args.rounds)
        theirs = cpu_seconds(
            partial(trafilatura.extract, html, url=URL, favor_precision=True), args.rounds
        )
        rows.append((name, len(html), ours, theirs))
        print(
            f"  {name:56s} {len(html) / 1e6:5.2f} MB  ours {ours:6.2f} s  "
            f"trafilatura {theirs:6.2f} s  ratio {ours / theirs:5.2f}"
        )
    worst = max(rows, key=lambda row: row[2] / row[3])
    slowest = max(rows, key=lambda row: row[2])
    print(
        json.dumps(
            {
                "worst_ratio_vs_trafilatura": round(worst[2] / worst[3], 2),
                "worst_ratio_page": worst[0],
                "slowest_seconds": round(slowest[2], 2),
                "slowest_page": slowest[0],
            }
        )
    )


if __name__ == "__main__":
    main()
