"""SHACL validation: the seeds build conforms, each kind of breakage is reported, `kg validate`, and the shapes file."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, Dataset, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH, XSD
from typer.testing import CliRunner

from kg.build import build
from kg.cli import app
from kg.query import load_graph
from kg.schema import fact_properties, ontology, ontology_text
from kg.store import decimal_literal
from kg.validate import ValidationReport, format_violation, shapes, short, validate
from kg.vocab import ID, KG, SCHEMA

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


@pytest.fixture(scope="module")
def seeds_trig(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("validate-seeds")
    report = build([str(ROOT / "seeds")], out)
    assert report.articles == 6
    return out / "graph.trig"


def fresh(seeds_trig: Path) -> Dataset:
    """A new copy of the seeds build, safe to break."""
    return load_graph(seeds_trig)


def graph_holding(dataset: Dataset, node) -> Graph:
    """The first named graph (in IRI order) that describes ``node``."""
    return sorted((g for g in dataset.graphs() if (node, None, None) in g), key=lambda g: str(g.identifier))[0]


def break_seeds(dataset: Dataset) -> dict[str, tuple]:
    """Five breakages of the brief, applied in place; returns what each should be reported as: (focus, path)."""
    evidence = sorted(set(dataset.subjects(RDF.type, KG.Evidence)))
    no_sentence, overconfident = evidence[0], evidence[1]
    for graph in dataset.graphs():
        graph.remove((no_sentence, KG.sentence, None))
        if (overconfident, KG.confidence, None) in graph:
            graph.set((overconfident, KG.confidence, decimal_literal(Decimal("1.5"))))

    person = sorted(set(dataset.subjects(RDF.type, KG.Person)))[0]
    graph_holding(dataset, person).add((person, RDFS.label, Literal("Someone Else")))

    place, organization = ID["place/oslo"], sorted(set(dataset.subjects(RDF.type, KG.Organization)))[0]
    graph = graph_holding(dataset, organization)
    graph.add((place, RDF.type, KG.Place))
    graph.add((place, RDFS.label, Literal("Oslo")))
    graph.add((place, KG.ceoOf, organization))

    article = sorted(set(dataset.subjects(RDF.type, SCHEMA.NewsArticle)))[0]
    for graph in dataset.graphs():
        graph.remove((article, KG.sha256, None))
    return {
        "evidence without kg:sentence": (no_sentence, KG.sentence),
        "confidence 1.5": (overconfident, KG.confidence),
        "entity with two labels": (person, RDFS.label),
        "place as subject of kg:ceoOf": (place, None),
        "article without kg:sha256": (article, KG.sha256),
    }


@pytest.fixture(scope="module")
def broken(seeds_trig, tmp_path_factory) -> tuple[Dataset, dict[str, tuple], Path]:
    dataset = fresh(seeds_trig)
    expected = break_seeds(dataset)
    path = tmp_path_factory.mktemp("validate-broken") / "graph.trig"
    dataset.serialize(path, format="trig")
    return dataset, expected, path


# ---------------------------------------------------------------- the library


def test_seeds_build_conforms(seeds_trig):
    report = validate(fresh(seeds_trig))
    assert isinstance(report, ValidationReport)
    assert report.conforms, [format_violation(v) for v in report.violations]
    assert report.violations == [] and report.triples > 300


def test_a_plain_graph_validates_too(seeds_trig):
    turtle = seeds_trig.with_name("graph.ttl")
    graph = Graph().parse(turtle, format="turtle")
    size = len(graph)
    report = validate(graph)
    assert report.conforms and report.triples == size
    assert len(graph) == size  # the caller's graph is not touched


def test_broken_copy_does_not_conform(broken):
    dataset, expected, _ = broken
    report = validate(dataset)
    assert not report.conforms
    assert all(v.severity == "Violation" for v in report.violations)


@pytest.mark.parametrize("breakage", ["evidence without kg:sentence", "confidence 1.5", "entity with two labels",
                                      "place as subject of kg:ceoOf", "article without kg:sha256"])
def test_each_breakage_is_reported(broken, breakage):
    dataset, expected, _ = broken
    focus, path = expected[breakage]
    found = [v for v in validate(dataset).violations if v.focus == focus and v.path == path]
    assert found, breakage
    assert all(v.message and "http" not in v.message for v in found)


def test_place_as_ceo_says_what_the_domain_is(broken):
    dataset, expected, _ = broken
    place, _ = expected["place as subject of kg:ceoOf"]
    messages = {v.message for v in validate(dataset).violations if v.focus == place}
    assert "kg:ceoOf needs a subject of class kg:Person." in messages
    assert any("has no kg:Evidence" in m for m in messages)  # nor does anything state it


def test_only_the_breakages_are_reported(broken):
    dataset, expected, _ = broken
    foci = {v.focus for v in validate(dataset).violations}
    assert foci == {focus for focus, _ in expected.values()}


def test_evidence_that_disagrees_with_the_graph(seeds_trig):
    dataset = fresh(seeds_trig)
    evidence = sorted(set(dataset.subjects(RDF.type, KG.Evidence)))[0]
    graph = graph_holding(dataset, evidence)
    end = graph.value(evidence, KG.endOffset)
    graph.set((evidence, KG.endOffset, Literal(int(end) + 5)))
    s, p, o = (graph.value(evidence, x) for x in (RDF.subject, RDF.predicate, RDF.object))
    for g in dataset.graphs():
        g.remove((s, p, o))
    messages = [v.message for v in validate(dataset).violations if v.focus == evidence]
    assert any("which is not in the graph" in m for m in messages)
    assert any("kg:sentence has" in m for m in messages)


def test_well_formed_events_and_memberships_conform(seeds_trig):
    dataset = fresh(seeds_trig)
    organization = sorted(set(dataset.subjects(RDF.type, KG.Organization)))[0]
    person = sorted(set(dataset.subjects(RDF.type, KG.Person)))[0]
    graph = graph_holding(dataset, organization)
    layoff, hiring, membership = ID["event/layoff-1"], ID["event/hiring-1"], ID["membership/1"]
    for triple in [
        (organization, KG.laidOff, layoff), (layoff, RDF.type, KG.Layoff),
        (layoff, KG.headcount, Literal(200)), (layoff, KG.percentage, decimal_literal(Decimal("14"))),
        (layoff, KG.status, Literal("announced")), (layoff, KG.eventDate, Literal("2025-07", datatype=XSD.gYearMonth)),
        (hiring, RDF.type, KG.Hiring), (hiring, KG.employer, organization), (hiring, KG.employee, person),
        (hiring, KG.roleTitle, Literal("chief scientist")),
        (membership, RDF.type, KG.Membership), (membership, KG.holder, person), (membership, KG.roleIn, organization),
        (membership, KG.roleTitle, Literal("interim chief executive")), (membership, KG.roleStatus, Literal("interim")),
    ]:
        graph.add(triple)
    report = validate(dataset)
    assert report.conforms, [format_violation(v) for v in report.violations]


def test_malformed_events_and_memberships_are_reported(seeds_trig):
    dataset = fresh(seeds_trig)
    organization = sorted(set(dataset.subjects(RDF.type, KG.Organization)))[0]
    graph = graph_holding(dataset, organization)
    layoff, merger, membership = ID["event/layoff-2"], ID["event/merger-1"], ID["membership/2"]
    for triple in [
        (layoff, RDF.type, KG.Layoff), (layoff, KG.headcount, Literal(-3)), (layoff, KG.status, Literal("done")),
        (merger, RDF.type, KG.Merger), (merger, KG.mergingParty, organization),
        (membership, RDF.type, KG.Membership), (membership, KG.holder, organization),
        (membership, KG.roleStatus, Literal("past")),
    ]:
        graph.add(triple)
    found = {(v.focus, v.path) for v in validate(dataset).violations}
    assert {(layoff, KG.headcount), (layoff, KG.status), (layoff, None), (merger, KG.mergingParty),
            (membership, KG.holder), (membership, KG.roleIn), (membership, KG.roleTitle),
            (membership, KG.roleStatus)} <= found


def test_short_names():
    assert short(ID["person/anna-berg"]) == "id:person/anna-berg"
    assert short(KG.ceoOf) == "kg:ceoOf"
    assert short(RDFS.label) == "rdfs:label"
    assert short(URIRef("http://example.org/x")) == "<http://example.org/x>"
    assert short(None) == "-"


# ---------------------------------------------------------------- the command


def test_cli_ok(seeds_trig):
    result = runner.invoke(app, ["validate", "--graph", str(seeds_trig)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"OK: {seeds_trig} conforms to ontology/shapes.ttl (")
    assert result.stdout.rstrip().endswith("triples)")


def test_cli_reports_each_violation_on_one_line(broken):
    _, expected, path = broken
    result = runner.invoke(app, ["validate", "--graph", str(path)])
    assert result.exit_code == 1
    lines = result.stdout.strip().splitlines()
    count, rest = lines[-1].split(" ", 1)
    assert rest.startswith(f"violations: {path} does not conform to ontology/shapes.ttl (")
    count = int(count)
    assert count == len(lines) - 1 >= len(expected)
    for focus, prop in expected.values():
        prefix = f"{short(focus)} {short(prop)}:" if prop is not None else f"{short(focus)}:"
        assert any(line.startswith(prefix) for line in lines[:-1]), prefix
    assert "id:place/oslo: kg:ceoOf needs a subject of class kg:Person." in lines
    assert "Traceback" not in result.output


def test_cli_missing_graph_is_an_error(tmp_path):
    result = runner.invoke(app, ["validate", "--graph", str(tmp_path / "none.trig")])
    assert result.exit_code == 1 and "no such graph file" in result.stderr


# ---------------------------------------------------------------- the shapes file


def test_shapes_parse_and_every_named_shape_targets_something():
    graph = Graph().parse(data=ontology_text("shapes.ttl"), format="turtle")
    named = [s for s in graph.subjects(RDF.type, SH.NodeShape) if isinstance(s, URIRef)]
    assert len(named) > 40
    targets = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
    for shape in named:
        assert any((shape, t, None) in graph for t in targets), shape


def _classes(graph: Graph, node) -> set:
    """Classes a shape or property shape allows: its sh:class, or the sh:class of each member of its sh:or."""
    direct = set(graph.objects(node, SH["class"]))
    ors = graph.value(node, SH["or"])
    if ors is not None:
        direct |= {graph.value(member, SH["class"]) for member in Collection(graph, ors)}
    return direct


def _ontology_classes(node) -> set:
    graph = ontology()
    union = graph.value(node, OWL.unionOf)
    return set(Collection(graph, union)) if union is not None else {node}


def _property_shape(graph: Graph, shape, prop):
    for property_shape in graph.objects(shape, SH.property):
        if graph.value(property_shape, SH.path) == prop:
            return property_shape
    return None


@pytest.mark.parametrize("prop", sorted(ontology().subjects(RDF.type, OWL.ObjectProperty)), ids=lambda p: p.split("#")[1])
def test_object_property_shapes_match_domain_and_range(prop):
    graph, onto = shapes(), ontology()
    (shape,) = graph.subjects(SH.targetSubjectsOf, prop)
    assert _classes(graph, shape) == _ontology_classes(onto.value(prop, RDFS.domain))
    property_shape = _property_shape(graph, shape, prop)
    assert property_shape is not None
    assert _classes(graph, property_shape) == _ontology_classes(onto.value(prop, RDFS.range))


@pytest.mark.parametrize("prop", sorted(ontology().subjects(RDF.type, OWL.DatatypeProperty)), ids=lambda p: p.split("#")[1])
def test_datatype_property_shapes_match_domain(prop):
    graph = shapes()
    (shape,) = graph.subjects(SH.targetSubjectsOf, prop)
    assert _classes(graph, shape) == _ontology_classes(ontology().value(prop, RDFS.domain))


def _sh_in(graph: Graph, prop) -> list:
    for property_shape in graph.subjects(SH.path, prop):
        values = graph.value(property_shape, SH["in"])
        if values is not None:
            return list(Collection(graph, values))
    raise AssertionError(f"no sh:in for {prop}")


def test_evidence_predicates_are_the_ontology_object_properties():
    assert set(_sh_in(shapes(), RDF.predicate)) == set(ontology().subjects(RDF.type, OWL.ObjectProperty))
    assert fact_properties() < set(_sh_in(shapes(), RDF.predicate))


@pytest.mark.parametrize("prop", [KG.status, KG.roleStatus], ids=["status", "roleStatus"])
def test_closed_value_sets_match_the_ontology(prop):
    onto = ontology()
    one_of = onto.value(onto.value(prop, RDFS.range), OWL.oneOf)
    assert [str(v) for v in _sh_in(shapes(), prop)] == [str(v) for v in Collection(onto, one_of)]
