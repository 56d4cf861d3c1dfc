"""Reading inputs: files and folders in, Articles out.

Readers are registered by file suffix (``@register_reader(".txt", ".md")``); adding
a format is one module in this package and one registration. A file that cannot
be read is reported as Skipped with a reason, never raised past the batch.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, Union

from kg.errors import InputError
from kg.ingest.decode import decode_bytes
from kg.models import Article


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


#: A reader turns a decoded file into articles; a record it cannot use is an InputError.
Reader = Callable[[str, Source], Iterable[Union[Article, InputError]]]
READERS: dict[str, Reader] = {}


def register_reader(*suffixes: str) -> Callable[[Reader], Reader]:
    """Register a reader for files ending in ``suffixes`` (lower case, with the dot)."""

    def decorate(reader: Reader) -> Reader:
        for suffix in suffixes:
            READERS[suffix.lower()] = reader
        return reader

    return decorate


def collect_sources(inputs: Iterable[str | Path]) -> tuple[list[Source], list[Skipped]]:
    """Expand files and folders (recursively, in sorted order) into Sources.

    Missing paths and files no reader knows are returned as Skipped. Hidden files
    and folders (names starting with ".") are ignored silently.
    """
    sources: list[Source] = []
    skipped: list[Skipped] = []
    for given in inputs:
        root = Path(given)
        if not root.exists():
            skipped.append(Skipped(str(given), "no such file or folder"))
        elif root.is_dir():
            for path in sorted(p for p in root.rglob("*") if p.is_file()):
                relative = path.relative_to(root)
                if any(part.startswith(".") for part in relative.parts):
                    continue
                _add(sources, skipped, path, relative.as_posix(), str(Path(given) / relative))
        else:
            _add(sources, skipped, root, root.name, str(given))
    return sources, skipped


def _add(sources: list[Source], skipped: list[Skipped], path: Path, identifier: str, citation: str) -> None:
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


def read_source(source: Source) -> ReadResult:
    """Read one file with the reader registered for its suffix."""
    try:
        data = source.path.read_bytes()
    except OSError as error:
        return ReadResult(source.citation, [], [Skipped(source.citation, f"cannot read: {error.strerror or error}")], [])
    try:
        text, encoding = decode_bytes(data, source.citation)
    except InputError as error:
        return ReadResult(source.citation, [], [Skipped(source.citation, error.reason)], [])
    warnings = [f"{source.citation}: not valid UTF-8; decoded as {encoding}"] if encoding else []
    articles: list[Article] = []
    skipped: list[Skipped] = []
    for item in READERS[source.path.suffix.lower()](text, source):
        if isinstance(item, InputError):
            skipped.append(Skipped(item.path, item.reason))
        else:
            articles.append(item)
    return ReadResult(source.citation, articles, skipped, warnings)


def read_inputs(inputs: Iterable[str | Path]) -> Iterator[ReadResult]:
    """Read every input, one ReadResult per file (missing and unknown inputs come first)."""
    sources, skipped = collect_sources(inputs)
    if skipped:
        yield ReadResult(None, [], skipped, [])
    for source in sources:
        yield read_source(source)


# Readers register themselves on import.
from kg.ingest import html, jsonl, text  # noqa: E402,F401
