from pathlib import Path

from bot.summaries import split_sentences

TESTDATA = Path(__file__).parent / "testdata"


def test_abbreviations_initials_and_decimals_do_not_end_sentences() -> None:
    text = (
        "Mr. Smith met Dr. Jones on Jan. 5 at 3 p.m. in the U.S. Senate. "
        "J. K. Rowling said the shares rose 3.5 per cent. It cost $3.50. Then it fell."
    )
    assert split_sentences(text) == [
        "Mr. Smith met Dr. Jones on Jan. 5 at 3 p.m. in the U.S. Senate.",
        "J. K. Rowling said the shares rose 3.5 per cent.",
        "It cost $3.50.",
        "Then it fell.",
    ]


def test_dotted_abbreviation_ends_a_sentence_before_a_sentence_opener() -> None:
    assert split_sentences("He moved to the U.S. The house is big.") == [
        "He moved to the U.S.",
        "The house is big.",
    ]


def test_quotes_stay_with_their_sentence() -> None:
    text = '"Why?" she asked. He said: "It is over." Then he left! “Stop,” they shouted.'
    assert split_sentences(text) == [
        '"Why?" she asked.',
        'He said: "It is over."',
        "Then he left!",
        "“Stop,” they shouted.",
    ]


def test_lines_are_never_joined_and_blank_lines_vanish() -> None:
    text = "Headline Without Full Stop\n\n  First   paragraph here.\r\n\nSecond one.  "
    assert split_sentences(text) == [
        "Headline Without Full Stop",
        "First paragraph here.",
        "Second one.",
    ]


def test_ap_dateline_with_state_abbreviation_stays_in_its_sentence() -> None:
    text = (TESTDATA / "ap-dateline-michigan.txt").read_text(encoding="utf-8")
    first = split_sentences(text)[0]
    assert first.startswith("ST. JOSEPH, Mich. (AP) — Michigan health authorities")
    assert first.endswith("Eastern Equine Encephalitis.")


def test_empty_and_whitespace_text_have_no_sentences() -> None:
    assert split_sentences("") == []
    assert split_sentences(" \n\t \n") == []


def test_title_behind_then_or_ex_keeps_its_dot() -> None:
    text = (
        "He worked for then-Gov. Rick Perry. The ex-Sen. John Smith spoke. "
        "They saw the next-gen. It won."
    )
    assert split_sentences(text) == [
        "He worked for then-Gov. Rick Perry.",
        "The ex-Sen. John Smith spoke.",
        "They saw the next-gen.",
        "It won.",
    ]
