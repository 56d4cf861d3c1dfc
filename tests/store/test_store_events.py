"""The store's n-ary readings: events beside their direct facts, memberships, hedged statements
that stay out of the facts, and the combined confidence of each fact across articles.

Analyses are built by hand (no spaCy) from the team's own sentences, resolved and stored as a build does.
"""

from __future__ import annotations

from decimal import Decimal

import networkx as nx
import pytest
from rdflib import OWL, RDF, RDFS, XSD, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import PROV

from kg.export import export
from kg.export.rdf import union_graph
from handmade import article
from kg.models import ArticleAnalysis
from kg.resolve import resolve
from kg.schema import allowed_on, event_properties, ontology, signature, superclasses
from kg.store import EVENTS, MEMBERSHIPS, NOT_ASSERTED, build_dataset, combine, noisy_or, readings
from kg.validate import format_violation, validate
from kg.vocab import FACTS_GRAPH, ID, KG, article_iri, entity_iri, fact_iri

ORG, PER, PRODUCT = "Organization", "Person", "Product"
BRIGHT, QUILL = entity_iri(ORG, "Brightwater Labs"), entity_iri(ORG, "Quillon Systems")



def store(*analyses: ArticleAnalysis):
    dataset, refused = build_dataset(list(analyses), resolve(list(analyses)))
    return dataset, refused, union_graph(dataset)


def events_of(graph, cls) -> list[URIRef]:
    return sorted(graph.subjects(RDF.type, KG[cls]))


def evidence_of(graph, s, p) -> list[URIRef]:
    return sorted(e for e in graph.subjects(RDF.subject, s)
                  if (e, RDF.type, KG.Evidence) in graph and (e, RDF.predicate, p) in graph)


def deal(status: str | None = None, **qualifiers) -> ArticleAnalysis:
    if status:
        qualifiers["status"] = status
    return article("deal", ["Brightwater Labs put $250 million into Quillon Systems for 12.5% of it."],
                   [(0, "Brightwater Labs", ORG, "investedIn", "Quillon Systems", ORG, 0.9, qualifiers)])


MONEY = {"amount": Decimal("250000000"), "currency": "USD", "amountText": "$250 million", "stakePercent": Decimal("12.5")}


# ---------------------------------------------------------------- the event table


@pytest.mark.parametrize("predicate", sorted(EVENTS))
def test_event_table_fits_the_ontology(predicate):
    kind = EVENTS[predicate]
    assert "Event" in superclasses(kind.cls)
    domain, range_ = signature(predicate)
    assert allowed_on(kind.subject_role, kind.cls) and domain <= signature(kind.subject_role)[1]
    if kind.object_role is None:
        assert range_ == {kind.cls}  # the event is the object: an organisation laidOff its Layoff
    else:
        assert allowed_on(kind.object_role, kind.cls) and range_ <= signature(kind.object_role)[1]
    assert kind.status is None or kind.status in {str(v) for v in _status_values()}


def _status_values() -> list:
    graph = ontology()
    return list(Collection(graph, graph.value(graph.value(KG.status, RDFS.range), OWL.oneOf)))


def test_every_property_to_an_event_has_its_event_kind():
    assert {str(p).split("#")[1] for p in event_properties()} <= set(EVENTS)


def test_membership_properties_go_from_people_to_organisations():
    for predicate in MEMBERSHIPS:
        assert signature(predicate) == ({"Person"}, {"Organization"})


# ---------------------------------------------------------------- events beside facts


def test_an_investment_is_an_event_beside_its_direct_fact():
    analysis = deal(**MONEY)
    dataset, refused, graph = store(analysis)
    assert refused == 0
    named = dataset.graph(article_iri(analysis.article.sha256))
    assert (BRIGHT, KG.investedIn, QUILL) in named
    [event] = events_of(graph, "InvestmentEvent")
    assert str(event).startswith(str(ID["event/"]))
    assert (event, RDF.type, KG.InvestmentEvent) in named  # in the article's graph
    assert (event, KG.investor, BRIGHT) in named and (event, KG.investee, QUILL) in named
    assert graph.value(event, KG.amount).toPython() == Decimal("250000000")
    assert graph.value(event, KG.amount).datatype == XSD.decimal
    assert (str(graph.value(event, KG.currency)), graph.value(event, KG.stakePercent).toPython()) == ("USD", Decimal("12.5"))
    assert str(graph.value(event, RDFS.label)) == "investment: Brightwater Labs, Quillon Systems"
    assert graph.value(event, PROV.wasDerivedFrom) == article_iri(analysis.article.sha256)
    [evidence] = evidence_of(graph, BRIGHT, KG.investedIn)
    assert graph.value(evidence, KG.describes) == event
    assert graph.value(evidence, KG.amount).toPython() == Decimal("250000000")  # evidence keeps its qualifiers


