"""Strip page furniture from a parsed page before the article is looked for in it."""

from __future__ import annotations

import re

from lxml.etree import XPath, _Element
from lxml.html import HtmlElement

# Never removed whatever their class says: the page skeleton and the article's own container.
_PROTECTED_TAGS = frozenset({"html", "body", "main", "article", "h1"})
_INVISIBLE_TAGS = ("script", "style", "template", "noscript", "svg", "canvas", "object", "embed")
# Page chrome the text extraction discards anyway: dropped early, every later pass (and each
# of trafilatura's tree copies) has less to walk.
_CHROME_TAGS = ("head", "nav", "aside", "footer")
_INLINE_TAGS = frozenset({"span", "a", "em", "strong", "b", "i", "small", "sup", "sub", "label"})
# Inline markup inside a text block: its text belongs to the block when prose is measured.
_PHRASING_TAGS = _INLINE_TAGS | {
    "u",
    "mark",
    "abbr",
    "br",
    "font",
    "time",
    "cite",
    "q",
    "code",
    "wbr",
}
# A text block counts as prose when it is at least this long and mostly not link text.
MIN_PROSE_BLOCK_CHARS = 60
MAX_PROSE_LINK_SHARE = 0.5
# Parts of class/id names (split at - and _, case ignored) that name furniture, never prose.
_FURNITURE_PARTS = frozenset(
    {
        "cookie",
        "cookies",
        "cookiebanner",
        "consent",
        "gdpr",
        "onetrust",
        "didomi",
        "cookiebot",
        "usercentrics",
        "newsletter",
        "newsletters",
        "signup",
        "tooltip",
        "popover",
        "hovercard",
        "rollover",
        "outbrain",
        "taboola",
        "disqus",
        "respond",
    }
)
# Class names that tag an article with its topic (WordPress "tag-cookies", "category-newsletter")
# describe the content, not furniture.
_TOPIC_PREFIXES = ("tag-", "tags-", "category-", "cat-", "topic-", "post-", "section-", "keyword-")
# A furniture container holding more than this share of the page's text is the page itself
# (a consent wall, a blog whose body sits in a "comments-enabled" wrapper).
MAX_FURNITURE_SHARE = 0.4
# Chrome with less text (or prose) than this is dropped without comparing it to the page.
MIN_CHROME_CHECK_CHARS = 1000
# Paragraphs and list items made of one link are teasers ("Read more: ...", headline lists).
_TEASER_TAGS = ("p", "li")
MIN_TEASER_CHARS = 20
MAX_TEASER_CHARS = 250
MIN_TEASER_LINK_SHARE = 0.8
# Attribute values come back as strings that know their element: no element objects are made
# for the many classes that name nothing of interest.
_CLASS_AND_ID_VALUES = XPath(".//@class | .//@id")
_FURNITURE_NAME = re.compile(
    r"(?:^|[-_\s])(?:{})(?:$|[-_\s])".format("|".join(sorted(_FURNITURE_PARTS))), re.IGNORECASE
)
# Cheap test (in C) that chrome holds some paragraphs of sentence length before measuring it.
_HAS_PARAGRAPHS = XPath("count(.//p[string-length(normalize-space(.)) >= 60]) >= 3")
_TEASER_CANDIDATES = XPath(" | ".join(f".//{tag}[.//a[@href]]" for tag in _TEASER_TAGS))
# An element holding no text (an icon, an empty anchor, a wrapper of a stray <meta>) loses
# the text that follows it in trafilatura: its precision mode deletes empty elements of these
# tags with their tail, and its extractor skips a blank <div>, <section> or <a> with its tail
# ("<i class=icon></i> 35 min", a recipe step after an empty progress bar, a table cell's value).
_TAIL_LOSING_TAGS = tuple(
    "a article b blockquote dd div dt em h1 h2 h3 h4 h5 h6 header i li main p pre q section"
    " span strong".split()
)
# Those that break the line: dropping one must not glue the words on either side.
_BLOCK_BREAK_TAGS = frozenset(_TAIL_LOSING_TAGS) - {"a", "b", "em", "i", "q", "span", "strong"}
_LINE_BREAKS = _BLOCK_BREAK_TAGS | {"br", "hr", "ul", "ol", "table"}
_LABEL_OR_TAG = re.compile(r"^\s*[\w ]{1,20}:\s*|\s*\[[^\]]{1,20}\]\W*$")


