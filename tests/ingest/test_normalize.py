"""normalize_text and first_title_line: the canonical text every later stage reads."""

from __future__ import annotations

import pytest

from kg.ingest.normalize import first_title_line, normalize_text
from kg.models import Article


@pytest.mark.parametrize(
    "raw, expected",
    [
        # quotes and apostrophes
        ("Meta’s new lab", "Meta's new lab"),
        ("the ‘pilot’ scheme", "the 'pilot' scheme"),
        ("he said “not yet”", 'he said "not yet"'),
        ("„Guten Tag“", '"Guten Tag"'),
        ("«bonjour»", '"bonjour"'),
        # spaces
        ("10\u00a0km", "10 km"),
        ("narrow\u202fspace and thin\u2009space", "narrow space and thin space"),
        ("tab\tseparated", "tab separated"),
        # line endings
        ("first\r\nsecond", "first\nsecond"),
        ("old\rmac", "old\nmac"),
        ("line\u2028separator", "line\nseparator"),
        # invisible characters
        ("zero\u200bwidth", "zerowidth"),
        ("join\u200cer\u200d and\u2060 word", "joiner and word"),
        ("\ufeffStarts with a BOM", "Starts with a BOM"),
        ("bell\x07 and escape\x1b", "bell and escape"),
        # blank lines and outer whitespace
        ("one\n\ntwo", "one\n\ntwo"),
        ("one\n\n\n\ntwo", "one\n\ntwo"),
        ("one\n\n\n\n\n\n\ntwo", "one\n\ntwo"),
        ("one\n  \n\u00a0\n\t\n\ntwo", "one\n\ntwo"),  # lines of only spaces count as blank
        ("trailing   \nspaces", "trailing\nspaces"),
        ("  \n\n  padded text \n\n\n", "padded text"),
        # composed and decomposed accents are the same text
        ("cafe\u0301", "caf\u00e9"),
        ("", ""),
    ],
)
def test_normalize_text(raw, expected):
    assert normalize_text(raw) == expected


def test_normalize_text_is_idempotent():
    messy = "\ufeff  “Quoted”\u00a0text’s\r\n\r\n\r\n\r\nnext\u200b line  \n"
    once = normalize_text(messy)
    assert normalize_text(once) == once


def test_same_text_with_cosmetic_differences_has_same_content_identity():
    plain = "Harbour Freight's board met on Tuesday.\n\nIt approved the \"new\" budget."
    cosmetic = (
        "\ufeff  Harbour\u00a0Freight’s board met\u200b on Tuesday.  \r\n"
        "\r\n\r\n\r\n\r\nIt approved the “new” budget.\r\n\r\n"
    )

    def article(text):
        return Article(text=normalize_text(text), title=None, identifier="x", source="x")

    assert article(cosmetic).sha256 == article(plain).sha256
    assert article(plain).sha256 == article(plain).sha256
    assert article(plain + " Extra.").sha256 != article(plain).sha256


@pytest.mark.parametrize(
    "text, title",
    [
        ("Bridge reopens\nThe bridge reopened today.", "Bridge reopens"),
        ("\n\n   Padded title   \nbody", "Padded title"),
        ("×\nReal headline\nbody", "Real headline"),  # a close button is not a title
        ("•\n—\n* * *\n2024 results\nbody", "2024 results"),
        ("Überschrift der Woche\nText", "Überschrift der Woche"),
        ("× • —", None),
        ("", None),
    ],
)
def test_first_title_line(text, title):
    assert first_title_line(text)[0] == title


def test_first_title_line_offset_is_where_the_body_starts():
    text = "×\nHeadline here\nThe body begins."
    title, start = first_title_line(text)
    assert title == "Headline here"
    assert text[start:] == "The body begins."


def test_first_title_line_without_title_has_offset_zero():
    assert first_title_line("×\n•") == (None, 0)


def test_first_title_line_skips_underscore_rule():
    assert first_title_line("_____\nActual headline\nbody")[0] == "Actual headline"
