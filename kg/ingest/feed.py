"""RSS and Atom feeds: each item an article (title, link, date, and its content or description).

Parsed by feedparser, from the file's bytes (XML declares its own encoding) and never
from a URL: nothing is fetched. A feed that is not well-formed XML is skipped with the
line and column of the first error rather than half-read by a lenient parser.
"""

from __future__ import annotations

import io
import time
import xml.sax
from xml.parsers import expat
from types import MappingProxyType
from typing import Any, Iterator, Union

import feedparser
import lxml.html
from lxml.etree import ParserError

from kg.errors import InputError
from kg.ingest import ReadWarning, Source, register_reader
from kg.ingest.normalize import normalize_text, printable
from kg.models import Article

# Elements after which the text of an item's HTML starts a new line.
_BLOCKS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr", "section", "article")


@register_reader(".rss", ".atom", ".xml", reads="bytes")
def read_feed(data: bytes, source: Source) -> Iterator[Union[Article, InputError, ReadWarning]]:
    if problem := xml_error(data):
        yield InputError(source.citation, f"not well-formed XML ({problem})")
        return
    parsed = feedparser.parse(io.BytesIO(data), sanitize_html=True, resolve_relative_uris=False)
    problem = parsed.get("bozo_exception")
    if isinstance(problem, xml.sax.SAXParseException):  # after the check above, only what feedparser adds
        yield InputError(source.citation, f"not well-formed XML ({problem.getMessage()})")
        return
    if not parsed.version:
        yield InputError(source.citation, "not an RSS or Atom feed")
        return
    if not parsed.entries:
        yield InputError(source.citation, "the feed has no items")
        return
    feed_title = _text(parsed.feed.get("title_detail"))
    for number, entry in enumerate(parsed.entries, 1):
        where = f"{source.citation}[{number}]"
        body = next((_text(part) for part in entry.get("content", ()) if _text(part)), "") or _text(entry.get("summary_detail"))
        if not body:
            yield InputError(where, "item has no description or content")
            continue
        link = entry.get("link") if str(entry.get("link", "")).startswith(("http://", "https://")) else None
        yield Article(
            text=body,
            title=_text(entry.get("title_detail")) or None,
            identifier=printable(entry.get("id") or link or f"{source.identifier}#{number}"),
            source=link or source.citation,
            date=_date(entry),
            metadata=MappingProxyType({"feed": feed_title} if feed_title else {}),
        )


def xml_error(data: bytes) -> str | None:
    """Where and why ``data`` is not well-formed XML (line and column from 1), or None.

    Checked here because feedparser reports positions in the text it rewrote.
    """
    parser = expat.ParserCreate()
    try:
        parser.Parse(data, True)
    except expat.ExpatError as error:
        return f"line {error.lineno}, column {error.offset + 1}: {expat.errors.messages[error.code]}"
    return None


def _text(detail: Any) -> str:
    """A feed text construct as normalised plain text (HTML and XHTML are turned into text)."""
    if not detail or not detail.get("value"):
        return ""
    value = detail["value"]
    if "html" in (detail.get("type") or ""):
        value = html_text(value)
    return normalize_text(value)


def html_text(markup: str) -> str:
    """The text of an HTML fragment, a line per paragraph, list item or line break."""
    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
    except ParserError:  # no elements and no text
        return ""
    for element in root.iter("script", "style"):
        element.text = ""
    for element in root.iter(*_BLOCKS):
        element.tail = "\n" + (element.tail or "")
    return root.text_content()


def _date(entry: Any) -> str | None:
    """The item's publication (else update) date, as an ISO date."""
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    return time.strftime("%Y-%m-%d", stamp) if stamp else None
