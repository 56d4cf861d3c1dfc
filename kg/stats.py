"""``stats``: what a graph holds, by class and property, and its busiest entities."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from rdflib import RDF, RDFS, Dataset

from kg.export.graphml import local_name
from kg.schema import entity_classes, fact_properties
from kg.vocab import KG, SCHEMA


@dataclass
class GraphStats:
    """Counts of a graph: articles, evidence, entities by class, facts by property, top entities."""

    articles: int
    evidence: int
    classes: dict[str, int]
    properties: dict[str, int]
    top_entities: list[tuple[str, str, int]]  # (label, class, facts)


def stats(dataset: Dataset, top: int = 10) -> GraphStats:
    """Count what ``dataset`` (queried as the union of its graphs) holds."""
    graph = dataset
    classes = Counter()
    for cls in entity_classes():
        classes[local_name(cls)] = len(set(graph.subjects(RDF.type, cls)))
    properties = Counter()
    degree = Counter()
    for prop in fact_properties():
        pairs = set(graph.subject_objects(prop))
        if pairs:
            properties[local_name(prop)] = len(pairs)
        for s, o in pairs:
            degree[s] += 1
            degree[o] += 1
    top_entities = [
        (str(graph.value(node, RDFS.label) or node), local_name(graph.value(node, RDF.type) or node), count)
        for node, count in degree.most_common(top)
    ]
    return GraphStats(
        articles=len(set(graph.subjects(RDF.type, SCHEMA.NewsArticle))),
        evidence=len(set(graph.subjects(RDF.type, KG.Evidence))),
        classes=dict(sorted(classes.items())),
        properties=dict(properties.most_common()),
        top_entities=top_entities,
    )
