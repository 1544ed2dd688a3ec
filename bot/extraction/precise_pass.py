"""trafilatura's precision-first extraction, run on a copy of our tree without the copies of it
that trafilatura makes for passes we never ask for.

``bare_extraction`` copies the tree it is given, then ``trafilatura_sequence`` copies that copy
before cleaning it and keeps a third copy as a backup that its fast mode never reads: ~9 % of an
extraction on snippets-dev. In precision mode without comments nothing reads the uncleaned tree
after the external comparison, so one copy suffices in the quick pass and three do in the cascade
(instead of three and four). The steps are those of trafilatura 2.3's ``trafilatura_sequence``,
which is private: on another version, or if a step has moved, the plain call runs instead, and
``test_precise_pass.py`` checks on varied pages that both give the same body.
"""

from __future__ import annotations

from copy import copy

import trafilatura
from lxml.etree import _Element
from lxml.html import HtmlElement

try:
    from trafilatura.core import _forum_thread_page
    from trafilatura.external import compare_extraction
    from trafilatura.htmlprocessing import convert_tags, prune_unwanted_nodes, tree_cleaning
    from trafilatura.main_extractor import extract_content
    from trafilatura.settings import Extractor
    from trafilatura.xpaths import (
        RAW_TREE_PRUNE_XPATH,
        REMOVE_COMMENTS_AND_LISTS_XPATH,
        REMOVE_COMMENTS_XPATH,
    )

    # The version whose trafilatura_sequence the steps below follow (checked by the tests).
    OWN_SEQUENCE = trafilatura.__version__.startswith("2.3.")
except ImportError:  # pragma: no cover - another trafilatura: the plain call
    OWN_SEQUENCE = False


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