@pytest.mark.parametrize("subject, s_cls, prop, obj, o_cls, cls, roles", [
    ("Brightwater Labs", ORG, "acquired", "Quillon Systems", ORG, "Acquisition", ("acquirer", "acquiree")),
    ("Brightwater Labs", ORG, "sold", "Quillon Systems", ORG, "Acquisition", ("seller", "acquiree")),
    ("Brightwater Labs", ORG, "mergedWith", "Quillon Systems", ORG, "Merger", ("mergingParty", "mergingParty")),
    ("Brightwater Labs", ORG, "partnerOf", "Quillon Systems", ORG, "Partnership", ("partner", "partner")),
    ("Marta Quell", PER, "joined", "Quillon Systems", ORG, "Hiring", ("employee", "employer")),
    ("Quillon Systems", ORG, "launched", "Quill Mini", PRODUCT, "ProductLaunch", ("launcher", "launchedProduct")),
])
def test_each_event_property_gets_its_class_and_roles(subject, s_cls, prop, obj, o_cls, cls, roles):
    sentence = f"{subject} and {obj} were in the news today."
    _, _, graph = store(article("one", [sentence], [(0, subject, s_cls, prop, obj, o_cls, 0.8, {})]))
    s, o = entity_iri(s_cls, subject), entity_iri(o_cls, obj)
    assert (s, KG[prop], o) in graph
    [event] = events_of(graph, cls)
    assert (event, KG[roles[0]], s) in graph and (event, KG[roles[1]], o) in graph


def test_a_hiring_keeps_the_title():
    _, _, graph = store(article("hire", ["Marta Quell joined Quillon Systems as head of robotics."],
                                [(0, "Marta Quell", PER, "joined", "Quillon Systems", ORG, 0.8,
                                  {"roleTitle": "head of robotics"})]))
    [event] = events_of(graph, "Hiring")
    assert str(graph.value(event, KG.roleTitle)) == "head of robotics"
    assert list(graph.subjects(KG.roleTitle, None)) == [event]  # not on the evidence: its domain has no kg:Evidence


def test_sentences_of_one_article_share_its_event_and_the_surest_value_wins():
    sentences = ["Brightwater Labs invested $250 million in Quillon Systems.",
                 "Brightwater Labs invested about $240 million in Quillon Systems, a filing shows."]
    relations = [(0, "Brightwater Labs", ORG, "investedIn", "Quillon Systems", ORG, 0.7,
                  {"amount": Decimal("250000000"), "currency": "USD"}),
                 (1, "Brightwater Labs", ORG, "investedIn", "Quillon Systems", ORG, 0.9,
                  {"amount": Decimal("240000000"), "currency": "USD"})]
    _, _, graph = store(article("twice", sentences, relations))
    [event] = events_of(graph, "InvestmentEvent")
    assert [a.toPython() for a in graph.objects(event, KG.amount)] == [Decimal("240000000")]
    assert {graph.value(e, KG.describes) for e in evidence_of(graph, BRIGHT, KG.investedIn)} == {event}


def test_event_iris_are_stable_and_per_article():
    first = store(deal(), article("other", ["Brightwater Labs invested in Quillon Systems."],
                                  [(0, "Brightwater Labs", ORG, "investedIn", "Quillon Systems", ORG, 0.8, {})]))[2]
    again = store(deal())[2]
    assert len(events_of(first, "InvestmentEvent")) == 2
    assert set(events_of(again, "InvestmentEvent")) < set(events_of(first, "InvestmentEvent"))


def test_a_merger_stated_either_way_round_is_one_event():
    sentences = ["Brightwater Labs merged with Quillon Systems.", "Quillon Systems merged with Brightwater Labs."]
    relations = [(0, "Brightwater Labs", ORG, "mergedWith", "Quillon Systems", ORG, 0.8, {}),
                 (1, "Quillon Systems", ORG, "mergedWith", "Brightwater Labs", ORG, 0.8, {})]
    _, _, graph = store(article("merger", sentences, relations))
    [event] = events_of(graph, "Merger")
    assert set(graph.objects(event, KG.mergingParty)) == {BRIGHT, QUILL}


# ---------------------------------------------------------------- hedged and denied statements


