"""Buttons meet handlers: one CallbackQueryHandler per declared kind (its pattern and parser
come from bot.buttons), and the answer for a press no kind accepts.

A handler registered with `on_press` receives the parsed `Press`; when what the button names is
gone, or belongs to another chat, it raises ButtonExpired and the presser reads
"This button has expired." — never an error.
"""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable

from telegram import CallbackQuery, Update
from telegram.error import BadRequest
from telegram.ext import CallbackQueryHandler, ContextTypes

from bot.buttons import BUTTONS, ButtonKind, Press
from bot.i18n import N_, _

EXPIRED = N_("This button has expired.")

OnPress = Callable[[Update, ContextTypes.DEFAULT_TYPE, Press], Awaitable[None]]


class ButtonExpired(Exception):
    """What the pressed button names is gone, out of date, or not this chat's."""


async def answer_expired(query: CallbackQuery) -> None:
    with contextlib.suppress(BadRequest):  # answered already by the handler that gave up
        await query.answer(_(EXPIRED))


class ButtonHandler(CallbackQueryHandler):
    """The handler of one kind of button: listens on the kind's pattern, hands on its Press."""

    def __init__(self, kind: ButtonKind, callback: OnPress) -> None:
        if kind not in BUTTONS:
            raise ValueError(f"{kind.prefix}: not declared in bot.buttons.catalog")

        async def run(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
            query = update.callback_query
            assert query is not None
            press = kind.parse(query.data)
            if press is None:
                await answer_expired(query)
                return
            try:
                await callback(update, context, press)
            except ButtonExpired:
                await answer_expired(query)

        super().__init__(run, pattern=kind.pattern)
        self.kind = kind


class ExpiredButtonHandler(CallbackQueryHandler):
    """Registered last: a press that no declared kind accepts (stale, forged, malformed)."""

    def __init__(self) -> None:
        async def expired(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
            if update.callback_query is not None:
                await answer_expired(update.callback_query)

        super().__init__(expired)


def on_press(kind: ButtonKind, callback: OnPress) -> ButtonHandler:
    """The handler for `kind` (declared in bot.buttons.catalog)."""
    return ButtonHandler(kind, callback)
