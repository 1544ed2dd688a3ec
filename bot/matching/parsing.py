"""Reading a topic as people type it into Telegram, and explaining what is wrong when we can't.

The language is small on purpose: words (all required), "quoted phrases", OR between
alternatives (binding tighter than the implicit AND, as in web search: `ECB OR Fed rates` means
(ECB or Fed) and rates), -exclusions, site:domain and lang:xx. No user regular expressions, and
the size limits below keep every topic cheap to match.
"""

import re
from dataclasses import dataclass
from typing import Literal

from bot.i18n import _
from bot.matching.domains import normalize_site
from bot.matching.languages import CODES, language_name, suggested_code
from bot.matching.query import Query, Term
from bot.matching.terms import terms
from bot.text.folding import fold

MAX_QUERY_CHARS = 200
MAX_TERMS = 20
MAX_WORD_CHARS = 50
MAX_PHRASE_CHARS = 100

# Phones turn straight quotes into curly ones; all of these open or close a phrase.
_QUOTES = '"“”„‟«»″＂'
_MINUSES = "-−–—"
_LEXEME = re.compile(
    rf"""(?P<space>\s+)
    | (?P<paren>[()])
    | (?P<phrase>(?P<minus>[{_MINUSES}])?[{_QUOTES}]
        (?P<inside>[^{_QUOTES}]*)(?P<closed>[{_QUOTES}])?)
    | (?P<dashes>[{_MINUSES}]+(?=[\s()]|$))
    | (?P<word>(?P<wminus>[{_MINUSES}])?(?P<text>[^\s{_QUOTES}()]+))""",
    re.VERBOSE,
)


class QueryError(ValueError):
    """A topic we cannot read. str(error) explains why, with an example of a correct topic."""


def _error(problem: str, example: str) -> QueryError:
    return QueryError(
        _("{problem} For example: {example}").format(problem=problem, example=example)
    )


@dataclass(frozen=True)
class _Token:
    kind: Literal["word", "phrase", "or", "open", "close"]
    text: str = ""
    negated: bool = False


