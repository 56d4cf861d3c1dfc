"""The graph that GraphML and GEXF write, as a networkx graph: one function of the dataset.

``graph_view`` reads the union of the dataset's graphs and returns a ``networkx.MultiDiGraph``
whose node ids are IRIs (entities, events, articles) and whose edges are keyed by the local
name of their property. Three views:

- ``entities``: a node per entity, an edge per fact (``subject property object``); a layoff is a
  node too, pointed to by its organisation's ``laidOff`` edge, since it has no other party.
- ``events``: every event (``kg:InvestmentEvent``, ``kg:Acquisition``, ``kg:Hiring``, ``kg:Layoff``, ...,
  hedged ones included, with their ``status``) is a node with role edges to its parties
  (``investor``, ``investee``, ...); facts that have an event are drawn as the event only, the
  others (``ceoOf``, ``locatedIn``, ...) stay direct edges.
- ``full``: the events view, plus each article as a node with a ``mentions`` edge to every entity
  it names, and the ``wasDerivedFrom`` edge of each event to its article.

Every node carries ``label``, ``type`` (its class), ``iri``, ``color`` (by class, ``PALETTE``) and
``size`` (by degree in this view, ``node_size``); entities and events carry ``articles`` (how
many articles name them) and ``dates`` (the ISO dates of those articles, sorted; undated
articles give none). Every edge carries ``label`` and ``property`` (its property's local name
and IRI), ``weight`` (supporting sentences), ``articles``, ``confidence`` (the noisy-or of its
sentences' confidences, as in the facts graph) and ``dates``; a fact edge also its ``iri``
(the ``kg:Fact``). The writers turn ``color``, ``size`` and ``dates`` into their own terms.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Iterable

import networkx as nx
from rdflib import RDF, RDFS, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from kg.export.options import ViewOptions
from kg.export.rdf import union_graph
from kg.schema import entity_classes, event_properties, fact_properties, superclasses
from kg.store import EVENTS, noisy_or
from kg.vocab import KG, SCHEMA, fact_iri

#: Node colour by class (Tableau 10); an event class without its own colour takes Event's.
PALETTE: dict[str, str] = {
    "Organization": "#4E79A7", "Person": "#F28E2B", "Place": "#59A14F", "Product": "#B07AA1",
    "InvestmentEvent": "#E15759", "FundingRound": "#E15759", "Acquisition": "#E15759", "Merger": "#E15759",
    "Hiring": "#EDC948", "Appointment": "#EDC948", "Departure": "#EDC948",
    "Partnership": "#76B7B2", "ProductLaunch": "#FF9DA7", "Layoff": "#9C755F",
    "Event": "#BAB0AC", "Article": "#79706E",
}
OTHER_COLOUR = "#BAB0AC"

#: Literal properties of events kept as node attributes, and how to read them.
EVENT_QUALIFIERS = {KG.amount: float, KG.currency: str, KG.stakePercent: float, KG.headcount: int,
                    KG.percentage: float, KG.eventDate: str, KG.status: str, KG.roleTitle: str, KG.roundName: str}

# Characters XML 1.0 cannot carry, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """Text that any XML writer can store: control characters dropped (markup is escaped by the writer)."""
    return _NOT_XML.sub("", text)


def local_name(iri: URIRef) -> str:
    return re.split(r"[#/]", str(iri))[-1]


def node_size(degree: int) -> float:
    """10 for a node without edges, growing with the square root of its degree (so hubs stay readable)."""
    return round(10 + 5 * math.sqrt(degree), 2)


def colour(cls: str) -> str:
    """The palette's colour of a class (by local name); Event's for another event class; else grey."""
    if cls in PALETTE:
        return PALETTE[cls]
    return PALETTE["Event"] if _is_event_class(KG._NS[cls]) else OTHER_COLOUR


def article_day(value) -> date | None:
    """The day of a ``dcterms:date`` (xsd:date, xsd:dateTime or ISO text), or None when it has none."""
    if value is None:
        return None
    python = value.toPython() if isinstance(value, Literal) else value
    if isinstance(python, datetime):
        return python.date()
    if isinstance(python, date):
        return python
    try:
        return date.fromisoformat(str(python).strip()[:10])
    except ValueError:
        return None


def graph_view(dataset: Dataset, view: str = "entities", min_weight: int | None = None,
               types: Iterable[str] | None = None, since: date | None = None, until: date | None = None) -> nx.MultiDiGraph:
    """The ``view`` of ``dataset`` as a directed multigraph, filtered as ``ViewOptions`` describes."""
    options = ViewOptions(view, min_weight, frozenset(types) if types is not None else None, since, until)
    return _View(union_graph(dataset), options).build()


@dataclass
class _Support:
    """The sentences behind an edge, from the articles the view counts."""

    confidences: list[float] = field(default_factory=list)
    articles: set = field(default_factory=set)

    def add(self, confidence: float, article) -> None:
        self.confidences.append(confidence)
        self.articles.add(article)


class _View:
    """One pass over the union graph: articles and their dates first, then entities, facts, events."""

    def __init__(self, graph: Graph, options: ViewOptions):
        self.graph = graph
        self.options = options
        self.network = nx.MultiDiGraph(view=options.view)
        self.days = {a: article_day(graph.value(a, DCTERMS.date)) for a in graph.subjects(RDF.type, SCHEMA.NewsArticle)}
        self.counted = {a for a, day in self.days.items() if options.covers(day)}
        self.entities: set[str] = set()

    def build(self) -> nx.MultiDiGraph:
        self._add_entities()
        with_events = self.options.view in ("events", "full")
        self._add_facts(skip={KG[p] for p in EVENTS} if with_events else set())
        if with_events:
            self._add_events()
        if self.options.view == "full":
            self._add_articles()
        self._filter()
        for node, data in self.network.nodes(data=True):
            data["color"] = colour(data["type"])
            data["size"] = node_size(self.network.degree(node))
        return self.network

    # ------------------------------------------------------------------ nodes and edges

    def _dates(self, articles: Iterable) -> tuple[str, ...]:
        return tuple(sorted({self.days[a].isoformat() for a in articles if self.days.get(a) is not None}))

    def _add_entities(self) -> None:
        mentioned: dict[URIRef, set] = defaultdict(set)
        for article, entity in self.graph.subject_objects(SCHEMA.mentions):
            if article in self.counted:
                mentioned[entity].add(article)
        classes = entity_classes()
        for node, cls in self.graph.subject_objects(RDF.type):
            if cls not in classes or (self.options.dated and not mentioned[node]):
                continue
            label = self.graph.value(node, RDFS.label) or local_name(node)
            self.network.add_node(str(node), label=xml_safe(str(label)), type=local_name(cls), iri=str(node),
                                  articles=len(mentioned[node]), dates=self._dates(mentioned[node]))
            self.entities.add(str(node))

    def _add_facts(self, skip: set) -> None:
        """An edge per asserted triple with support in the counted articles; a layoff's node with its edge."""
        supported = set(self.graph.objects(None, KG.supportedBy))
        support: dict[tuple, _Support] = defaultdict(_Support)
        for evidence in self.graph.subjects(RDF.type, KG.Evidence):
            article = self.graph.value(evidence, PROV.wasDerivedFrom)
            if article not in self.counted or (supported and evidence not in supported):
                continue  # an article outside the window, or a hedged sentence that supports no fact
            key = (self.graph.value(evidence, RDF.subject), self.graph.value(evidence, RDF.predicate),
                   self.graph.value(evidence, RDF.object))
            support[key].add(_confidence(self.graph.value(evidence, KG.confidence)), article)
        events = event_properties()
        for prop in sorted((fact_properties() | events) - skip):
            for s, o in self.graph.subject_objects(prop):
                backing = support.get((s, prop, o))
                if str(s) not in self.entities or (backing is None and self.options.dated):
                    continue
                if prop in events and str(o) not in self.network:
                    self.network.add_node(str(o), **self._event_attributes(o))
                if str(o) not in self.network:
                    continue
                fact = fact_iri(s, prop, o)
                extra = {"iri": str(fact)} if (fact, RDF.type, KG.Fact) in self.graph else {}
                self._add_edge(s, prop, o, backing or _Support(), fallback=self.graph.value(fact, KG.confidence), **extra)

    def _add_events(self) -> None:
        """Each event of a counted article, with an edge to each party in the view, named by its role."""
        describing: dict[URIRef, _Support] = defaultdict(_Support)
        for evidence, event in self.graph.subject_objects(KG.describes):
            describing[event].add(_confidence(self.graph.value(evidence, KG.confidence)),
                                  self.graph.value(evidence, PROV.wasDerivedFrom))
        for event in sorted({e for e, cls in self.graph.subject_objects(RDF.type) if _is_event_class(cls)}):
            if self.graph.value(event, PROV.wasDerivedFrom) not in self.counted:
                continue
            if str(event) not in self.network:
                self.network.add_node(str(event), **self._event_attributes(event))
            for prop, party in self.graph.predicate_objects(event):
                if str(party) in self.entities:
                    self._add_edge(event, prop, party, describing[event])

    def _add_articles(self) -> None:
        for article in sorted(self.counted):
            title = self.graph.value(article, DCTERMS.title) or self.graph.value(article, DCTERMS.identifier) or local_name(article)
            self.network.add_node(str(article), label=xml_safe(str(title)), type="Article", iri=str(article),
                                  dates=self._dates([article]))
            for entity in self.graph.objects(article, SCHEMA.mentions):
                if str(entity) in self.entities:
                    self._add_edge(article, SCHEMA.mentions, entity, _Support([1.0], {article}), confidence=False)
        for event, article in self.graph.subject_objects(PROV.wasDerivedFrom):
            if str(event) in self.network and str(article) in self.network:
                self._add_edge(event, PROV.wasDerivedFrom, article, _Support([1.0], {article}), confidence=False)

    def _event_attributes(self, event: URIRef) -> dict:
        cls = self.graph.value(event, RDF.type)
        article = self.graph.value(event, PROV.wasDerivedFrom)
        attributes = {"label": xml_safe(str(self.graph.value(event, RDFS.label) or local_name(event))),
                      "type": local_name(cls) if cls is not None else "Event", "iri": str(event),
                      "articles": int(article is not None), "dates": self._dates([article])}
        for prop, convert in EVENT_QUALIFIERS.items():
            value = self.graph.value(event, prop)
            if value is not None:
                python = value.toPython() if isinstance(value, Literal) else value
                try:
                    attributes[local_name(prop)] = convert(python) if convert is not str else xml_safe(str(python))
                except (TypeError, ValueError):  # a value not of the ontology's type: kept as written
                    attributes[local_name(prop)] = xml_safe(str(value))
        return attributes

    def _add_edge(self, s, prop, o, support: _Support, fallback=None, confidence: bool = True, **extra) -> None:
        name = local_name(prop)
        attributes = {"label": name, "property": str(prop), "weight": len(support.confidences),
                      "articles": len(support.articles), "dates": self._dates(support.articles), **extra}
        if confidence and (support.confidences or fallback is not None):
            combined = noisy_or(support.confidences) if support.confidences else Decimal(str(fallback))
            attributes["confidence"] = float(combined.quantize(Decimal("0.001")))
        self.network.add_edge(str(s), str(o), key=name, **attributes)

    # ------------------------------------------------------------------ filters

    def _filter(self) -> None:
        """Entity classes first (then what no kept entity holds), then weak edges and the nodes they leave bare."""
        network = self.network
        if self.options.types is not None:
            network.remove_nodes_from([n for n in self.entities if network.nodes[n]["type"] not in self.options.types])
            kept = {n for n in self.entities if n in network}
            network.remove_nodes_from([n for n in list(network) if n not in kept
                                       and not kept & (set(network.successors(n)) | set(network.predecessors(n)))])
        if self.options.min_weight is not None:
            linked = {n for n in network if network.degree(n)}
            network.remove_edges_from([(u, v, k) for u, v, k, w in network.edges(keys=True, data="weight")
                                       if w < self.options.min_weight])
            network.remove_nodes_from([n for n in linked if not network.degree(n)])


def _confidence(value) -> float:
    return float(value.toPython()) if value is not None else 0.0


def _is_event_class(cls) -> bool:
    if not (isinstance(cls, URIRef) and str(cls).startswith(str(KG._NS))):
        return False
    try:
        return "Event" in superclasses(local_name(cls))
    except AttributeError:  # a term this version's ontology does not have
        return False
