"""What the ontology says about its terms: classes, properties, domains and ranges.

Read from ``ontology/kg.ttl`` (installed as ``kg.ontology``), the source of truth,
so a property added there is usable everywhere without editing code tables.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

from rdflib import OWL, RDF, RDFS, Graph, URIRef
from rdflib.collection import Collection

from kg.models import ENTITY_CLASSES
from kg.vocab import KG


def ontology_text(name: str = "kg.ttl") -> str:
    """A file of ``ontology/``: packaged as kg.ontology, or beside ``kg/`` in a checkout that is not installed."""
    try:
        return resources.files("kg.ontology").joinpath(name).read_text(encoding="utf-8")
    except ModuleNotFoundError:
        return (Path(__file__).resolve().parent.parent / "ontology" / name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def ontology() -> Graph:
    """The ontology graph, parsed once."""
    return Graph().parse(data=ontology_text(), format="turtle")


def _class_iris(node) -> frozenset[URIRef]:
    """The classes a domain or range names: one class, or the members of its owl:unionOf."""
    if node is None:
        return frozenset()
    graph = ontology()
    union = graph.value(node, OWL.unionOf)
    members = Collection(graph, union) if union is not None else [node]
    return frozenset(member for member in members if isinstance(member, URIRef))


def _classes_of(node) -> frozenset[str]:
    return frozenset(str(member).rsplit("#", 1)[-1] for member in _class_iris(node))


@lru_cache(maxsize=None)
def signature(predicate: str) -> tuple[frozenset[str], frozenset[str]]:
    """Local names of the classes allowed as subject and as object of ``predicate``."""
    term = KG[predicate]
    graph = ontology()
    domain, range_ = graph.value(term, RDFS.domain), graph.value(term, RDFS.range)
    if domain is None or range_ is None:
        raise KeyError(f"{predicate} has no domain or range in the ontology")
    return _classes_of(domain), _classes_of(range_)


def fits(predicate: str, subject_class: str, object_class: str) -> bool:
    """Whether the ontology allows ``subject predicate object`` for these classes."""
    domain, range_ = signature(predicate)
    return subject_class in domain and object_class in range_


@lru_cache(maxsize=1)
def fact_properties() -> frozenset[URIRef]:
    """Object properties between entities: the facts of the graph.

    A fact property is an owl:ObjectProperty whose domain and range name only entity
    classes (directly or through owl:unionOf). Properties that start or end at an event
    or a membership (kg:laidOff, kg:investor, kg:holder, ...) are not facts between entities.
    """
    graph = ontology()
    entities = entity_classes()
    facts = set()
    for prop in graph.subjects(RDF.type, OWL.ObjectProperty):
        if not isinstance(prop, URIRef):
            continue
        domain, range_ = _class_iris(graph.value(prop, RDFS.domain)), _class_iris(graph.value(prop, RDFS.range))
        if domain and range_ and domain <= entities and range_ <= entities:
            facts.add(prop)
    return frozenset(facts)


@lru_cache(maxsize=1)
def symmetric_properties() -> frozenset[str]:
    """Names of the properties that hold both ways (owl:SymmetricProperty): kg:mergedWith, kg:partnerOf, ..."""
    return frozenset(str(p).split("#")[-1] for p in ontology().subjects(RDF.type, OWL.SymmetricProperty))


@lru_cache(maxsize=1)
def entity_classes() -> frozenset[URIRef]:
    """Classes of entities (not evidence or articles)."""
    return frozenset(KG[name] for name in ENTITY_CLASSES)


@lru_cache(maxsize=1)
def event_properties() -> frozenset[URIRef]:
    """Object properties from an entity to an event (kg:laidOff): an extractor may yield them with no object mention."""
    graph = ontology()
    entities = entity_classes()
    found = set()
    for prop in graph.subjects(RDF.type, OWL.ObjectProperty):
        domain, range_ = _class_iris(graph.value(prop, RDFS.domain)), _class_iris(graph.value(prop, RDFS.range))
        if domain and range_ and domain <= entities and all(KG.Event in graph.transitive_objects(c, RDFS.subClassOf)
                                                             for c in range_):
            found.add(prop)
    return frozenset(found)


@lru_cache(maxsize=None)
def superclasses(cls: str) -> frozenset[str]:
    """Local names of ``cls`` and every class above it (Hiring: Hiring, Appointment, Event, ...)."""
    namespace = str(KG._NS)
    return frozenset(str(c)[len(namespace):] for c in ontology().transitive_objects(KG[cls], RDFS.subClassOf)
                     if str(c).startswith(namespace))


def allowed_on(prop: str, cls: str) -> bool:
    """Whether the ontology's domain of ``prop`` admits a node of class ``cls`` (a qualifier on an event, say)."""
    domain, _ = signature(prop)
    return bool(domain & superclasses(cls))
