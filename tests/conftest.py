"""Shared fixtures: the spaCy model once per session, paths to the team's seeds and ../shared."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings

from kg.extract import analyse, get_extractors
from kg.ingest.normalize import normalize_text
from kg.models import Article, ArticleAnalysis
from kg.nlp import load_model, parse

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"
DATA = Path(__file__).resolve().parent / "data"

# Property tests (tests/test_properties.py) try new examples on every local run; CI (CI=true) tries
# the same ones every time, so that whether a change lands depends on the change alone.
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")


def chmod_stops_reads() -> bool:
    """False as root (or with CAP_DAC_OVERRIDE), where a file with mode 000 can still be read."""
    with tempfile.TemporaryDirectory() as folder:
        probe = Path(folder, "probe")
        probe.write_text("x")
        probe.chmod(0)
        try:
            probe.read_text()
        except PermissionError:
            return True
        finally:
            probe.chmod(0o600)
    return False


def pytest_configure(config):
    config.addinivalue_line("markers", "unreadable_files: needs chmod 000 to stop reads (skipped as root)")


def pytest_runtest_setup(item):
    if item.get_closest_marker("unreadable_files") and not chmod_stops_reads():
        pytest.skip("running as root: chmod 000 does not stop root from reading a file or listing a folder")


@pytest.fixture(scope="session")
def nlp():
    return load_model()


@pytest.fixture(scope="session")
def analyse_text(nlp):
    """Run extraction over a text as an article: ``analyse_text("X bought Y.")``."""

    def run(text: str, identifier: str = "test") -> ArticleAnalysis:
        article = Article(text=normalize_text(text), title=None, identifier=identifier, source=identifier)
        doc, _ = next(parse(nlp, [article]))
        return analyse(doc, article, get_extractors())

    return run


def labelled_facts(graph) -> set[tuple[str, str, str]]:
    """Every fact of a graph as (subject label, property name, object label)."""
    from rdflib import RDFS

    from kg.schema import fact_properties

    return {(str(graph.value(s, RDFS.label)), str(p).split("#")[1], str(graph.value(o, RDFS.label)))
            for p in fact_properties() for s, o in graph.subject_objects(p)}


@pytest.fixture(scope="session")
def facts_of():
    """``facts_of(graph)``: its facts as (subject label, property, object label)."""
    return labelled_facts


@pytest.fixture(scope="session")
def xml_schema():
    """``xml_schema("graphml")`` / ``xml_schema("gexf")``: an lxml validator from the local schemas in tests/data."""
    from lxml import etree

    files = {"graphml": DATA / "graphml" / "graphml.xsd", "gexf": DATA / "gexf-1.3" / "gexf.xsd"}
    cache = {}

    def schema(name: str):
        if name not in cache:
            cache[name] = etree.XMLSchema(etree.parse(str(files[name]), etree.XMLParser(no_network=True)))
        return cache[name]

    return schema


@pytest.fixture(scope="session")
def shared_path():
    """``shared_path("corpus", "seeds")``: a path under ../shared, or skip the test when it is absent."""

    def find(*parts: str) -> Path:
        path = SHARED.joinpath(*parts)
        if not path.exists():
            pytest.skip(f"{path} not present")
        return path

    return find
