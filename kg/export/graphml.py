"""Graph formats for Gephi and networkx: GraphML and GEXF.

Nodes are entities, edges are facts (one per subject, property and object),
weighted by the sentences that support them, with their combined confidence.
A layoff has no other entity to point to, so it is a node of its own (type
``Layoff``, with its head count and percentage where stated) that the
organisation points to with a ``laidOff`` edge. Other events are left out:
their direct facts already are the edges Gephi needs.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import BinaryIO

import networkx as nx
from rdflib import RDF, RDFS, Dataset, URIRef
from rdflib.namespace import PROV

from kg.export import register_exporter
from kg.export.rdf import union_view
from kg.schema import entity_classes, event_properties, fact_properties
from kg.vocab import KG, SCHEMA, fact_iri

# Characters XML 1.0 cannot carry, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """Text that any XML writer can store: control characters dropped (markup is escaped by the writer)."""
    return _NOT_XML.sub("", text)


def local_name(iri: URIRef) -> str:
    return re.split(r"[#/]", str(iri))[-1]


def to_networkx(dataset: Dataset) -> nx.MultiDiGraph:
    """The entity graph: a node per entity, an edge per fact, keyed by property name."""
    graph = union_view(dataset)
    network = nx.MultiDiGraph()
    classes = entity_classes()
    # In sorted order, since rdflib's store yields triples in the order of sets (new in every process):
    # the same graph makes the same file.
    for node, cls in sorted(graph.subject_objects(RDF.type)):
        if cls in classes:
            label = graph.value(node, RDFS.label) or local_name(node)
            network.add_node(str(node), label=xml_safe(str(label)), type=local_name(cls), iri=str(node), articles=0)
    sentences: dict[tuple, int] = defaultdict(int)
    articles: dict[tuple, set] = defaultdict(set)
    for evidence in graph.subjects(RDF.type, KG.Evidence):
        key = (graph.value(evidence, RDF.subject), graph.value(evidence, RDF.predicate), graph.value(evidence, RDF.object))
        sentences[key] += 1
        articles[key].update(graph.objects(evidence, PROV.wasDerivedFrom))
    for node in network:
        network.nodes[node]["articles"] = len(set(graph.subjects(SCHEMA.mentions, URIRef(node))))
    for prop in sorted(event_properties()):
        for s, event in sorted(graph.subject_objects(prop)):
            if str(s) in network and str(event) not in network:
                network.add_node(str(event), **_event_attributes(graph, event))
    for prop in sorted(fact_properties() | event_properties()):
        for s, o in sorted(graph.subject_objects(prop)):
            if str(s) in network and str(o) in network:
                name = local_name(prop)
                confidence = graph.value(fact_iri(s, prop, o), KG.confidence)
                extra = {"confidence": float(confidence)} if confidence is not None else {}
                network.add_edge(str(s), str(o), key=name, label=name,
                                 weight=sentences[(s, prop, o)], articles=len(articles[(s, prop, o)]), **extra)
    return network


def _event_attributes(graph, event: URIRef) -> dict:
    """A layoff as a node: its label and class, how many articles report it, head count and percentage if stated."""
    cls = graph.value(event, RDF.type)
    attributes = {"label": xml_safe(str(graph.value(event, RDFS.label) or local_name(event))),
                  "type": local_name(cls) if cls is not None else "Event", "iri": str(event),
                  "articles": len(set(graph.objects(event, PROV.wasDerivedFrom)))}
    for prop, convert in ((KG.headcount, int), (KG.percentage, float)):
        value = graph.value(event, prop)
        if value is not None:
            attributes[local_name(prop)] = convert(value.toPython())
    return attributes


@register_exporter("graphml", "graph.graphml")
def write_graphml(dataset: Dataset, out: BinaryIO) -> None:
    nx.write_graphml(to_networkx(dataset), out, encoding="utf-8", prettyprint=True)


@register_exporter("gexf", "graph.gexf")
def write_gexf(dataset: Dataset, out: BinaryIO) -> None:
    nx.write_gexf(to_networkx(dataset), out, encoding="utf-8", prettyprint=True)
