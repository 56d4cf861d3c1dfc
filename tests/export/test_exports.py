"""Export contract: every registered format written atomically, RDF round-trips, GraphML/GEXF well-formed.

Datasets are built by hand from Article/Mention/Relation/Evidence records (no spaCy), resolved and
stored exactly as a build does, so these tests survive model updates.
"""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from decimal import Decimal

import networkx as nx
import pytest
from rdflib import RDF, XSD, Dataset, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import PROV

from kg.errors import UnknownPluginError
from kg.export import EXPORTERS, export, get_exporter, write_atomically
from kg.export.graphml import xml_safe
from kg.export.rdf import union_graph
from kg.extract.money import parse_money, parse_percent
from kg.models import Article, ArticleAnalysis, Evidence, Mention, Relation
from kg.resolve import resolve
from kg.schema import fact_properties
from kg.store import build_dataset
from kg.vocab import FACTS_GRAPH, ID, KG, article_iri, entity_iri

ORG, PER, PLACE = "Organization", "Person", "Place"
EXTRACTOR = "handmade.v1"
#: rdflib parser names of the RDF exports.
RDF_FORMATS = {"turtle": "turtle", "trig": "trig", "nquads": "nquads", "jsonld": "json-ld"}
GRAPH_FORMATS = {"graphml": nx.read_graphml, "gexf": nx.read_gexf}


# ---------------------------------------------------------------- building datasets by hand

def analysis(identifier: str, sentences: list[str], facts=(), names=(), **article) -> ArticleAnalysis:
    """One article whose text is ``sentences`` joined by spaces.

    ``facts`` are ``(sentence index, subject, subject class, property, object, object class
    [, confidence[, qualifiers]])``, the names found inside that sentence; ``names`` are extra
    ``(name, class)`` mentioned wherever they occur.
    """
    text = " ".join(sentences)
    spans, pos = [], 0
    for sentence in sentences:
        spans.append((pos, pos + len(sentence)))
        pos += len(sentence) + 1
    art = Article(text=text, title=article.get("title"), identifier=identifier,
                  source=article.get("source", f"https://news.example/{identifier}"),
                  date=article.get("date"), metadata=article.get("metadata", {}))
    mentions: dict[Mention, None] = {}

    def mention(name: str, cls: str, start: int) -> Mention:
        i = text.index(name, start)
        found = Mention(name, i, i + len(name), cls)
        mentions.setdefault(found)
        return found

    relations = []
    for n, subj, subj_cls, prop, obj, obj_cls, *extra in facts:
        start, end = spans[n]
        confidence, qualifiers = [*extra, *[0.9, {}][len(extra):]]
        evidence = Evidence(art.sha256, sentences[n], start, end, EXTRACTOR, confidence, qualifiers)
        relations.append(Relation(mention(subj, subj_cls, start), prop, mention(obj, obj_cls, start), evidence))
    for name, cls in names:
        at = text.find(name)
        while at >= 0:
            mention(name, cls, at)
            at = text.find(name, at + 1)
    return ArticleAnalysis(art, tuple(mentions), tuple(relations))


def build(analyses):
    """``(dataset, refused)`` exactly as a build makes them."""
    analyses = list(analyses)
    return build_dataset(analyses, resolve(analyses))


def news() -> list[ArticleAnalysis]:
    """Two articles; Brightwater Labs investedIn Quillon Systems is read twice in one and once in the other."""
    alpha = analysis("alpha", [
        "Brightwater Labs invested in Quillon Systems in March.",
        "Analysts said Brightwater Labs invested in Quillon Systems to grow in Lisbon.",
        "Marta Quell is the chief executive of Quillon Systems.",
        "Brightwater Labs later acquired Quillon Systems outright.",
    ], facts=[
        (0, "Brightwater Labs", ORG, "investedIn", "Quillon Systems", ORG),
        (1, "Brightwater Labs", ORG, "investedIn", "Quillon Systems", ORG, 0.7),
        (2, "Marta Quell", PER, "ceoOf", "Quillon Systems", ORG),
        (3, "Brightwater Labs", ORG, "acquired", "Quillon Systems", ORG, 1.0),
    ], names=[("Lisbon", PLACE)], title="Brightwater bets on Quillon", date="2024-03-14",
        metadata={"desk": "tech", "tags": ["robots", "funding"]})
    beta = analysis("beta", [
        "Brightwater Labs invested in Quillon Systems, a filing shows.",
        "Tove Rask founded Brightwater Labs in 2015.",
    ], facts=[
        (0, "Brightwater Labs", ORG, "investedIn", "Quillon Systems", ORG, 0.8,
         {"stakePercent": Decimal("12.5"), "currency": "USD", "amountText": "$250 million"}),
        (1, "Tove Rask", PER, "founded", "Brightwater Labs", ORG),
    ], source="wire/beta.txt", date="2024-03-15T09:30:00Z")
    return [alpha, beta]


