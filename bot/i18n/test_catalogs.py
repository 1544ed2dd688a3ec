"""The catalogs against the code: none lacks a message or keeps a stale one, no translation
breaks a placeholder or an HTML tag, and the complete languages have every message."""

from __future__ import annotations

import io

import pytest
from babel.messages.pofile import read_po

from bot.i18n import LOCALES, ngettext, translator, use_locale
from bot.i18n.catalogs import POT, extract, po_path, problems, read, untranslated

# Languages every message of which is translated (the others show English where they lack one).
COMPLETE = ("ur", "tr", "es")
OTHERS = tuple(code for code in LOCALES[1:] if code not in COMPLETE)


@pytest.fixture(scope="module")
def template():  # type: ignore[no-untyped-def]
    return extract()


def test_the_template_holds_exactly_the_words_in_the_code(template) -> None:  # type: ignore[no-untyped-def]
    with POT.open("rb") as handle:
        stored = read_po(handle)
    in_code = {(m.id if isinstance(m.id, str) else m.id[0], m.context) for m in template if m.id}
    in_pot = {(m.id if isinstance(m.id, str) else m.id[0], m.context) for m in stored if m.id}
    assert in_code - in_pot == set(), "run ./dev catalogs: the code has new words"
    assert in_pot - in_code == set(), "run ./dev catalogs: the template has words the code lost"


@pytest.mark.parametrize("code", LOCALES[1:])
def test_each_catalog_has_every_message_and_keeps_placeholders_and_tags(code, template) -> None:  # type: ignore[no-untyped-def]
    assert problems(read(po_path(code), code), template) == []


@pytest.mark.parametrize("code", COMPLETE)
def test_complete_languages_translate_every_message(code) -> None:  # type: ignore[no-untyped-def]
    assert untranslated(read(po_path(code), code)) == []


def test_the_checks_catch_a_lost_a_stale_and_a_broken_message(template) -> None:  # type: ignore[no-untyped-def]
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


@pytest.mark.parametrize("code", OTHERS)
def test_an_untranslated_message_falls_back_to_english(code) -> None:  # type: ignore[no-untyped-def]
    catalog = read(po_path(code), code)
    plural = ("+ {n} more story on this topic", "+ {n} more stories on this topic")
    assert plural[0] in untranslated(catalog)
    assert [translator(code).ngettext(*plural, n) for n in (1, 2, 11)] == [
        plural[0],
        plural[1],
        plural[1],
    ]
    for msgid in untranslated(catalog)[:20]:
        assert translator(code).gettext(msgid) == msgid


def test_urdu_and_arabic_use_their_own_plural_rules() -> None:
    forms = ("{n} topic", "{n} topics")
    with use_locale("en"):
        assert [ngettext(*forms, n) for n in (0, 1, 2)] == [forms[1], forms[0], forms[1]]
    # Arabic has six plural categories; its catalog says so, whatever is translated yet.
    assert read(po_path("ar"), "ar").num_plurals == 6
    assert read(po_path("ur"), "ur").num_plurals == 2
