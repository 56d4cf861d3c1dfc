"""JSON (an object or a list of objects) and JSON Lines (an object a line).

``text`` is required; ``id``, ``title``, ``url``, ``date`` and ``source`` are used
when present; every other field is kept as metadata.
"""

from __future__ import annotations

import json
from types import MappingProxyType
from typing import Any, Iterator, Union

from kg.errors import InputError
from kg.ingest import Source, register_reader
from kg.ingest.normalize import normalize_text
from kg.models import Article

_KNOWN = {"id", "title", "url", "date", "source", "text"}


@register_reader(".json")
def read_json(raw: str, source: Source) -> Iterator[Union[Article, InputError]]:
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as error:
        yield InputError(source.citation, f"invalid JSON at line {error.lineno}: {error.msg}")
        return
    records = data if isinstance(data, list) else [data]
    for number, record in enumerate(records, 1):
        where = source.citation if len(records) == 1 else f"{source.citation}[{number}]"
        yield _article(record, where, f"{source.identifier}#{number}" if len(records) > 1 else source.identifier, source)


@register_reader(".jsonl", ".ndjson")
def read_json_lines(raw: str, source: Source) -> Iterator[Union[Article, InputError]]:
    # Only "\n" ends a record: JSON strings may hold U+2028 and friends unescaped.
    for number, line in enumerate(raw.split("\n"), 1):
        if not line.strip():
            continue
        where = f"{source.citation}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield InputError(where, f"invalid JSON: {error.msg}")
            continue
        yield _article(record, where, f"{source.identifier}#{number}", source)


def _article(record: Any, where: str, fallback_id: str, source: Source) -> Union[Article, InputError]:
    if not isinstance(record, dict):
        return InputError(where, "expected a JSON object with a 'text' field")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return InputError(where, "no 'text' field (or it is empty)")
    url = _string(record.get("url"))
    return Article(
        text=normalize_text(text),
        title=normalize_text(title) if (title := _string(record.get("title"))) else None,
        identifier=_string(record.get("id")) or url or fallback_id,
        source=url or _string(record.get("source")) or source.citation,
        date=_string(record.get("date")),
        metadata=MappingProxyType({k: v for k, v in record.items() if k not in _KNOWN}),
    )


def _string(value: Any) -> str | None:
    if value is None or value == "":
        return None
    return str(value).strip()
