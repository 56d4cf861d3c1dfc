"""Properties that hold for any text, from ingest to export (hypothesis).

Whatever the names and titles hold (control characters, right-to-left marks, emoji,
quotes, angle brackets, backslashes, "> ; <script>"), every export format reads back,
every IRI is valid, and names stay literal text: the labels read back are the names
given, character for character (less what XML 1.0 cannot carry at all).

Two layers: the store and exporters on analyses made by hand (fast, many shapes of
name), and whole builds with spaCy on a tiny article (slow, so few examples).
``READ_BACK`` has one line per export format; a format registered without one fails
``test_every_export_format_is_read_back``.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

import networkx as nx
import pytest
from hypothesis import HealthCheck, assume, given, settings, strategies as st
from rdflib import RDF, RDFS, Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from kg.vocab import KG

from kg.build import build
from kg.export import EXPORTERS, export
from kg.export.graphml import xml_safe
from kg.export.rdf import union_graph
from kg.ingest.normalize import normalize_text
from kg.models import Article, ArticleAnalysis, Evidence, Mention, Relation
from kg.resolve import load_aliases, resolve
from kg.schema import entity_classes
from kg.store import build_dataset


def _rdf(fmt: str) -> Callable[[Path], object]:
    def read(path: Path) -> Dataset:
        dataset = Dataset()
        dataset.parse(path, format=fmt)
        return dataset
    return read


def _xml_graph(read: Callable[[Path], nx.Graph]) -> Callable[[Path], nx.Graph]:
    def read_checked(path: Path) -> nx.Graph:
        ET.parse(path)  # well-formed XML, whatever the text
        return read(path)
    return read_checked


#: How each export format is read back: one line per format.
READ_BACK: dict[str, Callable[[Path], object]] = {
    "turtle": _rdf("turtle"),
    "trig": _rdf("trig"),
    "nquads": _rdf("nquads"),
    "jsonld": _rdf("json-ld"),
    "graphml": _xml_graph(nx.read_graphml),
    "gexf": _xml_graph(nx.read_gexf),
}

# Text that breaks naive writers: markup, quotes, escapes, controls, bidi marks, emoji, other scripts.
NASTY = ['> ; <script>alert("x")</script>', '"', "'", "\\", "\\u0041", "&amp;", "<", ">", "]]>", "\x00", "\x07",
         "\x0b", "\r", "\r\n", "\t", "\u200f", "\u202e", "\u2028", "\ufeff", "\ufffe", "😀", "👩‍👩‍👧", "עברית",
         "العربية", "東京", "Zürich", "e\u0301", "%20", "#", "?", "{}", "|", "^", "`", " "]
TEXT = st.lists(st.one_of(st.sampled_from(NASTY), st.text(max_size=8)), min_size=1, max_size=5).map("".join)


def iri_character(ch: str) -> bool:
    """RFC 3987: ASCII letters, digits and the unreserved and reserved marks; ucschar beyond ASCII."""
    code = ord(ch)
    if code < 0x80:
        return ch.isalnum() or ch in "-._~:/?#[]@!$&'()*+,;=%"
    in_plane = (code & 0xFFFF) <= 0xFFFD
    return (0xA0 <= code <= 0xD7FF or 0xF900 <= code <= 0xFDCF or 0xFDF0 <= code <= 0xFFEF
            or 0x10000 <= code <= 0xDFFFD and in_plane or 0xE1000 <= code <= 0xEFFFD)


def assert_valid_iri(iri: str) -> None:
    assert all(iri_character(ch) and not ch.isspace() for ch in iri), iri
    assert not re.search(r"%(?![0-9A-Fa-f]{2})", iri), iri
    parts = urlsplit(iri)
    assert parts.scheme in ("http", "https") and parts.netloc, iri


def literal_texts(dataset: Dataset, prop: URIRef) -> set[str]:
    return {str(o) for _, _, o, _ in dataset.quads((None, prop, None, None)) if isinstance(o, Literal)}


def triples(dataset: Dataset) -> set:
    return {(s, p, o) for s, p, o, _ in dataset.quads((None, None, None, None))}


def entity_names(dataset: Dataset) -> set[str]:
    """Labels and other names of the entities (not of events or memberships)."""
    graph = union_graph(dataset)
    entities = {s for cls in entity_classes() for s in graph.subjects(RDF.type, cls)}
    return {str(o) for s in entities for prop in (RDFS.label, SKOS.altLabel) for o in graph.objects(s, prop)}


def check_exports(dataset: Dataset, folder: Path, formats=tuple(READ_BACK)) -> None:
    """Every format reads back: RDF as the same triples, graph formats with the same labels (XML-safe)."""
    iris = {term for quad in dataset.quads((None, None, None, None)) for term in quad if isinstance(term, URIRef)}
    for iri in iris:
        assert_valid_iri(str(iri))
    labels = {str(node): str(label) for node, _, label, _ in dataset.quads((None, RDFS.label, None, None))}
    for path in export(dataset, folder, formats):
        name = next(n for n in formats if EXPORTERS[n].filename == path.name)
        back = READ_BACK[name](path)
        if isinstance(back, Dataset):
            assert triples(back) == triples(dataset), name
        else:
            for node, data in back.nodes(data=True):
                if node in labels:
                    assert data["label"] == xml_safe(labels[node]), (name, node)


# ---------------------------------------------------------------- the store and exporters, without spaCy

def analysis_of(names: tuple[str, str], title: str, identifier: str) -> ArticleAnalysis:
    """'A invested in B.' as an article, with both names as mentions and the fact between them."""
    first, second = names
    text = f"{first} invested in {second}."
    article = Article(text=text, title=title or None, identifier=identifier, source=identifier)
    head = Mention(first, 0, len(first), "Organization")
    tail = Mention(second, len(text) - 1 - len(second), len(text) - 1, "Organization")
    evidence = Evidence(article.sha256, text, 0, len(text), "property.v1", 0.9)
    return ArticleAnalysis(article, (head, tail), (Relation(head, "investedIn", tail, evidence),))


@settings(max_examples=60, deadline=None)
@given(first=TEXT, second=TEXT, title=TEXT, identifier=TEXT)
def test_any_names_survive_every_export(first, second, title, identifier):
    assume(" ".join(first.split()).casefold() != " ".join(second.split()).casefold())
    analysis = analysis_of((first, second), title, identifier)
    dataset, _ = build_dataset([analysis], resolve([analysis], aliases={}))
    # Names stay literal: the entities are named by the names given, character for character.
    assert entity_names(dataset) == {first, second}
    assert literal_texts(dataset, DCTERMS.identifier) == {identifier}
    with tempfile.TemporaryDirectory() as folder:
        check_exports(dataset, Path(folder))


def test_every_export_format_is_read_back():
    missing = set(EXPORTERS) - set(READ_BACK)
    assert not missing, f"add a line to READ_BACK in {__file__} for: {', '.join(sorted(missing))}"


# ---------------------------------------------------------------- whole builds, from files

FILE_NAME = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="/\x00"), min_size=1, max_size=20)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXT, name=FILE_NAME)
def test_any_text_and_file_name_build_into_exports_that_read_back(text, name):
    assume(len(os.fsencode(name)) <= 200)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp, "in")
        folder.mkdir()
        # A NUL byte makes a file binary (skipped); JSON escapes it.
        body = f"{text}\nNorrland Telecom bought Fjordnet from {text} on Monday.\n".replace("\x00", "")
        (folder / f"f{name}.txt").write_text(body, encoding="utf-8", newline="")
        record = {"id": text, "title": text, "url": f"https://news.example/{text}", "date": text, "text": body + "."}
        (folder / "feed.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
        report = build([folder], Path(tmp, "out"), formats=sorted(READ_BACK))
        assert report.articles == 2 and not report.skipped
        dataset = _rdf("trig")(Path(tmp, "out", "graph.trig"))
        check_exports(dataset, Path(tmp, "again"))
        for path in report.outputs[:-1]:  # what the build wrote reads back too
            READ_BACK[next(n for n in READ_BACK if EXPORTERS[n].filename == Path(path).name)](Path(path))
    # Titles and identifiers are the text given, normalised; names are text of the article.
    identifiers = literal_texts(dataset, DCTERMS.identifier)
    assert f"f{name}.txt" in identifiers
    assert (text.strip() or f"https://news.example/{text}".strip()) in identifiers
    if normalize_text(text):
        assert normalize_text(text) in literal_texts(dataset, DCTERMS.title)
    canonical = set(load_aliases().values())
    for label in entity_names(dataset):
        assert label in normalize_text(body) or label in canonical, label


@pytest.mark.parametrize("text", ['> ; <script>alert("x")</script>', "\u202eevil\u202c", "a\\b \"q\" 'r'"])
def test_nasty_name_is_one_literal_label(text, tmp_path):
    analysis = analysis_of((f"{text} Capital", "Fjordnet"), text, text)
    dataset, _ = build_dataset([analysis], resolve([analysis], aliases={}))
    check_exports(dataset, tmp_path)
    assert f"{text} Capital" in entity_names(_rdf("turtle")(tmp_path / "graph.ttl"))
    network = nx.read_graphml(tmp_path / "graph.graphml")
    assert f"{text} Capital" in {data["label"] for data in network.nodes.values()}


@settings(max_examples=40, deadline=None)
@given(first=TEXT, second=TEXT, title=TEXT)
def test_any_names_survive_the_html_viewer_as_data_not_markup(first, second, title):
    """The viewer's page holds exactly one data block, which reads back as JSON with the names as given."""
    import json
    import re

    from kg.viewer.data import view_data
    from kg.viewer.page import render_html

    analysis = analysis_of((first, second), title, "story")
    dataset, _ = build_dataset([analysis], resolve([analysis], aliases={}))
    # The viewer draws the entities of facts (none when the two names resolved to one entity).
    drawn = {str(dataset.value(node, RDFS.label)) for s, o in dataset.subject_objects(KG.investedIn) for node in (s, o)}
    page = render_html(view_data(dataset))
    blocks = re.findall(r'<script type="application/json"[^>]*>(.*?)</script>', page, re.S)
    assert len(blocks) == 1
    data = json.loads(blocks[0])
    assert {node["label"] for node in data["nodes"]} == drawn
    assert "</script" not in blocks[0].lower()


def test_a_hostile_name_is_drawn_in_the_viewer_as_text():
    import json
    import re

    from kg.viewer.data import view_data
    from kg.viewer.page import render_html

    hostile = '> ; <script>alert("x")</script>'
    analysis = analysis_of((hostile, "Acme Robotics"), hostile, "story")
    dataset, _ = build_dataset([analysis], resolve([analysis], aliases={}))
    (block,) = re.findall(r'<script type="application/json"[^>]*>(.*?)</script>', render_html(view_data(dataset)), re.S)
    assert {node["label"] for node in json.loads(block)["nodes"]} == {hostile, "Acme Robotics"}
