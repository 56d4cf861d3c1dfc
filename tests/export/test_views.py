"""Graph views (entities, events, full), their filters, and the GraphML and GEXF written from them.

Datasets are built by hand from the team's own sentences (no spaCy), resolved and stored as a build
does. The XML is checked against the GraphML and GEXF 1.3 schemas in tests/data (``xml_schema``).
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import networkx as nx
import pytest
from lxml import etree
from rdflib import Dataset

from kg.errors import UsageError
from kg.export import EXPORTERS, export, export_file, exporter_for, get_exporter
from kg.export.gexf import GEXF, VIZ, write_gexf
from kg.export.graphml import graphml_ids, write_graphml
from kg.export.options import ViewOptions, view_options
from kg.export.rdf import union_graph
from kg.export.views import PALETTE, graph_view, node_size
from handmade import article
from kg.models import ArticleAnalysis
from kg.resolve import resolve
from kg.store import build_dataset
from kg.vocab import ID, KG, entity_iri, fact_iri

ORG, PER, PLACE = "Organization", "Person", "Place"
FORMATS = {"graphml": nx.read_graphml, "gexf": nx.read_gexf}


# ---------------------------------------------------------------- a small news week, by hand


def week() -> list[ArticleAnalysis]:
    """Two dated articles on a deal, an undated one (a hiring, a planned layoff), a later layoff."""
    return [
        article("alpha", [
            "Brightwater Labs invested in Quillon Systems in March.",
            "Analysts said Brightwater Labs invested in Quillon Systems again.",
            "Marta Quell is the chief executive of Quillon Systems.",
            "Brightwater Labs later acquired Quillon Systems outright.",
            "Quillon Systems grew fast in Lisbon.",
        ], [
            (0, "Brightwater Labs", ORG, "investedIn", "Quillon Systems", ORG, 0.9, {}),
            (1, "Brightwater Labs", ORG, "investedIn", "Quillon Systems", ORG, 0.7, {}),
            (2, "Marta Quell", PER, "ceoOf", "Quillon Systems", ORG, 0.9, {}),
            (3, "Brightwater Labs", ORG, "acquired", "Quillon Systems", ORG, 1.0, {}),
        ], places=[(4, "Lisbon")], day="2024-03-14"),
        article("beta", [
            "Brightwater Labs invested in Quillon Systems, a filing shows.",
            "Tove Rask founded Brightwater Labs in 2015.",
        ], [
            (0, "Brightwater Labs", ORG, "investedIn", "Quillon Systems", ORG, 0.8, {"currency": "USD"}),
            (1, "Tove Rask", PER, "founded", "Brightwater Labs", ORG, 0.9, {}),
        ], day="2024-03-15T09:30:00Z"),
        article("gamma", [
            "Ivo Mand joined Quillon Systems as chief engineer.",
            "Quillon Systems plans to cut 40 jobs.",
        ], [
            (0, "Ivo Mand", PER, "joined", "Quillon Systems", ORG, 0.8, {}),
            (1, "Quillon Systems", ORG, "laidOff", None, None, 0.85, {"headcount": 40, "status": "planned"}),
        ]),
        article("delta", ["Quillon Systems laid off 75 workers."], [
            (0, "Quillon Systems", ORG, "laidOff", None, None, 0.85, {"headcount": 75}),
        ], day="2024-04-02"),
        article("epsilon", ['東京 Robotics acquired Zürich & Söhne "Mechanik" <AG>.'], [
            (0, "東京 Robotics", ORG, "acquired", 'Zürich & Söhne "Mechanik" <AG>', ORG, 0.9, {}),
        ], day="2024-03-20"),
    ]


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    analyses = week()
    return build_dataset(analyses, resolve(analyses))[0]


def labelled(network: nx.MultiDiGraph) -> set[tuple[str, str, str]]:
    """Edges as (subject label, edge label, object label)."""
    return {(network.nodes[s]["label"], key, network.nodes[o]["label"]) for s, o, key in network.edges(keys=True)}


def labels(network: nx.MultiDiGraph, kind: str | None = None) -> set[str]:
    return {d["label"] for _, d in network.nodes(data=True) if kind is None or d["type"] == kind}


BRIGHT, QUILL = str(entity_iri(ORG, "Brightwater Labs")), str(entity_iri(ORG, "Quillon Systems"))
ENTITY_FACTS = {
    ("Brightwater Labs", "investedIn", "Quillon Systems"), ("Brightwater Labs", "acquired", "Quillon Systems"),
    ("Marta Quell", "ceoOf", "Quillon Systems"), ("Tove Rask", "founded", "Brightwater Labs"),
    ("Ivo Mand", "joined", "Quillon Systems"), ("Quillon Systems", "laidOff", "layoff: Quillon Systems"),
    ("東京 Robotics", "acquired", 'Zürich & Söhne "Mechanik" <AG>'),
}


# ---------------------------------------------------------------- 1. the three views

def test_entities_view_is_the_entities_and_their_facts(dataset):
    network = graph_view(dataset)
    assert labelled(network) == ENTITY_FACTS
    assert labels(network, PLACE) == {"Lisbon"}  # an entity with no fact is still a node
    [(layoff, data)] = [(n, d) for n, d in network.nodes(data=True) if d["type"] == "Layoff"]
    assert data["headcount"] == 75  # the planned layoff has no laidOff fact, so no node
    for node, data in network.nodes(data=True):
        assert node == data["iri"]
    assert network.nodes[QUILL]["dates"] == ("2024-03-14", "2024-03-15", "2024-04-02")  # gamma has no date
    assert network.nodes[QUILL]["articles"] == 4


def test_fact_edges_carry_weight_articles_confidence_and_the_fact(dataset):
    network = graph_view(dataset)
    invested = network.edges[BRIGHT, QUILL, "investedIn"]
    assert (invested["weight"], invested["articles"]) == (3, 2)
    assert invested["dates"] == ("2024-03-14", "2024-03-15")
    assert invested["property"] == str(KG.investedIn)
    fact = fact_iri(entity_iri(ORG, "Brightwater Labs"), KG.investedIn, entity_iri(ORG, "Quillon Systems"))
    assert invested["iri"] == str(fact)
    assert invested["confidence"] == float(dataset.value(fact, KG.confidence)) == 0.994  # 1 - 0.1 * 0.3 * 0.2
    joined = next(d for _, _, k, d in network.edges(keys=True, data=True) if k == "joined")
    assert joined["dates"] == () and joined["weight"] == 1  # stated only in the undated article


def test_events_view_draws_events_with_role_edges(dataset):
    network = graph_view(dataset, "events")
    direct = {(network.nodes[s]["label"], k, network.nodes[o]["label"]) for s, o, k in network.edges(keys=True)
              if network.nodes[s]["type"] in (ORG, PER)}
    assert direct == {("Marta Quell", "ceoOf", "Quillon Systems"), ("Tove Rask", "founded", "Brightwater Labs")}
    events = [d for _, d in network.nodes(data=True) if d["type"] not in (ORG, PER, PLACE)]
    assert sorted(d["type"] for d in events) == ["Acquisition", "Acquisition", "Hiring", "InvestmentEvent",
                                                 "InvestmentEvent", "Layoff", "Layoff"]
    assert {(d.get("status"), d["headcount"]) for d in events if d["type"] == "Layoff"} == {("planned", 40), (None, 75)}
    roles = {(s, k, o) for s, o, k in network.edges(keys=True) if network.nodes[s]["type"] == "InvestmentEvent"}
    assert {k for _, k, _ in roles} == {"investor", "investee"} and len(roles) == 4  # one event per article
    alpha_investor = [d for s, o, k, d in network.edges(keys=True, data=True) if k == "investor" and d["weight"] == 2]
    assert len(alpha_investor) == 1 and alpha_investor[0]["confidence"] == 0.97  # alpha's two sentences
    assert [d["currency"] for d in events if d.get("currency")] == ["USD"]


def test_full_view_adds_articles_and_what_they_mention(dataset):
    network = graph_view(dataset, "full")
    articles = {d["label"] for _, d in network.nodes(data=True) if d["type"] == "Article"}
    assert articles == {"alpha", "beta", "gamma", "delta", "epsilon"}
    mentions = {(s, o) for s, k, o in labelled(network) if k == "mentions"}
    assert ("alpha", "Lisbon") in mentions and ("gamma", "Ivo Mand") in mentions and len(mentions) == 12
    derived = {(s, o) for s, k, o in labelled(network) if k == "wasDerivedFrom"}
    assert ("hiring: Ivo Mand, Quillon Systems", "gamma") in derived and len(derived) == 7
    assert labelled(graph_view(dataset, "events")) < labelled(network)


def test_colours_by_class_and_sizes_by_degree(dataset):
    network = graph_view(dataset, "full")
    for node, data in network.nodes(data=True):
        assert data["color"] == PALETTE[data["type"]]
        assert data["size"] == node_size(network.degree(node))
    assert network.nodes[QUILL]["size"] > network.nodes[str(entity_iri(PLACE, "Lisbon"))]["size"]


def test_a_view_leaves_the_dataset_as_it_was(dataset):
    before = len(union_graph(dataset))
    graph_view(dataset, "full", min_weight=2, types=["Organization"], since=date(2024, 3, 15))
    assert len(union_graph(dataset)) == before


# ---------------------------------------------------------------- 2. filters

def test_min_weight_keeps_strong_edges_and_drops_the_nodes_left_bare(dataset):
    network = graph_view(dataset, min_weight=2)
    assert labelled(network) == {("Brightwater Labs", "investedIn", "Quillon Systems")}
    assert labels(network) == {"Brightwater Labs", "Quillon Systems", "Lisbon"}  # Lisbon never had an edge


def test_types_keep_entities_of_those_classes(dataset):
    people = graph_view(dataset, types=["Person"])
    assert labels(people) == {"Marta Quell", "Tove Rask", "Ivo Mand"} and not people.edges
    organisations = graph_view(dataset, "events", types=["organization"])
    assert labels(organisations, PER) == set()
    hiring = [n for n, d in organisations.nodes(data=True) if d["type"] == "Hiring"]
    assert [k for _, _, k in organisations.out_edges(hiring, keys=True)] == ["employer"]  # its employee is gone
    assert len([n for n, d in organisations.nodes(data=True) if d["type"] == "Layoff"]) == 2


def test_since_and_until_keep_what_dated_articles_state(dataset):
    later = graph_view(dataset, since=date(2024, 3, 15))
    assert labelled(later) == {("Brightwater Labs", "investedIn", "Quillon Systems"), ("Tove Rask", "founded", "Brightwater Labs"),
                               ("Quillon Systems", "laidOff", "layoff: Quillon Systems"),
                               ("東京 Robotics", "acquired", 'Zürich & Söhne "Mechanik" <AG>')}
    invested = later.edges[BRIGHT, QUILL, "investedIn"]
    assert (invested["weight"], invested["articles"], invested["confidence"], invested["dates"]) == (1, 1, 0.8, ("2024-03-15",))
    assert "Ivo Mand" not in labels(later)  # only the undated article names him
    earlier = graph_view(dataset, until=date(2024, 3, 14))
    assert labels(earlier) == {"Brightwater Labs", "Quillon Systems", "Marta Quell", "Lisbon"}
    assert earlier.edges[BRIGHT, QUILL, "investedIn"]["weight"] == 2
    day = graph_view(dataset, "full", since=date(2024, 3, 15), until=date(2024, 3, 15))
    assert labels(day, "Article") == {"beta"}


@pytest.mark.parametrize("kwargs, message", [
    ({"view": "timeline"}, "unknown view 'timeline'"),
    ({"min_weight": 0}, "1 or more"),
    ({"types": ["Company"]}, "unknown entity class 'Company'"),
    ({"since": date(2024, 5, 1), "until": date(2024, 4, 1)}, "is after"),
])
def test_bad_options_are_usage_errors(dataset, kwargs, message):
    with pytest.raises(UsageError, match=message):
        graph_view(dataset, **kwargs)


def test_view_options_from_command_line_text():
    assert view_options() is None
    options = view_options(None, None, ["person", "PLACE"], "2024-03-15T09:30:00Z", "2024-04-01")
    assert options == ViewOptions("entities", None, frozenset({"Person", "Place"}), date(2024, 3, 15), date(2024, 4, 1))
    with pytest.raises(UsageError, match="not an ISO date"):
        view_options(since="March")


# ---------------------------------------------------------------- 3. GraphML and GEXF

def written(network, name: str) -> bytes:
    out = io.BytesIO()
    (write_gexf if name == "gexf" else write_graphml)(network, out)
    return out.getvalue()


def read_back(data: bytes, name: str, tmp_path) -> nx.Graph:
    path = tmp_path / f"graph.{name}"
    path.write_bytes(data)
    return FORMATS[name](path)


@pytest.mark.parametrize("name", sorted(FORMATS))
@pytest.mark.parametrize("options", [{"view": "entities"}, {"view": "events"}, {"view": "full"},
                                     {"view": "full", "min_weight": 2, "types": ["Organization"], "since": date(2024, 3, 15)}])
def test_every_view_is_valid_against_the_schema(dataset, xml_schema, name, options):
    schema = xml_schema(name)
    document = etree.fromstring(written(graph_view(dataset, **options), name))
    assert schema.validate(document), schema.error_log


def test_the_schemas_refuse_what_kg_avoids(xml_schema):
    """networkx's own GEXF 1.3 writer names the graph, and IRIs are no GraphML ids: both fail the schemas."""
    network = nx.MultiDiGraph()
    network.add_edge("https://w3id.org/kg-news/id/organization/a", "https://w3id.org/kg-news/id/organization/b", key="x")
    for name, write in [("gexf", lambda g, out: nx.write_gexf(g, out, version="1.3")), ("graphml", nx.write_graphml)]:
        out = io.BytesIO()
        write(network, out)
        assert not xml_schema(name).validate(etree.fromstring(out.getvalue()))


