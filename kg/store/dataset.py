"""The RDF dataset: one named graph per article, PROV-O provenance on every fact.

Each article's graph holds the article's description, the entities it mentions
(type, canonical label, the other names it uses), the facts it states as direct
triples, one evidence node per fact and sentence (a reified rdf:Statement), and the
n-ary readings of the same statements: an event node for a deal, a hiring or a
layoff (``EVENTS``), a membership node for a role held with a title (``MEMBERSHIPS``).
A statement the sentence only hedges or denies (``kg:status`` planned, denied, ...)
or a former role gets its evidence and its event or membership, never the direct
triple. The graph ``id:graph/facts`` holds one kg:Fact per direct triple with the
combined confidence of its evidence across articles. The union of the graphs is the
whole knowledge graph.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Iterable, Mapping

from rdflib import RDF, RDFS, XSD, Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from kg.models import Article, ArticleAnalysis, Entity, Evidence, Relation
from kg.resolve import Resolution
from kg.schema import allowed_on, event_properties, fits, ontology, signature
from kg.vocab import (FACTS_GRAPH, ID, KG, SCHEMA, article_iri, event_iri, evidence_iri, fact_iri, is_iri,
                      membership_iri)

PREFIXES = {"kg": KG._NS, "id": ID, "schema": SCHEMA, "prov": PROV, "dcterms": DCTERMS, "skos": SKOS}


@dataclass(frozen=True)
class EventKind:
    """How a relation reads as an event: the event's class and the roles its subject and object play in it.

    ``object_role`` None: the event itself is the object (an organisation kg:laidOff its kg:Layoff).
    ``status``: what the property itself says about the event (an ended partnership has ended).
    """

    cls: str
    subject_role: str
    object_role: str | None
    status: str | None = None


#: Properties whose statements are events, and how. tests/test_store_events.py checks every role against the ontology.
EVENTS: dict[str, EventKind] = {
    "investedIn": EventKind("InvestmentEvent", "investor", "investee"),
    "acquired": EventKind("Acquisition", "acquirer", "acquiree"),
    "sold": EventKind("Acquisition", "seller", "acquiree"),
    "mergedWith": EventKind("Merger", "mergingParty", "mergingParty"),
    "joined": EventKind("Hiring", "employee", "employer"),
    "partnerOf": EventKind("Partnership", "partner", "partner"),
    "endedPartnershipWith": EventKind("Partnership", "partner", "partner", status="ended"),
    "launched": EventKind("ProductLaunch", "launcher", "launchedProduct"),
    "laidOff": EventKind("Layoff", "employer", None),
}

#: Properties of roles that a ``roleTitle`` or ``roleStatus`` qualifier turns into a kg:Membership,
#: with the title to record when the sentence gives only a status.
MEMBERSHIPS: dict[str, str] = {"ceoOf": "CEO", "worksFor": "staff member", "leads": "head",
                               "spokespersonFor": "spokesperson"}

#: Statuses under which a sentence does not assert its statement as a current fact.
NOT_ASSERTED = frozenset({"planned", "cancelled", "denied", "rumoured", "ended"})

Triple = tuple[URIRef, URIRef, URIRef]


@dataclass(frozen=True)
class Reading:
    """One relation as the store writes it: its triple, evidence node, whether the triple is
    asserted, and the event or membership it also describes."""

    head: Entity
    relation: Relation
    tail: Entity | None
    triple: Triple
    evidence: URIRef
    asserted: bool
    event: URIRef | None = None
    membership: URIRef | None = None


@dataclass(frozen=True)
class FactSupport:
    """What all articles together say for one direct triple: combined confidence and the evidence behind it."""

    confidence: Decimal
    evidence: tuple[URIRef, ...]


def new_dataset() -> Dataset:
    """An empty dataset with kg's prefixes bound; queries see the union of its graphs."""
    dataset = Dataset(default_union=True)
    for prefix, namespace in PREFIXES.items():
        dataset.bind(prefix, namespace)
    return dataset


def build_dataset(analyses: Iterable[ArticleAnalysis], resolution: Resolution) -> tuple[Dataset, int]:
    """The dataset of a build, and how many relations the ontology's domains and ranges refused.

    After every article's graph, the facts graph: one kg:Fact per asserted triple, with the
    combined confidence of its evidence from all articles.
    """
    dataset = new_dataset()
    refused = 0
    found: list[Reading] = []
    for analysis in analyses:
        article_refused, article_readings = _write_article(dataset, analysis, resolution)
        refused += article_refused
        found += article_readings
    add_facts(dataset, combine(found))
    return dataset, refused


