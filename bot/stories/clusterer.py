"""Online story clustering: each arriving article joins the most similar recent story or opens
a new one, found through an inverted index of story centroids (never a scan of every article)."""

import heapq
import math
from dataclasses import dataclass, field
from datetime import datetime

from bot.stories.near_duplicates import DuplicateIndex, near_duplicate_key
from bot.stories.term_weights import DocumentFrequencies, article_term_weights

_DAY_SECONDS = 86_400.0


@dataclass
class StoryAssignment:
    """Where one article went: its story, whether that story is new, the article it copies (a
    wire copy already seen) if any, and the cosine similarity that decided (1.0 when forced)."""

    story_id: int
    is_new_story: bool
    duplicate_of: int | None
    similarity: float


@dataclass(frozen=True)
class ClusteringSettings:
    """Knobs of the clusterer; the defaults are the ones measured in bench/stories.py."""

    threshold: float = 0.3
    title_weight: float = 2.0
    name_weight: float = 2.0
    lead_weight: float = 1.0
    lead_terms: int = 0
    # An article is represented by its strongest terms only: bounds memory and index size.
    doc_terms: int = 80
    # Candidate stories come from the posting lists of the article's strongest terms.
    query_terms: int = 16
    # Terms shared by this many stories are too common to find candidates with.
    max_posting: int = 2_000
    candidates: int = 40
    # 0 scores a story by cosine with its centroid, 1 by mean cosine with its articles.
    average_link: float = 0.0
    # A big story's centroid is smooth and resembles every story of its kind, so joining it
    # takes more: the threshold grows by this much per doubling of the story, up to size_cap.
    size_slope: float = 0.0
    size_cap: int = 16
    max_docs: int = 200_000


@dataclass
class _Doc:
    story_id: int
    vector: dict[str, float]
    seen_at: float
    duplicate_key: int | None


@dataclass
class _Story:
    centroid: dict[str, float] = field(default_factory=dict)
    norm2: float = 0.0
    size: int = 0