NASTY = '<b>R&D</b> "quoted"\x00\x01\x0b Foundry'


def nasty_news() -> list[ArticleAnalysis]:
    """Names and sentences with control characters, markup and non-ASCII text."""
    return [analysis("nasty", [
        f"{NASTY} invested in Zürich Mechanik.\x00",
        "東京 Robotics acquired Zürich Mechanik\x0b at dawn.",
        "Søren Ålund\x01 joined 東京 Robotics as <i>chief</i> engineer.",
    ], facts=[
        (0, NASTY, ORG, "investedIn", "Zürich Mechanik", ORG),
        (1, "東京 Robotics", ORG, "acquired", "Zürich Mechanik", ORG),
        (2, "Søren Ålund\x01", PER, "joined", "東京 Robotics", ORG),
    ], title="<title>\x00 & news")]


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return build(news())[0]


@pytest.fixture(scope="module")
def nasty_dataset() -> Dataset:
    return build(nasty_news())[0]


def triples(dataset: Dataset) -> set:
    return {(s, p, o) for s, p, o, _ in dataset.quads((None, None, None, None))}


def named_graphs(dataset: Dataset) -> dict[URIRef, set]:
    """Graph IRI -> its triples, for the non-empty graphs."""
    return {g.identifier: set(g) for g in dataset.graphs() if len(g)}


# ---------------------------------------------------------------- 1. contract over every exporter

@pytest.mark.parametrize("name", sorted(EXPORTERS))
def test_export_writes_the_exporters_file(name, dataset, tmp_path):
    written = export(dataset, tmp_path / "out", [name])
    assert written == [tmp_path / "out" / EXPORTERS[name].filename]
    assert written[0].stat().st_size > 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [EXPORTERS[name].filename]


def test_every_rdf_format_is_registered():
    assert set(RDF_FORMATS) | set(GRAPH_FORMATS) == set(EXPORTERS)


@pytest.mark.parametrize("corpus", ["dataset", "nasty_dataset"])
@pytest.mark.parametrize("name", sorted(RDF_FORMATS))
def test_rdf_exports_round_trip(name, corpus, request, tmp_path):
    original = request.getfixturevalue(corpus)
    [path] = export(original, tmp_path, [name])
    parsed = Dataset()
    parsed.parse(path, format=RDF_FORMATS[name])
    assert triples(parsed) == triples(original)
    assert isomorphic(union_graph(parsed), union_graph(original))


# Whole amounts ("$250 million", "49%") must keep one lexical form through every writer.
@pytest.mark.parametrize("name", ["turtle", "trig", "nquads", "jsonld"])
def test_whole_amounts_round_trip(name, tmp_path):
    amount, currency = parse_money("$250 million")
    qualifiers = {"amount": amount, "currency": currency, "stakePercent": parse_percent("49%")}
    deal = analysis("deal", ["Brightwater Labs paid $250 million for 49% of Quillon Systems."],
                    facts=[(0, "Brightwater Labs", ORG, "investedIn", "Quillon Systems", ORG, 0.8, qualifiers)])
    dataset = build([deal])[0]
    [path] = export(dataset, tmp_path, [name])
    parsed = Dataset()
    parsed.parse(path, format=RDF_FORMATS[name])
    assert triples(parsed) == triples(dataset)