def add_article(dataset: Dataset, analysis: ArticleAnalysis, resolution: Resolution) -> int:
    """Add one article's named graph; return the number of relations refused by type."""
    return _write_article(dataset, analysis, resolution)[0]


def _write_article(dataset: Dataset, analysis: ArticleAnalysis, resolution: Resolution) -> tuple[int, list[Reading]]:
    article = analysis.article
    subject = article_iri(article.sha256)
    graph = dataset.graph(subject)
    _describe_article(graph, subject, article)
    for mention in analysis.mentions:
        entity = resolution.entity(article.sha256, mention)
        node = URIRef(entity.iri)
        graph.add((node, RDF.type, KG[entity.cls]))
        graph.add((node, RDFS.label, Literal(entity.label)))
        if mention.text != entity.label:
            graph.add((node, SKOS.altLabel, Literal(mention.text)))
        graph.add((subject, SCHEMA.mentions, node))
    found, refused = readings(analysis, resolution)
    for reading in found:
        _add_evidence(graph, subject, reading)
    for event, group in _grouped(found, lambda r: r.event).items():
        _add_event(graph, subject, event, group)
    for membership, group in _grouped(found, lambda r: r.membership).items():
        _add_membership(graph, subject, membership, group)
    return refused, found


Fact = tuple[Entity, Relation, "Entity | None"]


def resolved_facts(analysis: ArticleAnalysis, resolution: Resolution) -> tuple[list[Fact], int]:
    """The relations of an article that become facts, and how many the ontology refused.

    A relation is refused when its entities' classes do not fit the property's domain
    and range, or when both ends resolved to one entity; a relation without an object
    mention is kept only for a property whose object is an event (kg:laidOff), its
    tail then None. Of several readings of the same fact in one sentence, the most
    confident is kept.
    """
    refused = 0
    strongest: dict[tuple, Fact] = {}
    sha = analysis.article.sha256
    for relation in analysis.relations:
        head = resolution.entity(sha, relation.subject)
        tail = None if relation.object is None else resolution.entity(sha, relation.object)
        if not _fits(relation.predicate, head, tail):
            refused += 1
            continue
        key = (head.iri, relation.predicate, tail.iri if tail else None, relation.evidence.start)
        if key not in strongest or relation.evidence.confidence > strongest[key][1].evidence.confidence:
            strongest[key] = (head, relation, tail)
    return list(strongest.values()), refused


def _fits(predicate: str, head: Entity, tail: Entity | None) -> bool:
    if tail is None:
        return KG[predicate] in event_properties() and head.cls in signature(predicate)[0]
    return head.iri != tail.iri and fits(predicate, head.cls, tail.cls)


def readings(analysis: ArticleAnalysis, resolution: Resolution) -> tuple[list[Reading], int]:
    """Every kept relation of an article as the store writes it, and how many were refused."""
    facts, refused = resolved_facts(analysis, resolution)
    return [reading(analysis.article.sha256, head, relation, tail) for head, relation, tail in facts], refused


def reading(article_sha256: str, head: Entity, relation: Relation, tail: Entity | None) -> Reading:
    """The triple, evidence IRI, event and membership of one relation; IRIs are stable across builds."""
    kind = EVENTS.get(relation.predicate)
    event = event_iri(article_sha256, relation.predicate, *_participants(kind, head, tail)) if kind else None
    s, p = URIRef(head.iri), KG[relation.predicate]
    o = URIRef(tail.iri) if tail is not None else event
    if o is None:
        raise ValueError(f"{relation.predicate} has no object and no event in kg.store.EVENTS")
    evidence = relation.evidence
    role = membership_role(relation.predicate, evidence.qualifiers)
    membership = (membership_iri(article_sha256, head.iri, tail.iri, role[0].casefold(), role[1])
                  if role and tail is not None else None)
    return Reading(head, relation, tail, (s, p, o),
                   evidence_iri(evidence.article_sha256, evidence.start, evidence.end, s, p, o),
                   asserts_fact(relation.predicate, evidence.qualifiers), event, membership)


def _participants(kind: EventKind, head: Entity, tail: Entity | None) -> list[str]:
    """Participants in IRI order; both sides of a symmetric event (a merger) either way round."""
    both = [head.iri, tail.iri if tail is not None else ""]
    return sorted(both) if kind.subject_role == kind.object_role else both