def drop_invisible(tree: HtmlElement) -> HtmlElement:
    """Remove scripts, styles, templates, <noscript> banners, embedded objects and the page
    chrome (<head>, <nav>, <aside>, <footer>), and elements without text that stand before
    text (their tail kept); a list in a table cell becomes one run of its items, "; " between
    them. In place: read metadata before calling this."""
    for element in list(tree.iter(*_INVISIBLE_TAGS)):
        _drop(element)
    page_prose: int | None = None
    for element in list(tree.iter(*_CHROME_TAGS)):
        # Unclosed markup can leave the article inside a <nav> or <footer>: chrome that holds
        # much of the page's prose is the page. Measured only when it holds much text at all.
        if (
            element.tag != "head"
            and len(element.text_content()) > MIN_CHROME_CHECK_CHARS
            and _HAS_PARAGRAPHS(element)
        ):
            held = prose_chars(element)
            if held > MIN_CHROME_CHECK_CHARS:
                if page_prose is None:
                    page_prose = prose_chars(tree)
                if held > MAX_FURNITURE_SHARE * page_prose:
                    # trafilatura discards these tags itself: kept, it must not see them.
                    element.tag = "div"
                    continue
        _drop(element)
    _keep_text_after_empty_elements(tree)
    _unlist_table_cells(tree)
    return tree


def _keep_text_after_empty_elements(tree: HtmlElement) -> None:
    body = tree.find("body")
    if body is None:
        return
    # Whether an element holds a word is read only where asked (most of a page never is), and
    # once: nested empty elements with tails ("<span><span><i></i>…</span>t</span>t") must
    # not each read their descendants again.
    blanks: dict[_Element, str | None] = {}
    parents: dict[_Element, None] = {}
    for element in body.iter(*_TAIL_LOSING_TAGS):  # these tags selected in C
        if (
            has_words(element.tail)
            and not has_words(element.text)
            and _blank_of(element, blanks) is not None
        ):
            parents[element.getparent()] = None
    # Each parent's children are walked once and each text moved once: a run of thousands
    # of empty elements before a long text must not copy the text once per element. Moving
    # text within a parent that holds a word changes no element's answer in ``blanks``.
    for parent in parents:
        for child in parent:
            if child.tag in _TAIL_LOSING_TAGS:
                _blank_of(child, blanks)
        _drop_empty_runs(parent, blanks)


def _drop_empty_runs(parent: _Element, blanks: dict[_Element, str | None]) -> None:
    """Remove the children of ``parent`` without text that stand before text: a run of them
    ("<div></div><div></div>text") up to the last one with text after it. Their tails join
    the text before the run. ``blanks``: from ``_blank_of``."""
    holder: _Element | None = None  # the last kept child; None: the parent's own text
    moved: list[str] = []  # text gathered for the holder's tail
    run: list[tuple[_Element, str]] = []  # empty children since the holder or the last run
    for child in list(parent):
        blank = blanks[child] if child.tag in _TAIL_LOSING_TAGS else None
        if blank is None:
            _append_tail(parent, holder, moved)
            holder, moved, run = child, [], []  # empty ones left in run stay: no text follows
            continue
        run.append((child, blank))
        if not has_words(child.tail):
            continue
        text = _run_text(run)
        if (
            not text[0].isspace()
            and any(element.tag in _BLOCK_BREAK_TAGS for element, _ in run)
            and _unspaced_before(parent, holder, moved)
        ):
            text = " " + text  # "… on the plan<div></div>Construction …": two sentences
        moved.append(text)
        for element, _ in run:
            element.tail = None
            parent.remove(element)
        run = []
    _append_tail(parent, holder, moved)


def _blank_of(element: _Element, blanks: dict[_Element, str | None]) -> str | None:
    """None when ``element`` holds a word; else its text as far as spacing goes: "" (none at
    all) or " " (spaces only). Its own tail does not count, nor does the text of a comment (its
    tail does). Answers for its subtree go into ``blanks``; a subtree answered before is not
    entered again, so that all the calls on a page read each element once."""
    if element in blanks:
        return blanks[element]
    stack: list[tuple[_Element, bool]] = [(element, False)]
    while stack:
        node, children_answered = stack.pop()
        if not children_answered:
            stack.append((node, True))
            stack.extend(
                (child, False)
                for child in node
                if isinstance(child.tag, str) and child not in blanks
            )
            continue
        blank = _spacing(node.text)
        for child in node:
            if blank is None:
                break
            inner = blanks.get(child, "")  # a comment or processing instruction: no text
            tail = _spacing(child.tail)
            blank = None if inner is None or tail is None else blank or inner or tail
        blanks[node] = blank
    return blanks[element]


