import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.stories import ClusteringSettings, StoryClusterer

ARTICLES = json.loads((Path(__file__).parent / "testdata" / "articles.json").read_text("utf-8"))
START = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)


def _add(clusterer: StoryClusterer, name: str, published: datetime | None = None, **kwargs):
    article = ARTICLES[name]
    return clusterer.add(article["id"], article["title"], article["text"], published, **kwargs)


@pytest.fixture
def clusterer() -> StoryClusterer:
    """A clusterer that has already seen a morning of unrelated news."""
    warmed = StoryClusterer()
    for article in ARTICLES["background"]:
        warmed.add(article["id"], article["title"], article["text"], START)
    return warmed


def test_two_outlets_reporting_one_event_share_a_story(clusterer: StoryClusterer) -> None:
    first = _add(clusterer, "chile_quake_ap")
    second = _add(clusterer, "chile_quake_reuters")

    assert first.is_new_story
    assert not second.is_new_story
    assert second.story_id == first.story_id
    assert second.duplicate_of is None  # rewritten by another outlet, not a copy


def test_look_alike_events_in_different_countries_stay_apart(clusterer: StoryClusterer) -> None:
    chile = _add(clusterer, "chile_quake_ap")
    indonesia = _add(clusterer, "indonesia_quake")
    chile_again = _add(clusterer, "chile_quake_reuters")
    indonesia_again = _add(clusterer, "indonesia_quake_second_outlet")

    assert indonesia.is_new_story
    assert indonesia.story_id != chile.story_id
    assert chile_again.story_id == chile.story_id
    assert indonesia_again.story_id == indonesia.story_id


def test_wire_copy_under_another_headline_is_a_duplicate(clusterer: StoryClusterer) -> None:
    original = _add(clusterer, "chile_quake_ap")
    _add(clusterer, "indonesia_quake")
    copy = _add(clusterer, "chile_quake_wire_copy")

    assert copy.duplicate_of == ARTICLES["chile_quake_ap"]["id"]
    assert copy.story_id == original.story_id


def test_unrelated_articles_open_their_own_stories(clusterer: StoryClusterer) -> None:
    stories = {clusterer.story_of(article["id"]) for article in ARTICLES["background"]}
    assert len(stories) == len(ARTICLES["background"])
    assert clusterer.story_count == len(ARTICLES["background"])


def test_rebuilding_with_story_ids_keeps_them_and_numbers_new_stories_after() -> None:
    rebuilt = StoryClusterer()
    for name, story_id in [("chile_quake_ap", 41), ("indonesia_quake", 57)]:
        assignment = _add(rebuilt, name, story_id=story_id)
        assert assignment.story_id == story_id
    for article in ARTICLES["background"][:3]:
        rebuilt.add(article["id"], article["title"], article["text"], story_id=7)

    assert rebuilt.story_of(ARTICLES["chile_quake_ap"]["id"]) == 41
    assert _add(rebuilt, "chile_quake_reuters").story_id == 41
    assert _add(rebuilt, "indonesia_quake_second_outlet").story_id == 57
    fresh = ARTICLES["background"][5]
    assignment = rebuilt.add(fresh["id"], fresh["title"], fresh["text"])
    assert assignment.is_new_story
    assert assignment.story_id == 58


def test_adding_the_same_article_twice_changes_nothing(clusterer: StoryClusterer) -> None:
    first = _add(clusterer, "chile_quake_ap")
    again = _add(clusterer, "chile_quake_ap")
    assert again.story_id == first.story_id
    assert not again.is_new_story
    assert len(clusterer) == len(ARTICLES["background"]) + 1


def test_articles_older_than_the_window_are_forgotten() -> None:
    clusterer = StoryClusterer(window_days=7)
    background = ARTICLES["background"]
    for day in range(30):
        for k, article in enumerate(background):
            doc_id = day * 100 + k
            clusterer.add(doc_id, article["title"], article["text"], START + timedelta(days=day))

    # The last 7 days are kept, plus at most a day of lag: the clock follows the median of
    # recent publication times (here, 14 articles a day).
    assert len(clusterer) <= 9 * len(background)
    assert all(clusterer.story_of(day * 100) is None for day in range(20))
    assert clusterer.story_of(29 * 100) is not None
    # Each day repeats the same news, so the live stories stay as few as the articles per day.
    assert clusterer.story_count <= len(background)


def test_memory_is_bounded_by_max_docs_even_without_dates() -> None:
    clusterer = StoryClusterer(settings=ClusteringSettings(max_docs=20))
    background = ARTICLES["background"]
    for doc_id in range(200):
        article = background[doc_id % len(background)]
        clusterer.add(doc_id, f"{article['title']} {doc_id}", article["text"])

    assert len(clusterer) == 20
    assert clusterer.story_of(0) is None
    assert clusterer.story_of(199) is not None


def test_an_evicted_story_does_not_capture_new_articles() -> None:
    clusterer = StoryClusterer(window_days=1)
    _add(clusterer, "chile_quake_ap", START)
    old_story = clusterer.story_of(ARTICLES["chile_quake_ap"]["id"])
    for k, article in enumerate(ARTICLES["background"]):
        clusterer.add(k, article["title"], article["text"], START + timedelta(days=3))

    later = _add(clusterer, "chile_quake_reuters", START + timedelta(days=3))
    assert later.is_new_story
    assert later.story_id != old_story


def test_empty_and_huge_inputs_are_handled(clusterer: StoryClusterer) -> None:
    empty = clusterer.add(900, "", "")
    assert empty.is_new_story
    huge_text = "Antofagasta quake " * 200_000 + ARTICLES["chile_quake_ap"]["text"]
    huge = clusterer.add(901, "x" * 100_000, huge_text)
    assert huge.story_id != empty.story_id
    assert len(clusterer) == len(ARTICLES["background"]) + 2


def test_one_article_dated_far_in_the_future_does_not_evict_the_rest(
    clusterer: StoryClusterer,
) -> None:
    before = len(clusterer)
    _add(clusterer, "indonesia_quake", datetime(2099, 1, 1, tzinfo=UTC))
    chile = _add(clusterer, "chile_quake_ap", START + timedelta(hours=1))

    assert len(clusterer) == before + 2
    assert _add(clusterer, "chile_quake_reuters", START + timedelta(hours=2)).story_id == (
        chile.story_id
    )