@pytest.mark.parametrize("status", ["planned", "denied", "rumoured", "cancelled"])
def test_a_hedged_statement_is_an_event_with_its_status_and_no_fact(status):
    _, _, graph = store(deal(status, **MONEY))
    assert (BRIGHT, KG.investedIn, QUILL) not in graph
    [event] = events_of(graph, "InvestmentEvent")
    assert str(graph.value(event, KG.status)) == status
    [evidence] = evidence_of(graph, BRIGHT, KG.investedIn)
    assert str(graph.value(evidence, KG.status)) == status and graph.value(evidence, KG.describes) == event
    assert not list(graph.subjects(RDF.type, KG.Fact))  # nothing to combine: the sentence asserts no fact


def test_announced_and_completed_are_facts():
    for status in ("announced", "completed"):
        _, _, graph = store(deal(status))
        assert (BRIGHT, KG.investedIn, QUILL) in graph
        assert str(graph.value(events_of(graph, "InvestmentEvent")[0], KG.status)) == status


def test_an_ended_partnership_is_a_fact_of_its_own_and_not_a_partnership():
    sentences = ["Brightwater Labs ended its partnership with Quillon Systems.",
                 "Brightwater Labs and Quillon Systems are no longer partners."]
    relations = [(0, "Brightwater Labs", ORG, "endedPartnershipWith", "Quillon Systems", ORG, 0.8, {}),
                 (1, "Brightwater Labs", ORG, "partnerOf", "Quillon Systems", ORG, 0.8, {"status": "ended"})]
    _, _, graph = store(article("ended", sentences, relations))
    assert (BRIGHT, KG.endedPartnershipWith, QUILL) in graph
    assert (BRIGHT, KG.partnerOf, QUILL) not in graph
    assert {str(graph.value(e, KG.status)) for e in events_of(graph, "Partnership")} == {"ended"}


def test_a_fact_stated_elsewhere_is_kept_and_only_asserting_evidence_supports_it():
    sentences = ["Brightwater Labs denied it would invest in Quillon Systems.",
                 "Brightwater Labs invested in Quillon Systems in May."]
    relations = [(0, "Brightwater Labs", ORG, "investedIn", "Quillon Systems", ORG, 0.6, {"status": "denied"}),
                 (1, "Brightwater Labs", ORG, "investedIn", "Quillon Systems", ORG, 0.8, {})]
    _, _, graph = store(article("both", sentences, relations))
    assert (BRIGHT, KG.investedIn, QUILL) in graph
    fact = fact_iri(BRIGHT, KG.investedIn, QUILL)
    assert graph.value(fact, KG.evidenceCount).toPython() == 1
    [supporting] = graph.objects(fact, KG.supportedBy)
    assert graph.value(supporting, KG.status) is None


# ---------------------------------------------------------------- memberships


def role(qualifiers: dict, prop: str = "ceoOf") -> ArticleAnalysis:
    return article("role", ["Marta Quell took charge of Quillon Systems."],
                   [(0, "Marta Quell", PER, prop, "Quillon Systems", ORG, 0.85, qualifiers)])


MARTA = entity_iri(PER, "Marta Quell")


def memberships(graph) -> list[tuple[str, str]]:
    return sorted((str(graph.value(m, KG.roleTitle)), str(graph.value(m, KG.roleStatus)))
                  for m in graph.subjects(RDF.type, KG.Membership))


def test_an_interim_ceo_is_a_membership_and_still_ceo():
    _, _, graph = store(role({"roleTitle": "interim CEO", "roleStatus": "interim"}))
    assert (MARTA, KG.ceoOf, QUILL) in graph
    assert memberships(graph) == [("interim CEO", "interim")]
    [membership] = graph.subjects(RDF.type, KG.Membership)
    assert (membership, KG.holder, MARTA) in graph and (membership, KG.roleIn, QUILL) in graph
    [evidence] = evidence_of(graph, MARTA, KG.ceoOf)
    assert graph.value(evidence, KG.describes) == membership
    assert graph.value(evidence, KG.roleTitle) is None  # the title belongs to the membership


def test_a_former_ceo_is_a_former_membership_and_not_ceo():
    _, _, graph = store(role({"roleTitle": "chief executive", "roleStatus": "former"}))
    assert (MARTA, KG.ceoOf, QUILL) not in graph
    assert memberships(graph) == [("chief executive", "former")]
    assert evidence_of(graph, MARTA, KG.ceoOf)


@pytest.mark.parametrize("prop, qualifiers, expected", [
    ("ceoOf", {"roleTitle": "chief AI officer"}, ("chief AI officer", "current")),
    ("worksFor", {"roleTitle": "chief AI officer"}, ("chief AI officer", "current")),
    ("spokespersonFor", {"roleStatus": "former"}, ("spokesperson", "former")),
    ("leads", {"roleStatus": "interim"}, ("head", "interim")),
])
def test_title_and_status_default_when_not_written(prop, qualifiers, expected):
    assert memberships(store(role(qualifiers, prop))[2]) == [expected]


