"""Whether one topic matches one article: the plain reading of the semantics.

TopicMatcher must agree with `matches` on every topic and article; it only gets there faster.
"""

from bot.matching.document import Document, TokenizedDocument, tokenize
from bot.matching.domains import host_is_on
from bot.matching.query import Query


def matches(query: Query, doc: Document) -> bool:
    """Whether `doc` meets every clause of `query`, none of its exclusions and its filters.

    site: holds when the article's host is the domain or a subdomain; lang: holds only when the
    article's language is known and one of those asked for.
    """
    return matches_tokenized(query, tokenize(doc))


def matches_tokenized(query: Query, doc: TokenizedDocument) -> bool:
    """`matches` for an already tokenized article."""
    if query.sites and not any(host_is_on(doc.host, site) for site in query.sites):
        return False
    if any(host_is_on(doc.host, site) for site in query.excluded_sites):
        return False
    if query.languages and doc.language not in query.languages:
        return False
    if not all(any(doc.contains(term.tokens) for term in clause) for clause in query.clauses):
        return False
    return not any(doc.contains(term.tokens) for term in query.excluded)


def found_terms(query: Query, doc: TokenizedDocument) -> list[str]:
    """The query's wanted words and phrases that appear in `doc`, spelled as in the query."""
    found: list[str] = []
    for clause in query.clauses:
        for term in clause:
            if term.text not in found and doc.contains(term.tokens):
                found.append(term.text)
    return found
