"""Several outlets reporting the same events: article pages and one feed per outlet.

The reports are the hand-written ones of tests/testdata/articles.json (three reports of
a quake in Chile, two of a quake on Sulawesi, two of a navy rescue from pirates), and the day's
other news, one report each. Each outlet's feed carries its report of every event it covered,
so an event's reports arrive through different feeds.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from xml.sax.saxutils import escape

from tests.fixtures.corpora import SHARED_TESTDATA
from tests.newssite.server import NewsSite

ARTICLES = json.loads((SHARED_TESTDATA / "articles.json").read_text("utf-8"))
# Per outlet (in the order its feed is published): its report of each event.
OUTLETS: dict[str, dict[str, str]] = {
    "Andes Herald": {
        "chile": "chile_quake_ap",
        "sulawesi": "indonesia_quake",
        "pirates": "pirates_mysore",
    },
    "Pacific Wire": {
        "chile": "chile_quake_reuters",
        "sulawesi": "indonesia_quake_second_outlet",
        "pirates": "pirates_mysore_second_outlet",
    },
    "Coastal Times": {"chile": "chile_quake_wire_copy"},
}
EVENTS = ("chile", "sulawesi", "pirates")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"])")


@dataclass(frozen=True)
class Report:
    outlet: str
    event: str  # one of EVENTS, or "other:N" for the day's other news
    title: str
    path: str  # of its page on the site


def _page(outlet: str, title: str, text: str) -> str:
    sentences = _SENTENCE_END.split(text)
    paragraphs = [" ".join(sentences[i : i + 2]) for i in range(0, len(sentences), 2)]
    body = "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(title)} | {escape(outlet)}</title>
<meta property="og:site_name" content="{escape(outlet)}"></head>
<body><header><nav><a href="/">Home</a> <a href="/world">World</a></nav></header>
<main><article><h1>{escape(title)}</h1>
{body}
</article></main>
<footer>© {escape(outlet)}. All rights reserved.</footer></body></html>"""


def publish_event_feeds(
    site: NewsSite, now: datetime, *, page_delay: float = 0.0
) -> list[tuple[str, list[Report]]]:
    """Serve every report's page (answered after `page_delay` seconds) and one RSS feed per
    outlet; returns (feed URL, its reports) per outlet. The day's other news is shared out
    between the feeds, one report each."""
    others = list(enumerate(ARTICLES["background"]))
    feeds = []
    for n, (outlet, reports) in enumerate(OUTLETS.items()):
        slug = outlet.lower().replace(" ", "-")
        entries = [(event, ARTICLES[name]) for event, name in reports.items()]
        entries += [(f"other:{k}", item) for k, item in others[n :: len(OUTLETS)]]
        items, published = [], []
        for minutes, (event, article) in enumerate(entries):
            path = f"/{slug}/{event.replace(':', '-')}.html"
            site.add(path, _page(outlet, article["title"], article["text"]), delay=page_delay)
            items.append(
                {
                    "title": article["title"],
                    "link": path,
                    "summary": article["text"][:200],
                    "guid": f"{slug}-{event}",
                    "published": now - timedelta(hours=2, minutes=minutes),
                }
            )
            published.append(Report(outlet, event, article["title"], path))
        feeds.append((site.add_feed(f"/{slug}/rss.xml", items, title=outlet), published))
    return feeds
