"""Keeping the catalogs in step with the code: extract the words into messages.pot, merge them
into every language's .po (new words untranslated, gone ones dropped), start a new language.

    python -m bot.i18n.catalogs update      # after changing words in the code (./dev catalogs)
    python -m bot.i18n.catalogs init xx     # a new language (then add it to LOCALES)
    python -m bot.i18n.catalogs status      # how much of each language is translated

Equivalent to `pybabel extract -F babel.cfg -c TRANSLATORS: --no-location --sort-output` and
`pybabel update --no-location --ignore-obsolete`; kept in code so that the catalog test extracts
exactly as this does. Without source locations the .pot changes only when the words do.
"""

from __future__ import annotations

import re
import sys
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

from bot.i18n.translator import DEFAULT_LOCALE, DOMAIN, LOCALES, LOCALES_DIR

ROOT = LOCALES_DIR.parent.parent
POT = LOCALES_DIR / f"{DOMAIN}.pot"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}
COMMENT_TAGS = ("TRANSLATORS:",)
# A fixed date: the .pot's bytes depend on the words alone (no churn in every commit).
STAMP = datetime(2026, 1, 1, tzinfo=UTC)


def po_path(code: str) -> Path:
    return LOCALES_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.po"


def extract() -> Catalog:
    """Every interface word in the code, as the template."""
    with (ROOT / "babel.cfg").open() as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    catalog = Catalog(
        project="newsbrief",
        domain=DOMAIN,
        creation_date=STAMP,
        revision_date=STAMP,
        msgid_bugs_address="",
        copyright_holder="newsbrief",
        charset="utf-8",
    )
    found = extract_from_dir(
        str(ROOT),
        method_map,
        options_map,
        keywords=KEYWORDS,
        comment_tags=COMMENT_TAGS,
        strip_comment_tags=True,
    )
    for _filename, _lineno, message, comments, context in found:
        catalog.add(message, None, auto_comments=comments, context=context)
    return catalog


def _write(catalog: Catalog, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(
            handle, catalog, width=100, no_location=True, sort_output=True, ignore_obsolete=True
        )


def update() -> None:
    """messages.pot from the code, then every language's .po merged with it."""
    template = extract()
    _write(template, POT)
    for code in LOCALES:
        if code == DEFAULT_LOCALE:
            continue
        path = po_path(code)
        if not path.exists():
            init(code, template)
            continue
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=code, domain=DOMAIN)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.revision_date = STAMP
        _write(catalog, path)


def init(code: str, template: Catalog | None = None) -> None:
    """A new language's .po: every word, none translated yet."""
    template = template or extract()
    catalog = Catalog(
        locale=code,
        domain=DOMAIN,
        project="newsbrief",
        creation_date=STAMP,
        revision_date=STAMP,
        msgid_bugs_address="",
        copyright_holder="newsbrief",
        language_team=f"{code} <newsbrief>",
        fuzzy=False,
    )
    catalog.update(template, no_fuzzy_matching=True)
    _write(catalog, po_path(code))


_FIELD = re.compile(r"(?<!{){([a-z_]*)(?:[:!][^{}]*)?}")
_TAG = re.compile(r"</?[a-z]+(?:\s[^<>]*)?>")


def _key(message: Message) -> tuple[str, str | None]:
    msgid = message.id[0] if isinstance(message.id, tuple | list) else message.id
    return msgid, message.context


def read(path: Path, code: str) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=code, domain=DOMAIN)


def problems(catalog: Catalog, template: Catalog) -> list[str]:
    """What is wrong with a language's catalog against the template: a message it lacks, one
    the code no longer has, a translation that drops or adds a placeholder or an HTML tag, or
    the wrong number of plural forms. Untranslated messages are not problems (English shows)."""
    wanted = {_key(m) for m in template if m.id}
    have = {_key(m) for m in catalog if m.id}
    found = [f"missing: {msgid!r}" for msgid, _ctx in sorted(wanted - have, key=str)]
    found += [f"stale: {msgid!r}" for msgid, _ctx in sorted(have - wanted, key=str)]
    for message in catalog:
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple | list) else (message.id,)
        strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
        if isinstance(message.id, tuple | list) and len(strings) != catalog.num_plurals:
            found.append(f"{len(strings)} plural forms, not {catalog.num_plurals}: {ids[0]!r}")
        fields = set(_FIELD.findall(ids[-1])) | set(_FIELD.findall(ids[0]))
        tags = sorted(_TAG.findall(ids[0]))
        for string in strings:
            if not string:
                continue
            # A singular form may spell out the number ("one") instead of {n}.
            if not set(_FIELD.findall(string)) <= fields or (
                len(strings) == 1 and set(_FIELD.findall(string)) != set(_FIELD.findall(ids[0]))
            ):
                found.append(f"placeholders differ: {ids[0]!r} -> {string!r}")
            if sorted(_TAG.findall(string)) != tags:
                found.append(f"HTML tags differ: {ids[0]!r} -> {string!r}")
    return found


def untranslated(catalog: Catalog) -> list[str]:
    return [
        _key(m)[0]
        for m in catalog
        if m.id
        and (m.fuzzy or not m.string or (isinstance(m.string, tuple | list) and not all(m.string)))
    ]


def main(argv: list[str]) -> int:
    if argv[:1] == ["update"]:
        update()
        return 0
    if argv[:1] == ["init"] and len(argv) == 2:
        init(argv[1])
        return 0
    if argv[:1] == ["status"]:
        template = extract()
        for code in LOCALES[1:]:
            catalog = read(po_path(code), code)
            left = len(untranslated(catalog))
            print(f"{code}: {len(template)} messages, {left} untranslated")
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
