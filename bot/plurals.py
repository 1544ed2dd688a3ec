"""Count + noun wording: "1 source", "2 sources".

`ngettext` has gettext's signature on purpose, so that moving every string to gettext later
replaces this import and nothing else. It imports nothing, so the pure leaves may use it too.
"""

from __future__ import annotations


def ngettext(singular: str, plural: str, n: int) -> str:
    """`singular` when `n` is 1, else `plural` (English rule; gettext supplies others')."""
    return singular if n == 1 else plural
