"""/latest and "more on this story": headers, nothing found, every report shown."""

from __future__ import annotations

from bot.briefings.render import Button, Message, clean_text, esc
from bot.buttons import catalog as b
from bot.i18n import _, isolate, ngettext, pgettext


def latest_usage() -> Message:
    return Message(_("What story? For example <code>/latest Istanbul talks</code>."))


def latest_header(query_text: str) -> str:
    return _("The latest on “{topic}”").format(topic=isolate(clean_text(query_text, 100)))


def more_header(headline: str, total: int) -> str:
    return ngettext(
        "{n} more report on “{headline}”",
        "{n} more reports on “{headline}”, newest first",
        total,
    ).format(n=total, headline=isolate(clean_text(headline, 120)))


def no_more_reports(headline: str) -> Message:
    """➕ More on a story whose every report was shown above."""
    return Message(
        _("That's every report on “{headline}” — all shown above.").format(
            headline=isolate(esc(clean_text(headline, 120)))
        )
    )


def nothing_found(query_text: str, search_ref: int) -> Message:
    """`search_ref`: the stored search the Follow button names."""
    nothing = _("I have nothing on <b>{topic}</b> from the last two weeks.").format(
        topic=isolate(esc(clean_text(query_text, 100)))
    )
    follow = _("Or follow the topic and I'll send what comes in.")
    return Message(
        f"{nothing} {_broader(query_text)} {follow}",
        [
            [
                Button(
                    pgettext("button", "🔔 Follow this topic"),
                    callback_data=b.FOLLOW_SEARCH.data(ref=search_ref),
                )
            ]
        ],
    )


def _broader(query_text: str) -> str:
    words = query_text.split()
    if len(words) < 2:
        return _("Try other words.")
    shorter = esc(clean_text(" ".join(words[:-1]), 80))
    return _("Try fewer or broader words, for example {example}.").format(
        example=f"<code>/latest {shorter}</code>"
    )
