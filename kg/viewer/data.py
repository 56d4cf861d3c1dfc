"""What the viewer shows, read from a dataset: entities, facts, their evidence and articles, and a layout.

A pure function of the dataset, so the page's content can be tested without a browser. The
layout is computed here with networkx (seeded, so the same graph gives the same picture) and
the page only draws it. Entities are those in at least one fact; a layoff is a node of its own,
as in the GraphML export, since kg:laidOff points at it.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date, datetime

import networkx as nx
from rdflib import RDF, RDFS, Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from kg.schema import entity_classes, event_properties, fact_properties
from kg.store import asserts_fact
from kg.vocab import KG, SCHEMA, fact_iri

#: Qualifiers of evidence and events shown beside a sentence or a node, in this order.
DETAILS = ("amountText", "amount", "currency", "stakePercent", "headcount", "percentage", "eventDate", "status")

#: Colours of classes, shared by the viewer and the report (Tableau 10); other classes get grey.
CLASS_COLOURS = {"Organization": "#4e79a7", "Person": "#f28e2b", "Place": "#59a14f", "Product": "#b07aa1",
                 "Layoff": "#e15759"}
OTHER_COLOUR = "#9d9d9d"

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
#: Space between packed components, in layout units.
_GAP = 1.5


@dataclass(frozen=True)
class ViewArticle:
    """An article as a citation: what to call it, where it is, when it appeared."""

    iri: str
    identifier: str
    title: str | None
    source: str | None
    link: str | None  # the source when it is an http(s) URL: the only thing the page makes a link of
    date: str | None  # as stored
    day: str | None  # YYYY-MM-DD when the date has one: what the date slider uses


@dataclass(frozen=True)
class ViewEvidence:
    """One sentence that states a fact, and the article it is in (an index into ``ViewData.articles``)."""

    sentence: str
    confidence: float | None
    extractor: str | None
    article: int | None
    asserts: bool = True  # False when the sentence hedges, denies or calls it off (see ``details["status"]``)
    details: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ViewNode:
    """An entity (or a layoff) and its position in the layout (y up; linked entities about one unit apart)."""

    iri: str
    label: str
    cls: str
    degree: int
    alt_labels: list[str]
    days: list[str]  # days of the articles that mention it
    x: float
    y: float
    details: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ViewEdge:
    """A fact: ``source property target`` (node indices), its combined confidence and every supporting sentence."""

    source: int
    target: int
    property: str
    confidence: float | None
    evidence: list[ViewEvidence]
    days: list[str]  # days of the articles whose sentences assert it


@dataclass(frozen=True)
class ViewData:
    """Everything the page shows; ``to_json`` is the object embedded in it."""

    nodes: list[ViewNode]
    edges: list[ViewEdge]
    articles: list[ViewArticle]
    classes: list[str]
    colours: dict[str, str]  # class -> colour
    days: list[str]  # every day of an article that states a fact, sorted

    def to_json(self) -> dict:
        return asdict(self)


def local_name(iri: URIRef) -> str:
    return re.split(r"[#/]", str(iri))[-1]


def view_data(dataset: Dataset, seed: int = 7) -> ViewData:
    """The viewer's data for ``dataset`` (queried as the union of its graphs)."""
    graph = dataset
    articles, article_index = _articles(graph)
    evidence = _evidence(graph, article_index)
    classes = entity_classes()
    entity_names = {local_name(c) for c in classes}
    triples = sorted((s, p, o) for p in fact_properties() | event_properties() for s, o in graph.subject_objects(p))
    endpoints = sorted({node for s, _, o in triples for node in (s, o)}, key=str)
    kinds = {node: _class_of(graph, node, classes) for node in endpoints}
    triples = [(s, p, o) for s, p, o in triples if kinds[s] and kinds[o]]  # both ends must be something we can draw

    degree: dict[URIRef, int] = defaultdict(int)
    for s, _, o in triples:
        degree[s] += 1
        degree[o] += 1
    order = sorted(degree, key=lambda n: (-degree[n], _label(graph, n).casefold(), str(n)))
    index = {node: i for i, node in enumerate(order)}
    positions = _layout(len(order), [(index[s], index[o]) for s, _, o in triples], seed)

    nodes = [ViewNode(
        iri=str(node),
        label=_label(graph, node),
        cls=kinds[node],
        degree=degree[node],
        alt_labels=sorted({str(name) for name in graph.objects(node, SKOS.altLabel)} - {_label(graph, node)}),
        days=_days(articles[article_index[a]] for a in _sources_of(graph, node) if a in article_index),
        x=positions[i][0],
        y=positions[i][1],
        details={} if kinds[node] in entity_names else _details(graph, node),
    ) for i, node in enumerate(order)]

    edges = []
    for s, p, o in sorted(triples, key=lambda t: (index[t[0]], local_name(t[1]), index[t[2]])):
        support = sorted(evidence.get((s, p, o), []),
                         key=lambda e: (-(e.confidence or 0), e.article if e.article is not None else -1, e.sentence))
        confidence = graph.value(fact_iri(s, p, o), KG.confidence)
        if confidence is None and support:  # an export without the facts graph: the strongest sentence
            confidence = max((e.confidence or 0) for e in support)
        edges.append(ViewEdge(
            source=index[s], target=index[o], property=local_name(p),
            confidence=None if confidence is None else round(float(confidence), 3),
            evidence=support,
            days=_days(articles[e.article] for e in support if e.article is not None and e.asserts),
        ))
    present = sorted({node.cls for node in nodes})
    return ViewData(nodes=nodes, edges=edges, articles=articles, classes=present,
                    colours={cls: CLASS_COLOURS.get(cls, OTHER_COLOUR) for cls in present},
                    days=sorted({day for edge in edges for day in edge.days}))