@pytest.mark.parametrize("view", ["entities", "events", "full"])
def test_gexf_round_trips_through_networkx(dataset, tmp_path, view):
    network = graph_view(dataset, view)
    back = read_back(written(network, "gexf"), "gexf", tmp_path)
    assert set(back) == set(network)
    read = {(s, d["label"], o): d for s, o, d in back.edges(data=True)}
    assert set(read) == {(s, k, o) for s, o, k in network.edges(keys=True)}
    for s, o, key, data in network.edges(keys=True, data=True):
        assert read[(s, key, o)]["weight"] == data["weight"]
        assert read[(s, key, o)].get("confidence") == data.get("confidence")
    for node, data in network.nodes(data=True):
        assert (back.nodes[node]["label"], back.nodes[node]["type"]) == (data["label"], data["type"])


@pytest.mark.parametrize("view", ["entities", "events", "full"])
def test_graphml_round_trips_through_networkx(dataset, tmp_path, view):
    network = graph_view(dataset, view)
    back = read_back(written(network, "graphml"), "graphml", tmp_path)
    iri = dict(back.nodes(data="iri"))
    assert set(iri.values()) == set(network)
    assert {(iri[s], d["label"], iri[o]) for s, o, d in back.edges(data=True)} == {(s, k, o) for s, o, k in network.edges(keys=True)}
    assert back.nodes[graphml_ids([QUILL])[QUILL]]["dates"] == "2024-03-14 2024-03-15 2024-04-02"


