"""What goes into a digest: stories, not piles of articles.

Pure: matched articles are grouped into stories; a story matching two topics appears once, under
the first, tagged with both; stories are ranked by coverage (outlets) and recency; each topic shows
a few, with a More button for the rest. Every article of a shown story counts as sent.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from bot.briefings import ArticleView, DigestSection
from bot.briefings.bounds import host_of
from bot.i18n import _
from storage import Article, Topic

STORIES_PER_TOPIC = 3


@dataclass
class StoryPick:
    key: int  # story id, or -article id for an article without a story
    articles: list[Article]  # newest first
    topics: list[Topic]

    @property
    def outlets(self) -> list[str]:
        return list(dict.fromkeys(outlet_of(a) for a in self.articles))

    @property
    def lead(self) -> Article:
        return self.articles[0]


def outlet_of(article: Article) -> str:
    """The outlet's name, else its address's host (shortened: hosts from feeds can be huge)."""
    return article.outlet or host_of(article.url)


def _when(article: Article) -> datetime:
    return article.published_at or article.fetched_at


def rank(pick: StoryPick, now: datetime) -> float:
    """More outlets and fresher news first: each extra doubling of outlets is worth a day."""
    age_days = max(0.0, (now - _when(pick.lead)).total_seconds() / 86400)
    return math.log2(1 + len(pick.outlets)) - age_days


def pick_stories(items: Sequence[tuple[Topic, Article]]) -> list[StoryPick]:
    """Matched (topic, article) pairs grouped into stories, in the order topics were followed."""
    picks: dict[int, StoryPick] = {}
    for topic, article in items:
        key = article.story_id if article.story_id is not None else -(article.id or 0)
        pick = picks.setdefault(key, StoryPick(key, [], []))
        if all(a.id != article.id for a in pick.articles):
            pick.articles.append(article)
        if all(t.id != topic.id for t in pick.topics):
            pick.topics.append(topic)
    for pick in picks.values():
        pick.articles.sort(key=lambda a: (_when(a), a.id or 0), reverse=True)
        pick.topics.sort(key=lambda t: t.id or 0)
    return list(picks.values())


def digest_sections(
    items: Sequence[tuple[Topic, Article]],
    view: Callable[[Article], ArticleView],
    now: datetime,
    *,
    per_topic: int = STORIES_PER_TOPIC,
    more_data: Callable[[Topic], str] | None = None,
) -> list[DigestSection]:
    """One section per topic (in topic order) with its best stories; the rest behind More."""
    by_topic: dict[int, tuple[Topic, list[StoryPick]]] = {}
    for pick in pick_stories(items):
        home = pick.topics[0]
        by_topic.setdefault(home.id or 0, (home, []))[1].append(pick)
    sections = []
    for _key, (topic, picks) in sorted(by_topic.items()):
        picks.sort(key=lambda p: rank(p, now), reverse=True)
        shown, rest = picks[:per_topic], picks[per_topic:]
        more = (len(rest), more_data(topic)) if rest and more_data else None
        sections.append(DigestSection(topic.query, [_story_view(p, view) for p in shown], more))
    return sections


def _story_view(pick: StoryPick, view: Callable[[Article], ArticleView]) -> ArticleView:
    lead = view(pick.lead)
    notes = []
    others = [o for o in pick.outlets if o != outlet_of(pick.lead)]
    reports = len(pick.articles)
    if others:
        also = _("Also: {outlets}").format(outlets=_(", ").join(others[:4]))
        notes.append(also + (" " + _("({n} reports)").format(n=reports) if reports > 2 else ""))
    elif reports > 1:
        notes.append(_("{n} reports").format(n=reports))
    if len(pick.topics) > 1:
        notes.append("🏷 " + ", ".join(t.query for t in pick.topics))
    return replace(
        lead,
        note=" · ".join(notes) or None,
        also_ids=tuple(a.id for a in pick.articles[1:] if a.id is not None),
    )
