"""The reader page keeps an article's structure: paragraphs, headings and lists, in order."""

from __future__ import annotations

from pathlib import Path

from bot.reader.blocks import MAX_BLOCKS, Block, reading_minutes, text_blocks

TESTDATA = Path(__file__).with_name("testdata")


def read(name: str) -> str:
    return (TESTDATA / name).read_text(encoding="utf-8")


def test_extracted_article_gets_its_headings_and_lists_back() -> None:
    text = read("istanbul-extracted.txt")
    blocks = text_blocks(text)
    assert [b.text for b in blocks if b.kind == "h2"] == [
        "The Diplomatic Imperative and Istanbul’s Role",
        "Pakistan’s Focus on Security and Evidence",
        "The Significance of Continued Engagement",
        "Conclusion: A Marathon, Not a Sprint",
    ]
    items = [b.text for b in blocks if b.kind == "li"]
    assert len(items) == 6 and items[0].startswith("Effective Border Management:")
    assert not any(b.text.startswith("- ") for b in blocks)
    # Nothing lost or reordered: every line of the text is one block.
    lines = [ln.removeprefix("- ") for ln in text.splitlines() if ln.strip()]
    assert [b.text for b in blocks] == lines


def test_wire_story_bylines_captions_quotes_and_dialogue_stay_paragraphs() -> None:
    blocks = text_blocks(read("wire-story.txt"))
    kinds = {b.text[:24]: b.kind for b in blocks}
    assert kinds["KABUL, Nov 7 (Reuters) -"] == "p"
    assert kinds["By Mohammad Yunus Yawar"] == "p"
    assert kinds["Photo: Delegations meet "] == "p"
    assert kinds["“We will not back down”"] == "p"
    assert kinds["What happens next"] == "h2"
    assert kinds["— Мы готовы продолжать п"] == "p"
    assert kinds["Reporting by Mohammad Yu"] == "p"
    assert [b.text for b in blocks if b.kind == "li"] == [
        "Pakistan wants written guarantees against militant attacks.",
        "Afghanistan wants an end to air strikes on its territory.",
    ]


def test_headings_in_scripts_without_capitals() -> None:
    blocks = text_blocks(read("urdu.txt"))
    assert [b.kind for b in blocks] == ["p", "p", "p"]  # the first line is never a heading
    blocks = text_blocks("تعارف\n" + read("urdu.txt"))
    assert [b.kind for b in blocks] == ["p", "h2", "p", "p"]


def test_hostile_lines_are_kept_as_text_without_control_characters() -> None:
    blocks = text_blocks(read("hostile.txt"))
    assert blocks[0] == Block("p", "Talks <script>window.__pwned = 1</script> resume")
    assert blocks[1].text == '<img src=x onerror="window.__pwned=2">'
    assert blocks[2].text == "BellRLO and tabs here"
    # A lone dash is no list item; a dash glued to a word is text.
    assert blocks[3:] == [Block("p", "-"), Block("p", "-list item with no space")]


def test_block_count_is_bounded() -> None:
    assert len(text_blocks("line\n" * (MAX_BLOCKS + 500))) == MAX_BLOCKS


def test_reading_time_counts_words_and_spaceless_scripts() -> None:
    assert reading_minutes("") == 1
    assert reading_minutes(read("istanbul-extracted.txt")) == 4  # ~900 words
    assert reading_minutes("word " * 2300) == 10
    assert reading_minutes("談判" * 2500) == 10  # 5,000 characters of Chinese


def test_numbered_items_and_bold_lead_ins_are_blocks_of_their_own() -> None:
    text = (
        "The report lists three reasons:\n\n1. **Safety:** No fire certificate yet.\n\n"
        "2. The tram stop is unfinished.\n\n**Why it matters:** Tickets were sold.\n\n"
        "- **Staff:** Too few stewards."
    )
    blocks = text_blocks(text)
    assert blocks[1] == Block("li", "No fire certificate yet.", number=1, lead="Safety:")
    assert blocks[2] == Block("li", "The tram stop is unfinished.", number=2)
    assert blocks[3] == Block("p", "Tickets were sold.", lead="Why it matters:")
    assert blocks[4] == Block("li", "Too few stewards.", lead="Staff:")
    assert [b.list_key for b in blocks[1:3]] == ["ol", "ol"] and blocks[4].list_key == "ul"
