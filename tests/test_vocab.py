"""The closed namespace in code and the ontology file say the same thing."""

from __future__ import annotations

import pytest
from rdflib import OWL, RDF, RDFS, URIRef

from kg.models import ENTITY_CLASSES
from kg.schema import fact_properties, fits, ontology, signature
from kg.vocab import KG, entity_iri, slugify

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