def test_no_title_and_no_status_no_membership():
    assert memberships(store(role({}))[2]) == []


# ---------------------------------------------------------------- combined confidence


@pytest.mark.parametrize("confidences, combined", [
    ([], Decimal(0)), ([Decimal("0.9")], Decimal("0.9")), ([0.5, 0.5], Decimal("0.75")),
    ([Decimal("0.9"), Decimal("0.7"), Decimal("0.8")], Decimal("0.994")),
])
def test_noisy_or(confidences, combined):
    assert noisy_or(confidences) == combined


def test_each_fact_has_its_combined_confidence_across_articles():
    alpha = article("alpha", ["Brightwater Labs invested in Quillon Systems.", "Brightwater Labs backs Quillon Systems."],
                    [(0, "Brightwater Labs", ORG, "investedIn", "Quillon Systems", ORG, 0.9, {}),
                     (1, "Brightwater Labs", ORG, "investedIn", "Quillon Systems", ORG, 0.7, {})])
    beta = article("beta", ["Brightwater Labs invested in Quillon Systems, a filing shows."],
                   [(0, "Brightwater Labs", ORG, "investedIn", "Quillon Systems", ORG, 0.8, {})])
    dataset, _, graph = store(alpha, beta)
    fact = fact_iri(BRIGHT, KG.investedIn, QUILL)
    facts = dataset.graph(FACTS_GRAPH)
    assert (fact, RDF.type, KG.Fact) in facts and (fact, RDF.type, RDF.Statement) in facts
    assert [facts.value(fact, p) for p in (RDF.subject, RDF.predicate, RDF.object)] == [BRIGHT, KG.investedIn, QUILL]
    assert facts.value(fact, KG.confidence) == Literal(Decimal("0.994"))
    assert facts.value(fact, KG.evidenceCount) == Literal(3)
    supporting = set(facts.objects(fact, KG.supportedBy))
    assert supporting == set(evidence_of(graph, BRIGHT, KG.investedIn)) and len(supporting) == 3
    assert not any((fact, None, None) in dataset.graph(article_iri(a.article.sha256)) for a in (alpha, beta))
    assert set(graph.subjects(RDF.type, KG.Fact)) == {fact}


def test_combine_is_a_pure_function_of_the_readings():
    analysis = article("pure", ["Brightwater Labs invested in Quillon Systems.", "Quillon Systems hired Marta Quell."],
                       [(0, "Brightwater Labs", ORG, "investedIn", "Quillon Systems", ORG, 0.8, {}),
                        (1, "Marta Quell", PER, "joined", "Quillon Systems", ORG, 0.6, {"status": "rumoured"})])
    found, _ = readings(analysis, resolve([analysis]))
    combined = combine(found)
    assert list(combined) == [(BRIGHT, KG.investedIn, QUILL)]
    assert combined[(BRIGHT, KG.investedIn, QUILL)].confidence == Decimal("0.8")
    assert combine(found) == combined


def test_not_asserted_statuses_are_ontology_statuses():
    assert NOT_ASSERTED <= {str(v) for v in _status_values()}


# ---------------------------------------------------------------- validation


def newsroom() -> list[ArticleAnalysis]:
    """One article per kind of reading: hedged deals, an ended partnership, roles current, interim and former."""
    found = [article(f"hedged-{status}", [f"Brightwater Labs and Quillon Systems: {status}."],
                     [(0, "Brightwater Labs", ORG, "investedIn", "Quillon Systems", ORG, 0.7, {**MONEY, "status": status})])
             for status in sorted(NOT_ASSERTED)]
    found.append(deal(**MONEY))
    found.append(article("ended", ["Brightwater Labs ended its partnership with Quillon Systems."],
                         [(0, "Brightwater Labs", ORG, "endedPartnershipWith", "Quillon Systems", ORG, 0.8, {})]))
    for status in ("current", "interim", "former"):
        found.append(article(f"role-{status}", [f"Marta Quell is the {status} chief of Quillon Systems."],
                             [(0, "Marta Quell", PER, "ceoOf", "Quillon Systems", ORG, 0.85,
                               {"roleTitle": f"{status} chief", "roleStatus": status})]))
    found.append(layoffs())
    return found


