import re
from pathlib import Path

import pytest

from bot.terminal.html_text import HtmlError, read_html

TESTDATA = Path(__file__).parent / "testdata"
OUR_STYLES = re.compile(r"\x1b\[(?:1|22|3|23|4|24|9|29|36|39|7|27)m")


def hostile_briefing() -> str:
    return (TESTDATA / "hostile-briefing.html").read_bytes().decode("utf-8")


def test_escape_sequences_from_a_feed_never_reach_the_terminal():
    shown = read_html(hostile_briefing(), ansi=True).shown
    leftover = OUR_STYLES.sub("", shown).replace("\n", "")
    assert leftover.isprintable(), repr(leftover)
    assert "Talks resume in Istanbul" in shown
    assert "owned" not in shown and "\u202e" not in shown and "\r" not in shown


def test_bold_is_bold_on_a_terminal_and_plain_in_a_pipe():
    assert read_html("<b>Talks</b> resume", ansi=True).shown == "\x1b[1mTalks\x1b[22m resume"
    assert read_html("<b>Talks</b> resume", ansi=False).shown == "Talks resume"


def test_nested_styles_end_only_themselves():
    shown = read_html("<b>bold <i>both</i> still bold</b>", ansi=True).shown
    assert shown == "\x1b[1mbold \x1b[3mboth\x1b[23m still bold\x1b[22m"


def test_links_show_where_they_go_and_quotes_keep_a_bar():
    read = read_html(hostile_briefing(), ansi=False)
    assert "Original <https://tassawar.example/2025/11/07/talks/?a=1&b=2>" in read.shown
    assert "│ “We are hopeful,”\n│ said a spokesman.\n/subscribe" in read.shown
    # What Telegram stores as message.text has neither the URL nor the bar.
    assert "Original\n“We are hopeful,”" in read.plain


def test_a_link_whose_text_is_its_url_is_shown_once():
    url = "https://www.dawn.com/news/1"
    assert read_html(f'<a href="{url}">{url}</a>', ansi=False).shown == url


@pytest.mark.parametrize(
    ("html", "reason"),
    [
        ("<div>Talks</div>", 'unsupported start tag "div"'),
        ("<b>Talks", 'unclosed start tag "b"'),
        ("<b><i>Talks</b></i>", 'unmatched end tag "b"'),
        ('<span class="x">Talks</span>', "tg-spoiler"),
        ("<b> </b>", "message text is empty"),
        ("x" * 4097, "message is too long"),
    ],
)
def test_html_telegram_refuses_is_refused(html, reason):
    with pytest.raises(HtmlError, match=re.escape(reason)):
        read_html(html, ansi=False)


def test_the_limit_counts_text_not_markup():
    html = "<b>" + "x" * 4000 + "</b>" + "&amp;" * 96
    assert len(read_html(html, ansi=False).plain) == 4096
