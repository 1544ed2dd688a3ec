"""Inline buttons: the declaration of every kind (catalog) and how a kind is declared (spec)."""

from bot.buttons.catalog import BUTTONS
from bot.buttons.spec import (
    CALLBACK_DATA_MAX_BYTES,
    ButtonKind,
    ChatRef,
    FieldType,
    Int,
    OneOf,
    Press,
    Registry,
    Who,
    Word,
)

__all__ = [
    "BUTTONS",
    "CALLBACK_DATA_MAX_BYTES",
    "ButtonKind",
    "ChatRef",
    "FieldType",
    "Int",
    "OneOf",
    "Press",
    "Registry",
    "Who",
    "Word",
]
