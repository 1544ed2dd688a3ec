"""What the terminal shows of a message: the text Telegram keeps, styled by its entities."""

import re
from pathlib import Path

from bot.botapi import format_text
from bot.terminal.rich_text import render

TESTDATA = Path(__file__).parent / "testdata"
OUR_STYLES = re.compile(r"\x1b\[(?:1|22|3|23|4|24|9|29|36|39|7|27)m")


def shown(html: str, *, ansi: bool = False) -> str:
    """As `newsbrief chat` shows it: parsed by the Bot API emulator, then rendered."""
    formatted = format_text(html, "HTML")
    return render(formatted.text, formatted.entities, ansi=ansi)


def hostile_briefing() -> str:
    return (TESTDATA / "hostile-briefing.html").read_bytes().decode("utf-8")


def test_escape_sequences_from_a_feed_never_reach_the_terminal():
    text = shown(hostile_briefing(), ansi=True)
    leftover = OUR_STYLES.sub("", text).replace("\n", "")
    assert leftover.isprintable(), repr(leftover)
    assert "Talks resume" in text and "in Istanbul" in text
    assert "\x1b]" not in text and "\u202e" not in text and "\r" not in text


def test_bold_is_bold_on_a_terminal_and_plain_in_a_pipe():
    assert shown("<b>Talks</b> resume", ansi=True) == "\x1b[1mTalks\x1b[22m resume"
    assert shown("<b>Talks</b> resume") == "Talks resume"


def test_nested_styles_end_only_themselves():
    text = shown("<b>bold <i>both</i> still bold</b>", ansi=True)
    assert text == "\x1b[1mbold \x1b[3mboth\x1b[23m still bold\x1b[22m"


def test_links_show_where_they_go_and_quotes_keep_a_bar():
    html = hostile_briefing()
    text = shown(html)
    assert "Original <https://tassawar.example/2025/11/07/talks/?a=1&b=2>" in text
    assert "│ “We are hopeful,”\n│ said a spokesman.\n/subscribe" in text
    # What Telegram stores as message.text has neither the URL nor the bar.
    assert "Original\n“We are hopeful,”" in format_text(html, "HTML").text


def test_a_link_whose_text_is_its_url_is_shown_once():
    url = "https://www.dawn.com/news/1"
    assert shown(f'<a href="{url}">{url}</a>') == url


def test_offsets_are_utf16_units_so_styles_after_an_emoji_land_on_their_words():
    assert shown("📰 <b>Talks</b> 🇵🇰 <i>resume</i>", ansi=True) == (
        "📰 \x1b[1mTalks\x1b[22m 🇵🇰 \x1b[3mresume\x1b[23m"
    )


def test_named_entities_other_than_telegrams_four_stay_literal():
    assert shown("&copy; 2026 &amp; &lt;b&gt;") == "&copy; 2026 & <b>"
