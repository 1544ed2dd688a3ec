"""The text pipeline must reject and accept exactly what Telegram does."""

from pathlib import Path

import pytest

from bot.botapi.errors import BotApiError
from bot.botapi.text import (
    EntityParseError,
    format_text,
    parse_html,
    telegram_length,
    utf16_length,
)

TESTDATA = Path(__file__).parent / "testdata"


def read(name: str) -> str:
    return (TESTDATA / name).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("html", "reason"),
    [
        ("<p>Hello</p>", 'Unsupported start tag "p" at byte offset 0'),
        ("line<br>break", 'Unsupported start tag "br" at byte offset 4'),
        ("<br/>", 'Unsupported start tag "br/" at byte offset 0'),
        ("<!-- note -->x", 'Unsupported start tag "!--" at byte offset 0'),
        ("<b>bold", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b><i>x</b></i>", 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("AT&T < Verizon", 'Unsupported start tag "" at byte offset 5'),
        ("1<2", "Unclosed start tag at byte offset 1"),
        ("<a href=https://x.org>x</a>", "Unexpected end of name token at byte offset 8"),
        ('<span class="red">x</span>', 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
        ("é<p>", 'Unsupported start tag "p" at byte offset 2'),  # bytes, not characters
    ],
)
def test_html_errors_carry_tdlib_reason_and_byte_offset(html: str, reason: str) -> None:
    with pytest.raises(EntityParseError) as caught:
        parse_html(html)
    assert str(caught.value) == reason


def test_only_four_named_references_are_decoded_others_stay_literal() -> None:
    parsed = parse_html("&lt;b&gt; &amp; &quot;q&quot; &nbsp; &copy; &#169; &#x1F4F0; &amp")
    assert parsed.text == '<b> & "q" &nbsp; &copy; © 📰 &'


def test_entity_offsets_are_utf16_code_units() -> None:
    parsed = parse_html("📰 <b>Top</b> <a href='https://e.org/?a=1&amp;b=2'>link</a>")
    assert parsed.entities == (
        {"type": "bold", "offset": 3, "length": 3},
        {"type": "text_link", "offset": 7, "length": 4, "url": "https://e.org/?a=1&b=2"},
    )


def test_pre_with_language_and_expandable_quote_and_spoiler() -> None:
    parsed = parse_html(
        '<pre><code class="language-python">x = 1</code></pre>'
        '<blockquote expandable>q</blockquote><span class="tg-spoiler">s</span>'
    )
    assert [e["type"] for e in parsed.entities] == ["pre", "expandable_blockquote", "spoiler"]
    assert parsed.entities[0]["language"] == "python"


def test_a_realistic_digest_parses_and_keeps_an_unknown_entity_visible() -> None:
    formatted = format_text(read("morning_digest.html"), "HTML")
    assert formatted.text.startswith("☕ Morning briefing")
    assert "€43&nbsp;bn" in formatted.text  # a feed's &nbsp; reaches the reader as-is
    assert "S&P 500 < 5,000" in formatted.text
    assert formatted.hrefs[0].endswith("utm_source=rss&utm_medium=feed")
    last = formatted.entities[-1]
    linked = formatted.text.encode("utf-16-le")[
        2 * last["offset"] : 2 * (last["offset"] + last["length"])
    ]
    assert linked.decode("utf-16-le") == "Read all 12 stories without cookies →"


@pytest.mark.parametrize(
    ("name", "description"),
    [
        (
            "feed_title_raw_less_than.html",
            'Bad Request: can\'t parse entities: Unsupported start tag "" at byte offset 24',
        ),
        (
            "cms_paragraphs.html",
            'Bad Request: can\'t parse entities: Unsupported start tag "p" at byte offset 22',
        ),
    ],
)
def test_unescaped_feed_text_is_refused(name: str, description: str) -> None:
    with pytest.raises(BotApiError) as caught:
        format_text(read(name), "HTML")
    assert (caught.value.code, caught.value.description) == (400, description)


def test_windows_line_endings_and_control_characters_are_cleaned_and_trimmed() -> None:
    formatted = format_text(read("windows_line_endings.html"), "HTML")
    assert formatted.text == "Breaking:\n Zwei Sätze \nmit Windows-Zeilenenden.\u200b"
    assert formatted.entities == ({"type": "bold", "offset": 0, "length": 10},)


def test_leading_space_inside_the_first_entity_is_kept() -> None:
    formatted = format_text("  \n <b> hi </b>  \n", "HTML")
    assert formatted.text == " hi"
    assert formatted.entities == ({"type": "bold", "offset": 0, "length": 3},)


def test_length_counts_utf16_units_after_parsing() -> None:
    fits = "<b>" + "&amp;" * 4000 + "</b>" + "é" * 96
    assert len(format_text(fits, "HTML").text) == 4096
    assert telegram_length(fits) == 4096
    with pytest.raises(BotApiError, match="message is too long"):
        format_text(fits + "!", "HTML")
    emoji = "📰" * 2048  # 4096 UTF-16 units in 2048 characters
    assert utf16_length(format_text(emoji, None).text) == 4096
    with pytest.raises(BotApiError, match="message is too long"):
        format_text(emoji + "📰", None)
    assert telegram_length("  <i>a\u202eb</i>\n\n") == 2  # dropped and trimmed characters


@pytest.mark.parametrize("text", ["", "   \n ", "<b> </b>", "\u200b\u200d\xa0"])
def test_blank_text_is_empty(text: str) -> None:
    with pytest.raises(BotApiError, match="Bad Request: message text is empty"):
        format_text(text, "HTML")


def test_captions_may_be_empty_but_not_longer_than_1024() -> None:
    assert format_text("", "HTML", caption=True).text == ""
    with pytest.raises(BotApiError, match="message caption is too long"):
        format_text("x" * 1025, None, caption=True)


def test_unknown_parse_mode_is_refused() -> None:
    with pytest.raises(BotApiError, match="Bad Request: unsupported parse_mode"):
        format_text("x", "HTML5")
