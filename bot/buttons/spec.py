"""How a button is declared: a prefix, typed fields, and who may press it.

A button's callback_data is its prefix and its field values joined by ":" — values, never
positions in a list, so a button sent before a deploy still means what it said (or no longer
parses and is answered "This button has expired."). From one declaration come the encoder
(`kind.data(...)`), the anchored regex a handler listens on (`kind.pattern`) and the parser
(`kind.parse(data)`), which refuses anything out of its field's range (forged ids included).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

CALLBACK_DATA_MAX_BYTES = 64  # Telegram's limit
_PREFIX = re.compile(r"[a-z]{1,8}(?::[a-z]{1,4})?")


class Who(Enum):
    """Who may press a button where it matters: in groups (private chats have one person)."""

    ANYONE = "anyone"  # reading: nothing of the chat's changes
    ADMINS = "admins"  # changes the group's topics, settings, follows or mutes
    ASKER = "asker"  # only the person whose command produced it (a private chat's own user)


class FieldType:
    """A field's wire form: a regex for one value (without ':') and its decoding."""

    @property
    def regex(self) -> str:
        raise NotImplementedError

    def encode(self, value: Any) -> str:
        raise NotImplementedError

    def decode(self, text: str) -> Any:
        """The value, or raise ValueError when the text is out of range."""
        raise NotImplementedError


@dataclass(frozen=True)
class Int(FieldType):
    """An integer in [low, high] (ids, pages, minutes, day numbers)."""

    low: int = 0
    high: int = 2**53  # ids stay well inside what SQLite and PostgreSQL store

    @property
    def regex(self) -> str:
        sign = "[-+]?" if self.low < 0 else ""
        return sign + r"[0-9]{1,16}"

    def encode(self, value: Any) -> str:
        number = int(value)
        if not self.low <= number <= self.high:
            raise ValueError(f"{number} is outside [{self.low}, {self.high}]")
        return str(number)

    def decode(self, text: str) -> int:
        number = int(text)
        if not self.low <= number <= self.high:
            raise ValueError(f"{number} is outside [{self.low}, {self.high}]")
        return number


@dataclass(frozen=True)
class Word(FieldType):
    """A short token from a safe alphabet (a zone name, a language code, a setting's value);
    what it may be is checked by the code that uses it."""

    max_chars: int = 40

    @property
    def regex(self) -> str:
        return rf"[A-Za-z0-9_/+.-]{{1,{self.max_chars}}}"

    def encode(self, value: Any) -> str:
        text = str(value)
        if not re.fullmatch(self.regex, text):
            raise ValueError(f"{text!r} is not a word a button can carry")
        return text

    def decode(self, text: str) -> str:
        return text


@dataclass(frozen=True)
class OneOf(FieldType):
    """One of a few fixed words."""

    choices: tuple[str, ...]

    @property
    def regex(self) -> str:
        return "(?:" + "|".join(re.escape(c) for c in self.choices) + ")"

    def encode(self, value: Any) -> str:
        if value not in self.choices:
            raise ValueError(f"{value!r} is not one of {self.choices}")
        return str(value)

    def decode(self, text: str) -> str:
        if text not in self.choices:
            raise ValueError(text)
        return text


@dataclass(frozen=True)
class ChatRef(FieldType):
    """A chat id, or "me" (the presser's own chat) — decoded as None."""

    regex = r"(?:me|-?[0-9]{1,16})"

    def encode(self, value: Any) -> str:
        return "me" if value is None else str(Int(-(2**53), 2**53).decode(str(value)))

    def decode(self, text: str) -> int | None:
        return None if text == "me" else Int(-(2**53), 2**53).decode(text)


@dataclass(frozen=True)
class Press:
    """A pressed button, parsed: which kind, and its typed values by field name."""

    kind: ButtonKind
    values: dict[str, Any]

    def __getitem__(self, name: str) -> Any:
        return self.values[name]


@dataclass(frozen=True)
class ButtonKind:
    """One kind of button. `stored`: its `ref` field names a row of stored button payloads
    (for what does not fit in 64 bytes)."""

    prefix: str
    who: Who
    fields: tuple[tuple[str, FieldType], ...] = ()
    stored: bool = False
    pattern: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        parts = [re.escape(self.prefix)] + [f":({t.regex})" for _, t in self.fields]
        object.__setattr__(self, "pattern", re.compile("^" + "".join(parts) + "$"))

    def data(self, **values: Any) -> str:
        """The callback_data for these values (every field, by name)."""
        if set(values) != {name for name, _ in self.fields}:
            raise TypeError(f"{self.prefix}: give exactly {[n for n, _ in self.fields]}")
        text = ":".join([self.prefix, *(t.encode(values[n]) for n, t in self.fields)])
        if len(text.encode()) > CALLBACK_DATA_MAX_BYTES:
            raise ValueError(f"callback_data over {CALLBACK_DATA_MAX_BYTES} bytes: {text!r}")
        return text

    def parse(self, data: str | None) -> Press | None:
        """The press, or None for data this kind does not accept (forged, stale, malformed)."""
        match = self.pattern.match(data or "")
        if match is None:
            return None
        try:
            values = {
                name: kind.decode(text)
                for (name, kind), text in zip(self.fields, match.groups(), strict=True)
            }
        except ValueError:
            return None
        return Press(self, values)


class Registry:
    """Every button kind of the bot, by prefix; a prefix is never a prefix of another's."""

    def __init__(self) -> None:
        self._kinds: dict[str, ButtonKind] = {}

    def button(
        self, prefix: str, who: Who, *, stored: bool = False, **fields: FieldType
    ) -> ButtonKind:
        """Declare a button: `READ = BUTTONS.button("rd", Who.ANYONE, article=ID, page=PAGE)`."""
        if not _PREFIX.fullmatch(prefix):
            raise ValueError(f"bad prefix {prefix!r}")
        for other in self._kinds:
            if other == prefix or other.startswith(prefix + ":") or prefix.startswith(other + ":"):
                raise ValueError(f"prefix {prefix!r} clashes with {other!r}")
        if stored and "ref" not in fields:
            raise ValueError(f"{prefix}: a stored button needs a ref field")
        kind = ButtonKind(prefix, who, tuple(fields.items()), stored)
        self._kinds[prefix] = kind
        return kind

    def parse(self, data: str | None) -> Press | None:
        """The press this data encodes, or None (unknown prefix, forged or stale values)."""
        head, _, rest = (data or "").partition(":")
        for prefix in (f"{head}:{rest.partition(':')[0]}", head):
            kind = self._kinds.get(prefix)
            if kind is not None:
                return kind.parse(data)
        return None

    def __iter__(self) -> Iterator[ButtonKind]:
        return iter(self._kinds.values())

    def __contains__(self, kind: object) -> bool:
        return isinstance(kind, ButtonKind) and self._kinds.get(kind.prefix) is kind
