"""RDF formats, written by rdflib's own serializers in a fixed order.

The same graph gives the same bytes in every process: rdflib keeps named graphs in a
hash-ordered set, so graphs, quads and JSON-LD nodes are put in sorted order here, and
diffs between two builds' exports mean something.
"""

from __future__ import annotations

import json
import weakref
from typing import Any, BinaryIO

from rdflib import Dataset, Graph
from rdflib.plugins.serializers.trig import TrigSerializer

from kg.export import register_exporter


#: The union of each dataset being exported, made once: Turtle and every graph view read it.
_UNIONS: "weakref.WeakKeyDictionary[Dataset, Graph]" = weakref.WeakKeyDictionary()


def union_graph(dataset: Dataset) -> Graph:
    """All triples of all named graphs in one graph, with the dataset's prefixes, added in sorted order.

    Made once per dataset and kept while the dataset lives: exporters read a dataset, never change it.
    """
    if dataset not in _UNIONS:
        _UNIONS[dataset] = _union(dataset)
    return _UNIONS[dataset]


def _union(dataset: Dataset) -> Graph:
    union = Graph()
    for prefix, namespace in dataset.namespaces():
        union.bind(prefix, namespace, override=True)
    for triple in sorted({(s, p, o) for s, p, o, _ in dataset.quads((None, None, None, None))}):
        union.add(triple)
    return union


@register_exporter("turtle", "graph.ttl")
def write_turtle(dataset: Dataset, out: BinaryIO) -> None:
    union_graph(dataset).serialize(out, format="turtle", encoding="utf-8")


@register_exporter("trig", "graph.trig")
def write_trig(dataset: Dataset, out: BinaryIO) -> None:
    serializer = TrigSerializer(dataset)
    serializer.contexts.sort(key=lambda graph: graph.identifier)
    serializer.serialize(out, encoding="utf-8")


@register_exporter("nquads", "graph.nq")
def write_nquads(dataset: Dataset, out: BinaryIO) -> None:
    lines = dataset.serialize(format="nquads", encoding="utf-8").splitlines(keepends=True)
    out.write(b"".join(sorted(lines)))


@register_exporter("jsonld", "graph.jsonld")
def write_jsonld(dataset: Dataset, out: BinaryIO) -> None:
    document = json.loads(dataset.serialize(format="json-ld", encoding="utf-8", auto_compact=True))
    out.write(json.dumps(_sorted_json(document), indent=2, sort_keys=True, ensure_ascii=False).encode("utf-8"))


def _sorted_json(value: Any, key: str | None = None) -> Any:
    """JSON-LD with every array but @list sorted: node and value arrays are sets, so order carries nothing."""
    if isinstance(value, dict):
        return {name: _sorted_json(item, name) for name, item in value.items()}
    if isinstance(value, list):
        items = [_sorted_json(item) for item in value]
        return items if key == "@list" else sorted(items, key=lambda item: json.dumps(item, sort_keys=True))
    return value
