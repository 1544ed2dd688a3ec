"""The options under an article: why this, more like this, mute."""

from __future__ import annotations

from bot.briefings.render import Button, Message, clean_text, esc
from bot.buttons import catalog as b
from bot.i18n import _, isolate, pgettext


def feedback_menu(article_id: int, title: str, outlet: str) -> Message:
    question = _("What would you like to do with this article?")
    return Message(
        f"<b>{isolate(esc(clean_text(title, 200)))}</b>\n{question}",
        [
            [
                Button(
                    pgettext("button", "❓ Why this?"),
                    callback_data=b.WHY_THIS.data(article=article_id),
                ),
                Button(
                    pgettext("button", "➕ More like this"),
                    callback_data=b.MORE_LIKE_THIS.data(article=article_id),
                ),
            ],
            [
                Button(
                    pgettext("button", "🔇 Mute story · 7 days"),
                    callback_data=b.MUTE_STORY_OF.data(article=article_id),
                )
            ],
            [
                Button(
                    pgettext("button", "🚫 Mute {outlet} · 30 days").format(
                        outlet=clean_text(outlet, 30)
                    ),
                    callback_data=b.MUTE_OUTLET.data(article=article_id),
                )
            ],
        ],
    )


def nothing_more_like(title: str) -> Message:
    return Message(
        _(
            "No other outlet has reported on “{headline}” yet. "
            "Follow a topic with its key words to hear when they do."
        ).format(headline=isolate(esc(clean_text(title, 120))))
    )
