from pathlib import Path

import pytest

from bot.extraction import decode_html, extract_article

TESTDATA = Path(__file__).parent / "testdata"


def read(name: str) -> bytes:
    return (TESTDATA / name).read_bytes()


def test_windows_1252_page_that_claims_utf8_reads_as_windows_1252():
    text = decode_html(read("windows-1252-declared-utf8.html"))
    assert "Le café de la gare" in text
    assert "« C’est un soulagement »" in text
    assert "40 000 €" in text
    assert "\ufffd" not in text


def test_meta_charset_after_the_first_kilobyte_is_honoured():
    text = decode_html(read("iso-8859-1-meta-after-1024.html"))
    assert "Jürgen Müller hat am Sonntag das Straßenrennen in Düsseldorf gewonnen" in text
    assert "»Das war das schönste Rennen meiner Karriere«" in text


def test_byte_order_mark_beats_a_stale_meta_declaration():
    text = decode_html(read("utf8-bom.html"))
    assert text.startswith("<html>")  # the BOM itself is gone
    assert "Tōkyō robotics expo" in text
    assert "日本語" in text


def test_charset_given_only_in_the_content_type_header():
    body = read("windows-1250-charset-in-header-only.html")
    text = decode_html(body, "text/html; charset=windows-1250")
    assert "Żółte tramwaje wracają na ulice Krakowa" in text
    assert "łącznie 12 milionów złotych" in text


def test_cyrillic_windows_1251_declared_by_http_equiv():
    text = decode_html(read("windows-1251-cyrillic.html"))
    assert "В Москве в субботу открылась новая станция метро «Лесопарковая»" in text


def test_header_charset_wins_over_meta():
    body = '<meta charset="utf-8"><p>Grüße</p>'.encode("cp1252")
    assert "Grüße" in decode_html(body, 'text/html; charset="ISO-8859-1"')


def test_double_encoded_utf8_is_repaired():
    text = decode_html(read("double-encoded-utf8.html"))
    assert "The café’s owner said “business is back” — and smiled." in text


def test_mostly_utf8_page_with_a_stray_byte_stays_utf8():
    body = ("<p>" + "Ärzte in Zürich und Köln " * 20 + "</p>").encode("utf-8") + b"\xff<p>end</p>"
    text = decode_html(body)
    assert "Ärzte in Zürich und Köln" in text


@pytest.mark.parametrize(
    "body, content_type",
    [
        (b"", None),
        (b"\xff\xfe\x00", None),
        (b"\x00\x01\x02garbage\xc3", "text/html; charset=no-such-charset"),
        (b"<meta charset='x-unknown'>\x80\x81\x82", None),
        (bytes(range(256)) * 10, "text/html; charset=utf-16"),
        (b"<p>caf\xe9 \\x41</p>", "text/html; charset=base64"),
        (b"<p>caf\xe9 \\x41</p>", "text/html; charset=idna"),
        (b"<p>caf\xe9 \\x41</p>", "text/html; charset=punycode"),
        (b"<p>caf\xe9 \\x41</p>", "text/html; charset=undefined"),
        (b"<meta charset=zlib><p>caf\xe9</p>", None),
    ],
)
def test_hostile_bodies_never_raise(body: bytes, content_type: str | None):
    assert isinstance(decode_html(body, content_type), str)


def test_python_only_codecs_named_by_a_page_are_ignored():
    assert decode_html(b"<p>caf\xe9 \\x41</p>", "text/html; charset=unicode_escape") == (
        "<p>café \\x41</p>"
    )
    assert decode_html(b"<p>+AGEAYg-</p>", "text/html; charset=utf-7") == "<p>+AGEAYg-</p>"


def test_extraction_of_a_mis_declared_page_has_clean_text():
    article = extract_article(read("windows-1252-declared-utf8.html"), "https://lyon.example/cafe")
    assert article is not None
    assert "investi 40 000 € dans la rénovation" in article.text
    assert article.language == "fr"
    assert article.site_name == "Journal de Lyon"


def test_extraction_of_cyrillic_page_detects_russian():
    article = extract_article(read("windows-1251-cyrillic.html"))
    assert article is not None
    assert "станция разгрузит соседние линии" in article.text
    assert article.language == "ru"
