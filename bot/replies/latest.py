"""/latest and "more on this story": headers, nothing found, every report shown."""

from __future__ import annotations

from bot.briefings.render import Button, Message, clean_text, esc
from bot.buttons import catalog as b
from bot.plurals import ngettext


def latest_usage() -> Message:
    return Message("What story? For example <code>/latest Istanbul talks</code>.")


def latest_header(query_text: str) -> str:
    return f"The latest on “{clean_text(query_text, 100)}”"


def more_header(headline: str, total: int) -> str:
    return ngettext(
        "{n} more report on “{headline}”",
        "{n} more reports on “{headline}”, newest first",
        total,
    ).format(n=total, headline=clean_text(headline, 120))


def no_more_reports(headline: str) -> Message:
    """➕ More on a story whose every report was shown above."""
    return Message(f"That's every report on “{esc(clean_text(headline, 120))}” — all shown above.")


def nothing_found(query_text: str, search_ref: int) -> Message:
    """`search_ref`: the stored search the Follow button names."""
    return Message(
        f"I have nothing on <b>{esc(clean_text(query_text, 100))}</b> from the last two weeks. "
        f"{_broader(query_text)}Or follow the topic and I'll send what comes in.",
        [[Button("🔔 Follow this topic", callback_data=b.FOLLOW_SEARCH.data(ref=search_ref))]],
    )


def _broader(query_text: str) -> str:
    words = query_text.split()
    if len(words) < 2:
        return "Try other words. "
    shorter = esc(clean_text(" ".join(words[:-1]), 80))
    return f"Try fewer or broader words, for example <code>/latest {shorter}</code>. "