def _lex(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    for match in _LEXEME.finditer(text):
        kind = match.lastgroup
        if kind == "paren":
            tokens.append(_Token("open" if match.group() == "(" else "close"))
        elif kind == "phrase":
            if not match.group("closed"):
                raise _error(
                    _("A quote is not closed: put a phrase between two quotes."),
                    '"climate summit" OR COP30',
                )
            tokens.append(_Token("phrase", match.group("inside"), bool(match.group("minus"))))
        elif kind == "dashes":
            if text.startswith("(", match.end()):
                raise _error(
                    _("A minus goes before each word to leave out, not before brackets."),
                    "ECB rates -crypto -bitcoin",
                )
            # a dash standing alone is punctuation: "Pakistan - Afghanistan"
        elif kind == "word":
            word, negated = match.group("text"), bool(match.group("wminus"))
            if word == "OR" and not negated:
                tokens.append(_Token("or"))
            elif word != "AND" or negated:  # AND is what neighbouring words mean anyway
                tokens.append(_Token("word", word, negated))
    return tokens


def _term(text: str, quoted: bool) -> Term | None:
    """The term for a word or phrase, or None when nothing searchable is left (emoji, "…")."""
    limit = MAX_PHRASE_CHARS if quoted else MAX_WORD_CHARS
    if len(text) > limit:
        too_long = (
            _("“{text}…” is too long: a phrase can have at most {limit} characters.")
            if quoted
            else _("“{text}…” is too long: a word can have at most {limit} characters.")
        )
        raise _error(
            too_long.format(text=text[:20], limit=limit),
            '"climate summit" OR COP30',
        )
    if quoted and not text.strip():
        raise _error(_("There is nothing between the quotes."), '"climate summit" OR COP30')
    tokens = tuple(terms(text))
    return Term(text=text.strip(), tokens=tokens, quoted=quoted) if tokens else None


def _filter(word: str) -> tuple[str, str] | None:
    """("site", domain) or ("lang", code) for a filter word, None for an ordinary word."""
    prefix, colon, value = word.partition(":")
    kind = prefix.lower()
    if kind not in ("site", "lang") or not colon:
        return None
    if kind == "site":
        site = normalize_site(value)
        if site is None:
            raise _error(
                _(
                    "“{word}” needs a full domain after site:, such as dawn.com or bbc.co.uk."
                ).format(word=word[:60]),
                "site:dawn.com Istanbul",
            )
        return "site", site
    code = value.lower()
    if code not in CODES:
        meant = suggested_code(fold(value))
        hint = (
            " "
            + _("For {language}, write lang:{code}.").format(
                language=language_name(meant), code=meant
            )
            if meant
            else ""
        )
        raise _error(
            _("lang: takes a two-letter language code, and “{value}” is not one.").format(
                value=value[:30]
            )
            + hint,
            "lang:de Bundestag",
        )
    return "lang", code


class _Parser:
    """Collects clauses, exclusions and filters from the token stream."""

    def __init__(self) -> None:
        self.clauses: list[list[Term]] = []
        self.excluded: list[Term] = []
        self.sites: list[str] = []
        self.excluded_sites: list[str] = []
        self.languages: list[str] = []
        self.ignored = 0  # words with nothing searchable in them
        self.or_pending = False
        self.last_was_alternative = False  # whether an OR may follow

    def add_alternatives(self, alternatives: list[Term]) -> None:
        if self.or_pending:
            self.clauses[-1].extend(alternatives)
            self.or_pending = False
        else:
            self.clauses.append(alternatives)
        self.last_was_alternative = True

    def add_or(self) -> None:
        if not self.last_was_alternative:
            raise _dangling_or()
        self.or_pending = True
        self.last_was_alternative = False

    def add_word(self, token: _Token) -> None:
        found = _filter(token.text) if token.kind == "word" else None
        if found is not None or token.negated:
            if self.or_pending:
                raise _error(
                    _(
                        "OR joins words or phrases; site:, lang: and -exclusions stand on their "
                        "own."
                    ),
                    "ECB OR Fed rates -crypto site:reuters.com",
                )
            self.last_was_alternative = False
        if found is not None:
            kind, value = found
            if kind == "lang" and token.negated:
                raise _error(
                    _("Name the language you want instead of excluding one."), "lang:en ECB"
                )
            target = {
                ("site", False): self.sites,
                ("site", True): self.excluded_sites,
                ("lang", False): self.languages,
            }[(kind, token.negated)]
            if value not in target:
                target.append(value)
            return
        term = _term(token.text, quoted=token.kind == "phrase")
        if term is None:
            self.ignored += 1
        if token.negated:
            if term is not None:
                self.excluded.append(term)
            return
        self.add_alternatives([term] if term is not None else [])

    def add_group(self, group: list[_Token]) -> None:
        """A bracketed group: only alternatives, since OR already binds tighter than AND."""
        if not group:
            raise _error(_("The brackets are empty."), "(ECB OR Fed) rates")
        alternatives: list[Term] = []
        expect_alternative = True
        for token in group:
            if token.kind == "or":
                if expect_alternative:
                    raise _dangling_or()
                expect_alternative = True
                continue
            if token.kind == "open":
                raise _error(_("Brackets inside brackets are not needed."), "(ECB OR Fed) rates")
            if not expect_alternative:
                raise _error(
                    _(
                        "Inside brackets put alternatives joined by OR; to require a whole phrase, "
                        "quote it."
                    ),
                    '("climate summit" OR COP30) Brazil',
                )
            if token.negated or (token.kind == "word" and _filter(token.text) is not None):
                raise _error(
                    _(
                        "Inside brackets put only words and phrases; put -exclusions, site: and "
                        "lang: outside."
                    ),
                    "(ECB OR Fed) rates -crypto",
                )
            term = _term(token.text, quoted=token.kind == "phrase")
            if term is not None:
                alternatives.append(term)
            expect_alternative = False
        if expect_alternative:
            raise _dangling_or()
        self.add_alternatives(alternatives)


def _dangling_or() -> QueryError:
    return _error(
        _(
            "OR needs a word or phrase on both sides (OR binds tighter than the spaces between "
            "words)."
        ),
        "ECB OR Fed rates",
    )


def _group_end(tokens: list[_Token], start: int) -> int:
    for i in range(start, len(tokens)):
        if tokens[i].kind == "close":
            return i
    raise _error(_("A bracket is not closed."), "(ECB OR Fed) rates")


def parse_query(text: str) -> Query:
    """Read a topic as typed. Raises QueryError, explained with an example, when it is empty,
    longer than 200 characters, has more than 20 terms, only exclusions or only emoji,
    unbalanced quotes or brackets, a dangling OR, or a bad site: or lang: value."""
    stripped = text.strip()
    if not stripped:
        raise _error(_("A topic needs at least one word."), "Pakistan Afghanistan talks")
    if len(stripped) > MAX_QUERY_CHARS:
        raise _error(
            _(
                "That topic has {count} characters; the limit is {limit}. "
                "Keep the words that matter most."
            ).format(count=len(stripped), limit=MAX_QUERY_CHARS),
            '"climate summit" OR COP30',
        )
    tokens = _lex(stripped)
    parser = _Parser()
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.kind == "or":
            parser.add_or()
        elif token.kind == "open":
            close = _group_end(tokens, i + 1)
            parser.add_group(tokens[i + 1 : close])
            i = close
        elif token.kind == "close":
            raise _error(_("A bracket is closed that was never opened."), "(ECB OR Fed) rates")
        else:
            parser.add_word(token)
        i += 1
    if parser.or_pending:
        raise _dangling_or()
    return _checked(stripped, parser)


def _checked(text: str, parser: _Parser) -> Query:
    clauses = tuple(tuple(clause) for clause in parser.clauses if clause)
    count = sum(map(len, clauses)) + len(parser.excluded)
    count += len(parser.sites) + len(parser.excluded_sites) + len(parser.languages)
    if count > MAX_TERMS:
        raise _error(
            _(
                "That topic has {count} words, phrases and filters; the limit is {limit}. "
                "Split it into two topics."
            ).format(count=count, limit=MAX_TERMS),
            "Pakistan Afghanistan talks",
        )
    if not clauses and not parser.sites:
        if parser.excluded or parser.excluded_sites:
            raise _error(
                _("A topic can't be only exclusions: say what to look for as well."),
                "ECB rates -crypto",
            )
        if parser.languages:
            raise _error(
                _("lang: narrows a topic; add the words to look for."), "lang:de Bundestag"
            )
        if parser.ignored:
            raise _error(
                _(
                    "Emoji and symbols are ignored in topics, and no words were left. "
                    "Write the words to look for."
                ),
                "Pakistan Afghanistan talks",
            )
        raise _error(_("A topic needs at least one word."), "Pakistan Afghanistan talks")
    wanted = {term.tokens for clause in clauses if len(clause) == 1 for term in clause}
    for term in parser.excluded:
        if term.tokens in wanted:
            raise _error(
                _("“{term}” is both required and excluded, so nothing could match.").format(
                    term=term.text
                ),
                "ECB rates -crypto",
            )
    for site in parser.excluded_sites:
        if site in parser.sites:
            raise _error(
                _("{site} is both required and excluded, so nothing could match.").format(
                    site=site
                ),
                "site:dawn.com Istanbul",
            )
    return Query(
        text=text,
        clauses=clauses,
        excluded=tuple(parser.excluded),
        sites=tuple(parser.sites),
        excluded_sites=tuple(parser.excluded_sites),
        languages=tuple(parser.languages),
    )