def asserts_fact(predicate: str, qualifiers: Mapping[str, Any]) -> bool:
    """Whether a sentence asserts its triple as a current fact: not hedged, denied or cancelled, not a former role.

    An ended partnership asserts kg:endedPartnershipWith: its "ended" is what the property says.
    """
    status = qualifiers.get("status")
    kind = EVENTS.get(predicate)
    if status in NOT_ASSERTED and (kind is None or status != kind.status):
        return False
    return qualifiers.get("roleStatus") != "former"


def membership_role(predicate: str, qualifiers: Mapping[str, Any]) -> tuple[str, str] | None:
    """``(title, status)`` of a role stated with a title or a status, else None; the status defaults to current."""
    default = MEMBERSHIPS.get(predicate)
    if default is None or not {"roleTitle", "roleStatus"} & set(qualifiers):
        return None
    return str(qualifiers.get("roleTitle") or default), str(qualifiers.get("roleStatus") or "current")


def merged_qualifiers(evidence: Iterable[Evidence]) -> dict[str, Any]:
    """One value per qualifier for a node several sentences describe: the most confident sentence's, then the first."""
    merged: dict[str, Any] = {}
    for each in sorted(evidence, key=lambda e: (-e.confidence, e.start)):
        for name, value in each.qualifiers.items():
            merged.setdefault(name, value)
    return merged


def noisy_or(confidences: Iterable[Decimal | float]) -> Decimal:
    """1 - prod(1 - c): the chance that at least one of several independent readings is right."""
    doubt = Decimal(1)
    for confidence in confidences:
        doubt *= 1 - Decimal(str(confidence))
    return 1 - doubt


def combine(found: Iterable[Reading]) -> dict[Triple, FactSupport]:
    """Per asserted triple, across articles: the noisy-or of its evidence confidences (as stored) and the evidence."""
    by_fact: dict[Triple, dict[URIRef, Decimal]] = defaultdict(dict)
    for each in found:
        if each.asserted:
            by_fact[each.triple][each.evidence] = stored_confidence(each.relation.evidence.confidence)
    return {triple: FactSupport(noisy_or(support.values()).quantize(Decimal("0.001")), tuple(sorted(support)))
            for triple, support in by_fact.items()}


def stored_confidence(confidence: float) -> Decimal:
    """A confidence as evidence stores it: three decimals."""
    return Decimal(str(round(confidence, 3)))


def add_facts(dataset: Dataset, facts: Mapping[Triple, FactSupport]) -> None:
    """The facts graph: a kg:Fact (reified, IRI from the triple) with combined confidence, count and evidence."""
    graph = dataset.graph(FACTS_GRAPH)
    for (s, p, o), support in sorted(facts.items()):
        node = fact_iri(s, p, o)
        graph.add((node, RDF.type, RDF.Statement))
        graph.add((node, RDF.type, KG.Fact))
        graph.add((node, RDF.subject, s))
        graph.add((node, RDF.predicate, p))
        graph.add((node, RDF.object, o))
        graph.add((node, KG.confidence, decimal_literal(support.confidence)))
        graph.add((node, KG.evidenceCount, Literal(len(support.evidence))))
        for evidence in support.evidence:
            graph.add((node, KG.supportedBy, evidence))


def _grouped(found: Iterable[Reading], key) -> dict[URIRef, list[Reading]]:
    groups: dict[URIRef, list[Reading]] = defaultdict(list)
    for each in found:
        if key(each) is not None:
            groups[key(each)].append(each)
    return groups


def _describe_article(graph, subject: URIRef, article: Article) -> None:
    graph.add((subject, RDF.type, SCHEMA.NewsArticle))
    graph.add((subject, RDF.type, PROV.Entity))
    graph.add((subject, DCTERMS.identifier, Literal(article.identifier)))
    if article.title:
        graph.add((subject, DCTERMS.title, Literal(article.title)))
    source = article.source
    web = source.startswith(("http://", "https://")) and is_iri(source)  # a URL with spaces or quotes stays text
    graph.add((subject, DCTERMS.source, URIRef(source) if web else Literal(source)))
    if article.date:
        graph.add((subject, DCTERMS.date, date_literal(article.date)))
    graph.add((subject, KG.sha256, Literal(article.sha256)))
    if article.metadata:
        graph.add((subject, KG.metadata, Literal(json.dumps(dict(article.metadata), sort_keys=True, default=str),
                                                 datatype=RDF.JSON)))


