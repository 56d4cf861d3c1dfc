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
    if not data.strip():
        raise InputError(path, "empty file")
    has_bom = data.startswith(_BOMS)
    if not has_bom and b"\x00" in data[:4096]:
        raise InputError(path, "binary file (contains NUL bytes)")
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None:
        raise InputError(path, "not text in any encoding that could be detected")
    text = str(best)
    if _control_ratio(text) > 0.05:
        raise InputError(path, "binary file (mostly control characters)")
    return text, best.encoding


def _control_ratio(text: str) -> float:
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    return controls / max(len(text), 1)
