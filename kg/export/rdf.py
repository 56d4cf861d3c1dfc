"""RDF formats in a fixed order: Turtle, TriG and N-Quads by Oxigraph's writers, JSON-LD by rdflib's.

The same graph gives the same bytes in every process: rdflib keeps named graphs in a
hash-ordered set, so quads and JSON-LD nodes are put in sorted order here, and diffs
between two builds' exports mean something. Oxigraph writes the dataset of a large
build some thirty times faster than rdflib's Turtle serializer.
"""

from __future__ import annotations

import json
import weakref
from typing import Any, BinaryIO

import pyoxigraph
from rdflib import RDF, RDFS, XSD, Dataset, Graph

from kg.export import register_exporter
from kg.store.dataset import PREFIXES
from kg.vocab import ID


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
    seen: set = set()
    triples = []
    for quad in _sorted_quads(dataset):  # a triple stated in several articles' graphs is written once
        triple = pyoxigraph.Triple(quad.subject, quad.predicate, quad.object)
        if triple not in seen:
            seen.add(triple)
            triples.append(triple)
    pyoxigraph.serialize(triples, out, format=pyoxigraph.RdfFormat.TURTLE, prefixes=_prefixes(dataset))


@register_exporter("trig", "graph.trig")
def write_trig(dataset: Dataset, out: BinaryIO) -> None:
    pyoxigraph.serialize(_sorted_quads(dataset), out, format=pyoxigraph.RdfFormat.TRIG, prefixes=_prefixes(dataset))


@register_exporter("nquads", "graph.nq")
def write_nquads(dataset: Dataset, out: BinaryIO) -> None:
    out.write(_sorted_nquads(dataset))


def _sorted_nquads(dataset: Dataset) -> bytes:
    lines = dataset.serialize(format="nquads", encoding="utf-8").splitlines(keepends=True)
    return b"".join(sorted(lines))


def _sorted_quads(dataset: Dataset) -> list:
    """The dataset's quads in N-Quads line order, as Oxigraph terms (its writers are fast and keep the order)."""
    return list(pyoxigraph.parse(_sorted_nquads(dataset), format=pyoxigraph.RdfFormat.N_QUADS))


def _prefixes(dataset: Dataset) -> dict[str, str]:
    """kg's prefixes and rdf:, rdfs:, xsd:, sorted; not id:, whose local names hold "/" that Turtle would escape."""
    wanted = {**{name: str(namespace) for name, namespace in PREFIXES.items()},
              "rdf": str(RDF), "rdfs": str(RDFS), "xsd": str(XSD)}
    return {name: wanted[name] for name in sorted(wanted) if wanted[name] != str(ID)}


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
