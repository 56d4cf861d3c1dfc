"""End to end: `kg build` on seeds/, the README's queries, `kg query`, `kg stats`, and bad input."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
from decimal import Decimal
import sys
from pathlib import Path

import networkx as nx
import pytest
from rdflib import RDF, RDFS, Dataset, Graph
from rdflib.namespace import SKOS
from typer.testing import CliRunner

from kg.cli import app
from kg.query import load_graph, run_query
from kg.schema import fact_properties
from kg.vocab import KG, SCHEMA

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()

#: Every fact a careful reader finds in seeds/, and nothing else.
SEED_FACTS = {
    ("Harborview Capital", "investedIn", "Lumora Robotics"),
    ("sodium batteries", "productOf", "Solvane"),  # "Solvane, a French maker of sodium batteries"
    ("broadband", "productOf", "Fjordnet"),  # "Fjordnet, a regional broadband provider"
    ("frozen meals", "productOf", "Orbital Foods"),  # "Orbital Foods, a maker of frozen meals"
    ("Priya Natarajan", "founded", "Lumora Robotics"),
    ("Daniel Okafor", "ceoOf", "Lumora Robotics"),
    ("Norrland Telecom", "acquired", "Fjordnet"),
    ("Norrland Telecom", "competesWith", "Fjordnet"),  # "buys broadband rival Fjordnet"
    ("Erik Lindqvist", "founded", "Fjordnet"),
    ("Anna Berg", "ceoOf", "Norrland Telecom"),
    ("Maya Chen", "joined", "Veltrix"),
    ("Tomas Novak", "joined", "Veltrix"),
    ("Samuel Reyes", "ceoOf", "Veltrix"),
    ("Greenleaf Group", "acquired", "Orbital Foods"),
    ("Marco Ferri", "founded", "Orbital Foods"),
    ("Hannah Weber", "joined", "Quillon Systems"),
    ("Hannah Weber", "ceoOf", "Quillon Systems"),
    ("Crestline Energy", "investedIn", "Solvane"),
    ("Crestline Energy", "acquired", "Voltaic Systems"),
    ("Claire Martin", "founded", "Solvane"),
    ("Claire Martin", "ceoOf", "Solvane"),
}


def readme_queries() -> list[str]:
    return re.findall(r"```sparql\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)


def readme_query(selects: str) -> str:
    """The README query whose SELECT line starts with ``selects``."""
    (query,) = [q for q in readme_queries() if re.search(rf"^SELECT {re.escape(selects)}", q, re.M)]
    return query


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("exports")
    result = runner.invoke(app, ["build", str(ROOT / "seeds"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def dataset(built) -> Dataset:
    return load_graph(built / "graph.trig")


def test_build_writes_every_export(built):
    assert {p.name for p in built.iterdir()} == {"graph.ttl", "graph.trig", "graph.graphml", "graph.gexf", "build.json", ".kg"}


def test_seed_facts_are_exactly_the_expected_ones(dataset, facts_of):
    assert facts_of(dataset) == SEED_FACTS


def test_turtle_is_the_union_of_the_trig_graphs(built, dataset, facts_of):
    turtle = Graph().parse(built / "graph.ttl", format="turtle")
    trig = Dataset().parse(built / "graph.trig", format="trig")
    union = {t for g in trig.graphs() for t in g}
    assert set(turtle) == union and len(turtle) > 0
    assert facts_of(turtle) == SEED_FACTS


def test_one_named_graph_per_article(built, dataset):
    report = json.loads((built / "build.json").read_text())
    articles = set(dataset.subjects(RDF.type, SCHEMA.NewsArticle))
    named = {g.identifier for g in dataset.graphs() if len(g)}
    assert report["articles"] == len(articles) == 6
    assert articles <= named


def test_every_fact_has_evidence_whose_sentence_names_both_entities(dataset):
    for prop in fact_properties():
        for s, o in dataset.subject_objects(prop):
            evidence = [e for e in dataset.subjects(RDF.subject, s) if (e, RDF.type, KG.Evidence) in dataset
                        and (e, RDF.predicate, prop) in dataset and (e, RDF.object, o) in dataset]
            assert evidence, (s, prop, o)
            for node in evidence:
                sentence = str(dataset.value(node, KG.sentence))
                for entity in (s, o):
                    names = {str(n) for n in dataset.objects(entity, RDFS.label)} | {str(n) for n in dataset.objects(entity, SKOS.altLabel)}
                    assert any(name in sentence for name in names), (sentence, names)
                assert 0 <= float(dataset.value(node, KG.confidence)) <= 1
                assert int(dataset.value(node, KG.startOffset)) < int(dataset.value(node, KG.endOffset))


def test_entities_have_one_label_and_a_class(dataset):
    for entity in set(dataset.subjects(RDFS.label, None)):
        assert len(set(dataset.objects(entity, RDFS.label))) == 1
        assert len(set(dataset.objects(entity, RDF.type))) == 1


def test_readme_query_investments(dataset):
    investments = readme_query("?investor ?target")
    rows = {tuple(None if v is None else v.toPython() for v in row) for row in run_query(dataset, investments)}
    assert rows == {
        ("Crestline Energy", "Solvane", Decimal(80_000_000), "EUR", Decimal(15)),
        ("Harborview Capital", "Lumora Robotics", Decimal(250_000_000), "USD", None),
    }


def test_readme_query_facts_about_a_company(dataset):
    about = readme_query("?subject ?property ?object")
    rows = [tuple(map(str, row[:3])) + (str(row[4]),) for row in run_query(dataset, about)]
    assert set(r[:3] for r in rows) == {f for f in SEED_FACTS if "Lumora Robotics" in (f[0], f[2])}
    assert {r[3] for r in rows} == {"harborview-invests-in-lumora.txt"}
    assert len(rows) == 5  # the investment is stated in three sentences (the headline too)


def test_readme_query_people_and_employers(dataset):
    people = readme_query("?person ?role ?organization")
    rows = {tuple(map(str, row)) for row in run_query(dataset, people)}
    assert rows == {f for f in SEED_FACTS if f[1] in ("ceoOf", "joined", "worksFor")}


def test_readme_query_deals_as_events(dataset):
    rows = {tuple(None if v is None else v.toPython() for v in row)
            for row in run_query(dataset, readme_query("?kind ?buyer ?target"))}
    assert {row[:3] for row in rows} == {("InvestmentEvent" if p == "investedIn" else "Acquisition", s, o)
                                         for s, p, o in SEED_FACTS if p in ("investedIn", "acquired")}
    assert ("InvestmentEvent", "Harborview Capital", "Lumora Robotics", Decimal(250_000_000), "USD", None) in rows


def test_every_readme_query_is_tested():
    assert len(readme_queries()) == 5  # the layoffs query runs on ../shared in tests/extract/test_layoff.py


def test_graphml_loads_with_typed_attributes(built):
    graph = nx.read_graphml(built / "graph.graphml")
    assert graph.is_directed()
    labels = {data["label"]: data for _, data in graph.nodes(data=True)}
    assert labels["Harborview Capital"]["type"] == "Organization"
    assert labels["Maya Chen"]["type"] == "Person"
    edges = [(graph.nodes[u]["label"], d["label"], graph.nodes[v]["label"], d) for u, v, d in graph.edges(data=True)]
    assert {e[:3] for e in edges} == SEED_FACTS
    (investment,) = [d for s, p, o, d in edges if (s, p, o) == ("Harborview Capital", "investedIn", "Lumora Robotics")]
    assert investment["weight"] == 3 and isinstance(investment["weight"], int) and investment["articles"] == 1


def test_seed_graphml_and_gexf_are_valid_against_their_schemas(built, xml_schema):
    from lxml import etree

    for name, path in [("graphml", built / "graph.graphml"), ("gexf", built / "graph.gexf")]:
        schema = xml_schema(name)
        assert schema.validate(etree.parse(str(path))), schema.error_log


def test_seed_gexf_replays_the_dated_articles(built):
    graph = nx.read_gexf(built / "graph.gexf")
    spells = {data["label"]: {start for start, _ in data.get("spells", [])} for _, data in graph.nodes(data=True)}
    assert spells["Crestline Energy"] == {"2025-06-12"}  # crestline-page.html's date
    assert spells["Maya Chen"] == set()  # veltrix-hires.md has no date
    assert set().union(*spells.values()) == {"2025-03-04", "2025-03-05", "2025-06-12"}
    edges = {(graph.nodes[s]["label"], d["label"], graph.nodes[o]["label"]) for s, o, d in graph.edges(data=True)}
    assert edges == SEED_FACTS


@pytest.mark.parametrize("name", ["graphml", "gexf"])
@pytest.mark.parametrize("view", ["entities", "events", "full"])
def test_export_views_of_the_seeds_are_valid(built, xml_schema, tmp_path, name, view):
    from lxml import etree

    out = tmp_path / f"{view}.{name}"
    result = runner.invoke(app, ["export", name, "--view", view, "--graph", str(built / "graph.trig"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert xml_schema(name).validate(etree.parse(str(out))), xml_schema(name).error_log


def test_export_filters_and_writes_to_stdout(built):
    args = ["export", "--format", "gexf", "--graph", str(built / "graph.trig"), "--out", "-"]
    result = runner.invoke(app, args + ["--since", "2025-06-01", "--types", "organization"])
    assert result.exit_code == 0, result.output
    graph = nx.read_gexf(io.BytesIO(result.stdout_bytes))
    nodes = {d["label"]: d["type"] for _, d in graph.nodes(data=True)}
    assert {"Crestline Energy", "Solvane", "Voltaic Systems"} <= set(nodes) and set(nodes.values()) == {"Organization"}
    assert "Harborview Capital" not in nodes and "Claire Martin" not in nodes  # undated article; a person
    assert {d["label"] for _, _, d in graph.edges(data=True)} == {"investedIn", "acquired"}


def test_export_rdf_to_the_formats_file_here(built, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["export", "nquads", "--graph", str(built / "graph.trig")])
    assert result.exit_code == 0, result.output
    assert "graph.nq" in result.stderr
    assert len(load_graph(tmp_path / "graph.nq")) == len(load_graph(built / "graph.trig"))


@pytest.mark.parametrize("args, message", [
    (["turtle", "--view", "events"], "turtle writes the whole RDF dataset"),
    (["jsonld", "--since", "2025-01-01"], "apply only to gexf, graphml"),
    (["pdf"], "unknown export format 'pdf'"),
    ([], "give a format"),
    (["gexf", "--format", "graphml"], "two formats given"),
    (["gexf", "--view", "timeline"], "unknown view 'timeline'"),
    (["gexf", "--since", "last week"], "is not an ISO date"),
    (["gexf", "--min-weight", "0"], "1 or more"),
    (["trig", "--out", "{graph}"], "is the graph being read"),
    (["trig"], "is the graph being read"),  # run in exports/: the default --out is graph.trig there
])
def test_export_usage_errors_are_exit_2(built, args, message, monkeypatch):
    monkeypatch.chdir(built)
    graph = str(built / "graph.trig")
    result = runner.invoke(app, ["export", *[a.replace("{graph}", graph) for a in args], "--graph", graph])
    assert result.exit_code == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_build_report(built):
    report = json.loads((built / "build.json").read_text())
    assert report["skipped"] == [] and report["facts"] == len(SEED_FACTS)
    assert len(report["files_read"]) == 5 and report["entities"] > 0 and report["seconds"] > 0
    assert {"kg", "model", "spacy", "rdflib"} <= set(report["versions"])


def test_stable_iris_across_builds(built, tmp_path):
    assert runner.invoke(app, ["build", str(ROOT / "seeds"), "--out", str(tmp_path), "--quiet"]).exit_code == 0
    first = (built / "graph.ttl").read_text()
    assert (tmp_path / "graph.ttl").read_text() == first


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json"])
def test_query_formats(built, fmt):
    sparql = "SELECT ?s ?o WHERE { ?s kg:acquired ?o } ORDER BY ?s ?o"
    result = runner.invoke(app, ["query", sparql, "--graph", str(built / "graph.trig"), "--format", fmt])
    assert result.exit_code == 0, result.output
    if fmt == "json":
        assert len(json.loads(result.stdout)["results"]["bindings"]) == 3
    elif fmt in ("csv", "tsv"):
        rows = list(csv.reader(io.StringIO(result.stdout), delimiter="," if fmt == "csv" else "\t"))
        assert len(rows) == 4
    else:
        assert "(3 rows)" in result.stdout and "id:organization/norrland-telecom" in result.stdout


def test_query_from_file_and_ask(built, tmp_path):
    query = tmp_path / "q.rq"
    query.write_text("ASK { ?s kg:ceoOf ?o }")
    result = runner.invoke(app, ["query", f"@{query}", "--graph", str(built / "graph.ttl")])
    assert result.exit_code == 0 and result.stdout.strip() == "true"


def test_stats(built):
    result = runner.invoke(app, ["stats", "--graph", str(built / "graph.trig")])
    assert result.exit_code == 0
    assert "articles  6" in result.stdout and re.search(r"ceoOf\s+5", result.stdout)


@pytest.mark.parametrize("args,message", [
    (["query", "SELECT WHERE {", "--graph", "{graph}"], "SPARQL error"),
    (["query", "ASK {}", "--graph", "nope.trig"], "no such graph file"),
    (["query", "@missing.rq", "--graph", "{graph}"], "no such query file"),
    (["build", "--model", "no_such_model", "--out", "{tmp}"], "pip install"),
    (["build", "--extractors", "nope", "--out", "{tmp}"], "unknown extractor 'nope'; choose from"),
    (["build", "--formats", "docx", "--out", "{tmp}"], "unknown export format 'docx'"),
    (["build", "--aliases", "{tmp}/no_aliases.tsv", "--out", "{tmp}"], "no_aliases.tsv: cannot read the alias table"),
    (["build", "--relation-model", "{tmp}/none.npz", "--out", "{tmp}"], "none.npz: not a kg relation model"),
])
def test_errors_are_one_line_with_exit_1(built, tmp_path, args, message):
    args = [a.replace("{graph}", str(built / "graph.trig")).replace("{tmp}", str(tmp_path)) for a in args]
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert message in result.stderr and "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1


def test_bad_inputs_are_skipped_and_the_rest_built(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "good.txt").write_text("Deal\n\nNorrland Telecom has acquired Fjordnet.\n")
    (inputs / "empty.txt").write_text("")
    (inputs / "blob.txt").write_bytes(b"\x00\x01\x02binary")
    (inputs / "notes.pdf").write_bytes(b"%PDF")
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(inputs), str(tmp_path / "missing"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    report = json.loads((out / "build.json").read_text())
    reasons = {Path(s["path"]).name: s["reason"] for s in report["skipped"]}
    assert set(reasons) == {"empty.txt", "blob.txt", "notes.pdf", "missing"}
    assert "binary" in reasons["blob.txt"] and "empty" in reasons["empty.txt"]
    for name in reasons:
        assert name in result.stderr
    assert report["articles"] == 1


def test_no_articles_is_exit_1_and_writes_nothing(tmp_path):
    (tmp_path / "empty.txt").write_text("  \n")
    result = runner.invoke(app, ["build", str(tmp_path / "empty.txt"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1 and "no articles" in result.stderr
    assert not (tmp_path / "out").exists()


def test_same_text_twice_is_built_once(tmp_path):
    text = "Deal\n\nNorrland Telecom has acquired Fjordnet.\n"
    (tmp_path / "a.txt").write_text(text)
    (tmp_path / "b.txt").write_text(text.replace("\n", "\r\n"))
    result = runner.invoke(app, ["build", str(tmp_path), "--out", str(tmp_path / "out"), "-q"])
    report = json.loads((tmp_path / "out" / "build.json").read_text())
    assert result.exit_code == 0 and report["articles"] == 1 and len(report["duplicates"]) == 1


def test_usage_error_is_exit_2():
    assert runner.invoke(app, ["build", "--batch-size", "0"]).exit_code == 2
    assert runner.invoke(app, ["frobnicate"]).exit_code == 2


@pytest.mark.parametrize("command", [c.name or c.callback.__name__ for c in app.registered_commands])
def test_every_command_has_help_with_an_example(command):
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0 and "Example:" in result.stdout


def test_console_script_version_and_real_exit_status(tmp_path):
    kg = [sys.executable, "-m", "kg.cli"]
    version = subprocess.run(kg + ["--version"], capture_output=True, text=True)
    assert version.returncode == 0 and version.stdout.startswith("kg ")
    failed = subprocess.run(kg + ["query", "ASK {}", "--graph", str(tmp_path / "none.trig")], capture_output=True, text=True)
    assert failed.returncode == 1 and "Traceback" not in failed.stderr


def test_progress_bar_on_a_terminal(tmp_path, monkeypatch):
    import kg.cli
    from rich.console import Console

    screen = io.StringIO()
    monkeypatch.setattr(kg.cli, "err", Console(file=screen, force_terminal=True, width=100, highlight=False, soft_wrap=True))
    result = runner.invoke(app, ["build", str(ROOT / "seeds"), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "articles" in screen.getvalue() and "Built 6 article(s)" in screen.getvalue()
