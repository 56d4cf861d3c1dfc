"""Reading files within limits, so that no input can make kg run out of memory.

A file read whole has its size checked before it is read: a 50 MB file is refused
without being loaded. A file read by lines (JSON Lines) holds one line at a time, and
a line too long to be an article is passed over without being kept.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Iterator

from kg.errors import InputError
from kg.ingest.decode import binary_reason, decode_bytes, wide_encoding

#: An article of N characters takes at most 4 N bytes in any encoding kg reads (UTF-8 and UTF-32 at worst).
BYTES_PER_CHARACTER = 4
#: How much of a file read by lines is looked at to tell text from binary.
_HEAD = 8192


@dataclass(frozen=True)
class Line:
    """One line of a file read by lines: its number (from 1), its text, and its encoding if not UTF-8."""

    number: int
    text: str
    encoding: str | None = None


def too_big(size: int, max_bytes: int, unit: str = "file") -> str:
    """The reason for refusing a file or line of ``size`` bytes."""
    return (f"{unit} of {size:,} bytes is larger than kg reads ({max_bytes:,} bytes: "
            f"{BYTES_PER_CHARACTER} per character of --max-article-chars {max_bytes // BYTES_PER_CHARACTER:,})")


def cannot_read(where: str, error: OSError) -> InputError:
    return InputError(where, f"cannot read: {error.strerror or error}")


def read_whole(path: Path, where: str, max_bytes: int) -> bytes:
    """The bytes of ``path``, refused with an InputError when it has more than ``max_bytes`` (checked first)."""
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > max_bytes:
                raise InputError(where, too_big(size, max_bytes))
            data = handle.read(max_bytes + 1)
    except OSError as error:
        raise cannot_read(where, error) from None
    if len(data) > max_bytes:  # the file grew while it was read
        raise InputError(where, too_big(len(data), max_bytes))
    return data


def read_lines(path: Path, where: str, max_bytes: int) -> Iterator[Line | InputError]:
    """The lines of ``path`` one at a time (only "\\n" ends a line), and an InputError for each line
    that cannot be used (``where:N``). Raises InputError when the file cannot be read at all, is
    binary, or holds only blank lines.
    """
    try:
        handle = open(path, "rb")
    except OSError as error:
        raise cannot_read(where, error) from None
    with handle:
        try:
            head = handle.read(_HEAD)
            handle.seek(0)
        except OSError as error:
            raise cannot_read(where, error) from None
        if reason := binary_reason(head):
            raise InputError(where, reason)
        wide = wide_encoding(head)
        # UTF-16 and UTF-32 (rare in JSON Lines) are decoded by the stream; anything else line by line.
        stream: IO = io.TextIOWrapper(handle, encoding=wide, newline="\n") if wide else handle
        blank = True
        for number, line in _numbered(stream, where, max_bytes):
            if isinstance(line, InputError):
                yield line
                continue
            if isinstance(line, bytes):
                line = _decoded(line.removeprefix(b"\xef\xbb\xbf") if number == 1 else line, number, where)
                if isinstance(line, InputError):
                    yield line
                    continue
            else:
                line = Line(number, line)
            blank = blank and not line.text.strip()
            yield line
        if blank:
            raise InputError(where, "empty file")


def _numbered(stream: IO, where: str, max_bytes: int) -> Iterator[tuple[int, bytes | str | InputError]]:
    number = 0
    while True:
        try:
            line = stream.readline(max_bytes + 1)
        except UnicodeDecodeError as error:
            yield number + 1, InputError(f"{where}:{number + 1}", f"not valid {error.encoding.upper()}; "
                                                                  "the rest of the file is not read")
            return
        except OSError as error:
            raise cannot_read(where, error) from None
        if not line:
            return
        number += 1
        newline = "\n" if isinstance(line, str) else b"\n"
        if len(line) > max_bytes and not line.endswith(newline):
            size = len(line) + _skip_rest_of_line(stream, newline)
            yield number, InputError(f"{where}:{number}", too_big(size, max_bytes, "line"))
            continue
        yield number, line.removesuffix(newline)


def _skip_rest_of_line(stream: IO, newline: str | bytes) -> int:
    """Read past the rest of an over-long line in small pieces; return how much there was."""
    skipped = 0
    while piece := stream.readline(1 << 16):
        skipped += len(piece)
        if piece.endswith(newline):
            break
    return skipped


def _decoded(line: bytes, number: int, where: str) -> Line | InputError:
    """A line as text: UTF-8, else the encoding detected for it (as for whole files)."""
    try:
        return Line(number, line.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    if not line.strip():
        return Line(number, "")
    try:
        text, encoding = decode_bytes(line, f"{where}:{number}")
    except InputError as error:
        return error
    return Line(number, text, encoding)
