"""Stories group Urdu reports of one event, whichever keyboard each outlet typed them on."""

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.stories import StoryClusterer, tokenize

HERE = Path(__file__).parent
NEWS = json.loads((HERE.parent / "text" / "testdata" / "urdu_news.json").read_text("utf-8"))
BACKGROUND = json.loads((HERE / "testdata" / "articles.json").read_text("utf-8"))["background"]
START = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)


def test_urdu_reports_of_one_event_share_a_story_and_another_event_does_not() -> None:
    clusterer = StoryClusterer()
    for article in BACKGROUND:
        clusterer.add(article["id"], article["title"], article["text"], START)
    later = START + timedelta(hours=1)

    def add(number: int, name: str):
        article = NEWS[name]
        return clusterer.add(10_000 + number, article["title"], article["text"], later)

    first = add(1, "talks_urdu_keyboard")
    rain = add(2, "karachi_rain")
    second = add(3, "talks_arabic_keyboard")

    assert first.is_new_story and rain.is_new_story
    assert second.story_id == first.story_id
    assert rain.story_id != first.story_id


def test_hindi_and_bengali_words_stay_whole() -> None:
    # Their vowel signs are combining marks, which Python's \w does not count as word letters.
    assert tokenize("भारत और पाकिस्तान के बीच बातचीत")[:3] == ["भारत", "और", "पाकिस्तान"]
    assert "বাংলাদেশ" in tokenize("বাংলাদেশ ও ভারতের আলোচনা")
