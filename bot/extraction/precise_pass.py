"""trafilatura's precision-first extraction, run on a copy of our tree without the copies of it
that trafilatura makes for passes we never ask for.

``bare_extraction`` copies the tree it is given, then ``trafilatura_sequence`` copies that copy
before cleaning it and keeps a third copy as a backup that its fast mode never reads: ~9 % of an
extraction on snippets-dev. In precision mode without comments nothing reads the uncleaned tree
after the external comparison, so one copy suffices in the quick pass and three do in the cascade
(instead of three and four). The steps are those of trafilatura 2.3's ``trafilatura_sequence``,
which is private: on another version (its source is compared at import), or if a step has
moved, the plain call runs instead, and ``test_precise_pass.py`` checks on varied pages that
both give the same body.
"""

from __future__ import annotations

import hashlib
import inspect
import re
from collections.abc import Callable
from copy import copy

import trafilatura
from lxml.etree import _Element
from lxml.html import HtmlElement

try:
    from trafilatura.core import (
        _extract_and_compare,
        _forum_thread_page,
        _prepare_tree,
        bare_extraction,
        trafilatura_sequence,
    )
    from trafilatura.external import compare_extraction
    from trafilatura.htmlprocessing import convert_tags, prune_unwanted_nodes, tree_cleaning
    from trafilatura.main_extractor import extract_content
    from trafilatura.settings import Extractor
    from trafilatura.xml import delete_element
    from trafilatura.xpaths import (
        RAW_TREE_PRUNE_XPATH,
        REMOVE_COMMENTS_AND_LISTS_XPATH,
        REMOVE_COMMENTS_XPATH,
    )
except ImportError:  # pragma: no cover - another trafilatura: the plain call
    _STEPS: tuple[Callable[..., object], ...] = ()
else:
    _STEPS = (bare_extraction, trafilatura_sequence, _prepare_tree, _extract_and_compare)

# The source of the private steps followed below, as in trafilatura 2.3.1: a release that
# changes any of them (a patch release included) gets the plain call until this is re-checked
# (the tests say so: they require the own steps with the installed trafilatura).
_FOLLOWED_SOURCE = "3e41373eda4b9b47"


def _follows_installed() -> bool:
    if not _STEPS:
        return False
    digest = hashlib.sha256()
    try:
        for step in _STEPS:
            digest.update(inspect.getsource(step).encode())
    except (OSError, TypeError):  # pragma: no cover - no source shipped (a frozen build)
        return False
    return digest.hexdigest()[:16] == _FOLLOWED_SOURCE


OWN_SEQUENCE = _follows_installed()

# trafilatura's prunes of appended articles, share buttons and comment sections test class and
# id names with lxml's regex extension: a Python callback per element and test, ~10 % of an
# extraction. The same tests in one walk of the elements take a seventh of the time. They mirror
# these expressions (whitespace aside); if trafilatura's differ, its XPath runs.
_MIRRORED_XPATHS = (
    ".//*[self::div or self::section or self::aside][ re:test(@id,"
    " 'mvp-post-add-(?:box|wrap)|infinite-?scroll') or re:test(@class,"
    " 'mvp-post-add-(?:box|wrap)|infinite-?scroll')][ not(.//h1) or re:test(@id,"
    " 'mvp-post-add-(?:box|wrap)') or re:test(@class, 'mvp-post-add-(?:box|wrap)')]",
    ".//*[self::div or self::section or self::aside][contains(@class, 'elementor-share-buttons')]",
    ".//*[self::div or self::list or self::section or self::details or self::ol or self::ul]["
    " re:test(@id, '^(?:[Cc]omment(?!ary)|comol|disqus_thread|dsq-comments)') or re:test(@class,"
    " '^[Cc]omment(?!ary)|(?:article|post)-comments')][ not(self::ol or self::ul) or re:test(@id,"
    " '^(?:[Cc]omment(?!ary)|comol)') or re:test(@class,"
    " '^[Cc]omment(?!ary)|(?:article|post)-comments')]",
    ".//*[self::div or self::list or self::section or self::details][ re:test(@id,"
    " '^(?:[Cc]omment(?!ary)|comol|disqus_thread|dsq-comments)') or re:test(@class,"
    " '^[Cc]omment(?!ary)|(?:article|post)-comments')]",
)
_APPENDED = re.compile(r"mvp-post-add-(?:box|wrap)|infinite-?scroll")
_APPENDED_THEME = re.compile(r"mvp-post-add-(?:box|wrap)")
_COMMENTS_ID = re.compile(r"^(?:[Cc]omment(?!ary)|comol|disqus_thread|dsq-comments)")
_COMMENTS_LIST_ID = re.compile(r"^(?:[Cc]omment(?!ary)|comol)")
_COMMENTS_CLASS = re.compile(r"^[Cc]omment(?!ary)|(?:article|post)-comments")
_SECTION_TAGS = ("div", "section", "aside")
_COMMENTS_TAGS = ("div", "list", "section", "details")
_LIST_TAGS = ("ol", "ul")


