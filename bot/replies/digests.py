"""What /digest and the digest schedule say besides the digest itself."""

from __future__ import annotations

from bot.briefings.render import Message
from bot.i18n import _


def digest_on_its_way() -> Message:
    return Message(_("Your digest is on its way — it will arrive in a moment."))


def digest_empty(*, had_one: bool = True) -> Message:
    """/digest with nothing to send; `had_one`: whether the chat ever got a digest."""
    if not had_one:
        return Message(
            _(
                "Nothing new for your topics yet: what I had when you subscribed was in my "
                "answer then. New articles will come in your digest. /topics shows what you "
                "follow."
            )
        )
    return Message(
        _("Nothing new for your topics since your last digest. /topics shows what you follow.")
    )


def nothing_new_note() -> Message:
    """Sent at digest time instead of silence, for chats that asked for it."""
    return Message(
        _(
            "Nothing new on your topics since your last digest. "
            "(You asked me to say so; <code>/settings note off</code> turns these notes off.)"
        )
    )
