"""Reading inputs: files and folders in, Articles out.

Readers are registered by file suffix (``@register_reader(".txt", ".md")``); adding
a format is one module in this package and one registration. A reader gets the
file's decoded text (the default), its raw bytes (``reads="bytes"``, for formats
that declare their own encoding, such as XML) or its lines one at a time
(``reads="lines"``, for JSON Lines of any size). A file that cannot be read is
reported as Skipped with a reason, never raised past the batch; so is an article
longer than the limit (``max_article_chars``).
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Union

from kg.errors import InputError
from kg.ingest.decode import binary_reason, decode_bytes, first_bad_utf8_line, wide_encoding
from kg.ingest.files import BYTES_PER_CHARACTER, Line, read_lines, read_whole
from kg.ingest.normalize import printable
from kg.models import Article

#: Articles longer than this (in characters of normalised text) are skipped; ``kg build --max-article-chars``.
DEFAULT_MAX_ARTICLE_CHARS = 1_000_000


@dataclass(frozen=True)
class Source:
    """A file to read: where it is, its identifier (path relative to its input root) and how to cite it."""

    path: Path
    identifier: str
    citation: str


@dataclass(frozen=True)
class Skipped:
    """An input left out of the build, and why."""

    path: str
    reason: str


@dataclass(frozen=True)
class ReadWarning:
    """Something a reader passed over in a record it still read (a field of the wrong type, say)."""

    where: str
    message: str


#: A reader turns a file (its text, bytes or lines) into articles; a record it cannot use is an InputError.
Reader = Callable[[Any, Source], Iterable[Union[Article, InputError, ReadWarning]]]
READERS: dict[str, Reader] = {}
#: What each suffix's reader is given: "text", "bytes" or "lines".
READS: dict[str, str] = {}
_KINDS = ("text", "bytes", "lines")


def register_reader(*suffixes: str, reads: str = "text") -> Callable[[Reader], Reader]:
    """Register a reader for files ending in ``suffixes`` (lower case, with the dot).

    ``reads``: "text" (the decoded file), "bytes" (the file as it is) or "lines" (an iterator
    of ``kg.ingest.files.Line`` and of InputErrors for lines that could not be read, which
    the reader passes on).
    """
    if reads not in _KINDS:
        raise ValueError(f"reads must be one of {', '.join(_KINDS)}, not {reads!r}")

    def decorate(reader: Reader) -> Reader:
        for suffix in suffixes:
            READERS[suffix.lower()] = reader
            READS[suffix.lower()] = reads
        return reader

    return decorate


def collect_sources(inputs: Iterable[str | Path]) -> tuple[list[Source], list[Skipped]]:
    """Expand files and folders (recursively, in sorted order) into Sources.

    Missing paths, files no reader knows, broken or looping symbolic links, links to
    folders (not followed) and folders that cannot be listed are returned as Skipped.
    Hidden files and folders (names starting with ".") are ignored silently.
    """
    sources: list[Source] = []
    skipped: list[Skipped] = []
    for given in inputs:
        root = Path(given)
        kind = _kind(root)
        if kind == _FOLDER:  # a link to a folder is followed when given, not when found inside a folder
            for path, relative in _walk(root, skipped):
                _add(sources, skipped, path, relative, str(Path(given) / relative))
        elif kind == _FILE:
            _add(sources, skipped, root, root.name, str(given))
        else:
            skipped.append(Skipped(printable(str(given)), kind))
    return sources, skipped


def _walk(root: Path, skipped: list[Skipped]) -> Iterator[tuple[Path, str]]:
    """Every regular file under ``root`` with its relative POSIX path, sorted; the rest reported in ``skipped``."""
    found: list[tuple[tuple[str, ...], Path, str | None]] = []  # (parts, path, reason it is not a file or None)

    def unreadable(error: OSError) -> None:
        parts = Path(error.filename).relative_to(root).parts if error.filename else ()
        found.append((parts, Path(error.filename or root), f"cannot read the folder: {error.strerror or error}"))

    for folder, folders, files in os.walk(root, onerror=unreadable):
        here = Path(folder)
        folders[:] = [name for name in folders if not name.startswith(".")]
        for name in folders:
            if os.path.islink(here / name):  # os.walk does not follow these; say so
                found.append(((here / name).relative_to(root).parts, here / name,
                              "a symbolic link to a folder, not followed (give the folder itself to read it)"))
        for name in files:
            path = here / name
            if not name.startswith("."):
                kind = _kind(path)
                found.append((path.relative_to(root).parts, path, None if kind == _FILE else kind))
    for parts, path, reason in sorted(found, key=lambda each: each[0]):
        relative = "/".join(parts)
        if reason is None:
            yield path, relative
        else:
            skipped.append(Skipped(printable(str(root / relative) if relative else str(root)), reason))


_FILE, _FOLDER = "file", "folder"


def _kind(path: Path) -> str:
    """``"file"`` or ``"folder"``, or why ``path`` is neither: missing, a broken or looping link, a pipe or device,
    or a place kg may not look (never an exception: an unreadable path is reported, not raised)."""
    try:
        mode = os.stat(path).st_mode
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "a symbolic link loop"
        if os.path.islink(path):
            return f"a broken symbolic link (to {printable(os.readlink(path))})"
        if error.errno in (errno.ENOENT, errno.ENOTDIR):
            return "no such file or folder"
        return f"cannot read: {error.strerror or error}"
    if stat.S_ISDIR(mode):
        return _FOLDER
    if stat.S_ISREG(mode):
        return _FILE
    return "not a regular file (a pipe, socket or device)"


def _add(sources: list[Source], skipped: list[Skipped], path: Path, identifier: str, citation: str) -> None:
    identifier, citation = printable(identifier), printable(citation)
    if path.suffix.lower() in READERS:
        sources.append(Source(path, identifier, citation))
    else:
        skipped.append(Skipped(citation, f"unsupported file type {path.suffix or '(none)'!r}; "
                                         f"kg reads {', '.join(sorted(READERS))}"))


@dataclass(frozen=True)
class ReadResult:
    """What one file gave: articles, records skipped, and warnings such as a guessed encoding."""

    path: str | None  # None for the inputs that were never opened (missing, unknown type)
    articles: list[Article]
    skipped: list[Skipped]
    warnings: list[str]


def read_source(source: Source, max_article_chars: int = DEFAULT_MAX_ARTICLE_CHARS) -> ReadResult:
    """Read one file with the reader registered for its suffix.

    Files are read within limits: one read whole may have at most 4 bytes per character of
    ``max_article_chars`` (checked before it is read); a file read by lines, one line at a time.
    """
    suffix = source.path.suffix.lower()
    where = source.citation
    articles: list[Article] = []
    skipped: list[Skipped] = []
    warnings: list[str] = []
    try:
        for item in _items(source, READERS[suffix], READS.get(suffix, "text"), max_article_chars, warnings):
            if isinstance(item, InputError):
                skipped.append(Skipped(item.path, item.reason))
            elif isinstance(item, ReadWarning):
                warnings.append(f"{item.where}: {item.message}")
            elif len(item.text) > max_article_chars:
                which = "" if item.identifier == source.identifier else f" {item.identifier}"
                skipped.append(Skipped(where, f"article{which} has {len(item.text):,} characters, more than "
                                              f"--max-article-chars ({max_article_chars:,})"))
            else:
                articles.append(item)
    except InputError as error:
        skipped.append(Skipped(error.path, error.reason))
    except Exception as error:  # a reader's (or its library's) failure on one file must not stop the batch
        skipped.append(Skipped(where, f"the {suffix} reader failed: {type(error).__name__}: {error}"))
    if not articles and not skipped:
        skipped.append(Skipped(where, "no articles in the file"))
    return ReadResult(where, articles, skipped, warnings)


def _items(source: Source, reader: Reader, reads: str, max_article_chars: int,
           warnings: list[str]) -> Iterable[Article | InputError | ReadWarning]:
    """The reader's items for ``source``, after reading the file as the reader wants it."""
    where = source.citation
    max_bytes = BYTES_PER_CHARACTER * max_article_chars
    if reads == "lines":
        return reader(_noting_encodings(read_lines(source.path, where, max_bytes), where, warnings), source)
    data = read_whole(source.path, where, max_bytes)
    if reads == "bytes":
        if not data.strip():
            raise InputError(where, "empty file")
        if reason := binary_reason(data):
            raise InputError(where, reason)
        return reader(data, source)
    decoded, encoding = decode_bytes(data, where)
    if encoding:
        wide = wide_encoding(data)
        line = None if wide else first_bad_utf8_line(data)
        why = f" (a {wide.upper()} byte order mark)" if wide else f" (line {line})" if line else ""
        warnings.append(f"{where}: not valid UTF-8{why}; decoded as {encoding}")
    return reader(decoded, source)


def _noting_encodings(lines: Iterable[Line | InputError], where: str, warnings: list[str]) -> Iterator[Line | InputError]:
    """Pass the lines on; at the end, one warning for the lines that were not UTF-8."""
    guessed: list[Line] = []
    for line in lines:
        if isinstance(line, Line) and line.encoding:
            guessed.append(line)
        yield line
    if guessed:
        encodings = ", ".join(sorted({line.encoding for line in guessed}))
        warnings.append(f"{where}: {len(guessed)} line(s) not valid UTF-8 (the first: line {guessed[0].number}); "
                        f"decoded as {encodings}")


def read_inputs(inputs: Iterable[str | Path], max_article_chars: int = DEFAULT_MAX_ARTICLE_CHARS) -> Iterator[ReadResult]:
    """Read every input, one ReadResult per file (missing and unknown inputs come first)."""
    sources, skipped = collect_sources(inputs)
    if skipped:
        yield ReadResult(None, [], skipped, [])
    for source in sources:
        yield read_source(source, max_article_chars)


# Readers register themselves on import.
from kg.ingest import feed, html, jsonl, text  # noqa: E402,F401
