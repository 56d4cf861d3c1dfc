"""The RDF dataset: one named graph per article, PROV-O provenance on every fact.

Each article's graph holds the article's description, the entities it mentions
(type, canonical label, the other names it uses), the facts it states as direct
triples, and one evidence node per fact and sentence (a reified rdf:Statement).
The union of the graphs is the whole knowledge graph.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Iterable

from rdflib import RDF, RDFS, XSD, Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from kg.models import Article, ArticleAnalysis, Entity, Relation
from kg.resolve import Resolution
from kg.schema import fits
from kg.vocab import ID, KG, SCHEMA, article_iri, evidence_iri

PREFIXES = {"kg": KG._NS, "id": ID, "schema": SCHEMA, "prov": PROV, "dcterms": DCTERMS, "skos": SKOS}


def new_dataset() -> Dataset:
    """An empty dataset with kg's prefixes bound; queries see the union of its graphs."""
    dataset = Dataset(default_union=True)
    for prefix, namespace in PREFIXES.items():
        dataset.bind(prefix, namespace)
    return dataset


def build_dataset(analyses: Iterable[ArticleAnalysis], resolution: Resolution) -> tuple[Dataset, int]:
    """The dataset of a build, and how many relations the ontology's domains and ranges refused."""
    dataset = new_dataset()
    refused = 0
    for analysis in analyses:
        refused += add_article(dataset, analysis, resolution)
    return dataset, refused


def add_article(dataset: Dataset, analysis: ArticleAnalysis, resolution: Resolution) -> int:
    """Add one article's named graph; return the number of relations refused by type."""
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
    facts, refused = resolved_facts(analysis, resolution)
    for head, relation, tail in facts:
        _add_fact(graph, subject, head, relation, tail)
    return refused


Fact = tuple[Entity, Relation, Entity]


def resolved_facts(analysis: ArticleAnalysis, resolution: Resolution) -> tuple[list[Fact], int]:
    """The relations of an article that become facts, and how many the ontology refused.

    A relation is refused when its entities' classes do not fit the property's domain
    and range, or when both ends resolved to one entity. Of several readings of the
    same fact in one sentence, the most confident is kept.
    """
    refused = 0
    strongest: dict[tuple, Fact] = {}
    sha = analysis.article.sha256
    for relation in analysis.relations:
        head, tail = resolution.entity(sha, relation.subject), resolution.entity(sha, relation.object)
        if head.iri == tail.iri or not fits(relation.predicate, head.cls, tail.cls):
            refused += 1
            continue
        key = (head.iri, relation.predicate, tail.iri, relation.evidence.start)
        if key not in strongest or relation.evidence.confidence > strongest[key][1].evidence.confidence:
            strongest[key] = (head, relation, tail)
    return list(strongest.values()), refused


def _describe_article(graph, subject: URIRef, article: Article) -> None:
    graph.add((subject, RDF.type, SCHEMA.NewsArticle))
    graph.add((subject, RDF.type, PROV.Entity))
    graph.add((subject, DCTERMS.identifier, Literal(article.identifier)))
    if article.title:
        graph.add((subject, DCTERMS.title, Literal(article.title)))
    source = article.source
    graph.add((subject, DCTERMS.source, URIRef(source) if source.startswith(("http://", "https://")) else Literal(source)))
    if article.date:
        graph.add((subject, DCTERMS.date, date_literal(article.date)))
    graph.add((subject, KG.sha256, Literal(article.sha256)))
    if article.metadata:
        graph.add((subject, KG.metadata, Literal(json.dumps(dict(article.metadata), sort_keys=True, default=str),
                                                 datatype=RDF.JSON)))


def _add_fact(graph, article: URIRef, head: Entity, relation: Relation, tail: Entity) -> None:
    s, p, o = URIRef(head.iri), KG[relation.predicate], URIRef(tail.iri)
    graph.add((s, p, o))
    evidence = relation.evidence
    node = evidence_iri(evidence.article_sha256, evidence.start, evidence.end, s, p, o)
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
    graph.add((node, KG.confidence, decimal_literal(Decimal(str(round(evidence.confidence, 3))))))
    for name, value in evidence.qualifiers.items():
        graph.add((node, KG[name], decimal_literal(value) if isinstance(value, Decimal) else Literal(value)))


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
