"""The closed namespace in code and the ontology file say the same thing."""

from __future__ import annotations

import pytest
from rdflib import OWL, RDF, RDFS, URIRef
from rdflib.collection import Collection

from kg.models import ENTITY_CLASSES
from kg.schema import fact_properties, fits, ontology, signature
from kg.vocab import KG, entity_iri, is_iri, slugify

ISSUE_PROPERTIES = ["investedIn", "acquired", "founded", "worksFor", "ceoOf", "joined"]


def ontology_terms() -> set[str]:
    namespace = str(KG._NS)
    return {str(s)[len(namespace):] for s in ontology().subjects() if isinstance(s, URIRef) and str(s).startswith(namespace)}


def test_code_namespace_matches_the_ontology():
    code_terms = set(KG.__annotations__)
    assert code_terms == ontology_terms()


def test_misspelt_term_is_an_error():
    with pytest.raises(AttributeError):
        KG.investedin


@pytest.mark.parametrize("term", sorted(ontology_terms()))
def test_every_term_has_label_and_comment(term):
    graph = ontology()
    assert graph.value(KG[term], RDFS.label) is not None
    assert graph.value(KG[term], RDFS.comment) is not None


@pytest.mark.parametrize("name", ENTITY_CLASSES)
def test_entity_classes_are_owl_classes(name):
    assert (KG[name], RDF.type, OWL.Class) in ontology()


@pytest.mark.parametrize("name", ISSUE_PROPERTIES)
def test_fact_properties_have_domain_and_range(name):
    assert KG[name] in fact_properties()
    domain, range_ = signature(name)
    assert domain and range_ and (domain | range_) <= set(ENTITY_CLASSES)


#: The binary properties of the fuller vocabulary; all but laidOff (whose object is an event) are facts.
BINARY_PROPERTIES = ["investedIn", "acquired", "sold", "mergedWith", "founded", "worksFor", "joined", "ceoOf",
                     "spokespersonFor", "leads", "customerOf", "partnerOf", "endedPartnershipWith", "competesWith",
                     "subsidiaryOf", "partOf", "launched", "productOf", "headquarteredIn", "reportsFrom", "locatedIn", "livesIn", "bornIn",
                     "laidOff"]
SYMMETRIC = {"mergedWith", "partnerOf", "endedPartnershipWith", "competesWith"}
EVENT_CLASSES = ["InvestmentEvent", "FundingRound", "Acquisition", "Merger", "Layoff", "Appointment", "Hiring",
                 "Departure", "Partnership", "ProductLaunch"]


def test_fact_properties_are_the_binary_properties_between_entities():
    assert {str(p).split("#")[1] for p in fact_properties()} == set(BINARY_PROPERTIES) - {"laidOff"}
    for prop in fact_properties():
        domain, range_ = signature(str(prop).split("#")[1])
        assert domain and range_ and (domain | range_) <= set(ENTITY_CLASSES), prop


def test_laid_off_points_to_a_layoff_event():
    assert signature("laidOff") == (frozenset({"Organization"}), frozenset({"Layoff"}))
    assert KG.laidOff not in fact_properties()


@pytest.mark.parametrize("name", BINARY_PROPERTIES)
def test_symmetric_properties_are_declared_so(name):
    symmetric = (KG[name], RDF.type, OWL.SymmetricProperty) in ontology()
    assert symmetric == (name in SYMMETRIC)
    if symmetric:
        domain, range_ = signature(name)
        assert domain == range_


@pytest.mark.parametrize("name", EVENT_CLASSES)
def test_event_classes_are_events(name):
    assert KG.Event in ontology().transitive_objects(KG[name], RDFS.subClassOf)


def test_participant_properties_go_from_events_to_entities():
    graph = ontology()
    participants = set(graph.transitive_subjects(RDFS.subPropertyOf, KG.participant)) - {KG.participant}
    assert {KG.investor, KG.investee, KG.acquirer, KG.acquiree, KG.employer, KG.employee, KG.partner} <= participants
    for prop in participants:
        domain, range_ = signature(str(prop).split("#")[1])
        assert range_ <= set(ENTITY_CLASSES)
        assert all(KG.Event in graph.transitive_objects(KG[cls], RDFS.subClassOf) for cls in domain), prop
        assert prop not in fact_properties()


@pytest.mark.parametrize("name", ["amount", "currency", "amountText", "stakePercent", "headcount", "percentage",
                                  "eventDate", "status"])
def test_qualifiers_may_sit_on_evidence_or_event(name):
    graph = ontology()
    domain = graph.value(KG[name], RDFS.domain)
    assert set(Collection(graph, graph.value(domain, OWL.unionOf))) == {KG.Evidence, KG.Event}


def test_fits_follows_domain_and_range():
    assert fits("ceoOf", "Person", "Organization")
    assert not fits("ceoOf", "Organization", "Person")
    assert not fits("joined", "Place", "Organization")


def test_entity_iris_are_stable_readable_and_class_specific():
    assert str(entity_iri("Organization", "Scale AI")).endswith("/organization/scale-ai")
    assert entity_iri("Organization", "Scale AI") == entity_iri("Organization", "Scale  AI")
    assert entity_iri("Person", "Jordan") != entity_iri("Place", "Jordan")
    assert slugify("Zürich Réassurance") == "zurich-reassurance"
    assert slugify("東京") and slugify("東京") == slugify("東京")


@pytest.mark.parametrize("text, valid", [
    ("https://news.example/a?b=1#c", True),
    ("https://例え.jp/東京", True),
    ("https://news.example/%20spaced", True),
    ("https://news.example/a b", False),
    ("https://news.example/\u00a0", False),  # rdflib's N-Quads reader refuses a no-break space
    ('https://news.example/"quoted"', False),
    ("https://news.example/<script>", False),
    ("https://news.example/a\\b", False),
    ("https://news.example/%zz", False),
    ("https://news.example/\ue000", False),  # private use
    ("news.example/no-scheme", False),
    ("https://news.example/##", False),  # a fragment holds no "#": Oxigraph's readers refuse it
    ("https://news.example/[a]", False),  # "[" only around an IP literal host
])
def test_is_iri(text, valid):
    assert is_iri(text) is valid


def test_a_source_url_that_is_no_iri_is_stored_as_text():
    from rdflib import Literal, URIRef
    from rdflib.namespace import DCTERMS

    from kg.models import Article, ArticleAnalysis
    from kg.resolve import Resolution
    from kg.store import build_dataset

    def source_of(url: str):
        article = Article(text="Body.", title=None, identifier="x", source=url)
        dataset, _ = build_dataset([ArticleAnalysis(article, (), ())], Resolution())
        return next(o for _, _, o, _ in dataset.quads((None, DCTERMS.source, None, None)))

    assert source_of("https://news.example/a") == URIRef("https://news.example/a")
    assert source_of("https://news.example/a b") == Literal("https://news.example/a b")