def test_gexf_colours_sizes_and_spells(dataset):
    network = graph_view(dataset)
    root = ET.fromstring(written(network, "gexf"))
    graph = root.find(f"{{{GEXF}}}graph")
    assert (graph.get("mode"), graph.get("timeformat"), graph.get("defaultedgetype")) == ("dynamic", "date", "directed")
    nodes = {n.get("id"): n for n in graph.iter(f"{{{GEXF}}}node")}
    for node, data in network.nodes(data=True):
        colour = nodes[node].find(f"{{{VIZ}}}color")
        assert "#{:02X}{:02X}{:02X}".format(*(int(colour.get(c)) for c in "rgb")) == PALETTE[data["type"]]
        assert float(nodes[node].find(f"{{{VIZ}}}size").get("value")) == node_size(network.degree(node))
        spells = [(s.get("start"), s.get("end")) for s in nodes[node].iter(f"{{{GEXF}}}spell")]
        assert spells == [(day, day) for day in data["dates"]]
    assert not list(nodes[str(entity_iri(PER, "Ivo Mand"))].iter(f"{{{GEXF}}}spell"))  # named by an undated article only
    edges = {(e.get("source"), e.get("label"), e.get("target")): e for e in graph.iter(f"{{{GEXF}}}edge")}
    invested = edges[(BRIGHT, "investedIn", QUILL)]
    assert (invested.get("weight"), invested.get("kind")) == ("3.0", "investedIn")
    assert [s.get("start") for s in invested.iter(f"{{{GEXF}}}spell")] == ["2024-03-14", "2024-03-15"]