class StoryClusterer:
    """Online single-pass clusterer with an inverted index (never a scan of every stored article)."""

    def __init__(
        self,
        *,
        threshold: float | None = None,
        window_days: float = 7.0,
        settings: ClusteringSettings | None = None,
    ) -> None:
        self._settings = settings or ClusteringSettings()
        self._threshold = self._settings.threshold if threshold is None else threshold
        self._window = window_days * _DAY_SECONDS
        self._frequencies = DocumentFrequencies()
        self._docs: dict[int, _Doc] = {}
        self._stories: dict[int, _Story] = {}
        self._postings: dict[str, set[int]] = {}
        self._duplicates = DuplicateIndex()
        self._expiry: list[tuple[float, int, int]] = []
        self._sequence = 0
        self._newest = -math.inf
        self._next_story_id = 1

    def add(
        self,
        doc_id: int,
        title: str,
        text: str,
        published: datetime | None = None,
        story_id: int | None = None,
    ) -> StoryAssignment:
        """Assign the article to the best existing story or open a new one. If story_id is given (e.g. when
        rebuilding the index from the database at start-up), the doc is put in that story without search."""
        known = self._docs.get(doc_id)
        if known is not None:
            return StoryAssignment(known.story_id, False, None, 1.0)
        settings = self._settings
        seen_at = self._arrival_time(published)
        weights = article_term_weights(
            title,
            text,
            title_weight=settings.title_weight,
            name_weight=settings.name_weight,
            lead_weight=settings.lead_weight,
            lead_terms=settings.lead_terms,
        )
        self._frequencies.add(weights)
        vector = self._vector(weights)
        duplicate_key = near_duplicate_key(title, text) if self._duplicates.usable(text) else None
        duplicate_of = None
        if duplicate_key is not None:
            duplicate_of = self._duplicates.find(duplicate_key)

        if story_id is not None:
            chosen, similarity = story_id, 1.0
        elif duplicate_of is not None:
            chosen = self._docs[duplicate_of].story_id
            similarity = self._similarity(vector, self._stories[chosen])
        else:
            best, similarity = self._best_story(vector)
            chosen = best if best is not None else self._next_story_id
        is_new = chosen not in self._stories
        self._next_story_id = max(self._next_story_id, chosen + 1)

        self._insert(doc_id, _Doc(chosen, vector, seen_at, duplicate_key))
        self._evict()
        return StoryAssignment(chosen, is_new, duplicate_of, similarity)

    def story_of(self, doc_id: int) -> int | None:
        """The story of an indexed article, or None if it was never added or has been evicted."""
        doc = self._docs.get(doc_id)
        return None if doc is None else doc.story_id

    def __len__(self) -> int:
        return len(self._docs)

    @property
    def story_count(self) -> int:
        """Number of stories with at least one indexed article."""
        return len(self._stories)

    def _arrival_time(self, published: datetime | None) -> float:
        # Undated articles count as arriving with the newest one seen, so they age with the feed.
        if published is not None:
            self._newest = max(self._newest, published.timestamp())
            return published.timestamp()
        return self._newest if self._newest > -math.inf else 0.0

    def _vector(self, weights: dict[str, float]) -> dict[str, float]:
        idf = self._frequencies.idf
        scored = sorted(((w * idf(t), t) for t, w in weights.items()), reverse=True)
        scored = scored[: self._settings.doc_terms]
        norm = math.sqrt(sum(w * w for w, _ in scored)) or 1.0
        return {t: w / norm for w, t in scored}

    def _similarity(self, vector: dict[str, float], story: _Story) -> float:
        centroid = story.centroid
        dot = sum(w * centroid.get(t, 0.0) for t, w in vector.items())
        if story.norm2 <= 0:
            return 0.0
        mix = self._settings.average_link
        return dot / (math.sqrt(story.norm2) ** (1 - mix) * story.size**mix)

    def _best_story(self, vector: dict[str, float]) -> tuple[int | None, float]:
        """The story the article should join (None: none is similar enough) and its similarity;
        the best similarity seen when none qualifies."""
        settings = self._settings
        strongest = sorted(vector.items(), key=lambda item: item[1], reverse=True)
        partial: dict[int, float] = {}
        for term, weight in strongest[: settings.query_terms]:
            posting = self._postings.get(term)
            if not posting or len(posting) > settings.max_posting:
                continue
            for sid in posting:
                partial[sid] = partial.get(sid, 0.0) + weight * self._stories[sid].centroid[term]
        if not partial:
            return None, 0.0
        stories = self._stories
        ranked = heapq.nlargest(
            settings.candidates, partial, key=lambda sid: partial[sid] / stories[sid].norm2
        )
        best, best_similarity, best_margin, top_similarity = None, 0.0, 0.0, 0.0
        for sid in ranked:
            similarity = self._similarity(vector, stories[sid])
            top_similarity = max(top_similarity, similarity)
            margin = similarity - self._threshold_for(stories[sid].size)
            if margin >= best_margin:
                best, best_similarity, best_margin = sid, similarity, margin
        return (best, best_similarity) if best is not None else (None, top_similarity)

    def _threshold_for(self, size: int) -> float:
        settings = self._settings
        return self._threshold + settings.size_slope * math.log2(min(size, settings.size_cap))

    def _insert(self, doc_id: int, doc: _Doc) -> None:
        self._docs[doc_id] = doc
        story = self._stories.setdefault(doc.story_id, _Story())
        centroid = story.centroid
        dot = sum(w * centroid.get(t, 0.0) for t, w in doc.vector.items())
        story.norm2 += 2.0 * dot + sum(w * w for w in doc.vector.values())
        for term, weight in doc.vector.items():
            if term not in centroid:
                self._postings.setdefault(term, set()).add(doc.story_id)
            centroid[term] = centroid.get(term, 0.0) + weight
        story.size += 1
        if doc.duplicate_key is not None:
            self._duplicates.add(doc_id, doc.duplicate_key)
        self._sequence += 1
        heapq.heappush(self._expiry, (doc.seen_at, self._sequence, doc_id))

    def _evict(self) -> None:
        horizon = self._newest - self._window
        while self._expiry and (
            self._expiry[0][0] < horizon or len(self._docs) > self._settings.max_docs
        ):
            _, _, doc_id = heapq.heappop(self._expiry)
            self._remove(doc_id)

    def _remove(self, doc_id: int) -> None:
        doc = self._docs.pop(doc_id)
        if doc.duplicate_key is not None:
            self._duplicates.remove(doc_id, doc.duplicate_key)
        story = self._stories[doc.story_id]
        story.size -= 1
        if story.size == 0:
            for term in story.centroid:
                self._drop_posting(term, doc.story_id)
            del self._stories[doc.story_id]
            return
        centroid = story.centroid
        for term, weight in doc.vector.items():
            left = centroid[term] - weight
            if left > 1e-9:
                centroid[term] = left
            else:
                del centroid[term]
                self._drop_posting(term, doc.story_id)
        story.norm2 = sum(w * w for w in centroid.values())

    def _drop_posting(self, term: str, story_id: int) -> None:
        posting = self._postings.get(term)
        if posting is not None:
            posting.discard(story_id)
            if not posting:
                del self._postings[term]
