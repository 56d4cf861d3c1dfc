"""Plain text and Markdown: the first line with words is the title, the rest the body."""

from __future__ import annotations

from typing import Iterator, Union

from kg.errors import InputError
from kg.ingest import Source, register_reader
from kg.ingest.normalize import first_title_line, normalize_text
from kg.models import Article


@register_reader(".txt", ".md", ".markdown")
def read_text(raw: str, source: Source) -> Iterator[Union[Article, InputError]]:
    text = normalize_text(raw)
    title, body_start = first_title_line(text)
    if title is None:
        yield InputError(source.citation, "no text with letters or digits")
        return
    if source.path.suffix.lower() != ".txt":
        title = title.lstrip("#").strip()
    yield Article(text=text, title=title, identifier=source.identifier, source=source.citation)
