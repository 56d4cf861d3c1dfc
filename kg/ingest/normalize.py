"""Text normalisation applied to every article before anything else reads it.

Replacements are one character for one character (or removals of characters no
reader wants), so the normalised text is what all offsets refer to.
"""

from __future__ import annotations

import re
import unicodedata

_ONE_FOR_ONE = str.maketrans(
    {
        # Curly and typographic single quotes: "Meta’s" must be the possessive of Meta.
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u02bc": "'",
        # Curly double quotes.
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u00ab": '"', "\u00bb": '"',
        # Spaces that tokenizers treat differently from a plain space.
        "\u00a0": " ", "\u2007": " ", "\u2009": " ", "\u200a": " ", "\u202f": " ", "\u3000": " ",
        "\t": " ",
        # Line and paragraph separators are line breaks.
        "\u2028": "\n", "\u2029": "\n", "\x0b": "\n", "\x0c": "\n", "\x85": "\n",
    }
)

# Control and format characters that carry no text (zero-width, BOM, C0/C1 controls).
_INVISIBLE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u200b-\u200d\u2060\ufeff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_TRAILING_SPACE = re.compile(r"[ ]+\n")
_BLANK_RUN = re.compile(r"\n{3,}")


def normalize_text(text: str) -> str:
    """Return ``text`` in the canonical form that kg hashes, parses and cites."""
    text = unicodedata.normalize("NFC", printable(text))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", text.translate(_ONE_FOR_ONE))
    text = _TRAILING_SPACE.sub("\n", text)
    text = _BLANK_RUN.sub("\n\n", text)
    return text.strip()


def printable(text: str) -> str:
    """``text`` that can be written as UTF-8: a lone surrogate (a JSON escape such as "\\ud800", or an
    undecodable byte of a file name) becomes U+FFFD, one character for one."""
    return _SURROGATE.sub("\ufffd", text)


_WORD = re.compile(r"[^\W_]")  # a letter or digit; "____" rules are not titles


def first_title_line(text: str) -> tuple[str | None, int]:
    """The first line that has a letter or digit, and the offset where the body starts.

    Lines of bare symbols (a close button "×", a bullet) are page furniture, not titles.
    """
    offset = 0
    for line in text.split("\n"):
        end = offset + len(line) + 1
        if _WORD.search(line):
            return line.strip(), end
        offset = end
    return None, 0