def test_a_graph_without_dates_is_static(tmp_path):
    analyses = [article("undated", ["Brightwater Labs acquired Quillon Systems."],
                        [(0, "Brightwater Labs", ORG, "acquired", "Quillon Systems", ORG, 0.9, {})])]
    network = graph_view(build_dataset(analyses, resolve(analyses))[0])
    graph = ET.fromstring(written(network, "gexf")).find(f"{{{GEXF}}}graph")
    assert graph.get("mode") == "static" and graph.get("timeformat") is None


def test_graphml_ids_are_name_tokens_made_from_the_iri():
    ids = graphml_ids([str(ID["organization/acme"]), "https://example.org/x y", str(ID["event/0a1b"])])
    assert ids[str(ID["organization/acme"])] == "organization:acme" and ids[str(ID["event/0a1b"])] == "event:0a1b"
    assert ids["https://example.org/x y"].startswith("n") and len(set(ids.values())) == 3


# ---------------------------------------------------------------- 4. the registry and its options

def test_graph_formats_take_views_and_rdf_formats_refuse_them(dataset, tmp_path):
    assert {name for name, e in EXPORTERS.items() if e.views} == {"graphml", "gexf"}
    with pytest.raises(UsageError, match="turtle writes the whole RDF dataset"):
        export_file(dataset, "turtle", tmp_path / "g.ttl", ViewOptions(view="events"))
    assert not (tmp_path / "g.ttl").exists()
    with pytest.raises(UsageError, match="unknown export format 'pdf'"):
        exporter_for("pdf")
    assert export_file(dataset, "turtle", tmp_path / "g.ttl") == tmp_path / "g.ttl"


def test_export_file_writes_a_view_to_a_path_or_a_handle(dataset, tmp_path):
    out = io.BytesIO()
    assert export_file(dataset, "gexf", out, ViewOptions(view="events")) is None
    assert set(read_back(out.getvalue(), "gexf", tmp_path)) == set(graph_view(dataset, "events"))
    [path] = export(dataset, tmp_path, ["gexf"])  # what kg build writes: the default view
    assert read_back(path.read_bytes(), "gexf", tmp_path).number_of_edges() == graph_view(dataset).number_of_edges()
    assert get_exporter("gexf").filename == "graph.gexf"


def test_the_readme_palette_is_the_palette():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^  \| ([A-Za-z, ]+) \| `(#[0-9A-F]{6})` [a-z ]+\|$", readme, re.M)
    documented = {cls.strip(): colour for classes, colour in rows for cls in classes.split(",")}
    assert documented.pop("any other event") == PALETTE["Event"]
    assert documented == {cls: colour for cls, colour in PALETTE.items() if cls != "Event"}
