"""Rendering: hostile web text stays text, messages stay under Telegram's limit, nothing is lost."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime

from bot.briefings import (
    ArticleView,
    reading_pages,
    render_briefing,
    render_digest,
    render_reading_page,
    visible_length,
)

WHEN = datetime(2026, 11, 7, 4, 15, tzinfo=UTC)


def view(i: int, title: str = "Talks resume", summary: str = "Delegations met.") -> ArticleView:
    return ArticleView(
        id=i,
        title=title,
        outlet="Dawn",
        published=WHEN,
        summary=summary,
        url=f"https://dawn.example/news/{i}",
        clean_url=f"https://reader.example/r/tok{i}",
        archive_url=f"https://web.archive.org/web/https://dawn.example/news/{i}",
    )


def test_markup_in_titles_is_shown_as_text_not_interpreted() -> None:
    (msg,) = render_briefing(None, [view(1, "<script>alert(1)</script> </b> & co")], "UTC")
    assert "<script>" not in msg.html and "</b> &" not in msg.html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &lt;/b&gt; &amp; co" in msg.html
    tags = set(re.findall(r"</?([a-z]+)", msg.html))
    assert tags <= {"b", "i", "a"}


def test_briefing_shows_time_in_the_chats_zone_and_reading_options() -> None:
    (msg,) = render_briefing("Latest", [view(7)], "Asia/Karachi")
    assert "07 Nov 09:15" in msg.html  # 04:15 UTC is 09:15 in Karachi
    assert 'href="https://dawn.example/news/7"' in msg.html
    assert ">Clean page</a>" in msg.html and ">Archive</a>" in msg.html
    assert msg.buttons[0][0].callback_data == "rd:7:0"


def test_a_long_digest_is_split_between_articles_and_loses_none() -> None:
    long_summary = "Word " * 120
    sections = [
        (f"topic {t}", [view(t * 100 + i, summary=long_summary) for i in range(15)])
        for t in range(4)
    ]
    messages = render_digest(sections, "UTC", title="Your digest")
    assert len(messages) > 1
    for msg in messages:
        assert visible_length(msg.html) <= 4096
        assert msg.html.count("<b>") == msg.html.count("</b>")
        for row in msg.buttons:
            for b in row:
                assert b.callback_data and len(b.callback_data.encode()) <= 64
    sent = [i for msg in messages for i in msg.article_ids]
    assert sorted(sent) == sorted(v.id for _, vs in sections for v in vs)


def test_nothing_new_means_no_digest_message() -> None:
    assert render_digest([("topic", [])], "UTC", title="Digest") == []


def test_reading_pages_are_bounded_and_keep_all_text() -> None:
    text = "\n".join(f"Paragraph {i}. " + "Sentence here. " * 40 for i in range(30))
    pages = reading_pages(text)
    assert len(pages) > 1 and all(len(p) <= 3400 for p in pages)
    assert "".join(pages).replace("\n", "").replace(" ", "") == text.replace("\n", "").replace(
        " ", ""
    )
    first = render_reading_page(3, "A <b> title", "https://x.example/a", pages, 0)
    assert [b.callback_data for b in first.buttons[0]] == ["rp:3:1"]
    last = render_reading_page(3, "A <b> title", "https://x.example/a", pages, len(pages) - 1)
    assert [b.callback_data for b in last.buttons[0]] == [f"rp:3:{len(pages) - 2}"]
    assert "Original article" in last.html
    assert visible_length(first.html) < 4096
    assert html.unescape(first.html).count("A <b> title") == 1


def test_a_single_huge_paragraph_is_still_paged() -> None:
    pages = reading_pages("x" * 10_000)
    assert len(pages) == 3 and all(len(p) <= 3400 for p in pages)
