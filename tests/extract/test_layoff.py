"""Layoffs: a sentence in, the organisation, head count, share of staff and status out.

Sentences are the team's own. A layoff's object is an event, not a mention: the finding's object is None.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import RDF, XSD

from kg.export.rdf import union_graph
from kg.extract import EXTRACTORS
from kg.resolve import resolve
from kg.schema import superclasses
from kg.store import build_dataset
from kg.vocab import KG, entity_iri

README = Path(__file__).resolve().parents[2] / "README.md"

#: (sentence, organisation, headcount, percentage, status)
LAYOFFS = [
    ("Quillon Systems cut 200 jobs, about 14% of its staff, on Monday.", "Quillon Systems", 200, "14", "completed"),
    ("Quillon Systems is laying off 200 employees, or roughly 14 percent of its workforce.",
     "Quillon Systems", 200, "14", "announced"),
    ("At Brightmill, 200 staff were let go after the merger.", "Brightmill", 200, None, "completed"),
    ("Norrland Telecom announced layoffs of about 14% of its workforce.", "Norrland Telecom", None, "14", "announced"),
    ("Northgate Partners laid off 75 employees in March.", "Northgate Partners", 75, None, "completed"),
    ("Orbital Foods will shed 90 staff in Lisbon.", "Orbital Foods", 90, None, "announced"),
    ("Brightmill eliminated 60 positions at its Ohio plant.", "Brightmill", 60, None, "completed"),
    ("Greenleaf Group cut its workforce by 10%.", "Greenleaf Group", None, "10", "completed"),
    ("The job cuts at Fjordnet affect 1,200 workers.", "Fjordnet", 1200, None, None),
    ("Greenleaf Group's layoffs hit 500 workers in Ohio.", "Greenleaf Group", 500, None, None),
    ("Greenleaf Group said it would make 300 redundancies.", "Greenleaf Group", 300, None, "announced"),
    ("Greenleaf Group may cut 1.5 thousand jobs.", "Greenleaf Group", 1500, None, "rumoured"),
    # hedges and denials are kept as a status, not dropped
    ("Quillon Systems plans to cut 350 jobs next year.", "Quillon Systems", 350, None, "planned"),
    ("Solvane scrapped plans to cut 120 jobs.", "Solvane", 120, None, "cancelled"),
    ("Quillon Systems denied that it would lay off workers.", "Quillon Systems", None, None, "denied"),
    ("Greenleaf Group has no plans to cut jobs.", "Greenleaf Group", None, None, "denied"),
]

NOT_LAYOFFS = [
    "Greenleaf Group cut its prices by 10% in May.",
    "Greenleaf Group hired 200 engineers.",
    "Greenleaf Group reduced prices for 200 customers.",
    "Despite the layoffs, Greenleaf Group plans to hire 50 engineers.",
    "Shares in Greenleaf Group fell 4% after the job cuts were announced.",
]


def layoffs(analysis) -> list[tuple]:
    return [(r.subject.text, r.evidence.qualifiers.get("headcount"), r.evidence.qualifiers.get("percentage"),
             r.evidence.qualifiers.get("status")) for r in analysis.relations if r.predicate == "laidOff"]


@pytest.mark.parametrize("sentence, organisation, headcount, percentage, status", LAYOFFS)
def test_reads_the_layoff(analyse_text, sentence, organisation, headcount, percentage, status):
    expected = (organisation, headcount, Decimal(percentage) if percentage else None, status)
    assert layoffs(analyse_text(sentence)) == [expected]


@pytest.mark.parametrize("sentence", NOT_LAYOFFS)
def test_no_layoff_where_none_is_stated(analyse_text, sentence):
    assert layoffs(analyse_text(sentence)) == []


def test_a_layoff_has_no_object_mention_and_its_evidence(analyse_text):
    analysis = analyse_text("Northgate Partners laid off 75 employees in March.")
    (relation,) = [r for r in analysis.relations if r.predicate == "laidOff"]
    assert relation.object is None
    assert relation.evidence.extractor == "layoff.v1" and 0 < relation.evidence.confidence <= 1
    assert isinstance(relation.evidence.qualifiers["headcount"], int)


def test_one_layoff_per_organisation_and_sentence(analyse_text):
    analysis = analyse_text("Quillon Systems announced layoffs and will cut 200 jobs, about 14% of its staff.")
    assert layoffs(analysis) == [("Quillon Systems", 200, Decimal("14"), "announced")]


def test_only_the_layoff_extractor_reads_sentences_with_one_name():
    assert EXTRACTORS["layoff"].min_mentions == 1
    assert all(e.min_mentions == 2 for name, e in EXTRACTORS.items() if name != "layoff")


def test_the_store_makes_the_layoff_event(analyse_text):
    analysis = analyse_text("Northgate Partners laid off 75 employees, about 9% of its staff.\n"
                            "Quillon Systems plans to cut 40 jobs next year.")
    dataset, refused = build_dataset([analysis], resolve([analysis]))
    graph = union_graph(dataset)
    northgate, quillon = entity_iri("Organization", "Northgate Partners"), entity_iri("Organization", "Quillon Systems")
    [layoff] = graph.objects(northgate, KG.laidOff)
    assert (layoff, RDF.type, KG.Layoff) in graph and (layoff, KG.employer, northgate) in graph
    assert graph.value(layoff, KG.headcount).toPython() == 75 and graph.value(layoff, KG.headcount).datatype == XSD.integer
    assert graph.value(layoff, KG.percentage).toPython() == Decimal(9)
    # a planned layoff is recorded, but Quillon Systems has laid off no one yet
    assert refused == 0 and not list(graph.objects(quillon, KG.laidOff))
    [planned] = graph.subjects(KG.employer, quillon)
    assert str(graph.value(planned, KG.status)) == "planned" and graph.value(planned, KG.headcount).toPython() == 40


def test_the_shared_pages_scale_ai_laid_off_200_staff_or_14_percent(shared_path, tmp_path):
    from kg import build
    from kg.query import load_graph, run_query

    report = build([shared_path("corpus", "seeds")], tmp_path)
    graph = load_graph(tmp_path / "graph.trig")
    scale = entity_iri("Organization", "Scale AI")
    layoffs = {(graph.value(o, KG.headcount).toPython(), graph.value(o, KG.percentage).toPython())
               for o in graph.objects(scale, KG.laidOff)}
    assert layoffs == {(200, Decimal(14))}
    assert {s for s, _ in graph.subject_objects(KG.laidOff)} == {scale}
    # build.json counts the events and memberships it wrote
    events = {s for s, cls in graph.subject_objects(RDF.type)
              if str(cls).startswith(str(KG._NS)) and "Event" in superclasses(str(cls).split("#")[-1])}
    assert report.events == len(events) > 1
    assert report.memberships == len(set(graph.subjects(RDF.type, KG.Membership)))
    # the README's layoff query
    (query,) = [q for q in re.findall(r"```sparql\n(.*?)```", README.read_text(encoding="utf-8"), re.S) if "kg:Layoff" in q]
    rows = [tuple(None if v is None else v.toPython() for v in row) for row in run_query(graph, query)]
    assert ("Scale AI", 200, Decimal(14), "announced", True) in rows
