"""Bytes to text: UTF-8 first, then a detected encoding, and refusal of binaries."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from kg.errors import InputError

_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)


def decode_bytes(data: bytes, path: str) -> tuple[str, str | None]:
    """Decode ``data`` read from ``path``; return the text and the encoding if not UTF-8.

    Raises InputError for empty, binary or undecodable content.
    """
    has_bom = data.startswith(_BOMS)
    if not data.removeprefix(codecs.BOM_UTF8).strip():
        raise InputError(path, "empty file")
    if not has_bom and b"\x00" in data[:4096]:
        raise InputError(path, "binary file (contains NUL bytes)")
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
    if _control_ratio(text) > 0.05:
        raise InputError(path, "binary file (mostly control characters)")
    return text, encoding


_WESTERN_CHAOS = 0.2


def _control_ratio(text: str) -> float:
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    return controls / max(len(text), 1)
