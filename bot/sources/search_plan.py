"""Which news searches to run: every followed topic, in its chats' language and region, on each
provider that is switched on. Pure: the poller stores the plan as sources and polls them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.matching import Query, QueryError, Term, parse_query
from bot.settings import Settings
from bot.sources.search_feeds import (
    HOME_REGIONS,
    bing_news_url,
    gdelt_url,
    google_news_url,
    news_region,
    search_language,
)

MAX_TITLE = 200
_UNSAFE_IN_TERMS = str.maketrans({'"': " ", "(": " ", ")": " "})


@dataclass(frozen=True)
class SearchProviders:
    """Base URL of each news-search provider, None when it is switched off."""

    google: str | None = None
    bing: str | None = None
    gdelt: str | None = None

    @property
    def any(self) -> bool:
        return bool(self.google or self.bing or self.gdelt)


@dataclass(frozen=True)
class SearchConfig:
    """How the bot searches the news for topics: providers, the default locale for chats that
    chose none, how often one topic's search is polled, and how many topics are searched."""

    providers: SearchProviders
    language: str = "en"
    region: str = "US"
    interval: float = 1800.0
    max_topics: int = 100


@dataclass(frozen=True)
class SearchWant:
    """A topic as followed by chats with one language and region. ``own_region``: the chats
    chose that region (else it follows the language: a topic's ``lang:`` moves it too)."""

    query: str
    language: str
    region: str
    own_region: bool = True


@dataclass(frozen=True)
class SearchFeed:
    """One provider's search feed for one topic and locale, stored as a source of this kind."""

    kind: str  # google | bing | gdelt
    url: str
    title: str


# (normalized topic, query, search language, region, chats[, interface language])
SearchRow = (
    tuple[str, str, str | None, str | None, int]
    | tuple[str, str, str | None, str | None, int, str | None]
)


def wants_of(rows: Iterable[SearchRow], config: SearchConfig) -> list[SearchWant]:
    """Searches wanted, from (normalized topic, query, language, region, chats[, interface
    language]) rows ordered most followed first: chats without a search language search in
    the language the bot speaks there, or the default one (search_language); chats without a
    region in the language's home region (news_region); and only the first ``max_topics``
    distinct topics are searched (in every locale their chats use)."""
    topics: set[str] = set()
    wants: dict[tuple[str, str, str], SearchWant] = {}
    for row in rows:
        normalized, query, chosen, region = row[:4]
        interface = row[5] if len(row) > 5 else None
        if normalized not in topics:
            if len(topics) >= config.max_topics:
                continue
            topics.add(normalized)
        language = search_language(chosen, interface, config.language)
        place = news_region(language, region, config.language, config.region)
        want = SearchWant(query, language, place, own_region=bool(region))
        wants.setdefault((normalized, want.language, want.region), want)
    return list(wants.values())


def plan_searches(wants: Iterable[SearchWant], providers: SearchProviders) -> list[SearchFeed]:
    """The search feeds for ``wants``, in order, without duplicates. Topics that no longer parse
    are skipped. A topic's own ``lang:`` overrides the chat's language for its search."""
    feeds: dict[str, SearchFeed] = {}
    for want in wants:
        try:
            query = parse_query(want.query)
        except QueryError:
            continue
        language = query.languages[0] if query.languages else want.language
        region = want.region
        if language != want.language and not want.own_region:
            region = HOME_REGIONS.get(language, region)
        if providers.google:
            text = engine_query(query, site_operator="site:")
            url = google_news_url(text, base_url=providers.google, lang=language, region=region)
            feeds.setdefault(url, SearchFeed("google", url, _title("Google News", want.query)))
        if providers.bing:
            text = engine_query(query, site_operator="site:")
            url = bing_news_url(text, base_url=providers.bing, lang=language, region=region)
            feeds.setdefault(url, SearchFeed("bing", url, _title("Bing News", want.query)))
        if providers.gdelt:
            text = engine_query(query, site_operator="domain:")
            url = gdelt_url(text, base_url=providers.gdelt, lang=language)
            feeds.setdefault(url, SearchFeed("gdelt", url, _title("GDELT", want.query)))
    return list(feeds.values())


def engine_query(query: Query, *, site_operator: str) -> str:
    """The topic in the search engines' shared syntax: words, "phrases", (a OR b), -word,
    site:domain (GDELT says domain:). Matching stays the bot's: this only has to find
    candidates, so folding and inflections are left to the engine."""
    parts = []
    for clause in query.clauses:
        alternatives = [_term(term) for term in clause]
        alternatives = [a for a in alternatives if a]
        if len(alternatives) == 1:
            parts.append(alternatives[0])
        elif alternatives:
            parts.append("(" + " OR ".join(alternatives) + ")")
    parts += [f"-{text}" for text in map(_term, query.excluded) if text]
    sites = [f"{site_operator}{site}" for site in query.sites]
    if len(sites) == 1:
        parts.append(sites[0])
    elif sites:
        parts.append("(" + " OR ".join(sites) + ")")
    parts += [f"-{site_operator}{site}" for site in query.excluded_sites]
    return " ".join(parts)


def _term(term: Term) -> str:
    text = " ".join(term.text.translate(_UNSAFE_IN_TERMS).split())
    if not text:
        return ""
    return f'"{text}"' if term.quoted and " " in text else text


def _title(provider: str, query: str) -> str:
    return f"{provider}: {query}"[:MAX_TITLE]


def search_config(settings: Settings) -> SearchConfig:
    """The operator's search settings (NEWSBRIEF_GOOGLE_NEWS, ..._URL, NEWSBRIEF_LANGUAGE, ...)."""
    return SearchConfig(
        providers=SearchProviders(
            google=settings.google_news_url if settings.google_news else None,
            bing=settings.bing_news_url if settings.bing_news else None,
            gdelt=settings.gdelt_url if settings.gdelt else None,
        ),
        language=settings.language,
        region=settings.region,
        interval=settings.search_seconds,
        max_topics=settings.search_max_topics,
    )
