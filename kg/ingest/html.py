"""HTML pages: the main text by trafilatura, title and date from the page's metadata."""

from __future__ import annotations

import logging
from typing import Iterator, Union

import trafilatura

from kg.errors import InputError
from kg.ingest import Source, register_reader
from kg.ingest.normalize import normalize_text
from kg.models import Article

logging.getLogger("trafilatura").setLevel(logging.CRITICAL)


@register_reader(".html", ".htm", ".xhtml")
def read_html(raw: str, source: Source) -> Iterator[Union[Article, InputError]]:
    document = trafilatura.bare_extraction(
        raw, with_metadata=True, include_comments=False, include_tables=False, favor_precision=True,
        # Dates from metadata only: the extensive search reads a footer's "© 2024" as a publication date.
        date_extraction_params={"extensive_search": False},
    )
    body = normalize_text(document.text or "") if document is not None else ""
    if not body:
        yield InputError(source.citation, "no article text found in the page")
        return
    url = document.url or None
    yield Article(
        text=body,
        title=normalize_text(document.title) if document.title else None,
        identifier=source.identifier,
        source=url or source.citation,
        date=document.date or None,
    )
