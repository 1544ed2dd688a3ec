"""The parsed form of a topic, and the sentence that tells its owner what it matches."""

from dataclasses import dataclass

from bot.i18n import _
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
        if self.quoted and len(self.tokens) > 1:
            return _("the phrase {phrase}").format(phrase=shown)
        return shown


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
            # TRANSLATORS: the start of "I'll match …" after /subscribe; more may follow.
            sentence = _("articles mentioning {terms} (any form)").format(
                terms=_join(wanted, _("and"))
            )
        else:
            sentence = _("all articles")
        if self.excluded:
            excluded = _join([term.describe() for term in self.excluded], _("or"))
            sentence += _(", not {terms}").format(terms=excluded)
        if self.sites:
            sites = _join(list(self.sites), _("or"))
            sentence += (_(" from {sites}") if not self.clauses else _(", from {sites}")).format(
                sites=sites
            )
        if self.excluded_sites:
            sites = _join(list(self.excluded_sites), _("or"))
            sentence += _(", not from {sites}").format(sites=sites)
        if self.languages:
            names = _join([language_name(code) for code in self.languages], _("or"))
            sentence += _(", in {languages}").format(languages=names)
        return sentence


def _describe_clause(clause: tuple[Term, ...]) -> str:
    if len(clause) == 1:
        return clause[0].describe()
    alternatives = [term.describe() for term in clause]
    if len(clause) == 2:
        return _("either {alternatives}").format(alternatives=_join(alternatives, _("or")))
    return _("one of {alternatives}").format(alternatives=_join(alternatives, _("or")))


def _join(parts: list[str], word: str) -> str:
    if len(parts) == 1:
        return parts[0]
    # An extra comma keeps "either a or b, and c" from reading as "either a or (b and c)".
    comma = "," if any(f" {_('or')} " in part for part in parts) else ""
    return f"{_(', ').join(parts[:-1])}{comma} {word} {parts[-1]}"