def layoffs() -> ArticleAnalysis:
    return article("cuts", ["Quillon Systems laid off 75 staff, 9% of its workforce.",
                            "Brightwater Labs plans to cut 40 jobs in 2026.",
                            "Brightwater Labs invested in Quillon Systems."],
                   [(0, "Quillon Systems", ORG, "laidOff", None, None, 0.85,
                     {"headcount": 75, "percentage": Decimal("9"), "status": "completed"}),
                    (1, "Brightwater Labs", ORG, "laidOff", None, None, 0.85,
                     {"headcount": 40, "status": "planned", "eventDate": "2026"}),
                    (2, "Brightwater Labs", ORG, "investedIn", "Quillon Systems", ORG, 0.8, {})])


@pytest.fixture(scope="module")
def newsroom_dataset():
    return store(*newsroom())[0]


def test_every_kind_of_reading_conforms(newsroom_dataset):
    report = validate(newsroom_dataset)
    assert report.conforms, [format_violation(v) for v in report.violations]


def test_broken_events_and_facts_are_reported():
    dataset = store(*newsroom())[0]
    graph = union_graph(dataset)
    [layoff] = graph.objects(QUILL, KG.laidOff)
    [investment] = [e for e in events_of(graph, "InvestmentEvent") if (e, KG.amount, None) in graph][:1]
    [hedged] = evidence_of(graph, BRIGHT, KG.laidOff)  # "plans to cut": no laidOff triple
    fact = fact_iri(BRIGHT, KG.investedIn, QUILL)
    for named in dataset.graphs():
        named.remove((QUILL, KG.laidOff, layoff))  # a layoff that names no organisation
        named.remove((layoff, KG.employer, QUILL))
        if (investment, KG.amount, None) in named:
            named.set((investment, KG.amount, Literal("a lot")))  # not an xsd:decimal
        named.remove((hedged, KG.status, None))  # evidence for a triple that is not in the graph, and not hedged
        if (fact, KG.confidence, None) in named:
            named.set((fact, KG.confidence, Literal(Decimal("1.5"))))
    found = {(v.focus, v.path) for v in validate(dataset).violations}
    assert {(layoff, None), (investment, KG.amount), (hedged, None), (fact, KG.confidence)} <= found


# ---------------------------------------------------------------- layoffs and Gephi


def test_a_layoff_is_the_object_of_laid_off():
    analysis = layoffs()
    dataset, refused, graph = store(analysis)
    assert refused == 0
    [layoff] = graph.objects(QUILL, KG.laidOff)
    assert (layoff, RDF.type, KG.Layoff) in dataset.graph(article_iri(analysis.article.sha256))
    assert (layoff, KG.employer, QUILL) in graph
    assert (graph.value(layoff, KG.headcount).toPython(), graph.value(layoff, KG.percentage).toPython()) == (75, 9)
    [evidence] = evidence_of(graph, QUILL, KG.laidOff)
    assert graph.value(evidence, RDF.object) == layoff == graph.value(evidence, KG.describes)
    [planned] = graph.subjects(KG.employer, BRIGHT)
    assert (BRIGHT, KG.laidOff, planned) not in graph and str(graph.value(planned, KG.status)) == "planned"
    assert graph.value(planned, KG.eventDate) == Literal("2026", datatype=XSD.gYear)


def test_a_missing_object_is_refused_unless_the_property_points_to_an_event():
    analysis = article("odd", ["Brightwater Labs invested."],
                       [(0, "Brightwater Labs", ORG, "investedIn", None, None, 0.8, {})])
    _, refused, graph = store(analysis)
    assert refused == 1 and not list(graph.subjects(RDF.type, KG.Evidence))


@pytest.mark.parametrize("name, read", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_gephi_sees_layoffs_as_nodes_and_each_edge_has_its_confidence(name, read, tmp_path):
    [path] = export(store(layoffs())[0], tmp_path, [name])
    network = read(path)
    by_type = {}
    for node, data in network.nodes(data=True):
        by_type.setdefault(data["type"], []).append((data["iri"], data))
    [(layoff, data)] = by_type["Layoff"]  # the planned one has no laidOff edge, so no node either
    assert (data["label"], int(data["headcount"]), float(data["percentage"])) == ("layoff: Quillon Systems", 75, 9.0)
    iri = dict(network.nodes(data="iri"))
    edges = {(iri[s], d["label"], iri[o]): d for s, o, d in network.edges(data=True)}
    assert set(edges) == {(str(QUILL), "laidOff", layoff), (str(BRIGHT), "investedIn", str(QUILL))}
    assert float(edges[(str(BRIGHT), "investedIn", str(QUILL))]["confidence"]) == 0.8
    assert float(edges[(str(QUILL), "laidOff", layoff)]["confidence"]) == 0.85
