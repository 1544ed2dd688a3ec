"""Online story clustering: each arriving article joins the most similar recent story or opens
a new one. Candidate stories come from an inverted index of each story's strongest terms, so
an article is compared with a handful of stories, never with every stored article."""

import heapq
import math
import statistics
import sys
from array import array
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import repeat
from operator import itemgetter, mul

from bot.stories.background import background_shares
from bot.stories.near_duplicates import MIN_TERMS, key_of_terms, keys_match
from bot.stories.quantities import Quantities, StoryQuantities, quantities
from bot.stories.term_weights import (
    DocumentFrequencies,
    TaggedTerms,
    article_term_weights,
    tag_article,
)

_DAY_SECONDS = 86_400.0
# Early on, rarity is measured on a handful of articles; the first vectors are re-weighted as
# the count doubles, up to this many articles (after that rarity barely moves).
_REWEIGHT_UNTIL = 4_096
_FIRST_REWEIGHT = 8
# The clock follows the median publication time of this many recent articles.
_CLOCK_SAMPLES = 31
# Copies of an article are looked for among the articles of this many closest stories.
_COPY_SEARCH_STORIES = 3
_NO_WEIGHTS = array("f")


@dataclass
class StoryAssignment:
    """Where one article went: its story, whether that story is new, the article it copies (a
    wire copy already seen) if any, and the score that decided (cosine, moved by the counts
    and the seed handicap; 1.0 when forced). `moved`: earlier articles that move into this
    story with it (a seed's article and its copies, see seed_band; articles re-homed from a
    runner-up story, see rehome_hours)."""

    story_id: int
    is_new_story: bool
    duplicate_of: int | None
    similarity: float
    moved: tuple[int, ...] = ()


@dataclass(frozen=True)
class ClusteringSettings:
    """Knobs of the clusterer; the defaults are the ones measured in bench/stories.py."""

    # Cosine between an article and a story centroid needed to join the story.
    threshold: float = 0.25
    # Emphasis: the headline, the first `lead_terms` terms of the text, names and numbers,
    # adjacent name pairs ("tara reid"), and dates (weekdays, months, years).
    title_weight: float = 3.0
    lead_weight: float = 3.0
    lead_terms: int = 40
    name_weight: float = 3.0
    name_pair_weight: float = 1.0
    date_weight: float = 2.0
    # Counts that agree with a story's ("23 pirates" and 23 pirates) add up to this much to the
    # cosine, counts that disagree take it away: look-alike events differ in their figures.
    quantity_weight: float = 0.05
    # A second look: an article that joins a story by less than `seed_band` over the
    # threshold is also the seed of a hidden story of its own, for `seed_hours`. A later
    # article whose cosine with the seed, less `seed_margin`, reaches the threshold and beats
    # every story opens it as a new story, and the seed's article (with its wire copies)
    # moves there. This parts a second look-alike event (another quake on the same island)
    # whose first report joined the first event's story.
    seed_band: float = 0.05
    seed_margin: float = 0.05
    # A second look for new names: a join into a story of at least `seed_novelty_members`
    # articles also plants a seed if its score, less `seed_novelty` times the article's share
    # of names and numbers the story never had (sum of squares of their vector weights), falls
    # within the band. A look-alike event's first report (another ship, another fighter) fits
    # the earlier story's words well but brings its own names. Such a seed opens only at a
    # wider margin: a story's own reports bring new names too.
    seed_novelty: float = 0.2
    seed_novelty_members: int = 5
    novelty_seed_margin: float = 0.1
    seed_hours: float = 24.0
    # Re-homing: every article stays movable for `rehome_hours` (its vector is kept that
    # long). When a later article lands in a story, the movable members of the
    # `rehome_rivals` runner-up stories of its search are scored against that story as an
    # arriving article would be (cosine, moved by the counts); one scoring at least
    # `rehome_fit` over the threshold and more than the cosine with its own story less its
    # own vector moves there, with its wire copies. Single pass files an early report before
    # its event's story has formed (it opens a story of its own, or joins a look-alike);
    # this lets it follow once the story has. 0 hours: off.
    rehome_hours: float = 24.0
    rehome_fit: float = 0.05
    rehome_rivals: int = 2
    # Bounds the work in a big story: only its newest movable members are looked at (two
    # dot products of 400 terms each, ~30 µs).
    rehome_members: int = 32
    # An article is represented by its strongest terms only: bounds memory and work.
    doc_terms: int = 80
    # A story's centroid keeps its strongest terms (bounds the work of comparing with it), and
    # is findable through the very strongest; an article looks up its own strongest ones.
    story_terms: int = 400
    story_index_terms: int = 24
    query_terms: int = 12
    # Posting lists are walked rarest first until this many entries have been seen: the
    # rare terms find the story; a term shared by thousands of stories only adds noise.
    posting_budget: int = 1_500
    candidates: int = 10
    max_docs: int = 200_000
    # Article counts fade by half every this many articles (see DocumentFrequencies).
    frequency_half_life: int = 20_000
    # Rarity before the feed has taught it: term counts of this many articles of general
    # text (bot.stories.background, public word frequencies of many languages) are added to
    # the online ones, and never fade. 0: online counts only.
    background_documents: float = 20_000.0


