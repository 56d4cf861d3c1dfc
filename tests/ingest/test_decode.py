"""decode_bytes: UTF-8 first, a detected encoding otherwise, refusal of empty and binary files."""

from __future__ import annotations

import codecs

import pytest

from kg.errors import InputError
from kg.ingest.decode import decode_bytes

# Long enough for charset detection to have something to go on.
WESTERN = (
    "The new café on Quay Street opened its doors on Monday morning. "
    "Its owner, a former ship's cook, posted her résumé on the window, "
    "and critics called the menu naïve but generous. "
) * 3


@pytest.mark.parametrize(
    "data, text",
    [
        (b"Plain ASCII news.", "Plain ASCII news."),
        ("Zürich café – 5 €".encode("utf-8"), "Zürich café – 5 €"),
        (codecs.BOM_UTF8 + "Köln wins".encode("utf-8"), "Köln wins"),
    ],
)
def test_utf8_with_or_without_bom_has_no_encoding(data, text):
    assert decode_bytes(data, "a.txt") == (text, None)


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_bom_decodes(codec):
    text = "Nachrichten über die Größe der Flotte."
    bom = {"utf-16": b"", "utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}[codec]
    decoded, encoding = decode_bytes(bom + text.encode(codec), "a.txt")
    assert decoded == text
    assert encoding is not None


@pytest.mark.parametrize("codec", ["cp1252", "latin-1"])
def test_western_single_byte_text_reports_an_encoding(codec):
    decoded, encoding = decode_bytes(WESTERN.encode(codec), "a.txt")
    assert encoding is not None
    assert "Quay Street" in decoded


@pytest.mark.parametrize("codec", ["cp1252", "latin-1"])
def test_western_single_byte_text_decodes_to_the_original(codec):
    assert decode_bytes(WESTERN.encode(codec), "a.txt")[0] == WESTERN


@pytest.mark.parametrize("data", [b"", b"   ", b" \n\t\r\n "])
def test_empty_or_whitespace_only_is_refused(data):
    with pytest.raises(InputError, match="empty") as caught:
        decode_bytes(data, "in/blank.txt")
    assert caught.value.path == "in/blank.txt"


@pytest.mark.parametrize("data", [codecs.BOM_UTF8, codecs.BOM_UTF8 + b"  \n"])
def test_bom_only_file_is_empty(data):
    with pytest.raises(InputError, match="empty"):
        decode_bytes(data, "bom.txt")


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
        b"text before a NUL\x00 and after",
        "no BOM here".encode("utf-16-le"),  # UTF-16 without a BOM is indistinguishable from binary
    ],
)
def test_nul_bytes_mean_binary(data):
    with pytest.raises(InputError, match="binary") as caught:
        decode_bytes(data, "photo.txt")
    assert caught.value.path == "photo.txt"