@pytest.mark.parametrize("name", ["trig", "nquads"])
def test_quad_formats_keep_one_graph_per_article(name, dataset, tmp_path):
    [path] = export(dataset, tmp_path, [name])
    parsed = Dataset()
    parsed.parse(path, format=RDF_FORMATS[name])
    graphs = named_graphs(parsed)
    assert set(graphs) == {article_iri(a.article.sha256) for a in news()} | {FACTS_GRAPH}
    assert graphs == named_graphs(dataset)


_EXPORT_IN_A_NEW_PROCESS = """
import sys
from rdflib import Dataset
from kg.export import export
dataset = Dataset()
dataset.parse(sys.argv[1], format="nquads")
export(dataset, sys.argv[2], ["turtle", "trig", "graphml"])
"""


def test_exports_are_the_same_bytes_in_every_process(dataset, tmp_path):
    # rdflib's store yields triples and graphs in the order of sets, which Python orders anew in every
    # process (hash randomisation); a build must still write the same files every time, so that builds
    # compare byte for byte (and workers of a parallel build change nothing).
    source = tmp_path / "in.nq"
    dataset.serialize(source, format="nquads", encoding="utf-8")
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"seed{seed}"
        subprocess.run([sys.executable, "-c", _EXPORT_IN_A_NEW_PROCESS, str(source), str(out)], check=True,
                       env={**os.environ, "PYTHONHASHSEED": seed})
        outputs.append({name: (out / name).read_bytes() for name in ("graph.ttl", "graph.trig", "graph.graphml")})
    assert outputs[0] == outputs[1]


# ---------------------------------------------------------------- 2. GraphML

@pytest.fixture(scope="module")
def graphml(dataset, tmp_path_factory):
    return export(dataset, tmp_path_factory.mktemp("graphml"), ["graphml"])[0]


def test_graphml_nodes(graphml):
    network = nx.read_graphml(graphml)
    assert network.is_directed()
    nodes = {data["label"]: data for data in network.nodes.values()}
    assert set(nodes) == {"Brightwater Labs", "Quillon Systems", "Marta Quell", "Tove Rask", "Lisbon"}
    for label, cls in [("Brightwater Labs", ORG), ("Marta Quell", PER), ("Lisbon", PLACE)]:
        assert nodes[label]["type"] == cls
        assert nodes[label]["iri"] == str(entity_iri(cls, label))
    # GraphML ids are XML name tokens: the IRI after id: with / as : (the IRI itself is the iri attribute)
    assert all(node == data["iri"].removeprefix(str(ID)).replace("/", ":") for node, data in network.nodes(data=True))


def test_graphml_edges_are_weighted_by_sentences_and_articles(graphml):
    network = nx.read_graphml(graphml)
    brightwater, quillon = str(entity_iri(ORG, "Brightwater Labs")), str(entity_iri(ORG, "Quillon Systems"))
    iri = dict(network.nodes(data="iri"))
    edges = {(iri[s], data["label"], iri[o]): data for s, o, data in network.edges(data=True)}
    assert set(edges) == {(brightwater, "investedIn", quillon), (brightwater, "acquired", quillon),
                          (str(entity_iri(PER, "Marta Quell")), "ceoOf", quillon),
                          (str(entity_iri(PER, "Tove Rask")), "founded", brightwater)}
    invested = edges[(brightwater, "investedIn", quillon)]
    assert (invested["weight"], invested["articles"]) == (3, 2)
    acquired = edges[(brightwater, "acquired", quillon)]
    assert (acquired["weight"], acquired["articles"]) == (1, 1)


def test_graphml_keys_are_typed_and_unique(graphml):
    ns = "{http://graphml.graphdrawing.org/xmlns}"
    keys = ET.parse(graphml).getroot().findall(f"{ns}key")
    assert len({key.get("id") for key in keys}) == len(keys)
    assert all(key.get("attr.type") for key in keys)
    types = {(key.get("for"), key.get("attr.name")): key.get("attr.type") for key in keys}
    for scope, attr in [("edge", "weight"), ("edge", "articles"), ("node", "articles")]:
        assert types[(scope, attr)] in ("int", "long")
    for scope, attr in [("edge", "label"), ("node", "label"), ("node", "type"), ("node", "iri")]:
        assert types[(scope, attr)] == "string"


