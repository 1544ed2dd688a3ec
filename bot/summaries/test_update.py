import json
from pathlib import Path

from bot.summaries import summarise, summarise_update
from bot.summaries.update import UpdateWeights, update_heading

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


QUAKE = "A magnitude 6.1 earthquake struck Sulawesi on Monday, officials said."


def test_a_stated_background_fact_does_not_lead() -> None:
    """A sentence of all-new words that says how things are (a place "sits on" a fault) is
    background; the casualty figure inside a sentence of known words is the news."""
    later = (
        "The earthquake that struck Sulawesi on Monday killed three people and more than 20 "
        "were hurt, officials said. "
        "Indonesia sits on the Pacific Ring of Fire, an arc of volcanoes and fault lines."
    )
    assert summarise_update(later, [QUAKE]).startswith("The earthquake that struck Sulawesi")


def test_a_clock_time_is_not_the_news() -> None:
    """A clock time ("5:11 p.m.") splits into figures and letters the reader was not sent;
    they say when, not what happened."""
    later = (
        "The report says the earthquake struck Sulawesi at 5:11 p.m. on Monday. "
        "Two villagers were injured, officials said."
    )
    assert summarise_update(later, [QUAKE]).startswith("Two villagers were injured")


def test_a_present_perfect_event_outranks_description() -> None:
    """News is told in the present perfect ("police have identified"); a descriptive sentence
    with as many new words does not lead."""
    earlier = "Two women were found dead in an apartment in New Bedford, police said."
    later = (
        "Two women were found dead in an apartment in New Bedford. "
        "The building stands on a quiet street lined with maple trees. "
        "Police have identified the victims as Katherine Gomes and Robyn Mendes."
    )
    assert summarise_update(later, [earlier]).startswith("Police have identified")


def test_the_title_counts_only_when_weighted() -> None:
    """The newer report's title is measured as evidence (bench/updates.py) but ships at weight
    0: its new terms lift a sentence only when the weights say so."""
    later = (
        "A magnitude 6.1 earthquake struck Sulawesi on Monday. "
        "Rescuers searched collapsed houses in three villages. "
        "Copper shipments through the port were halted."
    )
    title = "Sulawesi quake halts copper shipments"
    assert summarise_update(later, [QUAKE], title=title).startswith("Rescuers")
    weighted = UpdateWeights(title_weight=2.0)
    assert summarise_update(later, [QUAKE], title=title, weights=weighted).startswith("Copper")


def test_past_perfect_with_an_adverb_is_background() -> None:
    """A past perfect with an adverb ("had recently been fired") retells what led up to the
    news, like "had been fired"."""
    earlier = "A gunman opened fire at an office party in Vancouver, police said."
    later = (
        "A Vancouver man was charged with murder on Saturday. "
        "The suspect had recently been fired from his warehouse job, coworkers told reporters."
    )
    assert summarise_update(later, [earlier]).startswith("A Vancouver man was charged")
