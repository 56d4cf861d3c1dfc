"""JSON (an object or a list of objects) and JSON Lines (an object a line).

``text`` is required; ``id``, ``title``, ``url``, ``date`` and ``source`` are used
when present; every other field is kept as metadata. A field of the wrong type
(a list for a title, say) is left out with a warning; a record without usable
text is skipped with its place (``file:line`` for JSON Lines, ``file[n]`` in a list).
JSON Lines are read one line at a time, so a file of any size can be read.
"""

from __future__ import annotations

import json
from types import MappingProxyType
from typing import Any, Iterable, Iterator, Union

from kg.errors import InputError
from kg.ingest import ReadWarning, Source, register_reader
from kg.ingest.files import Line
from kg.ingest.normalize import normalize_text, printable
from kg.models import Article

_KNOWN = {"id", "title", "url", "date", "source", "text"}
Item = Union[Article, InputError, ReadWarning]


@register_reader(".json")
def read_json(raw: str, source: Source) -> Iterator[Item]:
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as error:
        yield InputError(source.citation, _invalid(error))
        return
    except RecursionError:
        yield InputError(source.citation, "invalid JSON: nested too deeply")
        return
    records = data if isinstance(data, list) else [data]
    for number, record in enumerate(records, 1):
        where = source.citation if len(records) == 1 else f"{source.citation}[{number}]"
        yield from _article(record, where, f"{source.identifier}#{number}" if len(records) > 1 else source.identifier, source)


@register_reader(".jsonl", ".ndjson", reads="lines")
def read_json_lines(lines: Iterable[Line | InputError], source: Source) -> Iterator[Item]:
    # Only "\n" ends a record (see kg.ingest.files): JSON strings may hold U+2028 and friends unescaped.
    for line in lines:
        if isinstance(line, InputError):
            yield line
            continue
        if not line.text.strip():
            continue
        where = f"{source.citation}:{line.number}"
        try:
            record = json.loads(line.text)
        except json.JSONDecodeError as error:
            yield InputError(where, _invalid(error, one_line=True))
            continue
        except RecursionError:
            yield InputError(where, "invalid JSON: nested too deeply")
            continue
        yield from _article(record, where, f"{source.identifier}#{line.number}", source)


def _invalid(error: json.JSONDecodeError, one_line: bool = False) -> str:
    at = f"column {error.colno}" if one_line else f"line {error.lineno}, column {error.colno}"
    detail = " (more text after the JSON value)" if error.msg == "Extra data" else ""
    return f"invalid JSON at {at}: {error.msg.removesuffix(' at')}{detail}"


def _article(record: Any, where: str, fallback_id: str, source: Source) -> Iterator[Item]:
    if not isinstance(record, dict):
        yield InputError(where, f"expected a JSON object with a 'text' field, not {_kind(record)}")
        return
    text = record.get("text")
    if "text" not in record:
        yield InputError(where, "no 'text' field")
        return
    if not isinstance(text, str):
        yield InputError(where, f"'text' is {_kind(text)}, not a string")
        return
    text = normalize_text(text)
    if not text:
        yield InputError(where, "'text' is empty")
        return
    fields: dict[str, str | None] = dict.fromkeys(("id", "title", "url", "date", "source"))
    for name in ("id", "title", "url", "date", "source"):
        value = record.get(name)
        if value is None or isinstance(value, str) or isinstance(value, (int, float)) and not isinstance(value, bool):
            fields[name] = _string(value)
        else:
            yield ReadWarning(where, f"'{name}' is {_kind(value)}, not text; left out")
    url = fields["url"]
    yield Article(
        text=text,
        title=normalize_text(fields["title"]) or None if fields["title"] else None,
        identifier=fields["id"] or url or fallback_id,
        source=url or fields["source"] or source.citation,
        date=fields["date"],
        metadata=MappingProxyType({k: v for k, v in record.items() if k not in _KNOWN}),
    )


def _kind(value: Any) -> str:
    """A JSON value's kind for messages: "a list", "a number", ..."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    return {dict: "an object", list: "a list", str: "a string", int: "a number", float: "a number"}[type(value)]


def _string(value: Any) -> str | None:
    if value is None or value == "":
        return None
    return printable(str(value).strip()) or None