# ---------------------------------------------------------------- 3. well-formed whatever the text

@pytest.mark.parametrize("name", sorted(GRAPH_FORMATS))
def test_graph_formats_are_well_formed_xml_whatever_the_text(name, nasty_dataset, tmp_path):
    [path] = export(nasty_dataset, tmp_path, [name])
    ET.parse(path)  # raises on anything XML 1.0 cannot carry
    network = GRAPH_FORMATS[name](path)
    labels = {data["label"] for data in network.nodes.values()}
    assert labels == {'<b>R&D</b> "quoted" Foundry', "Zürich Mechanik", "東京 Robotics", "Søren Ålund"}
    assert network.number_of_edges() == 3


@pytest.mark.parametrize("text, safe", [
    ("a\x00b\x01c\x0bd\x1fe", "abcde"),
    ('<b>R&D</b> "quoted"', '<b>R&D</b> "quoted"'),
    ("Zürich 東京\tline\nbreak", "Zürich 東京\tline\nbreak"),
])
def test_xml_safe(text, safe):
    assert xml_safe(text) == safe


# ---------------------------------------------------------------- 4. atomic writes

@pytest.fixture
def umask022():
    old = os.umask(0o022)
    yield
    os.umask(old)


@pytest.mark.parametrize("error", [RuntimeError, KeyboardInterrupt])
def test_failed_write_keeps_previous_file_and_leaves_no_temporary(error, tmp_path):
    path = tmp_path / "graph.ttl"
    write_atomically(path, lambda out: out.write(b"previous"))

    def broken(out):
        out.write(b"half a file")
        raise error("midway")

    with pytest.raises(error):
        write_atomically(path, broken)
    assert path.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]


def test_failed_first_write_leaves_nothing(tmp_path):
    with pytest.raises(ValueError):
        write_atomically(tmp_path / "graph.ttl", lambda out: (out.write(b"x"), int("no")))
    assert list(tmp_path.iterdir()) == []


def test_written_files_have_normal_permissions(umask022, dataset, tmp_path):
    write_atomically(tmp_path / "plain.txt", lambda out: out.write(b"ok"))
    paths = [tmp_path / "plain.txt", *export(dataset, tmp_path, sorted(EXPORTERS))]
    for path in paths:
        mode = path.stat().st_mode
        assert mode & 0o044 != 0, f"{path.name} is {oct(mode)}"
        assert mode & 0o777 == 0o644


# ---------------------------------------------------------------- 5. unknown formats

def test_unknown_format_lists_the_known_ones():
    with pytest.raises(UnknownPluginError) as raised:
        get_exporter("pdf")
    assert all(name in str(raised.value) for name in EXPORTERS)
    assert "pdf" in str(raised.value)


def test_export_with_unknown_format_writes_nothing(dataset, tmp_path):
    with pytest.raises(UnknownPluginError, match="turtle"):
        export(dataset, tmp_path / "out", ["turtle", "pdf"])
    assert not (tmp_path / "out").exists()


# ---------------------------------------------------------------- 6. stable IRIs

def test_same_input_same_dataset():
    first, second = build(news())[0], build(news())[0]
    assert triples(first) == triples(second)
    assert named_graphs(first) == named_graphs(second)
    assert isomorphic(union_graph(first), union_graph(second))
    assert set(resolve(news()).entities) == set(resolve(news()).entities)


def test_entity_iri_is_stable_and_depends_on_class():
    iri = entity_iri("Organization", "Scale AI")
    assert iri == entity_iri("Organization", "Scale AI")
    assert iri.startswith(ID)
    assert iri != entity_iri("Person", "Scale AI")
    assert iri != entity_iri("Organization", "Scale")


def test_names_in_other_scripts_get_distinct_iris():
    assert entity_iri(ORG, "東京 Robotics") != entity_iri(ORG, "大阪 Robotics")
    assert entity_iri(ORG, "東京 Robotics") != entity_iri(ORG, "Robotics")


# ---------------------------------------------------------------- 7. evidence contract in the store

