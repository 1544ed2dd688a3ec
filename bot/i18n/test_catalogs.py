"""The catalogs against the code: none lacks a message or keeps a stale one, no translation
breaks a placeholder or an HTML tag, and the complete languages have every message."""

from __future__ import annotations

import io

import pytest
from babel.messages.pofile import read_po, write_po

from bot.i18n import LOCALES, ngettext, translator, use_locale
from bot.i18n.catalogs import POT, extract, po_path, problems, read, untranslated
from bot.i18n.translator import Translator, compile_catalog

# Languages every message of which is translated (the others show English where they lack one).
COMPLETE = ("ur", "ar", "fa", "tr", "es")


@pytest.fixture(scope="module")
def template():
    return extract()


def test_the_template_holds_exactly_the_words_in_the_code(template) -> None:
    with POT.open("rb") as handle:
        stored = read_po(handle)
    in_code = {(m.id if isinstance(m.id, str) else m.id[0], m.context) for m in template if m.id}
    in_pot = {(m.id if isinstance(m.id, str) else m.id[0], m.context) for m in stored if m.id}
    assert in_code - in_pot == set(), "run ./dev catalogs: the code has new words"
    assert in_pot - in_code == set(), "run ./dev catalogs: the template has words the code lost"


@pytest.mark.parametrize("code", LOCALES[1:])
def test_each_catalog_has_every_message_and_keeps_placeholders_and_tags(code, template) -> None:
    assert problems(read(po_path(code), code), template) == []


@pytest.mark.parametrize("code", COMPLETE)
def test_complete_languages_translate_every_message(code) -> None:
    assert untranslated(read(po_path(code), code)) == []


def test_the_checks_catch_a_lost_a_stale_and_a_broken_message(template) -> None:
    po = (
        'msgid ""\nmsgstr ""\n"Language: ur\\n"\n'
        '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
        'msgid "Hello, {name}!"\nmsgstr "سلام {nam}!"\n\n'
        'msgid "<b>What I can do</b>"\nmsgstr "<b>میں"\n\n'
        'msgid "A message the code no longer has"\nmsgstr "x"\n'
    )
    broken = read_po(io.BytesIO(po.encode()), locale="ur")
    found = problems(broken, template)
    assert any(p.startswith("missing: ") for p in found)
    assert "stale: 'A message the code no longer has'" in found
    assert any(p.startswith("placeholders differ: 'Hello, {name}!'") for p in found)
    assert any(p.startswith("HTML tags differ: '<b>What I can do</b>'") for p in found)


@pytest.mark.parametrize("code", LOCALES[1:])
def test_an_untranslated_message_falls_back_to_english(code, tmp_path) -> None:
    # Every shipped language is complete, so take a copy of its catalog with some words
    # (a plural among them) left untranslated, as a language being added would have.
    catalog = read(po_path(code), code)
    plural = ("+ {n} more story on this topic", "+ {n} more stories on this topic")
    blanked = [plural[0]] + [m.id for m in list(catalog) if isinstance(m.id, str) and m.id][:20]
    for message in catalog:
        if message.id == plural or message.id in blanked:
            message.string = ("", "") if isinstance(message.id, tuple) else ""
    folder = tmp_path / code / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "messages.po").open("wb") as handle:
        write_po(handle, catalog)
    partial = Translator(code, compile_catalog(code, tmp_path))
    assert [partial.ngettext(*plural, n) for n in (1, 2, 11)] == [plural[0], plural[1], plural[1]]
    for msgid in blanked[1:]:
        assert partial.gettext(msgid) == msgid
    # ...while the shipped catalog translates those same words.
    assert translator(code).ngettext(*plural, 2) != plural[1]


def test_urdu_and_arabic_use_their_own_plural_rules() -> None:
    forms = ("{n} topic", "{n} topics")
    with use_locale("en"):
        assert [ngettext(*forms, n) for n in (0, 1, 2)] == [forms[1], forms[0], forms[1]]
    # Arabic has six plural categories; its catalog says so, whatever is translated yet.
    assert read(po_path("ar"), "ar").num_plurals == 6
    assert read(po_path("ur"), "ur").num_plurals == 2


def _literal_calls() -> set[tuple[str, str | None]]:
    """Every `_("…")`, `ngettext("…", …)`, `pgettext("ctx", "…")` with literal words in the
    code babel.cfg covers, f-strings included (which the extractor does not look inside)."""
    import ast

    from bot.i18n.catalogs import ROOT

    found: set[tuple[str, str | None]] = set()
    for folder in ("bot", "handlers", "storage"):
        for path in (ROOT / folder).rglob("*.py"):
            relative = path.relative_to(ROOT).as_posix()
            if path.name.startswith("test_") or relative.startswith("bot/terminal/"):
                continue
            if relative.startswith("bot/cli/"):
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                    continue
                args = [a.value if isinstance(a, ast.Constant) else None for a in node.args]
                name = node.func.id
                if name in ("_", "N_", "ngettext") and args and isinstance(args[0], str):
                    found.add((args[0], None))
                elif name == "pgettext" and len(args) > 1 and isinstance(args[1], str):
                    found.add((args[1], args[0] if isinstance(args[0], str) else None))
    return found


def test_every_word_marked_in_the_code_is_extracted(template) -> None:
    # A `_("Original")` inside an f-string is translated at run time but never extracted, so
    # no catalog has it and it stays English in every language.
    extracted = {(m.id if isinstance(m.id, str) else m.id[0], m.context) for m in template if m.id}
    assert _literal_calls() - extracted == set()