def _spacing(text: str | None) -> str | None:
    """None for a text with a word, " " for spaces only, "" for none."""
    if not text:
        return ""
    return " " if text.isspace() else None


def _run_text(run: list[tuple[_Element, str]]) -> str:
    """The tails of a run of empty elements, in order; an element holding only spaces keeps
    a space before the text after it ("country<b> </b>and": still two words)."""
    pieces: list[str] = []
    spaced = False  # the text gathered so far (from the end) opens with a space
    for element, blank in reversed(run):
        if element.tail:
            pieces.append(element.tail)
            spaced = element.tail[0].isspace()
        if blank and not spaced:
            pieces.append(" ")
            spaced = True
    return "".join(reversed(pieces))


def _unspaced_before(parent: _Element, holder: _Element | None, moved: list[str]) -> bool:
    """The parent's text before the current run of empty elements ends in something other
    than a space or a line break. Read from its end: no string is made of a big element's
    text."""
    if moved:
        return not moved[-1][-1].isspace()
    node = holder
    while node is not None:
        if node.tail:
            return not node.tail[-1].isspace()
        if node.tag in _LINE_BREAKS:
            return False  # "…<br><div></div>Text": the line ends before the text already
        last = _last_char(node)
        if last:
            return not last.isspace()
        node = node.getprevious()
    return bool(parent.text) and not parent.text[-1].isspace()


def _last_char(element: _Element) -> str:
    """The last character of the text inside ``element`` ("" when it holds none)."""
    for child in reversed(element):
        if child.tail:
            return child.tail[-1]
        if isinstance(child.tag, str):
            last = _last_char(child)
            if last:
                return last
    return element.text[-1] if isinstance(element.tag, str) and element.text else ""


def _append_tail(parent: _Element, holder: _Element | None, moved: list[str]) -> None:
    if not moved:
        return
    if holder is None:
        parent.text = (parent.text or "") + "".join(moved)
    else:
        holder.tail = (holder.tail or "") + "".join(moved)


def _unlist_table_cells(tree: HtmlElement) -> None:
    """trafilatura drops a list inside a table cell (a settings table's options, a spec
    sheet's bullet points) in every mode. There its items become paragraphs, which the
    table's row runs together on one line: each item but the last ends with ";", and the
    words before a list within an item with ":", unless they end with punctuation already
    ("| Oven | Top and bottom heat; Fan |", "| Camera | Default; Custom: Height; Zoom |")."""
    for listing in list(tree.iter("ul", "ol")):
        if next(listing.iterancestors("td", "th"), None) is None:
            continue
        listing.tag = "div"
        items = list(listing.iterchildren("li"))
        for item in items:
            item.tag = "p"
        for item in items[:-1]:
            _end_words(item, ";")
        parent = listing.getparent()
        if parent is not None and parent.tag == "p":  # an item of a list unlisted already
            _end_words_before(listing, ":")


def _end_words(element: _Element, mark: str) -> bool:
    """Put ``mark`` after the last word in ``element``, read from its end (none after
    punctuation). False when it holds no word."""
    for child in reversed(element):
        if has_words(child.tail):
            child.tail = _ended(child.tail or "", mark)
            return True
        if isinstance(child.tag, str) and _end_words(child, mark):
            return True
    if has_words(element.text):
        element.text = _ended(element.text or "", mark)
        return True
    return False


def _end_words_before(element: _Element, mark: str) -> None:
    """Put ``mark`` after the last word before ``element`` within its parent."""
    node = element.getprevious()
    while node is not None:
        if has_words(node.tail):
            node.tail = _ended(node.tail or "", mark)
            return
        if isinstance(node.tag, str) and _end_words(node, mark):
            return
        node = node.getprevious()
    parent = element.getparent()
    if parent is not None and has_words(parent.text):
        parent.text = _ended(parent.text or "", mark)


def _ended(text: str, mark: str) -> str:
    words = text.rstrip()
    if words[-1] in ".,;:!?":
        return text
    return words + mark + text[len(words) :]


def has_words(text: str | None) -> bool:
    """A text with something other than spaces in it (an element's text or tail)."""
    return bool(text and not text.isspace())