def evidence_of(graph, s, p, o) -> set:
    return (set(graph.subjects(RDF.subject, s)) & set(graph.subjects(RDF.predicate, p))
            & set(graph.subjects(RDF.object, o)) & set(graph.subjects(RDF.type, KG.Evidence)))


@pytest.mark.parametrize("corpus", [news, nasty_news])
def test_every_fact_has_evidence(corpus):
    analyses = corpus()
    dataset, refused = build(analyses)
    assert refused == 0
    texts = {article_iri(a.article.sha256): a.article.text for a in analyses}
    graph = union_graph(dataset)
    facts = [(s, p, o) for p in fact_properties() for s, o in graph.subject_objects(p)]
    assert len(facts) == len({(r.subject.text, r.predicate, r.object.text) for a in analyses for r in a.relations})
    for s, p, o in facts:
        evidence = evidence_of(graph, s, p, o)
        assert evidence, (s, p, o)
        for node in evidence:
            [source] = graph.objects(node, PROV.wasDerivedFrom)
            assert source in texts
            assert (node, RDF.subject, s) in dataset.graph(source)  # stored in its article's graph
            start, end = graph.value(node, KG.startOffset), graph.value(node, KG.endOffset)
            assert start.datatype == end.datatype == XSD.integer
            assert texts[source][start.toPython():end.toPython()] == str(graph.value(node, KG.sentence))
            assert graph.value(node, KG.extractor) == Literal(EXTRACTOR)
            assert 0 <= graph.value(node, KG.confidence).toPython() <= 1


def test_qualifiers_are_kept_on_the_evidence(dataset):
    graph = union_graph(dataset)
    [node] = set(graph.subjects(KG.currency, Literal("USD"))) & set(graph.subjects(RDF.type, KG.Evidence))
    assert graph.value(node, KG.stakePercent) == Literal(Decimal("12.5"))
    assert graph.value(node, KG.stakePercent).datatype == XSD.decimal
    assert graph.value(node, KG.amountText) == Literal("$250 million")


def test_every_evidence_supports_a_stored_fact(dataset):
    graph = union_graph(dataset)
    for node in graph.subjects(RDF.type, RDF.Statement):
        fact = (graph.value(node, RDF.subject), graph.value(node, RDF.predicate), graph.value(node, RDF.object))
        assert fact[1] in fact_properties() and fact in graph


def test_one_evidence_per_fact_and_sentence_keeps_the_most_confident_reading():
    sentence = ["Brightwater Labs invested in Quillon Systems."]
    fact = (0, "Brightwater Labs", ORG, "investedIn", "Quillon Systems", ORG)
    dataset, _ = build([analysis("twice", sentence, facts=[(*fact, 0.6), (*fact, 0.85), (*fact, 0.7)])])
    graph = union_graph(dataset)
    [node] = evidence_of(graph, entity_iri(ORG, "Brightwater Labs"), KG.investedIn, entity_iri(ORG, "Quillon Systems"))
    assert graph.value(node, KG.confidence).toPython() == Decimal("0.85")


@pytest.mark.parametrize("sentences, fact, names", [
    # Lindholm is tagged Place often enough to outvote the Person role ceoOf asks for.
    (["Lindholm is a harbour town.", "Lindholm lies on the coast.", "Lindholm is the CEO of Quillon Systems."],
     (2, "Lindholm", PLACE, "ceoOf", "Quillon Systems", ORG), [("Lindholm", PLACE)]),
    (["Quillon Systems acquired Lisbon."], (0, "Quillon Systems", ORG, "acquired", "Lisbon", PLACE), []),
    (["Marta Quell acquired Tove Rask."], (0, "Marta Quell", PER, "acquired", "Tove Rask", PER), []),
])
def test_relations_outside_domain_or_range_are_refused_and_counted(sentences, fact, names):
    dataset, refused = build([analysis("refused", sentences, facts=[fact], names=names)])
    assert refused == 1
    graph = union_graph(dataset)
    assert not any(graph.triples((None, KG[fact[3]], None)))
    assert not any(graph.subjects(RDF.type, RDF.Statement))
    subject = entity_iri(fact[2], fact[1])
    assert (subject, RDF.type, KG[fact[2]]) in graph  # the entity itself is kept