def _articles(graph) -> tuple[list[ViewArticle], dict[URIRef, int]]:
    found = []
    for article in sorted(set(graph.subjects(RDF.type, SCHEMA.NewsArticle)), key=str):
        source = graph.value(article, DCTERMS.source)
        date_value = graph.value(article, DCTERMS.date)
        link = str(source) if isinstance(source, URIRef) and str(source).startswith(("http://", "https://")) else None
        found.append(ViewArticle(
            iri=str(article),
            identifier=str(graph.value(article, DCTERMS.identifier) or local_name(article)),
            title=_text(graph.value(article, DCTERMS.title)),
            source=_text(source),
            link=link,
            date=_text(date_value),
            day=_day(date_value),
        ))
    return found, {URIRef(a.iri): i for i, a in enumerate(found)}


def _evidence(graph, article_index: dict[URIRef, int]) -> dict[tuple, list[ViewEvidence]]:
    """Every evidence node, by the triple it states (hedged sentences too: their status says so)."""
    by_triple: dict[tuple, list[ViewEvidence]] = defaultdict(list)
    for node in set(graph.subjects(RDF.type, KG.Evidence)):
        triple = (graph.value(node, RDF.subject), graph.value(node, RDF.predicate), graph.value(node, RDF.object))
        article = graph.value(node, PROV.wasDerivedFrom)
        confidence = graph.value(node, KG.confidence)
        details = _details(graph, node)
        by_triple[triple].append(ViewEvidence(
            sentence=str(graph.value(node, KG.sentence) or ""),
            confidence=None if confidence is None else round(float(confidence), 3),
            extractor=_text(graph.value(node, KG.extractor)),
            article=article_index.get(article),
            asserts=asserts_fact(local_name(triple[1]), {"status": details.get("status")}),
            details=details,
        ))
    return by_triple


def _class_of(graph, node, entity_classes_: frozenset) -> str | None:
    """The node's class: an entity class, else (for a layoff) its own class, else None."""
    types = sorted(set(graph.objects(node, RDF.type)), key=str)
    entity = [cls for cls in types if cls in entity_classes_]
    return local_name((entity or types)[0]) if types else None


def _label(graph, node) -> str:
    return str(graph.value(node, RDFS.label) or local_name(node))


def _sources_of(graph, node) -> set:
    """Articles behind a node: those that mention an entity, or the one an event is derived from."""
    return set(graph.subjects(SCHEMA.mentions, node)) | set(graph.objects(node, PROV.wasDerivedFrom))


def _details(graph, node) -> dict[str, str]:
    details = {}
    for name in DETAILS:
        value = graph.value(node, KG[name])
        if value is not None:
            details[name] = str(value)
    return details


def _text(value) -> str | None:
    return None if value is None else str(value)


def _day(value) -> str | None:
    """YYYY-MM-DD of a date, a date-time or a text that starts with one."""
    if value is None:
        return None
    python = value.toPython() if isinstance(value, Literal) else value
    if isinstance(python, (date, datetime)):
        return python.isoformat()[:10]
    match = _DAY.match(str(value).strip())
    return match.group(0) if match else None


def _days(articles) -> list[str]:
    return sorted({a.day for a in articles if a.day})


def _layout(count: int, links: list[tuple[int, int]], seed: int) -> list[tuple[float, float]]:
    """Force-directed positions (networkx's Fruchterman-Reingold, seeded), neighbours about one unit apart.

    Each connected component is laid out on its own and the components are packed in rows, largest
    first: laid out together, small components drift to the rim and squeeze the large one.
    """
    network = nx.Graph()
    network.add_nodes_from(range(count))
    network.add_edges_from(links)
    components = sorted(nx.connected_components(network), key=lambda c: (-len(c), min(c)))
    shapes = []
    for component in components:
        scale = 0.7 * math.sqrt(len(component))
        if len(component) <= 2:  # most components of a large build are one fact: one above the other
            local = {node: (0.0, -float(i)) for i, node in enumerate(sorted(component))}
        else:
            local = nx.spring_layout(network.subgraph(component), seed=seed, scale=scale)
        xs, ys = [p[0] for p in local.values()], [p[1] for p in local.values()]
        shapes.append((local, min(xs), min(ys), max(xs) - min(xs) + _GAP, max(ys) - min(ys) + _GAP))
    row_width = max([math.sqrt(sum(w * h for *_, w, h in shapes)) * 1.3] + [w for *_, w, _ in shapes])
    positions: dict[int, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for local, left, bottom, width, height in shapes:
        if x > 0 and x + width > row_width:
            x, y, row_height = 0.0, y - row_height, 0.0
        for node, (px, py) in local.items():
            positions[node] = (x + px - left, y - height + _GAP + py - bottom)
        x += width
        row_height = max(row_height, height)
    if not positions:
        return []
    centre_x = (min(p[0] for p in positions.values()) + max(p[0] for p in positions.values())) / 2
    centre_y = (min(p[1] for p in positions.values()) + max(p[1] for p in positions.values())) / 2
    return [(round(positions[i][0] - centre_x, 3), round(positions[i][1] - centre_y, 3)) for i in range(count)]