def extract_body(tree: HtmlElement, url: str | None, fast: bool, precise: bool) -> _Element | None:
    """The XML body of ``trafilatura.bare_extraction(tree, url=url, fast=fast,
    favor_precision=precise, include_comments=False, include_tables=True,
    include_formatting=True, output_format="xml")``; None when it finds nothing. ``tree`` is
    left as it was. May raise on hostile markup, as trafilatura may."""
    options = _options(url, fast, precise) if OWN_SEQUENCE and precise else None
    # (A tree-size cap, configurable in trafilatura's settings, is a check not repeated below.)
    if options is None or options.max_tree_size is not None:
        document = trafilatura.bare_extraction(
            tree,
            url=url,
            fast=fast,
            favor_precision=precise,
            include_comments=False,
            include_tables=True,
            include_formatting=True,  # keeps <hi>, for the bold lead-ins
            # Not "python": that also renders the text, which we do ourselves after marking it.
            output_format="xml",
        )
        # A Document unless as_dict is asked for: the dict branch only narrows the type.
        if document is None or isinstance(document, dict):
            return None
        return document.body
    work = copy(tree)  # bare_extraction's copy: the pruning below must not reach our tree
    is_forum = _forum_thread_page(work)
    if _MIRRORED:
        for found in _raw_tree_prunes(work):  # deleted in the order trafilatura deletes them
            for element in found:
                delete_element(element)
    else:
        work = prune_unwanted_nodes(work, RAW_TREE_PRUNE_XPATH)
        work = prune_unwanted_nodes(work, REMOVE_COMMENTS_AND_LISTS_XPATH)  # comments off
    if fast:
        # Nothing reads the uncleaned tree again in fast precision mode: clean it in place,
        # and keep no backup for the external extractors, which fast mode skips.
        cleaned, backup = tree_cleaning(work, options), None
    else:
        cleaned = tree_cleaning(copy(work), options)
        backup = copy(cleaned)  # for jusText, before the tags are converted
    cleaned = convert_tags(cleaned, options, url)
    if not is_forum:
        if _MIRRORED:
            for element in _comment_sections(cleaned):
                delete_element(element)
        else:
            cleaned = prune_unwanted_nodes(cleaned, REMOVE_COMMENTS_XPATH)
    body, text = extract_content(cleaned, options)
    if backup is not None:
        # trafilatura hands readability a copy of the pruned tree; in precision mode nothing
        # reads it afterwards (no baseline rescue, no recall escalation), so ours goes as is.
        body, text = compare_extraction(backup, work, body, text, options)
    if len(text) < options.min_output_size and 0 < options.min_output_comm_size:
        return None  # bare_extraction's size check (no comments: their length is 0)
    return body


def _options(url: str | None, fast: bool, precise: bool) -> Extractor:
    """What bare_extraction builds from the keywords above."""
    return Extractor(
        output_format="xml", fast=fast, precision=precise, comments=False, formatting=True, url=url
    )


def _raw_tree_prunes(tree: HtmlElement) -> tuple[list[_Element], list[_Element], list[_Element]]:
    """What RAW_TREE_PRUNE_XPATH's two expressions and REMOVE_COMMENTS_AND_LISTS_XPATH select,
    in document order. trafilatura evaluates each on the tree the previous ones pruned; their
    tests read only tags and names, so each selects the same elements here, plus some inside
    subtrees already removed (removing those again touches only the removed subtree)."""
    appended: list[_Element] = []
    share_buttons: list[_Element] = []
    comments: list[_Element] = []
    for element in tree.iterdescendants(*_SECTION_TAGS, *_COMMENTS_TAGS, *_LIST_TAGS):
        name, ident = element.get("class"), element.get("id")
        if name is None and ident is None:
            continue  # no pattern matches an empty name
        name, ident, tag = name or "", ident or "", element.tag
        if tag in _SECTION_TAGS:
            if (_APPENDED.search(ident) or _APPENDED.search(name)) and (
                element.find(".//h1") is None
                or _APPENDED_THEME.search(ident)
                or _APPENDED_THEME.search(name)
            ):
                appended.append(element)
            if "elementor-share-buttons" in name:
                share_buttons.append(element)
        if tag == "aside" or not (_COMMENTS_ID.search(ident) or _COMMENTS_CLASS.search(name)):
            continue
        if tag not in _LIST_TAGS or _COMMENTS_LIST_ID.search(ident) or _COMMENTS_CLASS.search(name):
            comments.append(element)
    return appended, share_buttons, comments


def _comment_sections(tree: _Element) -> list[_Element]:
    """What REMOVE_COMMENTS_XPATH selects, in document order."""
    return [
        element
        for element in tree.iterdescendants(*_COMMENTS_TAGS)
        if _COMMENTS_ID.search(element.get("id") or "")
        or _COMMENTS_CLASS.search(element.get("class") or "")
    ]


def _mirrors_trafilatura() -> bool:
    """Whether trafilatura's prune expressions are the ones mirrored above."""
    expressions = (*RAW_TREE_PRUNE_XPATH, *REMOVE_COMMENTS_AND_LISTS_XPATH, *REMOVE_COMMENTS_XPATH)
    paths = tuple(" ".join(expression.path.split()) for expression in expressions)
    return paths == _MIRRORED_XPATHS


_MIRRORED = OWN_SEQUENCE and _mirrors_trafilatura()