def prose_chars(tree: HtmlElement) -> int:
    """Characters of article-like text on the page: text blocks (any block element's own text,
    inline markup included) long enough to be sentences and not made of links."""
    chars: dict[_Element, int] = {}
    link_chars: dict[_Element, int] = {}
    # One walk of the elements (proxies made in C), not of the text nodes: half the time.
    for element in tree.iter():
        for text, holder in ((element.text, element), (element.tail, element.getparent())):
            size = len(text.strip()) if text else 0
            if not size or holder is None:
                continue
            in_link = False
            while holder is not None and holder.tag in _PHRASING_TAGS:
                in_link = in_link or holder.tag == "a"
                holder = holder.getparent()
            if holder is None:
                continue
            chars[holder] = chars.get(holder, 0) + size
            if in_link:
                link_chars[holder] = link_chars.get(holder, 0) + size
    return sum(
        size
        for element, size in chars.items()
        if size >= MIN_PROSE_BLOCK_CHARS
        and link_chars.get(element, 0) <= MAX_PROSE_LINK_SHARE * size
    )


def prune_page_furniture(tree: HtmlElement, page_chars: int | None = None) -> HtmlElement:
    """Remove containers whose class or id names them as cookie notices, newsletter boxes,
    hover cards or recommendation widgets, and one-link teaser paragraphs. ``page_chars``:
    ``len(tree.text_content())`` when the caller has it already.

    Works in place and returns ``tree``. Text outside removed elements is kept (tails survive).
    """
    if page_chars is None:
        page_chars = len(tree.text_content())
    candidates = _furniture_candidates(tree)
    for element in candidates:
        if (
            element.tag not in _PROTECTED_TAGS
            and element.getparent() is not None
            and not _wraps_inline_furniture(element, candidates)
            and len(element.text_content()) <= MAX_FURNITURE_SHARE * page_chars
        ):
            _drop(element)
    for element in _TEASER_CANDIDATES(tree):
        if element.getparent() is not None and _is_link_teaser(element):
            _drop(element)
    return tree


def truncate_page_text(tree: HtmlElement, max_chars: int) -> HtmlElement:
    """Cut everything after the first ``max_chars`` characters of text, in document order, so a
    runaway page costs no more than a long article. Works in place and returns ``tree``."""
    if len(tree.text_content()) <= max_chars:
        return tree
    seen = 0
    for element in tree.iter():
        seen += len(element.text or "") + len(element.tail or "")
        if seen > max_chars:
            element.tail = None
            for child in list(element):  # they come after element.text in reading order
                element.remove(child)
            node: HtmlElement | None = element
            while node is not None:
                for following in list(node.itersiblings()):
                    node.getparent().remove(following)
                node = node.getparent()
            break
    return tree


def _furniture_candidates(tree: HtmlElement) -> dict[HtmlElement, None]:
    """Elements whose class or id has a furniture word as a whole part, in document order
    (a dict used as an ordered set)."""
    found: dict[HtmlElement, None] = {}
    for value in _CLASS_AND_ID_VALUES(tree):
        if _FURNITURE_NAME.search(value) and _names_furniture(value):
            found[value.getparent()] = None
    return found


def _wraps_inline_furniture(element: HtmlElement, candidates: dict[HtmlElement, None]) -> bool:
    """An inline wrapper around a hover card also holds the linked word, which is prose: only
    the card inside it goes."""
    return element.tag in _INLINE_TAGS and any(
        inner in candidates for inner in element.iterdescendants()
    )


def _names_furniture(value: str) -> bool:
    for token in value.lower().split():
        if token.startswith(_TOPIC_PREFIXES):
            continue
        if any(part in _FURNITURE_PARTS for part in re.split(r"[-_]+", token)):
            return True
    return False


def _is_link_teaser(element: HtmlElement) -> bool:
    text = " ".join(element.text_content().split())
    if not MIN_TEASER_CHARS <= len(text) <= MAX_TEASER_CHARS:
        return False
    links = [a for a in element.iter("a") if a.get("href")]
    if not links:
        return False
    link_chars = sum(len(" ".join(a.text_content().split())) for a in links)
    # "Read more:" labels and "[VIDEO]" tags around the link do not make it prose.
    return link_chars >= MIN_TEASER_LINK_SHARE * len(_LABEL_OR_TAG.sub("", text))


def _drop(element: HtmlElement) -> None:
    """Remove an element but keep its tail text, which belongs to the parent."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)
