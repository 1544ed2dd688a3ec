"""The parsed form of a topic, and the sentence that tells its owner what it matches."""

from dataclasses import dataclass

from bot.matching.languages import language_name


@dataclass(frozen=True, slots=True)
class Term:
    """One word or quoted phrase of a topic.

    `tokens` are folded and stemmed; with more than one they must stand next to each other in
    the article (a quoted phrase, or a word like "U.S.-led" that folds to several tokens).
    """

    text: str
    tokens: tuple[str, ...]
    quoted: bool = False

    def describe(self) -> str:
        shown = f'"{self.text.lower()}"'
        return f"the phrase {shown}" if self.quoted and len(self.tokens) > 1 else shown


@dataclass(frozen=True, slots=True)
class Query:
    """A topic: every clause must be met (each clause is alternatives joined by OR), no excluded
    term may appear, and the article must come from one of `sites` (when any) and be written in
    one of `languages` (when any)."""

    text: str
    clauses: tuple[tuple[Term, ...], ...]
    excluded: tuple[Term, ...] = ()
    sites: tuple[str, ...] = ()
    excluded_sites: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()

    def describe(self) -> str:
        """A sentence saying what the topic matches, e.g. 'articles mentioning either "ecb" or
        "fed", and "rates" (any form), not "crypto"'. OR groups appear as "either ... or"."""
        if self.clauses:
            wanted = [_describe_clause(clause) for clause in self.clauses]
            sentence = f"articles mentioning {_join(wanted, 'and')} (any form)"
        else:
            sentence = "all articles"
        if self.excluded:
            sentence += ", not " + _join([term.describe() for term in self.excluded], "or")
        if self.sites:
            sentence += " from " if not self.clauses else ", from "
            sentence += _join(list(self.sites), "or")
        if self.excluded_sites:
            sentence += ", not from " + _join(list(self.excluded_sites), "or")
        if self.languages:
            sentence += ", in " + _join([language_name(code) for code in self.languages], "or")
        return sentence


def _describe_clause(clause: tuple[Term, ...]) -> str:
    if len(clause) == 1:
        return clause[0].describe()
    alternatives = [term.describe() for term in clause]
    lead = "either" if len(clause) == 2 else "one of"
    return f"{lead} {_join(alternatives, 'or')}"


def _join(parts: list[str], word: str) -> str:
    if len(parts) == 1:
        return parts[0]
    # An extra comma keeps "either a or b, and c" from reading as "either a or (b and c)".
    comma = "," if any(" or " in part for part in parts) else ""
    return f"{', '.join(parts[:-1])}{comma} {word} {parts[-1]}"
