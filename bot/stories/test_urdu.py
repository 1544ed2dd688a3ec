"""Stories group Urdu reports of one event, whichever keyboard each outlet typed them on."""

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.stories import ClusteringSettings, StoryClusterer, tokenize

HERE = Path(__file__).parent
NEWS = json.loads((HERE.parent / "text" / "testdata" / "urdu_news.json").read_text("utf-8"))
BACKGROUND = json.loads((HERE / "testdata" / "articles.json").read_text("utf-8"))["background"]
START = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)


def test_urdu_reports_of_one_event_share_a_story_and_other_events_do_not() -> None:
    clusterer = StoryClusterer()
    for article in BACKGROUND:
        clusterer.add(article["id"], article["title"], article["text"], START)
    later = START + timedelta(hours=1)

    def add(number: int, name: str):
        article = NEWS[name]
        return clusterer.add(10_000 + number, article["title"], article["text"], later)

    first = add(1, "talks_urdu_keyboard")
    names = ("karachi_rain", "lahore_cricket", "inflation", "swat_flood")
    others = [add(number, name) for number, name in enumerate(names, start=2)]
    second = add(9, "talks_arabic_keyboard")

    assert first.is_new_story
    assert second.story_id == first.story_id
    # Urdu's own function words (کے، میں، ہے) are in every report: they must not bring
    # unrelated ones anywhere near the threshold (they did to within 0.01 of it).
    assert all(other.is_new_story for other in others)
    assert max(other.similarity for other in others) < ClusteringSettings().threshold / 2
    assert len({other.story_id for other in others} | {first.story_id}) == 5


def test_hindi_and_bengali_words_stay_whole() -> None:
    # Their vowel signs are combining marks, which Python's \w does not count as word letters.
    assert tokenize("भारत और पाकिस्तान के बीच बातचीत") == ["भारत", "पाकिस्तान", "बीच", "बातचीत"]
    assert "বাংলাদেশ" in tokenize("বাংলাদেশ ও ভারতের আলোচনা")
