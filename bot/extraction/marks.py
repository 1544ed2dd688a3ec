"""The one mark kept in an article's plain text: a bold lead-in ("**Why it matters:** The…").

Extraction keeps a paragraph's or list item's opening <strong>/<b> phrase this way (numbered
lists keep their "1. " numbers as plain text); the reader page and Read here show it in bold,
and everything that reads the text as words (summaries, matching) sees it unmarked.
"""

from __future__ import annotations

import re

MAX_LEAD_IN_CHARS = 100  # longer bold openings are emphasis, not a lead-in
_LEAD_IN = re.compile(rf"^\*\*(?=\S)([^*\n]{{1,{MAX_LEAD_IN_CHARS}}}?)(?<=\S)\*\*(?= |$)", re.M)


def mark_lead_in(lead: str, rest: str) -> str:
    """A line that opens with the bold `lead` (one line, no asterisks) followed by `rest`."""
    lead = " ".join(lead.replace("*", "").split())
    if not lead or len(lead) > MAX_LEAD_IN_CHARS:
        return f"{lead} {rest}".strip()
    return f"**{lead}** {rest}".rstrip()


def split_lead_in(line: str) -> tuple[str, str]:
    """(bold lead-in, the rest) of one line; ("", line) when it has none."""
    found = _LEAD_IN.match(line)
    if found is None:
        return "", line
    return found.group(1), line[found.end() :].lstrip()


# A lead-in opens a line, or a list item after its "- " or "1. ".
_MARKED = re.compile(r"^((?:[-•]|\d{1,3}[.)])\s+)?" + _LEAD_IN.pattern.removeprefix("^"), re.M)


def unmarked(text: str) -> str:
    """`text` with its lead-in marks removed (the words stay)."""
    return _MARKED.sub(r"\1\2", text)
