"""RDF formats, all written by rdflib's own serializers."""

from __future__ import annotations

from typing import BinaryIO

from rdflib import Dataset, Graph
from rdflib.plugins.serializers.trig import TrigSerializer

from kg.export import register_exporter


def union_graph(dataset: Dataset) -> Graph:
    """All triples of all named graphs in one graph, with the dataset's prefixes."""
    union = Graph()
    for prefix, namespace in dataset.namespaces():
        union.bind(prefix, namespace, override=True)
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


def union_view(dataset: Dataset) -> Dataset:
    """The same triples as ``union_graph``, each once, for reading only: a view of the dataset's own
    store rather than a copy, which took as long as writing the Turtle. (Iterated, it yields quads.)"""
    return Dataset(store=dataset.store, default_union=True)


@register_exporter("turtle", "graph.ttl")
def write_turtle(dataset: Dataset, out: BinaryIO) -> None:
    union_view(dataset).serialize(out, format="turtle", encoding="utf-8")


@register_exporter("trig", "graph.trig")
def write_trig(dataset: Dataset, out: BinaryIO) -> None:
    # rdflib's TriG writer sorts the subjects of a graph but takes the graphs in the order of a set
    # (a new order in every process); graphs sorted by name make a build's TriG the same every time.
    serializer = TrigSerializer(dataset)
    serializer.contexts.sort(key=lambda graph: (graph.identifier == serializer.default_context, str(graph.identifier)))
    serializer.serialize(out, encoding="utf-8")


@register_exporter("nquads", "graph.nq")
def write_nquads(dataset: Dataset, out: BinaryIO) -> None:
    dataset.serialize(out, format="nquads", encoding="utf-8")


@register_exporter("jsonld", "graph.jsonld")
def write_jsonld(dataset: Dataset, out: BinaryIO) -> None:
    dataset.serialize(out, format="json-ld", encoding="utf-8", auto_compact=True)
