"""Builds of the real pages in ../shared (skipped when it is absent)."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from rdflib import RDF, RDFS
from rdflib.namespace import DCTERMS, PROV, SKOS

from kg import build
from kg.ingest import Source, read_source
from kg.query import load_graph
from kg.schema import fact_properties
from kg.vocab import KG, entity_iri

#: Page furniture of the scraped seed pages that must never become an entity.
FURNITURE = {"Recent News", "Join Now", "Written by", "Published on", "AI", "Learn", "Learn to AI",
             "What you should know", "The big picture", "Restructuring Follows Rapid Expansion",
             "AI Bet", "New Role", "Regain Momentum and Clients", "Strategic Shift", "GenAI"}


@pytest.fixture(scope="module")
def seed_graph(shared_path, tmp_path_factory):
    out = tmp_path_factory.mktemp("shared-seeds")
    report = build([shared_path("corpus", "seeds")], out)
    assert report.articles == 2 and not report.skipped
    return load_graph(out / "graph.trig")


def evidence_for(graph, s, p, o):
    return [e for e in graph.subjects(RDF.subject, s) if (e, RDF.type, KG.Evidence) in graph
            and (e, RDF.predicate, p) in graph and (e, RDF.object, o) in graph]


def test_meta_invested_in_scale_ai_with_amount_and_stake(seed_graph):
    meta, scale = entity_iri("Organization", "Meta"), entity_iri("Organization", "Scale AI")
    assert (meta, KG.investedIn, scale) in seed_graph
    evidence = evidence_for(seed_graph, meta, KG.investedIn, scale)
    amounts = {(seed_graph.value(e, KG.amount).toPython(), str(seed_graph.value(e, KG.currency)))
               for e in evidence if seed_graph.value(e, KG.amount) is not None}
    assert amounts == {(Decimal("14300000000"), "USD")}
    assert {seed_graph.value(e, KG.stakePercent).toPython() for e in evidence
            if seed_graph.value(e, KG.stakePercent) is not None} == {Decimal(49)}
    assert len({seed_graph.value(e, PROV.wasDerivedFrom) for e in evidence}) == 2  # both pages state it


def test_alexandr_wang_joined_meta(seed_graph):
    wang = entity_iri("Person", "Alexandr Wang")
    assert (wang, KG.joined, entity_iri("Organization", "Meta")) in seed_graph
    assert "Wang" in {str(n) for n in seed_graph.objects(wang, SKOS.altLabel)}


def test_no_menu_or_heading_text_becomes_an_entity(seed_graph):
    labels = {str(label) for _, label in seed_graph.subject_objects(RDFS.label)}
    assert labels and not labels & FURNITURE
    assert all("\n" not in label and not label.endswith("'s") for label in labels)


@pytest.fixture(scope="module")
def bbc_slice(shared_path, tmp_path_factory):
    """Twelve business articles and the one file that is not UTF-8."""
    bbc = shared_path("corpus", "bbc")
    folder = tmp_path_factory.mktemp("bbc-slice")
    files = sorted((bbc / "business").glob("*.txt"))[:12] + [bbc / "sport" / "199.txt"]
    for path in files:
        (folder / f"{path.parent.name}-{path.name}").write_bytes(path.read_bytes())
    out = tmp_path_factory.mktemp("bbc-out")
    report = build([folder], out)
    return folder, out, report


def test_bbc_slice_builds_and_reports_the_non_utf8_file(bbc_slice):
    folder, out, report = bbc_slice
    assert report.articles == 13 and not report.skipped
    assert any("sport-199.txt" in w and "not valid UTF-8" in w for w in report.warnings)
    assert json.loads((out / "build.json").read_text())["articles"] == 13


def test_bbc_evidence_offsets_point_at_the_sentence(bbc_slice):
    folder, out, report = bbc_slice
    texts = {}
    for path in folder.iterdir():
        (article,) = read_source(Source(path, path.name, str(path))).articles
        texts[article.identifier] = article.text
    graph = load_graph(out / "graph.trig")
    checked = 0
    for evidence in graph.subjects(RDF.type, KG.Evidence):
        article = graph.value(evidence, PROV.wasDerivedFrom)
        text = texts[str(graph.value(article, DCTERMS.identifier))]
        start, end = int(graph.value(evidence, KG.startOffset)), int(graph.value(evidence, KG.endOffset))
        assert text[start:end] == str(graph.value(evidence, KG.sentence))
        checked += 1
    assert checked > 0


def test_a_fact_stated_by_two_articles_counts_once(shared_path, tmp_path):
    report = build([shared_path("corpus", "seeds")], tmp_path)
    graph = load_graph(tmp_path / "graph.trig")
    facts = {(s, p, o) for p in fact_properties() for s, o in graph.subject_objects(p)}
    assert report.facts == len(facts) < report.evidence  # Meta's investment is in both pages


#: Every fact a careful reader lists from the two seed pages (issue 4), as (subject, property, object).
#: Layoffs are events (kg:laidOff), tested with the layoff extractor; roles that are not current
#: (Alexandr Wang, Scale AI's former CEO) are memberships, not facts: see the test below.
SEED_PAGE_FACTS = {
    # what Scale AI sells, from a "provider of ..." phrase
    ("data labeling services", "productOf", "Scale AI"),
    # the investment (amount and stake: test above) and the hiring
    ("Meta", "investedIn", "Scale AI"),
    ("Alexandr Wang", "joined", "Meta"),
    ("Alexandr Wang", "worksFor", "Meta"),  # Meta's chief AI officer
    # the founder, the interim CEO, the spokesperson
    ("Alexandr Wang", "founded", "Scale AI"),
    ("Jason Droege", "ceoOf", "Scale AI"),
    ("Joe Osborne", "spokespersonFor", "Scale AI"),
    ("Joe Osborne", "worksFor", "Scale AI"),
    # the new lab, its parent and its leader
    ("Meta Superintelligence Labs", "partOf", "Meta"),
    ("Alexandr Wang", "leads", "Meta Superintelligence Labs"),
    # the clients, and the partnership that is ending
    ("Google", "customerOf", "Scale AI"),
    ("OpenAI", "customerOf", "Scale AI"),
    ("Anthropic", "customerOf", "Scale AI"),
    ("Microsoft", "customerOf", "Scale AI"),
    ("Google", "endedPartnershipWith", "Scale AI"),
    # the rivals
    ("Meta", "competesWith", "OpenAI"),
    ("Meta", "competesWith", "Google"),
    # the product in the side items
    ("LangChain", "launched", "Open SWE"),
    ("Open SWE", "productOf", "LangChain"),
}


def test_seed_page_facts(seed_graph, facts_of):
    # exactly these: nothing from the page's navigation, nothing the pages do not say
    assert facts_of(seed_graph) == SEED_PAGE_FACTS


def memberships(graph) -> set[tuple[str, str, str, str]]:
    """Every kg:Membership as (holder, title, status, organisation)."""
    return {(str(graph.value(graph.value(m, KG.holder), RDFS.label)), str(graph.value(m, KG.roleTitle)),
             str(graph.value(m, KG.roleStatus)), str(graph.value(graph.value(m, KG.roleIn), RDFS.label)))
            for m in graph.subjects(RDF.type, KG.Membership)}


def test_seed_page_roles_say_interim_and_former(seed_graph, facts_of):
    roles = memberships(seed_graph)
    assert ("Jason Droege", "interim CEO", "interim", "Scale AI") in roles
    assert ("Alexandr Wang", "CEO", "former", "Scale AI") in roles  # a role, not a current fact
    assert ("Alexandr Wang", "ceoOf", "Scale AI") not in facts_of(seed_graph)


def test_seed_page_facts_read_through_the_organisation_in_focus(seed_graph):
    # Neither sentence names Scale AI next to the title or the partnership: it is the pages' focus.
    droege, scale = entity_iri("Person", "Jason Droege"), entity_iri("Organization", "Scale AI")
    sentences = [str(seed_graph.value(e, KG.sentence)) for e in evidence_for(seed_graph, droege, KG.ceoOf, scale)]
    assert any("interim" in s and "Scale" not in s for s in sentences)
    (ended,) = evidence_for(seed_graph, entity_iri("Organization", "Google"), KG.endedPartnershipWith, scale)
    assert "partnership" in str(seed_graph.value(ended, KG.sentence))
