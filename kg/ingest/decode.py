"""Bytes to text: UTF-8 first, then a detected encoding, and refusal of binaries."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from kg.errors import InputError

def wide_encoding(data: bytes) -> str | None:
    """``"utf-32"`` or ``"utf-16"`` when ``data`` starts with that encoding's byte order mark.

    UTF-16 and UTF-32 text is full of NUL bytes; only the mark tells it from a binary file.
    """
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):  # before UTF-16: FF FE 00 00 starts with FF FE
        return "utf-32"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return None


def binary_reason(data: bytes) -> str | None:
    """Why ``data`` is not text, or None: a NUL byte (outside UTF-16/32 with a byte order mark).

    Text files hold no NUL bytes; images, archives and UTF-16 without a byte order mark do.
    The reason names the line of the first NUL, for a text file that was damaged.
    """
    if wide_encoding(data):
        return None
    at = data.find(b"\x00")
    if at < 0:
        return None
    return f"binary file (a NUL byte on line {line_of(data, at)}; text files have none)"


def line_of(data: bytes, offset: int) -> int:
    """The line number (from 1) of byte ``offset``."""
    return data.count(b"\n", 0, offset) + 1


def first_bad_utf8_line(data: bytes) -> int | None:
    """The line of the first byte that is not UTF-8, for warnings; None if all of it is UTF-8."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        return line_of(data, error.start)
    return None


def decode_bytes(data: bytes, path: str) -> tuple[str, str | None]:
    """Decode ``data`` read from ``path``; return the text and the encoding if not UTF-8.

    Raises InputError for empty, binary or undecodable content.
    """
    if not data.removeprefix(codecs.BOM_UTF8).strip():
        raise InputError(path, "empty file")
    if reason := binary_reason(data):
        raise InputError(path, reason)
    if wide := wide_encoding(data):
        try:
            return _text(data.decode(wide), path), wide
        except UnicodeDecodeError as error:
            raise InputError(path, f"not valid {wide.upper()} (line {line_of(data, error.start)})") from None
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        raise InputError(path, "not text in any encoding that could be detected")
    # Detection is unreliable on mostly-ASCII text with a few accented letters or a "£"
    # (it guesses cp932 or cp775); Windows-1252 is by far the likeliest there, so it wins
    # whenever the detector finds it plausible.
    western = next((m for m in matches if "cp1252" in m.could_be_from_charset and m.chaos <= _WESTERN_CHAOS), None)
    text, encoding = (data.decode("cp1252", errors="replace"), "cp1252") if western else (str(best), best.encoding)
    return _text(text, path), encoding


def _text(text: str, path: str) -> str:
    if not text.strip():
        raise InputError(path, "empty file")
    if _control_ratio(text) > 0.05:
        raise InputError(path, "binary file (mostly control characters)")
    return text


_WESTERN_CHAOS = 0.2


def _control_ratio(text: str) -> float:
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    return controls / max(len(text), 1)