def _unit(weights: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    return {t: w / norm for t, w in weights.items()}


class _Doc:
    """An indexed article. Its terms and vector are kept only while early vectors are still
    re-weighted: after that its story's centroid holds them, and 80 terms an article would
    be most of the index's memory."""

    __slots__ = ("story_id", "terms", "vector", "raw", "seen_at", "duplicate_key")

    def __init__(
        self,
        story_id: int,
        terms: tuple[str, ...],
        raw: array | None,
        seen_at: float,
        duplicate_key: int | None,
    ) -> None:
        self.story_id = story_id
        self.terms = terms
        self.vector = _NO_WEIGHTS
        self.raw = raw  # term counts before rarity weighting, kept only while re-weighting
        self.seen_at = seen_at
        self.duplicate_key = duplicate_key

    def forget_terms(self) -> None:
        self.terms, self.vector, self.raw = (), _NO_WEIGHTS, None


class _Story:
    """Sum of the unit vectors of its articles (the centroid, unnormalised), kept as two
    parallel sequences rather than a dict: a dict per story costs kilobytes."""

    __slots__ = ("terms", "weights", "norm2", "members", "indexed", "quantities", "novel")

    def __init__(self) -> None:
        self.quantities = StoryQuantities()
        self.terms: tuple[str, ...] = ()
        self.weights: array = array("f")  # single precision: half the memory, enough for cosines
        self.norm2 = 0.0
        self.members: list[int] = []
        self.indexed: tuple[str, ...] = ()
        self.novel = False  # a seed planted for its new names (see ClusteringSettings)

    def dot(self, vector: dict[str, float]) -> float:
        # map() keeps the loop in C: this is the hot path of every search.
        return sum(map(mul, self.weights, map(vector.get, self.terms, repeat(0.0))))

    def set_centroid(self, centroid: dict[str, float], limit: int) -> None:
        if len(centroid) > limit:
            kept = heapq.nlargest(limit, centroid, key=centroid.__getitem__)
            centroid = {t: centroid[t] for t in kept}
        self.terms = tuple(centroid)
        self.weights = array("f", centroid.values())
        self.norm2 = sum(w * w for w in self.weights)

    def centroid(self) -> dict[str, float]:
        return dict(zip(self.terms, self.weights, strict=True))

    @classmethod
    def of_article(cls, doc: _Doc) -> "_Story":
        """A one-article story: it shares the article's arrays (never changed in place)."""
        story = cls()
        story.terms, story.weights = doc.terms, doc.vector
        story.norm2 = sum(w * w for w in doc.vector)
        return story


def _accumulate(centroid: dict[str, float], doc: _Doc) -> None:
    for term, weight in zip(doc.terms, doc.vector, strict=True):
        centroid[term] = centroid.get(term, 0.0) + weight


class StoryClusterer:
    """Online single-pass clusterer with an inverted index (never a scan of every stored
    article). Remembers the articles published in the last `window_days` (by the clock of
    recent publication times) and at most `settings.max_docs` of them."""

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
        self._frequencies = DocumentFrequencies(
            self._settings.frequency_half_life,
            background=background_shares() if self._settings.background_documents else None,
            background_documents=self._settings.background_documents,
        )
        self._docs: dict[int, _Doc] = {}
        self._stories: dict[int, _Story] = {}
        self._postings: dict[str, list[int]] = {}
        self._expiry: list[tuple[float, int, int]] = []
        self._added = 0
        self._next_reweight = _FIRST_REWEIGHT
        self._clock = -math.inf
        self._recent_stamps: deque[float] = deque(maxlen=_CLOCK_SAMPLES)
        self._next_story_id = 1
        # Seeds (see ClusteringSettings.seed_band): hidden story -> its article, and back.
        self._seeds: dict[int, int] = {}
        self._seed_of: dict[int, int] = {}
        self._seed_expiry: list[tuple[float, int]] = []
        # Re-homing (see ClusteringSettings.rehome_hours): movable article -> its counts;
        # their vectors are kept (not forgotten) meanwhile.
        self._watched: dict[int, Quantities] = {}
        self._watch_expiry: list[tuple[float, int]] = []

    def add(
        self,
        doc_id: int,
        title: str,
        text: str,
        published: datetime | None = None,
        story_id: int | None = None,
    ) -> StoryAssignment:
        """Assign the article to the best existing story or open a new one. If story_id is
        given (e.g. when rebuilding the index from the database at start-up), the doc is put in
        that story without search. A copy of an indexed article joins that article's story and
        names it as duplicate_of. Adding a doc_id again returns its story and changes nothing."""
        known = self._docs.get(doc_id)
        if known is not None:
            return StoryAssignment(known.story_id, False, None, 1.0)
        seen_at = self._arrival_time(published)
        title_terms, text_terms = tag_article(title, text)
        weights = self._term_weights(title_terms, text_terms)
        self._frequencies.add(weights)
        scored = self._frequencies.tf_idf(weights)
        strongest = heapq.nlargest(self._settings.doc_terms, scored, key=scored.__getitem__)
        vector = _unit({t: scored[t] for t in strongest})
        terms = [term for term, _ in text_terms]
        counted = quantities(title, text)
        duplicate_key = key_of_terms(terms) if len(terms) >= MIN_TERMS else None
        duplicate_of = None

        if story_id is not None:
            chosen, similarity = story_id, 1.0
        else:
            ranked = self._ranked_stories(vector, counted)
            if duplicate_key is not None:
                duplicate_of = self._find_copy(duplicate_key, ranked)
            if duplicate_of is not None:
                chosen = self._docs[duplicate_of].story_id
                similarity = next((sim for sid, sim in ranked if sid == chosen), 0.0)
            elif ranked and ranked[0][1] >= self._threshold:
                chosen, similarity = ranked[0]
            else:
                chosen, similarity = self._next_story_id, ranked[0][1] if ranked else 0.0
        is_new = chosen not in self._stories or not self._stories[chosen].members
        self._next_story_id = max(self._next_story_id, chosen + 1)
        moved = self._open_seed(chosen) if is_new and chosen in self._seeds else ()
        joined = story_id is None and duplicate_of is None and not is_new
        cut = self._threshold + self._settings.seed_band
        borderline = joined and similarity < cut
        novel = (
            joined
            and not borderline
            and similarity
            - self._settings.seed_novelty * self._novelty(vector, title_terms, text_terms, chosen)
            < cut
        )

        raw = array("f", (weights[t] for t in strongest)) if self._reweighting else None
        # Interned: the same term from a thousand articles is then stored once.
        doc = _Doc(chosen, tuple(map(sys.intern, strongest)), raw, seen_at, duplicate_key)
        doc.vector = array("f", vector.values())
        self._insert(doc_id, doc, counted)
        if borderline or novel:
            self._plant_seed(doc_id, doc, counted, novel)
        if self._settings.rehome_hours > 0:
            if story_id is None:
                moved += self._rehome_into(chosen, ranked)
            # A copy moves with its original. Articles put in their stored story (a restart)
            # stay movable too, as they would be in a process that had run on.
            if duplicate_of is None:
                self._watch(doc_id, doc, counted)
        if not self._reweighting and doc_id not in self._watched:
            doc.forget_terms()
        self._evict()
        self._added += 1
        if self._added >= self._next_reweight:
            self._next_reweight *= 2
            self._reweight()
        return StoryAssignment(chosen, is_new, duplicate_of, similarity, moved)

    def story_of(self, doc_id: int) -> int | None:
        """The story of an indexed article, or None if it was never added or has been evicted."""
        doc = self._docs.get(doc_id)
        return None if doc is None else doc.story_id

    def __len__(self) -> int:
        return len(self._docs)

    def has_story(self, story_id: int) -> bool:
        """Whether the story still has an article in the index (else it has been evicted)."""
        story = self._stories.get(story_id)
        return story is not None and bool(story.members)

    @property
    def story_count(self) -> int:
        """Number of stories with at least one indexed article."""
        return len(self._stories) - len(self._seeds)

    @property
    def _reweighting(self) -> bool:
        return self._added < _REWEIGHT_UNTIL

    def _term_weights(self, title_terms: TaggedTerms, text_terms: TaggedTerms) -> dict[str, float]:
        settings = self._settings
        return article_term_weights(
            title_terms,
            text_terms,
            title_weight=settings.title_weight,
            name_weight=settings.name_weight,
            name_pair_weight=settings.name_pair_weight,
            date_weight=settings.date_weight,
            lead_weight=settings.lead_weight,
            lead_terms=settings.lead_terms,
        )

    def _novelty(
        self,
        vector: dict[str, float],
        title_terms: TaggedTerms,
        text_terms: TaggedTerms,
        story_id: int,
    ) -> float:
        """The share of the article's vector (sum of squares) on names and numbers that the
        story's centroid does not hold (0 for a story too small to say)."""
        story = self._stories[story_id]
        settings = self._settings
        if not settings.seed_novelty or len(story.members) < settings.seed_novelty_members:
            return 0.0
        known = set(story.terms)
        names = {term for term, named in (*title_terms, *text_terms) if named}
        return sum(w * w for t, w in vector.items() if t in names and t not in known)

    def _arrival_time(self, published: datetime | None) -> float:
        """When the article counts as seen, for eviction. The clock is the median of the last
        publication times, so one feed dating an article 2099 cannot evict everything;
        undated articles arrive at the clock and age with the feed."""
        clock = self._clock if self._clock > -math.inf else 0.0
        if published is None:
            return clock
        stamp = published.timestamp()
        self._recent_stamps.append(stamp)
        self._clock = max(self._clock, statistics.median_low(self._recent_stamps))
        return min(stamp, self._clock + _DAY_SECONDS)

    @staticmethod
    def _similarity(vector: dict[str, float], story: _Story) -> float:
        if story.norm2 <= 0.0:
            return 0.0
        return story.dot(vector) / math.sqrt(story.norm2)

    def _score(self, vector: dict[str, float], counted: Quantities, story: _Story) -> float:
        similarity = self._similarity(vector, story)
        if not story.members:
            # A seed: its article already counts in a story; only a clearly closer match
            # opens it.
            if story.novel:
                return similarity - self._settings.novelty_seed_margin
            return similarity - self._settings.seed_margin
        if counted and self._settings.quantity_weight:
            agreement = story.quantities.agreement(counted, len(story.members))
            similarity += self._settings.quantity_weight * max(-1.0, min(1.0, agreement))
        return similarity

    def _ranked_stories(
        self, vector: dict[str, float], counted: Quantities
    ) -> list[tuple[int, float]]:
        """Candidate stories (sharing the article's strongest terms) with their similarity
        (cosine, moved by the agreement of counts), most similar first."""
        settings = self._settings
        overlap: dict[int, float] = {}
        strongest = heapq.nlargest(settings.query_terms, vector.items(), key=itemgetter(1))
        found = [(self._postings.get(term, []), weight) for term, weight in strongest]
        walked = 0
        for posting, weight in sorted((pw for pw in found if pw[0]), key=lambda pw: len(pw[0])):
            walked += len(posting)
            if walked > settings.posting_budget:
                break
            for sid in posting:
                overlap[sid] = overlap.get(sid, 0.0) + weight
        candidates = heapq.nlargest(settings.candidates, overlap, key=overlap.__getitem__)
        scored = [(sid, self._score(vector, counted, self._stories[sid])) for sid in candidates]
        return sorted(scored, key=lambda item: item[1], reverse=True)

    def _plant_seed(self, doc_id: int, doc: _Doc, counted: Quantities, novel: bool) -> None:
        """A hidden story holding just this article (which belongs to another story): found
        like any story, shown once another article joins it, gone when the article goes."""
        seed_id = self._next_story_id
        self._next_story_id += 1
        seed = self._stories[seed_id] = _Story.of_article(doc)
        seed.quantities.add(counted)
        self._reindex(seed_id, seed)
        self._seeds[seed_id] = doc_id
        self._seed_of[doc_id] = seed_id
        seed.novel = novel
        expires = doc.seen_at + self._settings.seed_hours * 3600
        heapq.heappush(self._seed_expiry, (expires, seed_id))

    def _open_seed(self, seed_id: int) -> tuple[int, ...]:
        """Another article chose the seed: its article, and the wire copies of it, leave the
        story they had joined for this one, and take their terms and counts along. Returns
        the articles that moved."""
        doc_id = self._seeds.pop(seed_id)
        del self._seed_of[doc_id]
        docs = self._docs
        left_id = docs[doc_id].story_id
        seed, left = self._stories[seed_id], self._stories[left_id]
        moved = tuple(self._with_copies(doc_id, left))
        for member in moved:
            docs[member].story_id = seed_id
            seed.members.append(member)
        # The seed still holds exactly its article's vector and counts; a copy says what its
        # original says (its own vector is no longer kept).
        self._take_out(left_id, left, seed.terms, seed.weights, moved, seed.quantities)
        return moved

    def _watch(self, doc_id: int, doc: _Doc, counted: Quantities) -> None:
        self._watched[doc_id] = counted
        expires = doc.seen_at + self._settings.rehome_hours * 3600
        heapq.heappush(self._watch_expiry, (expires, doc_id))

    def _rehome_into(self, story_id: int, ranked: list[tuple[int, float]]) -> tuple[int, ...]:
        """Move the movable members of the runner-up stories that now fit this story (it just
        changed) better than their own (less themselves) into it. Returns them, with their
        wire copies."""
        settings, stories, docs = self._settings, self._stories, self._docs
        target = stories[story_id]
        # A runner-up may be gone already (a seed just opened took its last article).
        rivals = [
            sid for sid, _ in ranked if sid != story_id and sid in stories and stories[sid].members
        ][: settings.rehome_rivals]
        moved: list[int] = []
        for rival_id in rivals:
            rival = stories[rival_id]
            movable = [m for m in rival.members if m in self._watched]
            for member in movable[len(movable) - settings.rehome_members :]:
                doc = docs[member]
                vector = dict(zip(doc.terms, doc.vector, strict=True))
                if not vector or member not in rival.members:
                    continue
                fit = self._score(vector, self._watched[member], target)
                if fit < self._threshold + settings.rehome_fit:
                    continue
                # Its wire copies would move with it: the story it leaves is what remains.
                moving = self._with_copies(member, rival)
                if fit >= self._similarity_without(vector, doc, rival, len(moving)):
                    self._move(moving, rival_id, story_id)
                    moved += moving
                    if rival_id not in stories:
                        break
        return tuple(moved)

    def _similarity_without(
        self, vector: dict[str, float], doc: _Doc, story: _Story, copies: int
    ) -> float:
        """Cosine of a member with its story's centroid less the member's own vector (and its
        copies'): 0 when nothing else is left (alone, it fits nothing)."""
        if len(story.members) <= copies:
            return 0.0
        dot = story.dot(vector)
        self_dot = sum(w * w for w in doc.vector)
        rest = story.norm2 - 2 * copies * dot + copies * copies * self_dot
        return (dot - copies * self_dot) / math.sqrt(rest) if rest > 1e-9 else 0.0

    def _with_copies(self, doc_id: int, story: _Story) -> list[int]:
        """The article and its wire copies among the story's members."""
        docs = self._docs
        key = docs[doc_id].duplicate_key
        return [doc_id] + [
            m
            for m in story.members
            if m != doc_id
            and key is not None
            and (copy_key := docs[m].duplicate_key) is not None
            and keys_match(key, copy_key)
        ]

    def _move(self, moving: list[int], from_id: int, to_id: int) -> None:
        """Move a movable article (first) and its wire copies between stories, terms and
        counts along (a copy says what its original says: its own vector may be gone)."""
        docs, source, target = self._docs, self._stories[from_id], self._stories[to_id]
        doc = docs[moving[0]]
        counted = self._watched[moving[0]]
        counts = StoryQuantities()
        counts.add(counted)
        for member in moving:
            docs[member].story_id = to_id
            target.members.append(member)
            target.quantities.add(counted)
        centroid = target.centroid()
        for term, weight in zip(doc.terms, doc.vector, strict=True):
            centroid[term] = centroid.get(term, 0.0) + weight * len(moving)
        target.set_centroid(centroid, self._settings.story_terms)
        self._reindex(to_id, target)
        self._take_out(from_id, source, doc.terms, doc.vector, moving, counts)

    def _take_out(
        self,
        story_id: int,
        story: _Story,
        terms: Sequence[str],
        weights: Sequence[float],
        moving: Sequence[int],
        counts: StoryQuantities,
    ) -> None:
        """An article (its `terms` and `weights`, its `counts`) and its wire copies, `moving`,
        leave the story: members, terms and counts. The story goes with its last article."""
        for member in moving:
            story.members.remove(member)
        if not story.members:
            self._drop_story(story_id)
            return
        centroid = story.centroid()
        for term, weight in zip(terms, weights, strict=True):
            if term in centroid:
                centroid[term] -= weight * len(moving)
        story.set_centroid({t: w for t, w in centroid.items() if w > 1e-6}, len(centroid))
        for _ in moving:
            story.quantities.discard(counts)
        self._reindex(story_id, story)

    def _find_copy(self, key: int, ranked: list[tuple[int, float]]) -> int | None:
        """An article of the most similar stories whose text this one copies, if any: a copy
        shares most words with its original, so its story is among the closest."""
        docs = self._docs
        for sid, _ in ranked[:_COPY_SEARCH_STORIES]:
            for member in self._stories[sid].members:
                member_key = docs[member].duplicate_key
                if member_key is not None and keys_match(key, member_key):
                    return member
        return None

    def _insert(self, doc_id: int, doc: _Doc, counted: Quantities) -> None:
        self._docs[doc_id] = doc
        story = self._stories.get(doc.story_id)
        if story is None:
            story = self._stories[doc.story_id] = _Story.of_article(doc)
        else:
            centroid = story.centroid()
            _accumulate(centroid, doc)
            story.set_centroid(centroid, self._settings.story_terms)
        story.members.append(doc_id)
        story.quantities.add(counted)
        self._reindex(doc.story_id, story)
        heapq.heappush(self._expiry, (doc.seen_at, self._added, doc_id))

    def _reindex(self, story_id: int, story: _Story) -> None:
        """Point the posting lists of the story's strongest terms (and only those) at it."""
        ranked = heapq.nlargest(
            self._settings.story_index_terms,
            range(len(story.terms)),
            key=story.weights.__getitem__,
        )
        indexed = tuple(story.terms[i] for i in ranked)
        before = set(story.indexed)
        for term in before.difference(indexed):
            self._drop_posting(term, story_id)
        for term in indexed:
            if term not in before:
                self._postings.setdefault(term, []).append(story_id)
        story.indexed = indexed

    def _evict(self) -> None:
        horizon = self._clock - self._window
        expiry = self._expiry
        while expiry and (expiry[0][0] < horizon or len(self._docs) > self._settings.max_docs):
            _, _, doc_id = heapq.heappop(expiry)
            self._remove(doc_id)
        seeds = self._seed_expiry
        while seeds and seeds[0][0] < self._clock:
            _, seed_id = heapq.heappop(seeds)
            seed_doc = self._seeds.pop(seed_id, None)  # None: opened, or gone with its article
            if seed_doc is not None:
                del self._seed_of[seed_doc]
                self._drop_story(seed_id)
        watched = self._watch_expiry
        while watched and watched[0][0] < self._clock:
            _, doc_id = heapq.heappop(watched)
            self._unwatch(doc_id)

    def _unwatch(self, doc_id: int) -> None:
        if self._watched.pop(doc_id, None) is not None and not self._reweighting:
            doc = self._docs.get(doc_id)
            if doc is not None:
                doc.forget_terms()

    def _remove(self, doc_id: int) -> None:
        """Forget an article. Its story keeps the article's terms in its centroid while other
        articles of it remain (the terms are not kept per article to subtract them): a story
        is the sum of what it reported in the window, and goes with its last article."""
        doc = self._docs.pop(doc_id)
        self._watched.pop(doc_id, None)
        seed_id = self._seed_of.pop(doc_id, None)
        if seed_id is not None:  # a seed nobody opened goes with its article
            del self._seeds[seed_id]
            self._drop_story(seed_id)
        story = self._stories[doc.story_id]
        story.members.remove(doc_id)
        if not story.members:
            self._drop_story(doc.story_id)

    def _drop_story(self, story_id: int) -> None:
        for term in self._stories.pop(story_id).indexed:
            self._drop_posting(term, story_id)

    def _drop_posting(self, term: str, story_id: int) -> None:
        posting = self._postings.get(term)
        if posting is not None and story_id in posting:
            posting.remove(story_id)
            if not posting:
                del self._postings[term]

    def _reweight(self) -> None:
        """Recompute the early articles' vectors with today's rarity; stories follow. Past
        _REWEIGHT_UNTIL articles the raw counts are dropped and this stops."""
        if not self._reweighting:
            for doc_id, doc in self._docs.items():
                if doc_id not in self._watched:
                    doc.forget_terms()
            return
        centroids: dict[int, dict[str, float]] = {sid: {} for sid in self._stories}
        for doc in self._docs.values():
            if doc.raw is not None:
                counts = dict(zip(doc.terms, doc.raw, strict=True))
                doc.vector = array("f", _unit(self._frequencies.tf_idf(counts)).values())
            _accumulate(centroids[doc.story_id], doc)
        for seed_id, doc_id in self._seeds.items():
            _accumulate(centroids[seed_id], self._docs[doc_id])
        for sid, story in self._stories.items():
            story.set_centroid(centroids[sid], self._settings.story_terms)
            self._reindex(sid, story)
