import json
from pathlib import Path

from bot.summaries import summarise, summarise_update
from bot.summaries.update import update_heading

TESTDATA = Path(__file__).parent / "testdata"
STORY_DATA = Path(__file__).parents[1] / "stories" / "testdata"
MICHIGAN = (TESTDATA / "ap-dateline-michigan.txt").read_text(encoding="utf-8")
NEW_FACT = (
    "A seventh patient, a 64-year-old woman from Kalamazoo County, died Wednesday at Bronson "
    "hospital, officials confirmed."
)


def test_follow_up_reports_only_the_new_fact() -> None:
    follow_up = MICHIGAN.replace(
        "The death occurred Saturday.", f"The death occurred Saturday. {NEW_FACT}"
    )
    assert summarise_update(follow_up, [MICHIGAN]) == NEW_FACT


def test_rewrite_of_a_known_article_adds_nothing() -> None:
    shuffled = "\n\n".join(reversed(MICHIGAN.split("\n\n")))
    assert summarise_update(shuffled, [MICHIGAN]) == ""


def test_update_respects_its_limits() -> None:
    istanbul = (TESTDATA / "istanbul-talks.txt").read_text(encoding="utf-8")
    update = summarise_update(istanbul, [MICHIGAN], max_sentences=2, max_chars=300)
    assert 0 < len(update) <= 300
    assert "Tassawar" not in update


def test_without_earlier_articles_the_update_is_the_summary() -> None:
    assert summarise_update(MICHIGAN, []) == summarise(MICHIGAN, max_sentences=2, max_chars=300)


def test_the_development_leads_even_when_its_names_are_known() -> None:
    """The lead of the later report is mostly names the reader knows (port, union, strike) but
    says what happened; the retold grievance must not lead the update."""
    articles = json.loads((STORY_DATA / "articles.json").read_text(encoding="utf-8"))
    begins, deal = articles["strike_begins"]["text"], articles["strike_deal"]["text"]
    update = summarise_update(deal, [begins])
    assert update.startswith("Dockworkers at Port Halden ended their strike")
    assert "had not risen" not in update


def test_the_heading_follows_the_development() -> None:
    assert (
        update_heading(
            "Strike ends with pay deal", "Dockworkers strike", ["Dockworkers strike over pay."]
        )
        == "Strike ends with pay deal"
    )
    assert (
        update_heading(
            "Dockworkers strike over pay", "Dockworkers strike", ["Dockworkers strike over pay."]
        )
        == "Dockworkers strike"
    )