def _add_evidence(graph, article: URIRef, reading: Reading) -> None:
    s, p, o = reading.triple
    if reading.asserted:
        graph.add((s, p, o))
    evidence = reading.relation.evidence
    node = reading.evidence
    graph.add((node, RDF.type, RDF.Statement))
    graph.add((node, RDF.type, KG.Evidence))
    graph.add((node, RDF.subject, s))
    graph.add((node, RDF.predicate, p))
    graph.add((node, RDF.object, o))
    graph.add((node, PROV.wasDerivedFrom, article))
    graph.add((node, KG.sentence, Literal(evidence.sentence)))
    graph.add((node, KG.startOffset, Literal(evidence.start)))
    graph.add((node, KG.endOffset, Literal(evidence.end)))
    graph.add((node, KG.extractor, Literal(evidence.extractor)))
    graph.add((node, KG.confidence, decimal_literal(stored_confidence(evidence.confidence))))
    for name, value in evidence.qualifiers.items():
        if allowed_on(name, "Evidence"):  # a role's title and status belong to its membership
            graph.add((node, KG[name], qualifier_literal(name, value)))
    for described in (reading.event, reading.membership):
        if described is not None:
            graph.add((node, KG.describes, described))


def _add_event(graph, article: URIRef, event: URIRef, group: list[Reading]) -> None:
    first = group[0]
    kind = EVENTS[first.relation.predicate]
    graph.add((event, RDF.type, KG[kind.cls]))
    names = [first.head.label] + ([first.tail.label] if first.tail is not None else [])
    graph.add((event, RDFS.label, Literal(f"{class_label(kind.cls)}: {', '.join(names)}")))
    graph.add((event, PROV.wasDerivedFrom, article))
    for each in group:
        s, _, o = each.triple
        graph.add((event, KG[kind.subject_role], s))
        if kind.object_role is not None:
            graph.add((event, KG[kind.object_role], o))
    qualifiers = merged_qualifiers(each.relation.evidence for each in group)
    if kind.status is not None:
        qualifiers.setdefault("status", kind.status)
    for name, value in qualifiers.items():
        if allowed_on(name, kind.cls):
            graph.add((event, KG[name], qualifier_literal(name, value)))


def _add_membership(graph, article: URIRef, membership: URIRef, group: list[Reading]) -> None:
    first = group[0]
    title, status = membership_role(first.relation.predicate, first.relation.evidence.qualifiers)
    holder, organisation = first.triple[0], first.triple[2]
    graph.add((membership, RDF.type, KG.Membership))
    graph.add((membership, RDFS.label, Literal(f"{first.head.label}: {title}, {first.tail.label}")))
    graph.add((membership, KG.holder, holder))
    graph.add((membership, KG.roleIn, organisation))
    graph.add((membership, KG.roleTitle, Literal(title)))
    graph.add((membership, KG.roleStatus, Literal(status)))
    graph.add((membership, PROV.wasDerivedFrom, article))


def class_label(cls: str) -> str:
    """The ontology's label of a class ("investment" for kg:InvestmentEvent), for the labels of events."""
    return str(ontology().value(KG[cls], RDFS.label) or cls)


def qualifier_literal(name: str, value: Any) -> Literal:
    """A qualifier's value as the ontology types it: decimals for amounts and shares, dates for kg:eventDate."""
    if name == "eventDate":
        return event_date_literal(value)
    if isinstance(value, float):
        value = Decimal(str(value))
    if isinstance(value, Decimal):
        return decimal_literal(value)
    return Literal(value)


_YEAR, _YEAR_MONTH = re.compile(r"\d{4}"), re.compile(r"\d{4}-\d{2}")


def event_date_literal(value: str | date) -> Literal:
    """As precisely as stated: xsd:gYear ("2025"), xsd:gYearMonth ("2025-07"), xsd:date or xsd:dateTime."""
    if isinstance(value, (date, datetime)):
        return Literal(value)
    text = str(value).strip()
    if _YEAR.fullmatch(text):
        return Literal(text, datatype=XSD.gYear)
    if _YEAR_MONTH.fullmatch(text):
        return Literal(text, datatype=XSD.gYearMonth)
    return date_literal(text)


def decimal_literal(value: Decimal) -> Literal:
    """xsd:decimal in canonical form ("250000000.0"), so it reads back from Turtle as the same term."""
    text = format(value.normalize(), "f")
    return Literal(text if "." in text else text + ".0", datatype=XSD.decimal)


def date_literal(value: str) -> Literal:
    """xsd:date or xsd:dateTime when the value is ISO 8601, else the text as written."""
    text = value.strip()
    try:
        if len(text) == 10:
            return Literal(date.fromisoformat(text), datatype=XSD.date)
        return Literal(datetime.fromisoformat(text.replace("Z", "+00:00")), datatype=XSD.dateTime)
    except ValueError:
        return Literal(text)
