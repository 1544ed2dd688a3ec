"""The options under an article: why this, more like this, mute."""

from __future__ import annotations

from bot.briefings.render import Button, Message, clean_text, esc
from bot.buttons import catalog as b


def feedback_menu(article_id: int, title: str, outlet: str) -> Message:
    return Message(
        f"<b>{esc(clean_text(title, 200))}</b>\nWhat would you like to do with this article?",
        [
            [
                Button("❓ Why this?", callback_data=b.WHY_THIS.data(article=article_id)),
                Button(
                    "➕ More like this", callback_data=b.MORE_LIKE_THIS.data(article=article_id)
                ),
            ],
            [
                Button(
                    "🔇 Mute story · 7 days", callback_data=b.MUTE_STORY_OF.data(article=article_id)
                )
            ],
            [
                Button(
                    f"🚫 Mute {clean_text(outlet, 30)} · 30 days",
                    callback_data=b.MUTE_OUTLET.data(article=article_id),
                )
            ],
        ],
    )


def nothing_more_like(title: str) -> Message:
    return Message(
        f"No other outlet has reported on “{esc(clean_text(title, 120))}” yet. "
        "Follow a topic with its key words to hear when they do."
    )
